"""Layouts and styles that the widgets of one live quiz or case walk share.

Every ipywidget otherwise makes a layout and a style of its own, each a widget model sent to
the browser when a chapter runs (a 14-question quiz made 287 models, 108 of them layouts), and
in a kernel each model costs about a millisecond. A layout or style here is never changed after
it is made: a widget that hides and shows keeps a layout of its own.
"""

from __future__ import annotations

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

__all__ = ["Look"]


class Look:
    """One set of shared layouts and styles; make one per quiz or walk."""

    def __init__(self):
        self.plain = widgets.Layout()
        self.wide = widgets.Layout(width="auto")
        self.full = widgets.Layout(width="100%")
        self.spaced = widgets.Layout(margin="0 0 1.5em 0")
        self.html_style = HTMLStyle()
        self.choice = DescriptionStyle()
        self.checkbox = CheckboxStyle()
        self.text = TextStyle(description_width="initial")  # labels as wide as they need
        self.toggles = widgets.ToggleButtonsStyle()
        self.button_style = widgets.ButtonStyle()

    def html(self, value: str = "") -> widgets.HTML:
        return widgets.HTML(value, layout=self.plain, style=self.html_style)

    def button(self, description: str, margin: str | None = None, **kwargs) -> widgets.Button:
        """A button with its own layout (buttons hide and show) and the shared style, as wide
        as its label (the stock width cut "Commit my answers" short), not stretched in a VBox."""
        return widgets.Button(description=description, style=self.button_style,
                              layout=widgets.Layout(width="auto", align_self="flex-start",
                                                    margin=margin), **kwargs)

    def checkbox_widget(self, description: str, layout=None) -> widgets.Checkbox:
        return widgets.Checkbox(value=False, description=description, indent=False,
                                layout=layout or self.plain, style=self.checkbox)

    def box(self, children, vertical: bool = True, layout=None):
        """A VBox (or HBox) on the shared plain layout unless ``layout`` is given."""
        kind = widgets.VBox if vertical else widgets.HBox
        return kind(children, layout=layout or self.plain)
