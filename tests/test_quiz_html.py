"""The static quiz HTML: snapshot, determinism, structure, escaping, and the Markdown subset.

To accept an intended change of the markup, regenerate the snapshot and review its diff:
``CASEBOOK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_quiz_html.py``.
"""

import json
import os
import re
from html.parser import HTMLParser

import pytest
import yaml

from casebook.mathml import to_mathml
from casebook.book import Book
from casebook.quiz import Quiz, load_bank, show_quiz
from casebook.quiz.grading import grading_data
from casebook.quiz.html import json_for_script, quiz_data, render_html
from casebook.quiz.markup import block, inline, math, plain, unicode_math
from conftest import BOOK, ROOT, THE_BOOK

FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"
BASICS = FIXTURES / "fixture-basics.yml"
INJECTION = FIXTURES / "fixture-injection.yml"
SNAPSHOT = FIXTURES / "fixture-basics.html"
VOID = {"input", "br", "hr", "img", "meta", "link", "source", "wbr", "col", "area", "base"}


class Tree(HTMLParser):
    """Checks nesting and collects tags, attributes and script bodies."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags, self.scripts = [], [], [], []
        self._in_script = False
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def basics():
    return load_bank(BASICS, book=THE_BOOK)


@pytest.fixture(scope="module")
def basics_html(basics):
    return render_html(basics)


# --------------------------------------------------------------------------- snapshot, determinism

def test_snapshot_of_the_fixture_bank(basics_html):
    if os.environ.get("CASEBOOK_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(basics_html, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert basics_html == expected, "markup changed: review, then regenerate (module docstring)"


def test_two_renders_are_identical(basics_html):
    assert render_html(load_bank(BASICS, book=THE_BOOK)) == basics_html
    assert Quiz(load_bank(BASICS, book=THE_BOOK)).html == basics_html


def test_ids_are_unique_and_derive_from_question_ids(basics, basics_html):
    ids = re.findall(r'\bid="([^"]+)"', basics_html)
    assert len(ids) == len(set(ids))
    assert all(i.startswith("quiz-fixture-basics") for i in ids)
    q = basics.questions[0]
    assert f'id="quiz-fixture-basics-{q.id}-choice-1"' in basics_html
    assert f'id="quiz-fixture-basics-{q.id}-choice-3"' in basics_html
    assert not re.search(r"[0-9a-f]{16,}", basics_html), "no random-looking tokens"


def test_markup_is_well_nested(basics_html):
    assert Tree(basics_html).errors == []


@pytest.mark.parametrize("path", sorted((BOOK / "quizzes").glob("*.yml"))
                         + sorted(FIXTURES.glob("*.yml")), ids=lambda p: p.name)
def test_every_bank_renders_well_nested(path):
    tree = Tree(render_html(load_bank(path, book=THE_BOOK)))
    assert tree.errors == []
    assert [t for t, _ in tree.tags].count("script") == 1


# --------------------------------------------------------------------------- structure

def test_each_input_has_a_label_and_a_name(basics_html):
    tags = Tree(basics_html).tags
    labels = {a["for"] for t, a in tags if t == "label"}
    inputs = [a for t, a in tags if t == "input"]
    assert len(inputs) == 3 + 3 + 1
    for attrs in inputs:
        assert attrs["id"] in labels
        assert "disabled" in attrs  # quiz.js enables them; without JS they only show the choices
        assert attrs["name"].startswith("quiz-fixture-basics-fixture-basics-")


def test_without_javascript_answers_sit_behind_details(basics, basics_html):
    details = re.findall(r'<details class="cb-quiz__answer">(.*?)</details>', basics_html, re.S)
    assert len(details) == 3
    assert "A. Stage I" in details[0] and "ISS uses two serum values" in details[0]
    assert "A. Anti-PL-12; B. Anti-Jo-1" in details[1]
    assert "340 mg (accepted: 335 to 345 mg)" in details[2]
    # The interactive parts are hidden until quiz.js runs.
    assert basics_html.count('<div class="cb-quiz__actions" hidden>') == 3
    assert '<div class="cb-quiz__bar" hidden>' in basics_html


def test_feedback_is_in_a_live_region_and_never_colour_only(basics_html):
    statuses = re.findall(r'<div class="cb-quiz__status"[^>]*>', basics_html)
    assert len(statuses) == 3
    assert all('role="status"' in s and 'aria-live="polite"' in s for s in statuses)
    assert basics_html.count("Correct.</p>") >= 3 and "Not quite." in basics_html
    assert '<span class="cb-quiz__icon" aria-hidden="true">\u2713</span> Correct.' in basics_html


def test_every_choice_has_its_feedback_and_mark(basics, basics_html):
    q = basics.questions[0]
    for index, choice in enumerate(q.choices):
        assert f'data-feedback="{index}"' in basics_html
        assert inline(choice.feedback) in basics_html
    for verdict in ("correct", "low", "high"):
        assert f'data-feedback="{verdict}"' in basics_html


def test_the_json_carries_the_grading_data(basics, basics_html):
    scripts = Tree(basics_html).scripts
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data == quiz_data(basics)
    assert data["slug"] == "fixture-basics"
    for item, question in zip(data["questions"], basics.questions):
        assert item["id"] == question.id
        assert {k: v for k, v in item.items() if k not in ("id", "rev")} == grading_data(question)
        assert re.fullmatch(r"[0-9a-f]{12}", item["rev"])


def test_json_for_script_cannot_close_the_script():
    text = json_for_script({"a": "</script><script>alert(1)</script><!-- & "})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script><!-- & "}


# --------------------------------------------------------------------------- injection

def test_injected_markup_is_escaped():
    page = render_html(load_bank(INJECTION, book=THE_BOOK))
    tree = Tree(page)
    assert tree.errors == []
    tags = {t for t, _ in tree.tags}
    assert tags.isdisjoint({"img", "svg", "iframe", "style", "body", "b"})
    assert [t for t, _ in tree.tags].count("script") == 1  # the JSON one
    assert all(a.get("type") == "application/json" for t, a in tree.tags if t == "script")
    for tag, attrs in tree.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "javascript:" not in attrs.get("href", "")
        if tag == "input":
            assert "autofocus" not in attrs
    for escaped in ("&lt;script&gt;window.__pwned = &quot;prompt&quot;&lt;/script&gt;",
                    "&lt;img src=x onerror=&quot;window.__pwned = &#x27;choice&#x27;&quot;&gt;",
                    "&lt;script&gt;window.__pwned = &quot;feedback&quot;&lt;/script&gt;",
                    "&lt;iframe src=", "&lt;script&gt;window.__pwned = &quot;title&quot;",
                    "[click me](javascript:window.__pwned=&quot;link&quot;)",
                    "&lt;img src=x onerror=&quot;window.__pwned = &#x27;unit&#x27;&quot;&gt;mg"):
        assert escaped in page


def test_math_that_would_smuggle_markup_is_refused():
    with pytest.raises(ValueError, match="inside math"):
        math(r"\text{<img src=x onerror=alert(1)>}")
    assert "href" not in math(r"\href{javascript:alert(1)}{x}")
    assert math(r"\text{a<3}").count("<mtext>a&lt;3</mtext>") == 1
    assert "<mi>&amp;</mi>" in math("a & b")
    with pytest.raises(ValueError, match="inside math"):  # book math takes the same path
        to_mathml(r"\text{<script>alert(1)</script>}", display=True)


def test_bad_math_names_the_bank_and_question(tmp_path):
    data = yaml.safe_load(BASICS.read_text())
    data["questions"][1]["prompt"] = r"Broken $\frac{1}{$ math"
    path = tmp_path / "fixture-basics.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ValueError, match=r"fixture-basics\.yml: question 'fixture-basics-ass-"
                                         r"antibodies': cannot render the math"):
        render_html(load_bank(path, book=THE_BOOK))


# --------------------------------------------------------------------------- the Markdown subset

@pytest.mark.parametrize("text, html", [
    ("**bold** and *it* and _it_", "<strong>bold</strong> and <em>it</em> and <em>it</em>"),
    ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
    ("`a <b> *c*`", "<code>a &lt;b&gt; *c*</code>"),
    ("[doi](https://doi.org/10.1/x_y_z?a=1&b=2)",
     '<a href="https://doi.org/10.1/x_y_z?a=1&amp;b=2" rel="noopener noreferrer">doi</a>'),
    ("[*em* link](http://x.org)",
     '<a href="http://x.org" rel="noopener noreferrer"><em>em</em> link</a>'),
    ("[ftp](ftp://x.org) [rel](page.html)", "[ftp](ftp://x.org) [rel](page.html)"),
    ("costs $5 and $10", "costs $5 and $10"),
    (r"a \$ sign", "a $ sign"),
    ("line one\nline two", "line one line two"),
    ('quote " and \' ok', "quote &quot; and &#x27; ok"),
])
def test_inline_markdown(text, html):
    assert inline(text) == html


def test_inline_math_becomes_mathml():
    out = inline(r"Dose $200\ \text{mg/m}^2$ here")
    assert out.startswith('Dose <math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<msup>" in out and out.endswith("</math> here")


def test_block_paragraphs_and_lists():
    assert block("One.\n\nTwo\nlines.") == "<p>One.</p><p>Two lines.</p>"
    assert block("Intro:\n- a\n- *b*") == "<p>Intro:</p><ul><li>a</li><li><em>b</em></li></ul>"


def test_plain_text_for_widget_labels():
    assert plain("**Stage** II <b> $x^2$ [doi](https://d.org)") == "Stage II <b> x² doi"


@pytest.mark.parametrize("latex, text", [
    ("10^{-5}", "10⁻⁵"),  # the MRD thresholds in the myeloma bank's choices
    ("10^{-6}", "10⁻⁶"),
    (r"\beta_2", "β₂"),
    (r"\ge 10\%", "≥ 10%"),
    (r"\text{g/dL}", "g/dL"),
    (r"\frac{1}{2}", r"\frac{1}{2}"),  # no plain-text form: the LaTeX stays, whole
    ("x^{ab}", "x^{ab}"),  # no superscript letters a, b: whole again, not half-converted
])
def test_simple_math_becomes_unicode_in_labels(latex, text):
    assert unicode_math(latex) == text
    assert plain(f"MRD ${latex}$ here") == f"MRD {text} here"


# --------------------------------------------------------------------------- one object, two views

def test_quiz_bundle_carries_widget_view_and_static_html(basics_html):
    quiz = Quiz(load_bank(BASICS, book=THE_BOOK))
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/html"] == basics_html
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == quiz.widget.widget.model_id
    own = quiz.widget.widget._repr_mimebundle_()  # what ipywidgets itself would show
    assert view == own["application/vnd.jupyter.widget-view+json"]
    assert bundle["text/plain"] == "<Quiz 'fixture-basics': 3 questions>"


def test_show_quiz_finds_the_bank_by_slug(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: book/intro\n")
    (tmp_path / "book" / "quizzes").mkdir(parents=True)
    (tmp_path / "book" / "references.bib").write_text((BOOK / "references.bib").read_text())
    (tmp_path / "book" / "quizzes" / "fixture-basics.yml").write_text(BASICS.read_text())
    quiz = show_quiz("fixture-basics", book=Book(tmp_path))
    assert quiz.bank.path == tmp_path / "book" / "quizzes" / "fixture-basics.yml"
    assert quiz.html == render_html(load_bank(BASICS, book=THE_BOOK))
