"""One object, two renderings: a live ipywidget in Jupyter, static HTML in the built book.

Quizzes and case walks are both such objects. :class:`LiveAndStatic` holds the rule once: its
``_repr_mimebundle_`` gives the widget's view (JupyterLab shows it) and ``text/html`` (the book
shows it: ``_config.yml`` demotes the widget mimetype below HTML for the html builder). The
HTML is built at once, so bad content fails the cell; the widget is built on first use, so
ipywidgets load only where a kernel displays the object. Standard library only.
"""

from __future__ import annotations

__all__ = ["LiveAndStatic"]


class LiveAndStatic:
    """Base for an object with ``html`` (set in ``__init__``) and a lazily made widget."""

    html: str
    _widget = None

    def _make_widget(self):
        """The ipywidgets wrapper (a ``.widget`` attribute holds the displayable widget)."""
        raise NotImplementedError

    @property
    def widget(self):
        """The live widget, made on first use (ipywidgets are imported only then)."""
        if self._widget is None:
            self._widget = self._make_widget()
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        # ipywidgets' own bundle writes out the whole widget tree as text/plain only to cut it to
        # 110 characters (tens of ms for a quiz); a front end needs only the view's model id.
        view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.widget.model_id}
        return {"application/vnd.jupyter.widget-view+json": view, "text/html": self.html,
                "text/plain": repr(self)}
