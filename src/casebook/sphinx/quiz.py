"""The quizzes in the book: their script and styles, and their sources linked to the references.

``quiz.js`` and ``quiz.css`` (this package's ``static/``) are added to every page; the quizzes
are static HTML written by a code cell (:mod:`casebook.quiz`) that the script makes interactive.

Sphinx never sees the quizzes' source keys as citations: the page would read "Source:
Rajkumar2014". Once citations are resolved, each source line becomes "Source: Rajkumar et al.,
2014" linking to the entry on the references page, under the label that page gives it
(:mod:`.bibstyle`). A key
that the bibliography does not list (``{bibliography}`` lists cited entries only) is a build
warning, which fails the strict build; a book with no ``{bibliography}`` is left as it is.
"""

import html
import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)
SOURCE = re.compile(r'<p class="cb-quiz__source">Source: ([^<]+)</p>')


def label_html(label: str) -> str:
    """An author-year label as HTML, *et al.* in italics as in the text's citations."""
    return html.escape(label).replace(" et al.,", " <em>et al.</em>,")


def _link_sources(app, doctree, docname):
    domain = app.env.get_domain("cite")
    if not domain.bibliographies:  # a book with no references page: nothing to link to
        return
    citations = {c.key: c for c in domain.citations}
    for raw in doctree.findall(nodes.raw):
        if "cb-quiz__source" not in raw.astext():
            continue

        def link(match, raw=raw):
            key = html.unescape(match.group(1))
            citation = citations.get(key)
            if citation is None:
                logger.warning(f"quiz source {key!r} is not in the bibliography: cite it in the "
                               "text or list it", location=raw)
                return match.group(0)
            uri = app.builder.get_relative_uri(docname, citation.bibliography_key.docname)
            return (f'<p class="cb-quiz__source">Source: <a href="{uri}#{citation.citation_id}">'
                    f"{label_html(citation.formatted_entry.label)}</a></p>")

        text = SOURCE.sub(link, raw.astext())
        raw.children = [nodes.Text(text)]


def setup(app):
    app.add_js_file("quiz.js", priority=800)
    app.add_css_file("quiz.css", priority=800)
    app.connect("doctree-resolved", _link_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
