"""Drop the executed ipywidgets state that myst-nb embeds in each page.

The static site has no widget manager to use it (quizzes and explorations ship their own HTML),
and its random model ids would make every build's HTML different.
"""

from myst_nb.sphinx_ import NbMetadataCollector


def _drop_widget_state(app, pagename, templatename, context, doctree):
    NbMetadataCollector.get_js_files(app.env, pagename).pop("ipywidgets_state", None)


def setup(app):
    app.connect("html-page-context", _drop_widget_state, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
