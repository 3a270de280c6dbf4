"""Doctrees: each holds its page and nothing else, and is loaded only when needed.

myst-parser parses an ``{eval-rst}`` block (the API page's ``automodule`` directives) in a
document of its own, and the nodes it returns keep pointing at that document, whose settings
hold the whole build environment: every notebook's metadata and widget state. Pickled with the
page, that made ``api.doctree`` 5.9 MB (of ~0.3 MB of content), and Sphinx loads every doctree
on each build to number the figures. At ``doctree-read`` every node is pointed at its own page.
sphinx-exercise keeps each exercise and solution node in the environment, and with it, through
the node's parent and document, its whole page (2.1 MB of the pickled environment): the kept
node is replaced by a copy that stands alone (its title, attributes and content are what
sphinx-exercise reads back, to number and title exercises and solutions).

Sphinx numbers sections and figures afresh after every read, loading every page's doctree
(about half a second here), even when no page was read. Numbers are made from the doctrees and
the table of contents alone, so when no page was read or removed they cannot have changed:
then the numbers kept from the last build stand (a config or toc change re-reads every page).
"""

from __future__ import annotations

from docutils import nodes


def adopt_nodes(app, doctree: nodes.document) -> None:
    """Point every node of ``doctree`` at ``doctree`` itself (its ``document``)."""
    for node in doctree.findall():
        if getattr(node, "_document", doctree) is not doctree:
            node.document = doctree


def detached(node: nodes.Element) -> nodes.Element:
    """A deep copy of ``node`` with no parent and no document: it pickles as itself alone."""
    copy = node.deepcopy()
    for part in copy.findall():
        part._document = None
    copy.parent = None
    return copy


def slim_exercise_registry(app, doctree: nodes.document) -> None:
    for entry in getattr(app.env, "sphinx_exercise_registry", {}).values():
        if entry.get("docname") == app.env.docname and entry.get("node") is not None:
            entry["node"] = detached(entry["node"])


def _note_removed(app, env, added, changed, removed):
    app._casebook_removed = bool(removed)
    return []


def _note_read(app, env, docnames):
    app._casebook_read_any = bool(docnames) or getattr(app, "_casebook_removed", True)


def _only_after_reading(handler):
    def get_updated_docs(app, env):
        return handler(app, env) if getattr(app, "_casebook_read_any", True) else []

    return get_updated_docs


def number_only_after_reading(app) -> None:
    """Wrap the toctree collector's ``env-get-updated`` listener (see the module docstring)."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    listeners = app.events.listeners["env-get-updated"]
    for i, listener in enumerate(listeners):
        if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector):
            listeners[i] = listener._replace(handler=_only_after_reading(listener.handler))


def setup(app):
    app.connect("doctree-read", adopt_nodes)
    app.connect("doctree-read", slim_exercise_registry)
    app.connect("builder-inited", number_only_after_reading)
    app.connect("env-get-outdated", _note_removed, priority=900)
    app.connect("env-before-read-docs", _note_read, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
