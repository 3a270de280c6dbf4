"""The quiz banks as a QTI 1.2 package (zip) that Canvas imports: one quiz per chapter.

Layout: ``imsmanifest.xml`` lists one ``imsqti_xmlv1p2`` resource per chapter,
``<slug>/<slug>.xml``, each a ``<questestinterop>`` holding one ``<assessment>``. Items carry
Canvas's ``question_type`` metadata and standard response processing:

- ``single`` -> ``multiple_choice_question``: one ``response_lid`` (Single), SCORE 100 for the
  keyed choice;
- ``multiple`` -> ``multiple_answers_question``: ``response_lid`` (Multiple), SCORE 100 for
  exactly the keyed set (``and`` of the keyed choices and ``not`` of the others);
- ``numeric`` -> ``numerical_question``: ``response_str`` with ``render_fib fibtype="Decimal"``,
  SCORE 100 for the answer or any value in ``[answer - tolerance, answer + tolerance]`` (Canvas's
  own "exact answer with margin" form: ``or(varequal, and(vargte, varlte))``).

Feedback: ``general_fb`` holds the explanation and source; every choice has its own
``<ident>_fb``; a numeric question's "correct" text is ``correct_fb`` and its "too low" and "too
high" texts, which QTI 1.2 cannot tell apart in Canvas, are both in ``general_incorrect_fb``,
after each slip's feedback headed by the slip's answer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from pathlib import Path

from casebook.exports import ChapterBank, ExportError
from casebook.exports.text import (
    Sources, UnmappableText, choice_html, numeric_range, plain_title, prompt_html, rich,
    why_html, wrong_numeric_html,
)
from casebook.quiz.bank import Question
from casebook.quiz.html import LETTERS, number_text

__all__ = ["QTI_NS", "TYPES", "assessment_xml", "manifest_xml", "write_package"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
         "numeric": "numerical_question"}


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _material(parent, html_text: str):
    material = _sub(parent, "material")
    _sub(material, "mattext", html_text, texttype="text/html")
    return material


def _fields(parent, pairs):
    meta = _sub(parent, "qtimetadata")
    for label, entry in pairs:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _feedback(item, ident: str, html_text: str):
    feedback = _sub(item, "itemfeedback", ident=ident)
    _material(_sub(feedback, "flow_mat"), html_text)


def choice_ident(q: Question, index: int) -> str:
    return f"{q.id}-{LETTERS[index].lower()}"


def _condition(processing, *, cont: bool, build, score: bool = False, feedback: str | None = None):
    cond = _sub(processing, "respcondition", continue_="Yes" if cont else "No")
    build(_sub(cond, "conditionvar"))
    if score:
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    if feedback:
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=feedback)
    return cond


def _item(section, q: Question, sources: Sources):
    item = _sub(section, "item", ident=q.id, title=plain_title(q))
    fields = [("question_type", TYPES[q.type]), ("points_possible", "1.0")]
    if q.choices:
        fields.append(("original_answer_ids",
                       ",".join(choice_ident(q, i) for i in range(len(q.choices)))))
    _fields(_sub(item, "itemmetadata"), fields)
    presentation = _sub(item, "presentation")
    _material(presentation, prompt_html(q))
    processing = _sub(item, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    _condition(processing, cont=True, build=lambda c: _sub(c, "other"), feedback="general_fb")
    if q.type == "numeric":
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        low, high = numeric_range(q)

        def numeric(c):
            either = _sub(c, "or")
            _sub(either, "varequal", number_text(q.answer), respident="response1",
                 margintype="absolute", margin=number_text(q.tolerance))
            both = _sub(either, "and")
            _sub(both, "vargte", number_text(low), respident="response1")
            _sub(both, "varlte", number_text(high), respident="response1")

        _condition(processing, cont=False, build=numeric, score=True, feedback="correct_fb")
        _condition(processing, cont=True, build=lambda c: _sub(c, "other"),
                   feedback="general_incorrect_fb")
        _feedback(item, "general_fb", why_html(q, sources))
        _feedback(item, "correct_fb", rich(q.feedback.correct))
        _feedback(item, "general_incorrect_fb", wrong_numeric_html(q, slips=True))
        return item
    response = _sub(presentation, "response_lid", ident="response1",
                    rcardinality="Single" if q.type == "single" else "Multiple")
    render = _sub(response, "render_choice")
    for index in range(len(q.choices)):
        label = _sub(render, "response_label", ident=choice_ident(q, index))
        _material(label, choice_html(q, index))
    for index in range(len(q.choices)):
        _condition(processing, cont=True, feedback=f"{choice_ident(q, index)}_fb",
                   build=lambda c, i=index: _sub(c, "varequal", choice_ident(q, i),
                                                 respident="response1"))

    def keyed(c):
        if q.type == "single":
            right = next(i for i, ch in enumerate(q.choices) if ch.correct)
            _sub(c, "varequal", choice_ident(q, right), respident="response1")
            return
        both = _sub(c, "and")
        for index, choice in enumerate(q.choices):
            parent = both if choice.correct else _sub(both, "not")
            _sub(parent, "varequal", choice_ident(q, index), respident="response1")

    _condition(processing, cont=False, build=keyed, score=True)
    _feedback(item, "general_fb", why_html(q, sources))
    for index, choice in enumerate(q.choices):
        _feedback(item, f"{choice_ident(q, index)}_fb", rich(choice.feedback))
    return item


def assessment_xml(item: ChapterBank, sources: Sources, width: int = 1) -> bytes:
    """One chapter's quiz as a QTI 1.2 ``questestinterop`` document."""
    ET.register_namespace("", QTI_NS)
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = _sub(root, "assessment", ident=f"casebook-{item.slug}", title=item.label(width))
    _fields(assessment, [("cc_maxattempts", "1")])
    section = _sub(assessment, "section", ident="root_section")
    for q in item.bank.questions:
        if len(q.choices) > len(LETTERS):
            raise ExportError(item.bank, q, "QTI", f"{len(q.choices)} choices, more than the "
                                                   f"{len(LETTERS)} letters A to Z")
        try:
            _item(section, q, sources)
        except UnmappableText as exc:
            raise ExportError(item.bank, q, "QTI", str(exc)) from exc
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def manifest_xml(items: Sequence[ChapterBank], title: str) -> bytes:
    root = ET.Element("manifest", {"identifier": "casebook-qti", "xmlns": CP_NS})
    meta = _sub(root, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(meta, "title", title)
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for item in items:
        ident = f"casebook-{item.slug}"
        resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2",
                        href=f"{ident}/{ident}.xml")
        _sub(resource, "file", href=f"{ident}/{ident}.xml")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_package(items: Sequence[ChapterBank], path: Path | str, *, title: str,
                  sources: Sources) -> Path:
    """Write the QTI 1.2 zip of every chapter in ``items`` to ``path``."""
    width = len(str(len(items)))
    documents = {f"casebook-{i.slug}/casebook-{i.slug}.xml": assessment_xml(i, sources, width)
                 for i in items}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest_xml(items, title))
        for name, data in documents.items():
            archive.writestr(name, data)
    return Path(path)
