"""One model of a chapter, read with the MyST parser that builds the book.

:func:`parse` (text) and :func:`read` (a file) turn a MyST Markdown chapter into a
:class:`Chapter`: its front matter, title, learning objectives, sections with the anchors Sphinx
gives them, code cells (source and tags), directive blocks (exercises, solutions, instructor
notes, admonitions...: name, argument, options, body and line span, nested blocks inside their
parents) and the ``book.quiz("slug")`` / ``book.walk("slug")`` calls of its code cells.

The blocks come from myst-parser's own markdown-it setup (``create_md_parser`` with the book's
``myst_enable_extensions``), so a fence is what the build sees as a fence: a closing fence uses
the opening character, is at least as long and has no info string; code blocks (a plain fence,
``{code-cell}``, ``{code-block}``...) are opaque, so a directive *shown as an example* in one is
no block; other directives are parsed inside, so a ``{solution}`` nested in an ``{exercise}`` is
found. An unclosed fence raises ``ValueError`` (CommonMark runs it to the end of the text, which
for a ``{solution}`` would silently swallow the rest of a chapter).

Everything else that reads a chapter's structure uses this model: :mod:`casebook.teaching`
(objectives, headings), :mod:`casebook.editions` (the student edition's cuts, plain Markdown),
:mod:`casebook.quiz.audit` (objectives, quiz calls) and the structure tests.

>>> ch = parse("# Staging\\n\\n:::{admonition} Learning objectives\\n:class: tip\\n"
...            "1. Stage it.\\n2. Explain it.\\n:::\\n\\n## Step 1: the labs\\n\\n"
...            "```{code-cell} ipython3\\n:tags: [hide-cell]\\nbook.quiz(\\"staging\\")\\n```\\n")
>>> ch.title, ch.objectives, ch.sections[0].anchor
('Staging', ('Stage it.', 'Explain it.'), 'step-1-the-labs')
>>> [(b.name, b.argument, b.start, b.end) for b in ch.blocks]
[('admonition', 'Learning objectives', 2, 6), ('code-cell', 'ipython3', 10, 13)]
>>> ch.cells[0].tags, ch.quiz_slugs
(('hide-cell',), ('staging',))
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils.nodes import make_id

from casebook.filecache import FastSafeLoader, until_changed

__all__ = [
    "MYST_EXTENSIONS", "OBJECTIVES_TITLE", "OPAQUE_DIRECTIVES", "Block", "Call", "Chapter",
    "CodeCell", "Section", "blocks", "parse", "read", "section_anchor",
]

# The book's parse.myst_enable_extensions (_config.yml); a book may give its own.
MYST_EXTENSIONS = ("colon_fence", "dollarmath", "deflist", "substitution")
OBJECTIVES_TITLE = "Learning objectives"
# Directives whose body is code, not MyST: nothing inside them is a block.
OPAQUE_DIRECTIVES = frozenset({"code-cell", "code-block", "code", "sourcecode", "literalinclude",
                               "eval-rst", "math"})
CALLS = ("quiz", "walk")  # book.quiz("slug"), book.walk("slug")

_DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z0-9_:.-]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Section:
    """A heading (H2, H3) and the id Sphinx gives its section."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class Block:
    """One fenced block: a directive (``name``) or a plain code block (``name`` is None).

    ``start`` and ``end`` are the 0-based indexes of its opening and closing fence lines in the
    parsed text, ``depth`` is 0 at top level, ``fence`` the opening fence (```` ``` ```` or
    ``:::``...). ``options`` are the ``:key: value`` lines (or a ``---`` YAML block) read as YAML;
    ``body`` is the rest, from ``body_start`` (0-based).
    """

    name: str | None
    argument: str
    options: dict
    body: str
    start: int
    end: int
    depth: int
    fence: str
    body_start: int

    @property
    def lines(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class CodeCell:
    """A ``{code-cell}``: its source (options removed), tags and 0-based opening line."""

    source: str
    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Call:
    """``book.<method>("<slug>")`` in a code cell (``method`` is ``quiz`` or ``walk``)."""

    method: str
    slug: str
    line: int


@dataclass(frozen=True)
class Chapter:
    """A chapter: see the module docstring."""

    slug: str
    title: str
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    headings: tuple[tuple[int, str], ...] = ()  # every top-level heading: (level, text)
    objective_blocks: tuple[tuple[str, ...], ...] = ()  # each Learning objectives admonition
    blocks: tuple[Block, ...] = ()  # outer blocks before the blocks nested in them
    cells: tuple[CodeCell, ...] = ()
    calls: tuple[Call, ...] = ()
    front_matter: dict = field(default_factory=dict)
    path: Path | None = None

    def section(self, title: str) -> Section:
        for section in self.sections:
            if section.title == title:
                return section
        raise KeyError(f"{self.slug}.md has no heading {title!r}")

    @property
    def h1(self) -> tuple[str, ...]:
        return tuple(text for level, text in self.headings if level == 1)

    @property
    def quiz_slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.calls if c.method == "quiz")

    @property
    def walk_slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.calls if c.method == "walk")

    def directives(self, name: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.name == name)

    @property
    def outline(self) -> str:
        """What other pages show of the chapter, as text: title, objectives, headings with
        their anchors, the quizzes and walks it runs; not its prose or code. The pages built
        from chapters (the instructor guide's tables, My progress, the exports) depend on it,
        so editing a paragraph rebuilds only the chapter's own page."""
        calls = tuple((c.method, c.slug) for c in self.calls)
        return repr((self.slug, self.title, self.objectives, self.objective_blocks,
                     self.sections, self.headings, calls))


