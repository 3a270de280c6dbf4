"""Build-time tables, made one way: a directive renders :func:`casebook.teaching.table_html`.

- ``{benchmark-results} <file.json>``: the figures that ``make bench`` recorded.
  scripts/bench.py writes the JSON (date, machine, figures with their targets, per-chapter and
  per-page details); the directive reads it at build time, so the Performance page builds
  without running the benchmark, and shows a short note instead of tables while no file exists.
- ``{session-plan} <n>``: the n-th session plan of ``instructor-guide.yml`` (from 1).
- ``{objective-map}``: every chapter's objectives, the sections that teach them and the quiz
  questions that test them.

The guide's tables are rebuilt when ``instructor-guide.yml``, a chapter or a quiz bank changes.
"""

from __future__ import annotations

import html
import json
import statistics
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from casebook.sphinx.outlines import note_chapter
from casebook.teaching import table_html

VERDICT = {True: "met", False: "missed", None: ""}


def _table(headers: list[str], rows: list[list], caption: str) -> nodes.raw:
    cells = [[html.escape(str(cell)) for cell in row] for row in rows]
    return nodes.raw("", table_html(html.escape(caption), [html.escape(h) for h in headers],
                                    cells, classes="table benchmark-table"), format="html")


def _value(fig: dict) -> str:
    return f"{fig['value']:.3g} {fig['unit']}".strip()


def _target(fig: dict) -> str:
    return "" if fig.get("target") is None else f"<= {fig['target']:g} {fig['unit']}".strip()


def _spread(values) -> str:
    """"1.50 (1.41-1.62)" for a list of ratios, "-" when none were recorded."""
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


class BenchmarkResults(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        if not Path(path).is_file():
            return [nodes.paragraph(text="No benchmark results recorded yet: run make bench.")]
        data = json.loads(Path(path).read_text())
        m = data.get("machine", {})
        m = {k: m.get(k, "?") for k in ("cpu", "cores", "memory_gib", "system", "python")}
        out = [nodes.paragraph(text=(
            f"Measured on {data.get('date', '?')} on {m['cpu']} ({m['cores']} cores, "
            f"{m['memory_gib']} GiB, {m['system']}, Python {m['python']})."))]
        out.append(_table(["Measure", "Result", "Target", "Verdict", "Note"],
                          [[f["name"], _value(f), _target(f), VERDICT[f.get("met")],
                            f.get("note", "")] for f in data.get("figures", [])],
                          "Figures and targets"))
        if data.get("chapters_s"):
            out.append(_table(["Chapter", "Run all, fresh kernel (s)"],
                              [[k, f"{v:.1f}"] for k, v in data["chapters_s"].items()],
                              "Each chapter run top to bottom in a fresh kernel (target 5 s)"))
        lab = data.get("lab") or {}
        if lab.get("ratio_by_chapter"):
            own = lab.get("own_s_by_chapter", {})
            paired = lab.get("paired_ratios_by_chapter", {})
            out.append(_table(["Chapter", "Run all / import floor", "Paired runs: median (range)",
                               "Own time (s)"],
                              [[k, f"{v:.2f}", _spread(paired.get(k)),
                                f"{own[k]:.2f}" if k in own else "-"]
                               for k, v in lab["ratio_by_chapter"].items()],
                              "Each chapter against its import floor (target 1.5): best run-all "
                              "over best floor, and each run-all over the floor just before "
                              "it; own time: its cells after the setup cell"))
        if data.get("widgets"):
            out.append(_table(["Chapter", "Controls moved", "Moves", "Median (ms)", "Slowest (ms)"],
                              [[k, ", ".join(v.get("controls", [])), v.get("moves", ""),
                                v.get("median_ms", ""), v.get("max_ms", "")]
                               for k, v in data["widgets"].items()],
                              "Widget move to redrawn output (target 100 ms median)"))
        for site, pages in (data.get("pages") or {}).items():
            out.append(_table(["Page", "Bytes", "Requests", "axe serious/critical"],
                              [[k, f"{v['bytes']:,}", v["requests"], v["axe_serious"]]
                               for k, v in pages.items()],
                              f"Page weight: {site}"))
        return out


class _GuideTable(SphinxDirective):
    def book(self):
        from casebook.book import Book

        book = Book.at(self.env.srcdir)
        for path in [book.file("instructor-guide.yml"), *book.quizzes.glob("*.yml")]:
            self.env.note_dependency(str(path))
        for slug in book.chapter_slugs():
            note_chapter(self.env, slug)
        return book


class SessionPlan(_GuideTable):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from casebook.teaching import load_guide, session_plan_html

        book = self.book()
        sessions = load_guide(book).sessions
        number = int(self.arguments[0])
        if not 1 <= number <= len(sessions):
            raise self.error(f"session-plan {number}: the guide has {len(sessions)} sessions")
        return [nodes.raw("", session_plan_html(sessions[number - 1], book), format="html")]


class ObjectiveMap(_GuideTable):
    def run(self) -> list[nodes.Node]:
        from casebook.teaching import objective_map_html

        return [nodes.raw("", objective_map_html(self.book()), format="html")]


def setup(app):
    app.add_directive("benchmark-results", BenchmarkResults)
    app.add_directive("session-plan", SessionPlan)
    app.add_directive("objective-map", ObjectiveMap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
