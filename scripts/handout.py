"""Print the session handout to PDF (``make handout``) with headless Chromium.

    python scripts/handout.py [--edition student|instructor] [--out PATH] [--html PATH]

Page 1, both editions: a case summary whose every fact is read from ``casebook.case`` (nothing
retyped) and the timeline figure (``casebook.plotting.case_timeline``). The instructor edition
adds the quiz answer key of every chapter from the quiz banks, starting on page 2. The edition
defaults to ``CASEBOOK_EDITION`` (student). Default output: ``_build/handout/handout.pdf``, or
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

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from casebook import plotting  # noqa: E402
from casebook.book import Book  # noqa: E402
from casebook.editions import EDITIONS, edition_from_env  # noqa: E402
from casebook.teaching import answer_key_html, chapters  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("handout.html")
BOOK = Book.at(ROOT)
case = BOOK.case
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUESTIONS = (
    "What kept the label \"seronegative undifferentiated arthritis\" in place, and what "
    "overturned it?",
    "Which single result made anti-synthetase syndrome likely, and which confirmed it?",
    "Why does the myeloma have one stage by ISS and another by R-ISS?",
    "The syndrome went into remission after myeloma treatment: what else could explain it?",
)


def month(value: str) -> str:
    """``"2023-03"`` -> ``"March 2023"``."""
    year, number = value.split("-")
    names = ("January February March April May June July August September October November "
             "December").split()
    return f"{names[int(number) - 1]} {year}"


def _v(fact_id: str):
    return case.fact(fact_id).value


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summary_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The case in five boxes of (label, text), every value from ``casebook.case``."""
    features, mtx, exam = _v("episode_features"), _v("methotrexate"), _v("examination")
    hrct, iso, cyto = _v("hrct_baseline"), _v("myeloma_isotype"), _v("cytogenetics")
    induction, response = _v("induction"), _v("induction_response")
    conditioning, maint = _v("conditioning"), _v("maintenance")
    sero, last = _v("seroconversion"), _v("last_follow_up")
    episodes = _v("episodes_per_year")
    confirm = _v("pl12_confirmation")
    absent = [k.replace("_", " ") for k in ("joint_swelling", "skin_involvement",
                                            "muscle_weakness") if not exam[k]]
    return [
        ("Before referral", [
            ("Patient", f"{_v('age')} years, {_v('sex')}; "
                        f"referred in {month(_v('referral_date'))}"),
            ("History", f"{episodes['low']}-{episodes['high']} episodes a year of "
                        f"{_and(features['symptoms'])} ({_and(features['joints'])})"),
            ("Label", _v("prior_diagnosis")),
            ("Treatment", f"{mtx['drug']} {mtx['dose_mg']} mg {mtx['route']} {mtx['frequency']}"),
        ]),
        ("Work-up", [
            ("Examination", f"pain in {_and(exam['joint_pain'])}; no {_and(absent)}"),
            ("Muscle enzymes", _v("muscle_enzymes")),
            ("Radiographs", "no erosions" if not _v("xray_erosions") else "erosions"),
            ("HEp-2 IIF", f"{_v('iif_pattern_name')} ({_v('iif_pattern')}), "
                          f"1:{_v('iif_titre')}"),
            ("Antibodies", f"{_and('anti-' + a for a in _v('antibodies'))}; anti-PL-12 "
                           f"confirmed by {_and(confirm['assays'])} "
                           f"({confirm['manufacturers']} manufacturers)"),
            ("Lungs", f"lung function {_v('pft_baseline')}; HRCT {hrct['extent']} "
                      f"{hrct['finding']}, {hrct['pattern']} pattern"),
        ]),
        ("A second diagnosis", [
            ("Myeloma", f"{iso['heavy_chain']}-{iso['light_chain']}, "
                        f"{_v('myeloma_secretion')}"),
            ("Stage", f"ISS {_v('iss')}, R-ISS {_v('r_iss')}"),
            ("Cytogenetics", f"{cyto['gene']} {cyto['abnormality']}"),
        ]),
        ("Treatment", [
            ("Induction", f"{induction['regimen']} ({_and(induction['drugs'])}) from "
                          f"{month(induction['start'])}: {response['response']} after "
                          f"{_v('induction_cycles')} cycles"
                          + (", MRD persisting" if response["mrd_persisted"] else "")),
            ("Transplants", f"tandem autologous, {_and(month(m) for m in _v('asct_dates'))}; "
                            f"{conditioning['drug']} {conditioning['dose_mg_per_m2']} mg/m² "
                            "each"),
            ("Maintenance", f"{_and(maint['drugs'])} from {month(maint['start'])}"),
        ]),
        ("Outcome", [
            ("Myeloma", f"{_v('post_transplant_response')['response']}, MRD {_v('mrd')}"),
            ("Syndrome", f"{_v('ass_course_during_treatment')} during treatment; "
                         f"{_v('outcome')}"),
            ("Serology", f"{_and('anti-' + a for a in sero['negative'])} and HEp-2 IIF "
                         f"{_v('iif_post_transplant')} {sero['months_after_hsct']} months after "
                         "transplant"),
            ("Follow-up", f"HRCT {_v('hrct_follow_up')}; {month(last['date'])}: "
                          f"{last['status']}"),
        ]),
    ]


def facts_html() -> str:
    boxes = []
    for title, rows in summary_sections():
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
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title="Anti-synthetase syndrome and myeloma: the case",
        subtitle="Handout for a teaching session (make handout). "
                 "Teaching material, not medical advice.",
        source=html.escape(source_line(root)),
        edition_label="Instructor edition" if edition == "instructor" else "Student edition",
        facts=facts_html(),
        timeline_src=timeline_png(),
        timeline_alt=html.escape(
            f"Timeline of the case from {month(events[0].approx_date)} to "
            f"{month(events[-1].approx_date)}: "
            + "; ".join(f"{month(e.approx_date)}, {e.label}" for e in events)),
        timeline_caption="Timeline of the case. Filled markers: months the letter states; "
                         "hollow markers: months inferred from a relative date.",
        questions="".join(f"<li>{html.escape(q)}</li>" for q in QUESTIONS),
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