def section_anchor(title: str) -> str:
    """The HTML id Sphinx gives a MyST heading (docutils ``make_id`` of its text).

    >>> section_anchor("Step 1: the presentation")
    'step-1-the-presentation'
    >>> section_anchor("The conditioning dose: melphalan 200 mg/m²")
    'the-conditioning-dose-melphalan-200-mg-m2'
    """
    return make_id(re.sub(r"[`*]", "", title))


# --------------------------------------------------------------------------- the parser

@functools.cache
def _parser(extensions: tuple[str, ...]):
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def _tokens(text: str, extensions: Iterable[str]):
    return _parser(tuple(sorted(extensions))).parse(text)


def _options(lines: list[str]) -> tuple[dict, int]:
    """A directive's options (as myst-parser reads them: ``:key: value`` lines or a ``---``
    YAML block, as YAML) and how many lines they take."""
    if lines and lines[0].strip() == "---":
        close = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if close is not None:
            return _yaml(lines[1:close]), close + 1
    count = 0
    while count < len(lines) and _OPTION.match(lines[count]):
        count += 1
    return _yaml([line.lstrip()[1:] for line in lines[:count]]), count


def _yaml(lines: list[str]) -> dict:
    try:
        value = yaml.load("\n".join(lines), Loader=FastSafeLoader) or {}  # noqa: S506
    except yaml.YAMLError:
        value = {}
    return value if isinstance(value, dict) else {}


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def blocks(text: str, extensions: Iterable[str] = MYST_EXTENSIONS) -> list[Block]:
    """Every fenced block of ``text``, outer blocks before the blocks nested in them.

    >>> [(b.start, b.end, b.name, b.depth) for b in blocks("````{exercise} Q\\nAsk.\\n\\n"
    ...     "```{solution} ex\\n:class: dropdown\\nA.\\n```\\n````\\n")]
    [(0, 7, 'exercise', 0), (3, 6, 'solution', 1)]
    """
    found = list(_blocks(text.split("\n"), 0, len(text.split("\n")), 0, tuple(extensions)))
    return sorted(found, key=lambda b: (b.start, b.depth))


