"""Print the session handout to PDF (``make handout``) with headless Chromium.

    python scripts/handout.py [--edition student|instructor] [--out PATH] [--html PATH]

Page 1, both editions: a case summary and the timeline figure. What the summary says is the
book's (``book/handout.yml``: title, boxes of rows, discussion questions); each row is a
template whose values are read from the case file (``casebook.display.fill``), so nothing is
retyped and the script names no fact. The timeline is drawn by
``casebook.plotting.case_timeline``. The instructor edition adds the quiz answer key of every
chapter from the quiz banks, starting on page 2. The edition defaults to ``CASEBOOK_EDITION``
(student). Default output: ``_build/handout/handout.pdf``, or
``_build/instructor/handout.pdf`` for the instructor edition, with the HTML beside it.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import os
import re
import sys
from pathlib import Path
from string import Template

import matplotlib
import yaml

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from casebook import plotting  # noqa: E402
from casebook.book import Book  # noqa: E402
from casebook.dates import month_name as month  # noqa: E402
from casebook.display import fill, template_fields  # noqa: E402
from casebook.editions import EDITIONS, edition_from_env  # noqa: E402
from casebook.teaching import answer_key_html, chapters  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("handout.html")
BOOK = Book.at(ROOT)
case = BOOK.case
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def content(book: Book = BOOK) -> dict:
    """The handout's content (``<book>/handout.yml``), checked: title, subtitle, caption,
    ``boxes`` (a title and ``[label, template]`` rows) and ``questions``.

    Raises ``ValueError`` naming the file and the entry that is wrong.
    """
    path = book.file("handout.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    where = path.name
    keys = {"title", "subtitle", "timeline_caption", "boxes", "questions"}
    if not isinstance(data, dict) or set(data) != keys:
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"{where}: needs exactly {sorted(keys)}, got {got}")
    for i, box in enumerate(data["boxes"]):
        if not isinstance(box, dict) or set(box) != {"title", "rows"}:
            raise ValueError(f"{where}: boxes[{i}]: needs exactly 'title' and 'rows'")
        for j, row in enumerate(box["rows"]):
            pair = isinstance(row, list) and len(row) == 2
            if not (pair and all(isinstance(x, str) for x in row)):
                raise ValueError(f"{where}: boxes[{i}] ({box['title']!r}): rows[{j}]: "
                                 f"expected [label, text], got {row!r}")
            try:
                template_fields(row[1])
            except ValueError as err:
                raise ValueError(f"{where}: boxes[{i}] ({box['title']!r}): rows[{j}]: {err}") \
                    from None
    if not all(isinstance(q, str) and q for q in data["questions"]):
        raise ValueError(f"{where}: questions: each must be a non-empty string")
    return data


def summary_sections(book: Book = BOOK) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case summary's boxes of (label, text), every value read from the case file."""
    case_ = book.case
    sections = []
    for i, box in enumerate(content(book)["boxes"]):
        rows = []
        for j, (label, template) in enumerate(box["rows"]):
            try:
                rows.append((label, fill(template, case_)))
            except ValueError as err:
                raise ValueError(f"handout.yml: boxes[{i}] ({box['title']!r}): rows[{j}] "
                                 f"({label!r}): {err}") from None
        sections.append((box["title"], rows))
    return sections


def facts_html() -> str:
    boxes = []
    for title, rows in summary_sections(BOOK):
        items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
        boxes.append(f"<section><h2>{html.escape(title)}</h2><dl>{items}</dl></section>")
    return "\n".join(boxes)


def timeline_png() -> str:
    """The case timeline as a data: URL (PNG at print resolution)."""
    # Wider and flatter than the book's figure: one line per event, so it fits under the facts.
    _, ax = plt.subplots(figsize=(7.4, 3.35), layout="constrained")
    plotting.case_timeline(case.timeline(), ax=ax, wrap=90)
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=200)
    plt.close(ax.figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def source_line(root: Path) -> str:
    """The letter's reference, read from ``book/references.bib``."""
    key = case.source_key()
    bib = Book.at(root).bib.read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", bib, re.S)
    fields = dict(re.findall(r"(\w+)\s*=\s*\{(.*?)\},?\n", entry.group(1))) if entry else {}
    first = fields.get("author", key).split(" and ")[0].split(",")[0]
    title = re.sub(r"[{}]", "", fields.get("title", ""))
    return f"Source: {first} et al. {title}. {fields.get('journal', '')} {fields.get('year', '')}."


def render_html(edition: str, root: Path = ROOT) -> str:
    """The handout as one self-contained HTML page (no request to any other host)."""
    key = ""
    if edition == "instructor":
        parts = [f"<h2>{html.escape(c.title)}</h2>"
                 + answer_key_html(Book.at(root).bank(c.slug)) for c in chapters(Book.at(root))]
        key = ('<section class="key"><h1>Quiz answer key</h1>'
               f'<p class="subtitle">Instructor edition: do not hand out.</p>{"".join(parts)}'
               "</section>")
    events = [e for e in case.timeline() if e.approx_date]
    text = content(Book.at(root))
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=html.escape(text["title"]),
        subtitle=html.escape(text["subtitle"]),
        source=html.escape(source_line(root)),
        edition_label="Instructor edition" if edition == "instructor" else "Student edition",
        facts=facts_html(),
        timeline_src=timeline_png(),
        timeline_alt=html.escape(
            f"Timeline of the case from {month(events[0].approx_date)} to "
            f"{month(events[-1].approx_date)}: "
            + "; ".join(f"{month(e.approx_date)}, {e.label}" for e in events)),
        timeline_caption=html.escape(text["timeline_caption"]),
        questions="".join(f"<li>{html.escape(q)}</li>" for q in text["questions"]),
        answer_key=key,
    )


def print_pdf(page_html: str, pdf: Path) -> Path:
    """Print ``page_html`` to ``pdf`` with headless Chromium (A4, backgrounds on)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"no browser at {CHROMIUM}: run `make browser` (Debian's chromium)")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(page_html, wait_until="load")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        browser.close()
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=EDITIONS, default=None,
                        help="default: CASEBOOK_EDITION, else student")
    parser.add_argument("--out", type=Path, help="the PDF to write")
    parser.add_argument("--html", type=Path, help="also keep the HTML here")
    args = parser.parse_args(argv)
    edition = args.edition or edition_from_env()
    folder = "instructor" if edition == "instructor" else "handout"
    pdf = args.out or ROOT / "_build" / folder / "handout.pdf"
    page_html = render_html(edition)
    html_path = args.html or pdf.with_suffix(".html")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page_html, encoding="utf-8")
    print(print_pdf(page_html, pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
