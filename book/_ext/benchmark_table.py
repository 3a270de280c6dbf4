"""``{benchmark-results} <file.json>``: the figures that ``make bench`` recorded, as tables.

scripts/bench.py writes the JSON (date, machine, figures with their targets, per-chapter and
per-page details); this directive reads it at build time, so the Performance page builds
without running the benchmark, and shows a short note instead of tables while no file exists.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

VERDICT = {True: "met", False: "missed", None: ""}


def _table(headers: list[str], rows: list[list[str]], caption: str) -> nodes.table:
    table = nodes.table(classes=["benchmark-table"])
    table += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head, body = nodes.thead(), nodes.tbody()
    for section, lines in ((head, [headers]), (body, rows)):
        for line in lines:
            row = nodes.row()
            row += [nodes.entry("", nodes.paragraph(text=str(cell))) for cell in line]
            section += row
    group += [head, body]
    return table


def _value(fig: dict) -> str:
    return f"{fig['value']:.3g} {fig['unit']}".strip()


def _target(fig: dict) -> str:
    return "" if fig.get("target") is None else f"<= {fig['target']:g} {fig['unit']}".strip()


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


def setup(app):
    app.add_directive("benchmark-results", BenchmarkResults)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