def _blocks(lines: list[str], first: int, stop: int, depth: int,
            extensions: tuple[str, ...]) -> Iterator[Block]:
    """The blocks of ``lines[first:stop]`` (indexes into the whole text)."""
    for token in _tokens("\n".join(lines[first:stop]), extensions):
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        start, end = first + token.map[0], first + token.map[1] - 1
        match = _DIRECTIVE.match(token.info.strip())
        name = match["name"] if match else None
        if end == start or not _closes(lines[end], token.markup):
            raise ValueError(
                f"line {start + 1}: the fence {token.markup}{{{name}}} is never closed" if name
                else f"line {start + 1}: unclosed code fence")
        inner = token.content.split("\n")[:end - start - 1]
        options, used = _options(inner) if name else ({}, 0)
        body_start = start + 1 + used
        if used and body_start < end and not lines[body_start].strip():
            body_start += 1  # the blank line allowed between options and body
        yield Block(name, match["argument"].strip() if match else token.info.strip(), options,
                    "\n".join(inner[body_start - start - 1:]), start, end, depth,
                    token.markup, body_start)
        if name is not None and name not in OPAQUE_DIRECTIVES:
            yield from _blocks(lines, body_start, end, depth + 1, extensions)


# --------------------------------------------------------------------------- the chapter

def _plain(inline) -> str:
    """The text docutils makes of a heading's inline markup (what its id is made from)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "myst_role":
            parts.append(re.sub(r"\s*<[^<>]*>$", "", child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _list_items(text: str, extensions: tuple[str, ...]) -> tuple[str, ...]:
    """The text of each item of the first-level ordered lists in ``text``."""
    items, depth, in_item = [], 0, False
    for token in _tokens(text, extensions):
        if token.type == "ordered_list_open":
            depth += 1
        elif token.type == "ordered_list_close":
            depth -= 1
        elif token.type == "list_item_open" and depth == 1 and token.level == 1:
            in_item = True
        elif token.type == "inline" and in_item:
            items.append(" ".join(token.content.split()))
            in_item = False
    return tuple(items)


def _calls(source: str, line: int) -> Iterator[Call]:
    # IPython magics and shell escapes are not Python; blank them, keeping line numbers.
    code = "\n".join("" if _MAGIC.match(row) else row for row in source.split("\n"))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in CALLS and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "book" and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            yield Call(node.func.attr, node.args[0].value, line + node.lineno)


def parse(text: str, slug: str = "", *, extensions: Iterable[str] = MYST_EXTENSIONS,
          path: Path | None = None) -> Chapter:
    """The :class:`Chapter` of the MyST text ``text``."""
    extensions = tuple(sorted(extensions))
    front, headings, pending = {}, [], None
    for token in _tokens(text, extensions):
        if token.type == "front_matter":
            front = _yaml(token.content.split("\n"))
        elif token.type == "heading_open" and token.level == 0:
            pending = int(token.tag[1])
        elif token.type == "inline" and pending is not None:
            headings.append((pending, token.content.strip(), _plain(token)))
            pending = None
    found = blocks(text, extensions)
    objective_blocks = tuple(
        _list_items(b.body, extensions) for b in found
        if b.name == "admonition" and b.argument == OBJECTIVES_TITLE)
    code = [b for b in found if b.name == "code-cell"]
    cells = tuple(CodeCell(b.body, tuple(_tags(b.options.get("tags"))), b.start) for b in code)
    calls = tuple(call for b in code for call in _calls(b.body, b.body_start - 1))
    title = next((text for level, text, _ in headings if level == 1), "")
    sections = tuple(Section(level, text, make_id(plain))
                     for level, text, plain in headings if level in (2, 3))
    return Chapter(slug, title, tuple(i for b in objective_blocks for i in b), sections,
                   tuple((level, text) for level, text, _ in headings), objective_blocks,
                   tuple(found), cells, calls, front, path)


def _tags(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.strip("[]").split(",") if t.strip()]
    return [str(t) for t in value]


def read(path: Path | str, *, extensions: Iterable[str] = MYST_EXTENSIONS) -> Chapter:
    """The :class:`Chapter` of the MyST file at ``path`` (its slug is the file name's stem).

    Errors name the file: ``ValueError: <path>: line 3: the fence ... is never closed``.
    Kept until the file changes (:mod:`casebook.filecache`).
    """
    return _read(path, tuple(extensions))


@until_changed
def _read(path: Path | str, extensions: tuple[str, ...]) -> Chapter:
    path = Path(path)
    try:
        return parse(path.read_text(encoding="utf-8"), path.stem, extensions=extensions,
                     path=path)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc
