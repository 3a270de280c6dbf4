"""The two editions of the casebook, from one switch: the chapters' cuts, their notebooks and
the Sphinx side (``casebook.sphinx`` calls :func:`setup`).

``CASEBOOK_EDITION`` (``student``, the default, or ``instructor``) decides which edition the
book build, the notebook generator (``scripts/notebooks.py``) and the handout
(``scripts/handout.py``) produce; :func:`edition_from_env` is the only reader of the variable.

The student edition leaves out the worked answers (``{solution}`` blocks, sphinx-exercise) and
the facilitator notes (``{instructor-note}`` blocks). In the notebooks they are cut from the
MyST text by the blocks the MyST parser finds (:mod:`casebook.chapters`): a block whose
directive is one of the names to strip is removed with its fences; a directive *shown as an
example* in a code block is kept; one nested inside another directive (``{exercise}``) is found.

In the book (:func:`setup`):

- student edition (the public site): ``hide_solutions = True``, so sphinx-exercise returns no
  node for a ``{solution}`` and its text never reaches the HTML or the search index;
  ``{instructor-note}`` returns no node either; ``{answer-key}`` renders nothing;
  ``html_copy_source = False``: no ``_sources/*.md`` (they hold the solutions), and the theme's
  then dead ".md" download entry is removed (it also stops sphinx-book-theme copying the
  *executed* notebook into ``_sources/``); a sweep at ``build-finished`` deletes anything else
  that reaches ``_sources/``;
- instructor edition: solutions and notes shown, the quiz answer key rendered, a banner on
  every page;
- both: each chapter's notebook of the edition is written once, at ``build-finished`` (no file
  is written while pages render), and the page offers it for download; the launch buttons
  open the generated student notebook ``<page>.ipynb`` on the ``notebooks`` branch that the
  pages workflow publishes (Binder, JupyterHub through nbgitpuller, Colab).

Importing this module loads no Sphinx (the directives are made in :func:`setup`), jupytext or
nbformat (imported inside the notebook functions: importing nbformat costs about 2 s in a
chapter kernel, see ``casebook.glue``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from casebook.chapters import Block, blocks

__all__ = [
    "DEFAULT_EDITION", "EDITIONS", "EDITION_VARIABLE", "HIDDEN_FROM_STUDENTS", "NOTEBOOKS_BRANCH",
    "Fence", "chapter_notebook", "colab_setup_cell", "edition_from_env", "fences",
    "glued_values", "launch_urls", "plain_markdown", "setup", "strip_blocks", "write_notebook",
]

EDITION_VARIABLE = "CASEBOOK_EDITION"
EDITIONS = ("student", "instructor")
DEFAULT_EDITION = "student"
# Directives whose content students never see: worked answers and facilitator notes.
HIDDEN_FROM_STUDENTS = ("solution", "instructor-note")
# The branch the pages workflow publishes: the runnable tree plus the student notebooks.
NOTEBOOKS_BRANCH = "notebooks"


def edition_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The edition named by ``CASEBOOK_EDITION`` (``"student"`` when unset or empty).

    >>> edition_from_env({})
    'student'
    >>> edition_from_env({"CASEBOOK_EDITION": " Instructor "})
    'instructor'
    >>> edition_from_env({"CASEBOOK_EDITION": "teacher"})
    Traceback (most recent call last):
    ...
    ValueError: CASEBOOK_EDITION='teacher' is not an edition: use 'student' or 'instructor'
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(EDITION_VARIABLE, "")
    value = raw.strip().lower() or DEFAULT_EDITION
    if value not in EDITIONS:
        raise ValueError(f"{EDITION_VARIABLE}={raw!r} is not an edition: use "
                         + " or ".join(repr(e) for e in EDITIONS))
    return value


# --------------------------------------------------------------------------- fenced blocks

@dataclass(frozen=True)
class Fence:
    """One fenced block: 0-based ``start`` (opening line) and ``end`` (closing line) indexes,
    its directive ``name`` (``None`` for a plain code block) and ``depth`` (0 at top level)."""

    start: int
    end: int
    name: str | None
    depth: int


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced block of ``lines``, outer blocks before the blocks nested in them (the
    blocks of :func:`casebook.chapters.blocks`, read by the MyST parser).

    An unclosed fence raises ``ValueError`` (CommonMark would run it to the end of the text,
    which for a ``{solution}`` would silently swallow the rest of a chapter).

    >>> text = ["```{exercise} Q", "Ask.", "```", "", "````{solution} ex", "```python",
    ...         "x = 1", "```", "````"]
    >>> [(f.start, f.end, f.name) for f in fences(text)]
    [(0, 2, 'exercise'), (4, 8, 'solution'), (5, 7, None)]
    """
    return [Fence(b.start, b.end, b.name, b.depth) for b in blocks("\n".join(lines))]


