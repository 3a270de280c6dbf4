"""The chapters as notebooks that read in JupyterLab as they do on the site (``make teach``).

    python scripts/teach.py [--out _build/teach] [--edition instructor]

JupyterLab renders MyST with jupyterlab-myst (pinned in requirements.txt with a JupyterLab it
loads in): admonitions, dropdowns, figures, exercises and solutions, ``{term}`` links, maths.
What it cannot resolve on its own is rewritten here, in ``<out>/<slug>.ipynb``:

- ``{glue:text}`name:spec``` and ``{glue}`name``` become ``{eval}`` expressions: when the cell
  runs (Run All), the kernel answers with the value the chapter glued (``casebook.glue.glued``);
- ``{cite:p}`A,B``` becomes the site's author-year text, ``(Rajkumar et al., 2014; ...)``, and
  ``{cite:t}`` ``Rajkumar et al. (2014)``, from ``book/references.bib``;
- ``{ref}``, ``{numref}``, ``{doc}`` become their text; ``(label)=`` targets go;
- ``{instructor-note}`` becomes a note titled "Instructor note" (students' editions drop it);
- cells tagged ``hide-cell``, ``hide-input`` or ``remove-input`` (the setup cell) start collapsed;
- ``Book.at("..")`` opens the book by its path, since ``<out>`` is not inside it.

Every other file of ``book/`` (quiz banks, images, the bibliography) is linked beside the
notebooks, so the chapters run from ``<out>`` as from ``book/``. The sources stay the ``.md``
files: regenerate after editing them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from casebook.book import Book  # noqa: E402
from casebook.editions import EDITIONS, fences, strip_blocks  # noqa: E402
from casebook.teaching import chapters  # noqa: E402

ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<body>[^`]*)`")
TARGET = re.compile(r"^\([\w:.-]+\)=\s*$", re.M)
HIDDEN_TAGS = {"hide-cell", "hide-input", "remove-input"}


def citation_labels(bib: Path) -> dict[str, tuple[str, str]]:
    """{key: (authors as the site cites them, year)}: 'Rajkumar et al.', 'Ng and Lee'."""
    from casebook.citations import authors, entries

    return {key: (authors(entry), entry.fields.get("year", "n.d."))
            for key, entry in entries(bib).items()}


def _role(match: re.Match, labels: dict) -> str:
    role, body = match["role"], match["body"]
    if role.startswith("glue"):
        name, _, spec = body.partition(":")
        return ("{eval}`__import__('casebook.glue').glue.glued(" + repr(name.strip()) + ", "
                + repr(spec.strip()) + ")`")
    if role.startswith("cite"):
        keys = [k.strip() for k in body.split(",") if k.strip()]
        cited = [labels.get(k, (k, "")) for k in keys]
        if role == "cite:t":
            return "; ".join(f"{names} ({year})" for names, year in cited)
        return "(" + "; ".join(f"{names}, {year}" for names, year in cited) + ")"
    if role in ("ref", "numref", "doc"):
        return re.sub(r"\s*<[^<>]*>$", "", body).strip() or body
    return match[0]  # term, math, eval...: jupyterlab-myst renders them


def _directives(text: str) -> str:
    """``{instructor-note}`` fences as notes titled "Instructor note"."""
    lines = text.split("\n")
    for fence in fences(lines):
        if fence.name == "instructor-note":
            head = lines[fence.start]
            title = re.sub(r"^(\s*[`:]{3,})\{instructor-note\}\s*", "", head).strip()
            marker = re.match(r"^\s*([`:]{3,})", head)[1]
            lines[fence.start] = (f"{marker}{{admonition}} Instructor note"
                                  + (f": {title}" if title else ""))
            lines.insert(fence.start + 1, ":class: note")
            return _directives("\n".join(lines))  # fences moved: find them again
    return text


def lab_markdown(text: str, labels: dict) -> str:
    r"""One markdown cell of a chapter, as jupyterlab-myst should get it.

    >>> print(lab_markdown("R2-ISS {glue:text}`r2_low`; see {cite:p}`K1`.\n(x)=",
    ...                    {"K1": ("Ng et al.", "2020")}))
    R2-ISS {eval}`__import__('casebook.glue').glue.glued('r2_low', '')`; see (Ng et al., 2020).
    <BLANKLINE>
    """
    text = TARGET.sub("", _directives(text))
    return ROLE.sub(lambda m: _role(m, labels), text)


def lab_notebook(md_path: Path, labels: dict, edition: str = "instructor", *,
                 book_root: Path | None = None):
    import jupytext
    import nbformat

    nb = jupytext.reads(md_path.read_text(encoding="utf-8"), fmt="md:myst")
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if edition == "student":
                cell.source = strip_blocks(cell.source).strip("\n")
            cell.source = lab_markdown(cell.source, labels)
            if not cell.source.strip():
                continue
        else:
            cell.outputs, cell.execution_count = [], None
            if book_root is not None:  # the notebooks sit outside the book: open it by path
                cell.source = cell.source.replace('Book.at("..")', f"Book.at({str(book_root)!r})")
            if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {k: v for k, v in nb.metadata.items() if k != "jupytext"}
    out.metadata["casebook"] = {"edition": edition, "source": md_path.name, "flavour": "lab"}
    nbformat.validate(out)
    return out


def write_lab_notebooks(root: Path, out: Path, edition: str = "instructor") -> list[Path]:
    import nbformat

    book = Book.at(root)
    out.mkdir(parents=True, exist_ok=True)
    for child in book.content.iterdir():  # quiz banks, images, bibliography: as beside the sources
        link = out / child.name
        if child.suffix == ".md" or child.name.startswith(".") or link.exists() \
                or link.is_symlink():
            continue
        link.symlink_to(child.resolve(), target_is_directory=child.is_dir())
    labels = citation_labels(book.bib)
    written = []
    for chapter in chapters(book):
        path = out / f"{chapter.slug}.ipynb"
        nb = lab_notebook(book.content / f"{chapter.slug}.md", labels, edition,
                          book_root=book.root)
        nbformat.write(nb, str(path))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, default=None, help="default: <root>/_build/teach")
    parser.add_argument("--edition", choices=EDITIONS, default="instructor")
    args = parser.parse_args(argv)
    out = (args.out or args.root / "_build" / "teach").resolve()
    written = write_lab_notebooks(args.root, out, args.edition)
    print(f"{len(written)} {args.edition} notebooks for JupyterLab in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
