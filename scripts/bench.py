"""Benchmarks: build and rebuild times (beside the stock template in the same run), chapter
"run all", widget latency, page weight.

    make bench                      # everything (about 7 minutes on 2 cores)
    python scripts/bench.py --only chapters widgets

Prints each figure beside its target and writes ``book/_static/benchmarks.json`` (date, machine,
figures), which the Performance page (book/performance.md) shows. It is a script, not a test:
a missed target is reported, nothing fails. The builds run in a copy of the project in a temporary
folder, so ``_build/`` here is left alone; the stock Jupyter Book template (``jupyter-book
create``) is built in the same run as the yardstick for page weight.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "book" / "_static" / "benchmarks.json"
JB = Path(sys.executable).with_name("jupyter-book")
IGNORE = shutil.ignore_patterns(".git", ".venv", "_build", ".pytest_cache", ".hypothesis",
                                "__pycache__", "*.egg-info")
WIDGET_MOVES = 12
STOCK_PAGES = ["intro.html", "markdown.html", "notebooks.html", "markdown-notebooks.html"]
PARTS = ("builds", "chapters", "widgets", "pages", "lab")


def figure(name: str, value: float, unit: str, target: float | None, *, lower_is_better=True,
           note: str = "") -> dict:
    met = None if target is None else (value <= target if lower_is_better else value >= target)
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target,
            "met": met, "note": note}


def show(fig: dict) -> None:
    target = "" if fig["target"] is None else f"target <= {fig['target']:g} {fig['unit']}"
    verdict = {True: "ok", False: "MISSED", None: ""}[fig["met"]]
    print(f"  {fig['name']:<48} {fig['value']:>10.3g} {fig['unit']:<6} {target:<22} {verdict} "
          f"{fig['note']}", flush=True)


def machine() -> dict:
    def proc(name: str) -> list[str]:
        path = Path("/proc") / name
        return path.read_text().splitlines() if path.exists() else []

    cpu = next((line.split(":", 1)[1].strip() for line in proc("cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in proc("meminfo")
                   if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


# --- builds ------------------------------------------------------------------------------------

def jb_build(source: Path, *strict: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run([str(JB), "build", str(source), *strict], cwd=source,
                          capture_output=True, text=True, timeout=1800)
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def edit_first_code_cell(chapter: Path) -> None:
    """Add a comment line to the chapter's first code cell (a code edit: the chapter re-runs)."""
    lines = chapter.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("```{code-cell}"))
    body = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(":"))
    lines.insert(body, "# benchmark edit\n")
    chapter.write_text("".join(lines))


def edit_first_paragraph(chapter: Path) -> None:
    """Add a word to the chapter's first prose line after the H1 (a prose edit: no code runs)."""
    lines = chapter.read_text().splitlines(keepends=True)
    h1 = next(i for i, line in enumerate(lines) if line.startswith("# "))
    para = next(i for i in range(h1 + 1, len(lines))
                if lines[i].strip() and not lines[i].startswith((":", "`", "#", "1.")))
    lines[para] = lines[para].rstrip("\n") + " Benchmark edit.\n"
    chapter.write_text("".join(lines))


def bench_builds(work: Path, slugs: list[str], stock: Path) -> list[dict]:
    """Clean build, then rebuilds. Rebuilds take a few seconds and vary from run to run by
    about a second on a shared machine, so each is the median of three; the stock template's
    no-change rebuild is measured the same way in the same run, as the floor Jupyter Book
    itself sets."""
    strict = ("-W", "-n", "--keep-going")
    clean, rc, out = jb_build(work, *strict)
    if rc:
        sys.exit(f"the clean build failed:\n{out[-3000:]}")
    figs = [figure("Clean build of the whole book (executes every chapter)", clean, "s", 60)]
    show(figs[-1])
    subprocess.run([str(JB), "create", str(stock)], check=True, capture_output=True)
    stock_clean, rc, out = jb_build(stock)
    if rc:
        sys.exit(f"the stock template did not build:\n{out[-2000:]}")
    stock_noop = statistics.median(jb_build(stock)[0] for _ in range(3))
    figs.append(figure("Stock template: rebuild with no change", stock_noop, "s", None,
                       note=f"its 4 pages build clean in {stock_clean:.1f} s in this run"))
    show(figs[-1])
    noop = statistics.median(jb_build(work, *strict)[0] for _ in range(3))
    figs.append(figure("Rebuild with no change", noop, "s", 3,
                       note=f"{noop / stock_noop:.2f}x the stock template's; median of 3"))
    show(figs[-1])
    chapter = work / "book" / f"{slugs[0]}.md"
    prose = []
    for _ in range(3):
        edit_first_paragraph(chapter)
        prose.append(jb_build(work, *strict)[0])
    figs.append(figure(f"Rebuild after a prose edit in one chapter ({slugs[0]})",
                       statistics.median(prose), "s", 6, note="median of 3"))
    show(figs[-1])
    edit_first_code_cell(chapter)
    edit, rc, _ = jb_build(work, *strict)
    figs.append(figure(f"Rebuild after editing one chapter ({slugs[0]}, code cell)", edit, "s", 20))
    show(figs[-1])
    return figs