def strip_blocks(text: str, names: Iterable[str] = HIDDEN_FROM_STUDENTS) -> str:
    """``text`` without the fenced directive blocks named in ``names`` (and their fences).

    >>> md = "Before.\\n\\n```{solution} ex-1\\n:class: dropdown\\n\\nSecret.\\n```\\n\\nAfter.\\n"
    >>> strip_blocks(md)
    'Before.\\n\\nAfter.\\n'
    >>> strip_blocks(":::{instructor-note}\\nPace it.\\n:::\\nKept.")
    'Kept.'
    >>> strip_blocks("`````markdown\\n```{solution} shown as an example\\n```\\n`````")
    '`````markdown\\n```{solution} shown as an example\\n```\\n`````'
    """
    names = set(names)
    lines = text.split("\n")
    drop: set[int] = set()
    for block in blocks(text):
        if block.name in names and block.start not in drop:
            drop.update(block.lines)
            # Swallow one blank line after the block so no double gap is left behind.
            after = block.end + 1
            before_blank = block.start == 0 or not lines[block.start - 1].strip()
            if after < len(lines) and not lines[after].strip() and before_blank:
                drop.add(after)
    return "\n".join(line for index, line in enumerate(lines) if index not in drop)


# --------------------------------------------------------------------------- plain Markdown

# Directives a notebook shows as a quoted block with a bold title (None: the title is the
# directive's argument). Others (figures, math, eval-rst, ...) are left as they are.
QUOTED = {"admonition": None, "dropdown": None, "note": "Note", "tip": "Tip", "hint": "Hint",
          "important": "Important", "warning": "Warning", "caution": "Caution",
          "attention": "Attention", "danger": "Danger", "seealso": "See also",
          "exercise": "Exercise", "solution": "Worked answer",
          "instructor-note": "Instructor note"}
_TARGET = re.compile(r"^\([\w:.-]+\)=\s*$")
_ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<body>[^`]*)`")


def _role_text(match: re.Match, glued: dict[str, str]) -> str:
    role, body = match["role"], match["body"]
    if role.startswith("cite"):
        return "(" + "; ".join(key.strip() for key in body.split(",")) + ")"
    name, _, spec = body.partition(":")
    if role.startswith("glue") and name.strip() in glued:
        from myst_nb.core.variables import format_plain_text  # the site's own formatting

        return format_plain_text(glued[name.strip()], spec.strip())
    if role.startswith("glue") or role == "eval":
        return f"`{body}`"  # a value the chapter's code computes, by name
    if role == "math":
        return f"${body}$"
    return re.sub(r"\s*<[^<>]*>$", "", body).strip() or body  # term, ref, doc: the text


def _quote(block: Block, glued: dict[str, str]) -> list[str]:
    title = QUOTED[block.name]
    if title is None:
        title = block.argument or block.name.capitalize()
    elif block.argument and block.name in ("exercise", "instructor-note"):
        title = f"{title}: {block.argument}"
    inner = plain_markdown(block.body, glued).strip("\n").split("\n")
    return [f"> {line}" if line else ">" for line in [f"**{title}**", "", *inner]]


def plain_markdown(text: str, glued: dict[str, str] | None = None) -> str:
    r"""MyST prose as plain Markdown, for notebooks opened where MyST is not rendered (Colab,
    JupyterLab without jupyterlab-myst): admonitions, exercises, solutions and notes become
    quoted blocks with a bold title; roles become their text (``{term}`ILD``` -> ``ILD``,
    citations ``(Key)``); ``(label)=`` targets go. A glued value becomes the text the site
    shows when ``glued`` has it (``{name: text/plain}``, see :func:`glued_values`), else its
    name in code.

    >>> print(plain_markdown(":::{admonition} Learning objectives\n:class: tip\n1. Stage it.\n:::"))
    > **Learning objectives**
    >
    > 1. Stage it.
    >>> plain_markdown("See {term}`ILD <interstitial lung disease>` {cite:p}`A2020,B2021`.")
    'See ILD (A2020; B2021).'
    >>> plain_markdown("{glue:text}`dose:.0f` mg, {glue:text}`bsa` m2", {"dose": "139.99"})
    '140 mg, `bsa` m2'
    """
    lines, glued = text.split("\n"), glued or {}
    out: list[str] = []

    def prose(chunk: list[str]) -> list[str]:
        return [_ROLE.sub(lambda m: _role_text(m, glued), line)
                for line in chunk if not _TARGET.match(line)]

    done = 0
    for block in (b for b in blocks(text) if b.depth == 0):
        out += prose(lines[done:block.start])
        if block.name in QUOTED:
            out += _quote(block, glued)
        else:
            out += lines[block.start:block.end + 1]
        done = block.end + 1
    return "\n".join(out + prose(lines[done:]))


# --------------------------------------------------------------------------- notebooks

def colab_setup_cell(repository_url: str, branch: str = NOTEBOOKS_BRANCH):
    """A first code cell that, on Google Colab only, fetches and installs the casebook.

    Everywhere else (JupyterLab, JupyterHub, Binder, nbclient in the tests) it does nothing.
    Colab opens a single notebook with no repository around it, so the cell clones the
    ``branch`` (package, quiz banks, notebooks), installs the package with the notebooks'
    dependencies and moves into ``book/`` where the quizzes are found.
    """
    import nbformat

    folder = "/content/" + repository_url.rstrip("/").rsplit("/", 1)[-1]
    q = json.dumps  # Python string literals with double quotes
    source = f"""# @title Google Colab only: install the casebook (elsewhere this cell does nothing)
# Colab opens this notebook alone: fetch the package and its quiz banks, then install them.
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    if not os.path.isdir({q(folder)}):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", {q(branch)},
                        {q(repository_url)}, {q(folder)}], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", {q(folder)}],
                   check=True)
    os.chdir({q(folder + "/book")})"""
    # Collapsed in JupyterLab (source_hidden) and shown as a titled form on Colab (cellView).
    metadata = {"tags": ["colab-setup"], "jupyter": {"source_hidden": True}, "cellView": "form"}
    return nbformat.v4.new_code_cell(source, metadata=metadata)


def glued_values(execute_folder: Path | str, docname: str) -> dict[str, str]:
    """``{name: text/plain}`` of what the chapter glued when the book was last built: myst-nb
    keeps it in ``<execute folder>/<docname>.glue.json`` (``_build/jupyter_execute``); empty
    when the book has not been built."""
    path = Path(execute_folder) / f"{docname}.glue.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: out["data"]["text/plain"] for name, out in data.items()
            if isinstance(out, dict) and "text/plain" in out.get("data", {})}


