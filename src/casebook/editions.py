"""The two editions of the casebook and the notebooks generated from its MyST chapters.

One switch, the environment variable ``CASEBOOK_EDITION`` (``student``, the default, or
``instructor``), decides which edition the book extension (``book/_ext/editions.py``), the
notebook generator (``scripts/notebooks.py``) and the handout (``scripts/handout.py``) produce.

The student edition leaves out the worked answers (``{solution}`` blocks, sphinx-exercise) and
the facilitator notes (``{instructor-note}`` blocks). Here they are cut from the MyST text with a
small fence scanner that follows the CommonMark rules for fenced blocks (a closing fence uses
the opening character, is at least as long and carries no info string):

- a fenced block whose directive is one of the names to strip is removed with its fences;
- code blocks (an info string not in braces, or ``{code-cell}``, ``{code-block}``, ``{code}``)
  are opaque: a directive *shown as an example* inside one is kept;
- other directives (``{exercise}``, ``{admonition}``, ...) are transparent: a block to strip
  nested inside one is still found.

This module knows nothing of Sphinx; it imports only the standard library, jupytext and nbformat.
The last two are imported inside the notebook functions: the instructor guide's kernel needs only
the fence scanner, and importing nbformat costs about 2 s there (see ``casebook.glue``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

__all__ = [
    "DEFAULT_EDITION", "EDITIONS", "EDITION_VARIABLE", "HIDDEN_FROM_STUDENTS", "NOTEBOOKS_BRANCH",
    "Fence", "chapter_notebook", "colab_setup_cell", "edition_from_env",
    "fences", "launch_urls", "plain_markdown", "strip_blocks", "write_notebook",
]

EDITION_VARIABLE = "CASEBOOK_EDITION"
EDITIONS = ("student", "instructor")
DEFAULT_EDITION = "student"
# Directives whose content students never see: worked answers and facilitator notes.
HIDDEN_FROM_STUDENTS = ("solution", "instructor-note")
# The branch the pages workflow publishes: the runnable tree plus the student notebooks.
NOTEBOOKS_BRANCH = "notebooks"
OPAQUE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "literalinclude"}

_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*\{(?P<name>[A-Za-z0-9_:.-]+)\}")


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


def _closes(line: str, char: str, length: int) -> bool:
    stripped = line.strip()
    return (len(line) - len(line.lstrip(" ")) <= 3 and len(stripped) >= length
            and set(stripped) == {char})


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced block of ``lines``, outer blocks before the blocks nested in them.

    An unclosed fence raises ``ValueError`` (CommonMark would run it to the end of the text,
    which for a ``{solution}`` would silently swallow the rest of a chapter).

    >>> text = ["```{exercise} Q", "Ask.", "```", "", "````{solution} ex", "```python",
    ...         "x = 1", "```", "````"]
    >>> [(f.start, f.end, f.name) for f in fences(text)]
    [(0, 2, 'exercise'), (4, 8, 'solution'), (5, 7, None)]
    """
    found: list[Fence] = []
    stack: list[tuple[int, str, int, str | None]] = []  # start, char, length, name
    for index, line in enumerate(lines):
        if stack:
            start, char, length, name = stack[-1]
            if _closes(line, char, length):
                stack.pop()
                found.append(Fence(start, index, name, len(stack)))
                continue
            if name is None or name in OPAQUE_DIRECTIVES:
                continue  # inside a code block nothing opens
        match = _OPEN.match(line)
        if not match:
            continue
        fence, info = match["fence"], match["info"]
        if fence[0] == "`" and "`" in info:
            continue  # not a fence (CommonMark: no backtick in a backtick fence's info)
        directive = _DIRECTIVE.match(info)
        stack.append((index, fence[0], len(fence), directive["name"] if directive else None))
    if stack:
        start, char, length, name = stack[-1]
        raise ValueError(f"line {start + 1}: the fence {char * length}{{{name}}} is never "
                         "closed" if name else f"line {start + 1}: unclosed code fence")
    return sorted(found, key=lambda f: (f.start, f.depth))


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
    for fence in fences(lines):
        if fence.name in names and fence.start not in drop:
            drop.update(range(fence.start, fence.end + 1))
            # Swallow one blank line after the block so no double gap is left behind.
            after = fence.end + 1
            before_blank = fence.start == 0 or not lines[fence.start - 1].strip()
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
_OPTION = re.compile(r"^\s*:[\w-]+:")
_TARGET = re.compile(r"^\([\w:.-]+\)=\s*$")
_ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<body>[^`]*)`")


def _role_text(match: re.Match) -> str:
    role, body = match["role"], match["body"]
    if role.startswith("cite"):
        return "(" + "; ".join(key.strip() for key in body.split(",")) + ")"
    if role.startswith("glue") or role == "eval":
        return f"`{body}`"  # a value the chapter's code computes, by name
    if role == "math":
        return f"${body}$"
    return re.sub(r"\s*<[^<>]*>$", "", body).strip() or body  # term, ref, doc: the text


def _quote(name: str, head: str, body: list[str]) -> list[str]:
    argument = _DIRECTIVE.sub("", _OPEN.match(head)["info"], count=1).strip()
    title = QUOTED[name]
    if title is None:
        title = argument or name.capitalize()
    elif argument and name in ("exercise", "instructor-note"):
        title = f"{title}: {argument}"
    while body and _OPTION.match(body[0]):
        body = body[1:]
    inner = plain_markdown("\n".join(body)).strip("\n").split("\n")
    return [f"> {line}" if line else ">" for line in [f"**{title}**", "", *inner]]


def plain_markdown(text: str) -> str:
    r"""MyST prose as plain Markdown, for notebooks opened where MyST is not rendered (Colab,
    JupyterLab without jupyterlab-myst): admonitions, exercises, solutions and notes become
    quoted blocks with a bold title; roles become their text (``{term}`ILD``` -> ``ILD``,
    citations ``(Key)``, glued values their name in code); ``(label)=`` targets go.

    >>> print(plain_markdown(":::{admonition} Learning objectives\n:class: tip\n1. Stage it.\n:::"))
    > **Learning objectives**
    >
    > 1. Stage it.
    >>> plain_markdown("See {term}`ILD <interstitial lung disease>` {cite:p}`A2020,B2021`.")
    'See ILD (A2020; B2021).'
    """
    lines = text.split("\n")
    out: list[str] = []

    def prose(chunk: list[str]) -> list[str]:
        return [_ROLE.sub(_role_text, line) for line in chunk if not _TARGET.match(line)]

    done = 0
    for fence in (f for f in fences(lines) if f.depth == 0):
        out += prose(lines[done:fence.start])
        if fence.name in QUOTED:
            out += _quote(fence.name, lines[fence.start], lines[fence.start + 1:fence.end])
        else:
            out += lines[fence.start:fence.end + 1]
        done = fence.end + 1
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


def chapter_notebook(md_path: Path | str, edition: str, *, repository_url: str | None = None,
                     branch: str = NOTEBOOKS_BRANCH):
    """The notebook of one MyST chapter for ``edition``: no outputs, and for students no
    ``{solution}`` or ``{instructor-note}`` blocks (markdown cells left empty are dropped).

    With ``repository_url`` the notebook starts with :func:`colab_setup_cell`.
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
                cell.source = plain_markdown(cell.source)
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