# --- chapters: run all in a fresh kernel -------------------------------------------------------

def bench_chapters(slugs: list[str]) -> tuple[list[dict], dict]:
    import jupytext
    from nbclient import NotebookClient

    times = {}
    for slug in slugs:
        nb = jupytext.read(ROOT / "book" / f"{slug}.md")
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT / "book")}})
        start = time.perf_counter()
        client.execute()
        times[slug] = time.perf_counter() - start
        show(figure(f"Run all, fresh kernel: {slug}", times[slug], "s", 5))
    worst = max(times, key=times.get)
    return [figure("Slowest chapter, run all in a fresh kernel", times[worst], "s", 5,
                   note=worst)], {k: round(v, 2) for k, v in times.items()}


# --- lab: run all against the import floor, and in a real JupyterLab (issue 16) -----------------

LAB_CHAPTER = "myeloma-staging"
FLOOR_RUNS = 5


def _cell_seconds(cell) -> float:
    """How long the kernel took over ``cell``, from nbclient's timing of it."""
    timing = cell.metadata["execution"]
    start, end = (dt.datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                  for key in ("iopub.execute_input", "shell.execute_reply"))
    return (end - start).total_seconds()


def _run_cells(slug: str, setup_only: bool) -> tuple[float, float]:
    """Wall time of a fresh kernel running ``slug`` (or only its setup cell), and the kernel's
    time in the cells after the setup cell (the chapter's own time)."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(ROOT / "book" / f"{slug}.md")
    if setup_only:  # the bare import floor: a fresh kernel that runs only the setup cell
        nb.cells = [next(c for c in nb.cells if c.cell_type == "code")]
    client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(ROOT / "book")}})
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    code = [c for c in nb.cells if c.cell_type == "code"]
    return wall, sum(_cell_seconds(c) for c in code[1:])


def _floor_ratio(slug: str, runs: int = FLOOR_RUNS) -> tuple[float, float, float, list[float]]:
    """Run-all over the import floor for ``slug`` (best of ``runs`` each), the floor, the
    chapter's own time (best of ``runs``), and the ratio of each run-all to the floor timed
    just before it.

    Floor and run-all are timed in turn, so that both see the machine as it is at the time.
    The floor is mostly a kernel starting and stopping, which swings by a third on a shared
    machine: with the best of 3 a chapter's ratio moved between about 1.2 and 1.65 from run to
    run, so each is the best of 5. Best run-all and best floor can come from different
    moments, so the best-of ratio may sit above or below a typical run's; the paired ratios
    show the spread, and a stalled run. The own time leaves the kernel's start and stop out.
    """
    floors, alls, owns = [], [], []
    for _ in range(runs):
        floors.append(_run_cells(slug, True)[0])
        wall, own = _run_cells(slug, False)
        alls.append(wall)
        owns.append(own)
    return min(alls) / min(floors), min(floors), min(owns), [a / f for a, f in zip(alls, floors)]


def bench_lab(slugs: list[str], work: Path) -> tuple[list[dict], dict]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import teach
    from labdriver import open_chapter, run_all, running_lab
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS

    ratios = {slug: _floor_ratio(slug) for slug in slugs}
    worst = max(ratios, key=lambda s: ratios[s][0])
    ratio, floor, _, paired = ratios[worst]
    figs = [figure("Slowest chapter run-all / import floor", ratio, "x", 1.5,
                   note=f"{worst}, the highest of every chapter's; floor {floor:.2f} s; "
                        f"best of {FLOOR_RUNS} each, taken in turn; its {FLOOR_RUNS} paired "
                        f"runs: median {statistics.median(paired):.2f}, "
                        f"{min(paired):.2f} to {max(paired):.2f}")]
    show(figs[-1])
    busiest = max(ratios, key=lambda s: ratios[s][2])
    figs.append(figure("Longest chapter's own time (its cells after the setup cell)",
                       ratios[busiest][2], "s", None,
                       note=f"{busiest}; the kernel's time in those cells, without its start "
                            f"and stop; best of {FLOOR_RUNS}"))
    show(figs[-1])
    out = work / "teach"
    teach.write_lab_notebooks(ROOT, out)
    with running_lab(out, work / "lab-settings", work / "lab-user", "bench") as url, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        times = []
        for _ in range(2):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_chapter(page, url, LAB_CHAPTER, "bench")
            times.append(run_all(page))
            page.close()
        browser.close()
    figs.append(figure(f"Run all in JupyterLab: {LAB_CHAPTER}", min(times), "s", 4,
                       note="best of 2, Run > Run All Cells to idle"))
    show(figs[-1])
    return figs, {"floor_s": round(floor, 2), "ratio": round(ratio, 2),
                  "worst_ratio_chapter": worst,
                  "ratio_by_chapter": {s: round(r[0], 2) for s, r in ratios.items()},
                  "own_s_by_chapter": {s: round(r[2], 2) for s, r in ratios.items()},
                  "paired_ratios_by_chapter": {s: [round(x, 2) for x in r[3]]
                                               for s, r in ratios.items()},
                  "jupyterlab_run_all_s": [round(t, 2) for t in times]}


# --- widgets: move a control, time until the output is redrawn ---------------------------------

def probe_widgets(slug: str) -> dict:
    """Run the chapter in this process (IPython shell, inline figures) and move its controls."""
    import ipywidgets
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell
    from ipywidgets.widgets.widget import _instances
    from matplotlib_inline.backend_inline import flush_figures

    class Shell(InteractiveShell):
        def enable_gui(self, gui=None):  # no event loop to hook: figures are inline
            pass

    os.chdir(ROOT / "book")
    shell = Shell.instance()
    shell.enable_matplotlib("inline")
    nb = jupytext.read(ROOT / "book" / f"{slug}.md")
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type == "code" and ".quiz(" not in cell.source:
                result = shell.run_cell(cell.source, silent=True)
                if not result.success:
                    error = result.error_in_exec or result.error_before_exec
                    return {"error": f"cell failed: {error!r}"}
    controls = [w for w in list(_instances.values()) if isinstance(w, ipywidgets.ValueWidget)
                and w._trait_notifiers.get("value", {}).get("change")]
    sliders = [w for w in controls if type(w).__name__.endswith("Slider")]
    chosen = sliders or controls
    timings = []
    with contextlib.redirect_stdout(io.StringIO()):
        for control in chosen:
            for value in _moves(control):
                start = time.perf_counter()
                control.value = value
                flush_figures()
                timings.append(time.perf_counter() - start)
    kinds = sorted({type(w).__name__ for w in chosen})
    return {"controls": kinds, "moves": len(timings),
            "median_ms": round(1000 * statistics.median(timings), 1) if timings else None,
            "max_ms": round(1000 * max(timings), 1) if timings else None}


def _moves(control) -> list:
    """Values to move ``control`` through: across a slider's range, or through its options."""
    if hasattr(control, "min") and hasattr(control, "max") and not hasattr(control, "options"):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * i / (WIDGET_MOVES - 1) for i in range(WIDGET_MOVES)]
        if type(control).__name__.startswith("Int"):
            values = [round(v) for v in values]
        if type(control).__name__ == "FloatLogSlider":  # min and max are exponents
            values = [control.base ** v for v in values]
        return values
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        step = max(1, len(values) // WIDGET_MOVES)
        return (values[::step] + values[:1])[:WIDGET_MOVES + 1]
    if isinstance(control.value, bool):
        return [not control.value, control.value] * 2
    return []


def bench_widgets(slugs: list[str]) -> tuple[list[dict], dict]:
    found = {}
    for slug in slugs:
        proc = subprocess.run([sys.executable, __file__, "--probe-widgets", slug],
                              capture_output=True, text=True, timeout=600)
        try:
            found[slug] = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            found[slug] = {"error": (proc.stderr or proc.stdout)[-500:]}
        info = found[slug]
        if info.get("median_ms") is not None:
            show(figure(f"Widget move to redrawn output: {slug}", info["median_ms"], "ms", 100,
                        note=f"median of {info['moves']} moves of {', '.join(info['controls'])}"))
        else:
            why = info.get("error", "no control with an observer")
            print(f"  {slug}: no widget measured ({why})")
    medians = [v["median_ms"] for v in found.values() if v.get("median_ms") is not None]
    figs = []
    if medians:
        figs.append(figure("Widget move to redrawn output, median over chapters",
                           statistics.median(medians), "ms", 100,
                           note=f"worst chapter median {max(medians):.0f} ms"))
    return figs, found


# --- pages: weight and requests against the stock template ------------------------------------

def bench_pages(site: Path, slugs: list[str], work: Path) -> tuple[list[dict], dict]:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from test_accessibility import axe_violations
    from test_page_weight import page_weight

    stock = work / "stock"
    if not (stock / "_build" / "html").is_dir():
        subprocess.run([str(JB), "create", str(stock)], check=True, capture_output=True)
        _, rc, out = jb_build(stock)
        if rc:
            sys.exit(f"the stock template did not build:\n{out[-2000:]}")
    measured = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for label, root, pages in (("casebook", site, [f"book/{s}.html" for s in slugs]),
                                   ("stock", stock / "_build" / "html", STOCK_PAGES)):
            url, server = serve(root)
            rows = {}
            for rel in pages:
                context = browser.new_context()
                page = context.new_page()
                total, sizes = page_weight(page, f"{url}/{rel}")
                findings = axe_violations(page, rel)
                rows[rel] = {"bytes": total, "requests": len(sizes), "axe_serious": len(findings)}
                context.close()
            server.shutdown()
            measured[label] = rows
        browser.close()

    def median(label, key):
        return statistics.median(r[key] for r in measured[label].values())

    ours_b, stock_b = median("casebook", "bytes"), median("stock", "bytes")
    ours_r, stock_r = median("casebook", "requests"), median("stock", "requests")
    figs = [
        figure("Median chapter page weight (all assets, uncompressed)", ours_b / 1e6, "MB", 1.2,
               note=f"stock template page {stock_b / 1e6:.2f} MB"),
        figure("Page weight, casebook / stock template", ours_b / stock_b, "x", None),
        figure("Requests per page, casebook / stock template", ours_r / stock_r, "x", None,
               note=f"{ours_r:g} vs {stock_r:g}"),
        figure("axe-core serious/critical findings per page (median)",
               median("casebook", "axe_serious"), "", 0,
               note=f"stock template {median('stock', 'axe_serious'):g}"),
    ]
    for fig in figs:
        show(fig)
    return figs, measured


# --- main --------------------------------------------------------------------------------------

def main() -> None:
    # The kernels, builds and probes started here inherit this environment. Without bytecode
    # caches each chapter kernel compiles the package from source (about 0.4 s of its import
    # floor), so `python scripts/bench.py` would measure other figures than `make bench`,
    # which unexports the variable for the same reason.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--probe-widgets", metavar="SLUG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_widgets:
        print(json.dumps(probe_widgets(args.probe_widgets)))
        return
    from test_structure import chapter_slugs

    slugs = chapter_slugs()
    record = json.loads(OUT.read_text()) if OUT.exists() else {}
    record.update({"date": dt.date.today().isoformat(), "machine": machine()})
    by_part = record.get("figures_by_part", {})
    print(f"Benchmarks on {record['machine']['cpu']} ({record['machine']['cores']} cores), "
          f"{record['date']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        work = Path(tmp) / "book"
        if "builds" in args.only or "pages" in args.only:
            shutil.copytree(ROOT, work, ignore=IGNORE)
        if "builds" in args.only:
            print("Builds (in a copy of the project):", flush=True)
            by_part["builds"] = bench_builds(work, slugs, Path(tmp) / "stock")
        if "chapters" in args.only:
            print("Chapters:", flush=True)
            by_part["chapters"], record["chapters_s"] = bench_chapters(slugs)
        if "widgets" in args.only:
            print("Widgets (in-process, figures rendered as the inline backend does):", flush=True)
            by_part["widgets"], record["widgets"] = bench_widgets(slugs)
        if "pages" in args.only:
            if not (work / "_build" / "html").is_dir():
                _, rc, out = jb_build(work, "-W", "-n", "--keep-going")
            print("Pages (headless Chromium, cache off):", flush=True)
            site = work / "_build" / "html"
            by_part["pages"], record["pages"] = bench_pages(site, slugs, Path(tmp))
        if "lab" in args.only:
            print("JupyterLab (jupyterlab-myst, headless Chromium):", flush=True)
            by_part["lab"], record["lab"] = bench_lab(slugs, Path(tmp))
    record["figures_by_part"] = by_part
    record["figures"] = [f for part in PARTS for f in by_part.get(part, [])]
    OUT.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"Wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