def chapter_notebook(md_path: Path | str, edition: str, *, repository_url: str | None = None,
                     branch: str = NOTEBOOKS_BRANCH, glued: dict[str, str] | None = None):
    """The notebook of one MyST chapter for ``edition``: no outputs, and for students no
    ``{solution}`` or ``{instructor-note}`` blocks (markdown cells left empty are dropped).

    With ``repository_url`` the notebook starts with :func:`colab_setup_cell`; with ``glued``
    (:func:`glued_values`) the prose shows the values the site shows.
    """
    import jupytext
    import nbformat

    if edition not in EDITIONS:
        raise ValueError(f"edition={edition!r} is not an edition: use 'student' or 'instructor'")
    md_path = Path(md_path)
    try:
        nb = jupytext.reads(md_path.read_text(encoding="utf-8"), fmt="md:myst")
    except ValueError as exc:
        raise ValueError(f"{md_path}: {exc}") from exc
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            try:
                if edition == "student":
                    cell.source = strip_blocks(cell.source).strip("\n")
                cell.source = plain_markdown(cell.source, glued)
            except ValueError as exc:
                raise ValueError(f"{md_path}: {exc}") from exc
            if not cell.source.strip():
                continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if {"hide-cell", "hide-input", "remove-input"} & set(cell.metadata.get("tags", [])):
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True  # collapsed
        cells.append(cell)
    if repository_url:
        cells.insert(0, colab_setup_cell(repository_url, branch))
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"  # stable ids: the same chapter gives the same file
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {k: v for k, v in nb.metadata.items() if k != "jupytext"}
    out.metadata["casebook"] = {"edition": edition, "source": md_path.name}
    nbformat.validate(out)
    return out


def write_notebook(nb, path: Path | str) -> Path:
    """Write ``nb`` to ``path``, creating folders."""
    import nbformat

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# --------------------------------------------------------------------------- launch links

def launch_urls(repository_url: str, notebook_path: str, *, branch: str = NOTEBOOKS_BRANCH,
                interface: str = "jupyterlab", binderhub_url: str = "",
                jupyterhub_url: str = "", colab_url: str = "") -> dict[str, str]:
    """Launch links for the generated notebook ``notebook_path`` on the ``branch``.

    Keys are the sphinx-book-theme button texts (``Binder``, ``JupyterHub``, ``Colab``); a
    provider without a URL is left out. Only GitHub repositories are supported.

    >>> urls = launch_urls("https://github.com/org/repo", "book/the-case.ipynb",
    ...                    binderhub_url="https://mybinder.org",
    ...                    jupyterhub_url="https://hub.example.edu/",
    ...                    colab_url="https://colab.research.google.com")
    >>> urls["Binder"]
    'https://mybinder.org/v2/gh/org/repo/notebooks?urlpath=lab/tree/book/the-case.ipynb'
    >>> urls["Colab"]
    'https://colab.research.google.com/github/org/repo/blob/notebooks/book/the-case.ipynb'
    >>> hub, query = urls["JupyterHub"].split("?")
    >>> hub
    'https://hub.example.edu/hub/user-redirect/git-pull'
    >>> print(*query.split("&"), sep="\\n")
    repo=https://github.com/org/repo
    branch=notebooks
    urlpath=lab/tree/repo/book/the-case.ipynb
    """
    match = re.match(r"^https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", repository_url)
    if not match:
        raise ValueError(f"repository_url={repository_url!r}: launch links need a "
                         "https://github.com/<org>/<repo> URL")
    if not notebook_path.endswith(".ipynb"):
        raise ValueError(f"notebook_path={notebook_path!r} must name an .ipynb file")
    prefixes = {"jupyterlab": "lab/tree", "classic": "tree"}
    if interface not in prefixes:
        raise ValueError(f"interface={interface!r}: use 'jupyterlab' or 'classic'")
    org, repo = match.groups()
    ui, path = prefixes[interface], quote(notebook_path.lstrip("/"))
    urls = {}
    if binderhub_url:
        urls["Binder"] = (f"{binderhub_url.rstrip('/')}/v2/gh/{org}/{repo}/{quote(branch)}"
                          f"?urlpath={ui}/{path}")
    if jupyterhub_url:
        query = urlencode({"repo": f"https://github.com/{org}/{repo}", "branch": branch,
                           "urlpath": f"{ui}/{repo}/{path}"}, safe="/:")
        urls["JupyterHub"] = f"{jupyterhub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"
    if colab_url:
        urls["Colab"] = f"{colab_url.rstrip('/')}/github/{org}/{repo}/blob/{quote(branch)}/{path}"
    return urls


# --------------------------------------------------------------------------- the Sphinx side

BANNER = ("Instructor edition: worked answers, facilitator notes and the quiz answer key are "
          "shown. Do not publish it where students can see it.")


def _is_instructor(config) -> bool:
    return config.casebook_edition == "instructor"


def _on_config_inited(app, config) -> None:
    config.casebook_edition = edition_from_env()
    config.hide_solutions = not _is_instructor(config)
    if _is_instructor(config):
        config.html_theme_options = {**config.html_theme_options, "announcement": BANNER}
    else:
        config.html_copy_source = False


def _directives():
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class InstructorNote(SphinxDirective):
        """``{instructor-note} [title]``: an admonition in the instructor edition, else nothing."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec = {"class": directives.class_option}

        def run(self):
            if not _is_instructor(self.config):
                return []
            title = "Instructor note" + (f": {self.arguments[0]}" if self.arguments else "")
            node = nodes.admonition(
                "", classes=["instructor-note", "important", *self.options.get("class", [])])
            words, messages = self.state.inline_text(title, self.lineno)
            node += nodes.title(title, "", *words)
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node, *messages]

    class AnswerKey(SphinxDirective):
        """``{answer-key}``: every chapter's quiz answers (instructor edition; else nothing)."""

        has_content = False

        def run(self):
            from casebook.book import Book
            from casebook.teaching import answer_key_html, chapters

            if not _is_instructor(self.config):
                return []
            book = Book.at(self.env.srcdir)
            out = []
            for chapter in chapters(book):
                bank = book.bank(chapter.slug)
                self.env.note_dependency(str(bank.path))
                section = nodes.section(ids=[f"answer-key-{chapter.slug}"],
                                        names=[f"answer key {chapter.slug}"])
                section += nodes.title(text=chapter.title)
                section += nodes.raw("", answer_key_html(bank), format="html")
                out.append(section)
            return out

    return InstructorNote, AnswerKey


def _chapter_pages(app) -> dict[str, Path]:
    """``{docname: source}`` of the book's chapters (the ``_toc.yml`` pages with a quiz bank)."""
    from casebook.book import Book

    book = Book.at(app.srcdir)
    slugs = set(book.chapter_slugs())
    return {file: book.page(file) for file in book.toc_files() if Path(file).name in slugs}


def _notebook_button(context, name: str) -> dict:
    return {"type": "link", "url": f"{context['pathto']('_sources', 1)}/{name}",
            "text": ".ipynb", "icon": "fas fa-code", "tooltip": "Download notebook file",
            "label": "download-notebook-button"}


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    """After the theme (priority 501): links only (notebook download, launch, dead .md link).

    A chapter offers the generated notebook of the edition (written at ``build-finished``),
    any other page none.
    """
    groups = context.get("header_buttons") or []
    chapter = pagename in _chapter_pages(app)
    name = f"{pagename}.ipynb"
    context["ipynb_source"] = name if chapter else None
    for group in groups:
        label = group.get("label")
        if label == "download-buttons":
            kept = [b for b in group["buttons"] if b.get("label") != "download-notebook-button"
                    and not (b.get("label") == "download-source-button"
                             and not context.get("sourcename"))]
            group["buttons"] = ([_notebook_button(context, name)] if chapter else []) + kept
        elif label == "launch-buttons" and chapter:
            launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
            urls = launch_urls(
                app.config.html_theme_options.get("repository_url", ""), name,
                branch=app.config.casebook_notebooks_branch,
                interface=launch.get("notebook_interface", "jupyterlab"),
                binderhub_url=launch.get("binderhub_url", ""),
                jupyterhub_url=launch.get("jupyterhub_url", ""),
                colab_url=launch.get("colab_url", ""))
            group["buttons"] = [dict(b, url=urls[b["text"]]) for b in group["buttons"]
                                if b.get("text") in urls]
    context["header_buttons"] = [g for g in groups if not (
        g.get("label") == "launch-buttons" and (not chapter or not g.get("buttons")))]


def _edition_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["casebook"]["edition"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_chapter_notebooks(app) -> list[Path]:
    """Write each chapter's notebook of the edition to ``_sources/<page>.ipynb``.

    On an incremental build (same configuration) a notebook already there, of this edition and
    newer than its chapter, is left as it is (generating them all costs about 0.6 s).
    """
    edition = app.config.casebook_edition
    repo_url = app.config.html_theme_options.get("repository_url", "") or None
    fresh = getattr(app, "_fresh_env_used", True) is not False
    written = []
    for pagename, source in _chapter_pages(app).items():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        if (not fresh and target.is_file() and _edition_of(target) == edition
                and target.stat().st_mtime >= source.stat().st_mtime):
            continue
        glued = glued_values(app.env.mystnb_config.output_folder, pagename)
        written.append(write_notebook(
            chapter_notebook(source, edition, repository_url=repo_url, glued=glued), target))
    return written


def _on_build_finished(app, exception) -> None:
    """The chapters' notebooks; no other notebook in ``_sources/`` (the theme copies a page's
    executed one there when sources are copied); for students, nothing else at all."""
    from sphinx.util import logging

    if exception or app.builder.format != "html":
        return
    write_chapter_notebooks(app)
    logger = logging.getLogger(__name__)
    keep = {f"{page}.ipynb" for page in _chapter_pages(app)}
    edition = app.config.casebook_edition
    sources = Path(app.outdir) / "_sources"
    for path in sorted(p for p in sources.rglob("*") if p.is_file()) if sources.is_dir() else []:
        ours = (path.relative_to(sources).as_posix() in keep and _edition_of(path) == edition)
        if ours or (path.suffix != ".ipynb" and _is_instructor(app.config)):
            continue
        logger.info(f"[editions] removing {path.relative_to(app.outdir)} from the {edition} site")
        path.unlink()


def _strip_walk_notes(app, doctree, docname) -> None:
    """Student edition: cut the walks' teaching notes and full reasoning from cell outputs.

    Outputs are cached once for both editions, so the cut happens here, not in the cell.
    """
    if _is_instructor(app.config):
        return
    from docutils import nodes

    from casebook.walk.html import INSTRUCTOR_OPEN, strip_instructor

    for raw in doctree.findall(nodes.raw):
        if INSTRUCTOR_OPEN in raw.astext():
            raw.children = [nodes.Text(strip_instructor(raw.astext()))]


def setup(app) -> dict:
    """Register the editions with Sphinx (called by :mod:`casebook.sphinx`)."""
    instructor_note, answer_key = _directives()
    app.add_config_value("casebook_edition", DEFAULT_EDITION, "env")
    app.add_config_value("casebook_notebooks_branch", NOTEBOOKS_BRANCH, "html")
    app.connect("config-inited", _on_config_inited, priority=900)
    app.connect("html-page-context", _on_page_context, priority=502)
    app.connect("build-finished", _on_build_finished)
    app.connect("doctree-resolved", _strip_walk_notes)
    app.add_directive("instructor-note", instructor_note)
    app.add_directive("answer-key", answer_key)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
