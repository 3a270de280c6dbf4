"""Walk files: load and validate ``<book>/walks/<slug>.yml``.

No HTML here. A walk becomes frozen dataclasses, or :class:`WalkError` lists every problem,
each naming the file, the line, the stage (and task) and the field.

Schema (required unless marked optional)::

    title: Walk the case                  # the walk's heading
    intro: Markdown                       # optional: shown above the first stage
    scoring:                              # optional: the grading parameters (see grading.py)
      present: 1                          # credit per expert diagnosis in the learner's list
      rank_bonus: 1                       # extra credit when it is at the expert's rank
      must_not_miss_penalty: 1            # taken off per must-not-miss diagnosis left out
      right_at: 0.5                       # a task counts as right at this score or above
    stages:
      - id: presentation                  # kebab-case, unique
        title: Presentation
        text: Markdown                    # what the clinicians saw, in the book's words
        reveals: [age, sex]               # case.yml fact ids, shown as a table; optional
        teaching_note: Markdown           # optional: instructor edition only
        tasks:                            # at least one
          - id: summary                   # kebab-case, unique in the stage
            kind: problem | differential | next-step
            prompt: Markdown
            reasoning: Markdown           # the expert's reasoning, shown after committing
            full_reasoning: Markdown      # optional: instructor edition only
            source: [BibKey]              # keys of references.bib, at least one
            # problem:
            expert: the expert's one-line summary
            features: [{id: fever, text: recurrent fever}]       # at least one
            # differential:
            options: [{id: ass, text: ..., explanation: ..., source: [Key]}]
            expert: [ass, myeloma]        # the expert's ranking, 1 to 5 option ids
            must_not_miss: [myeloma]      # optional: option ids
            # next-step:
            options: [{id: hrct, text: ..., consequence: ..., source: [Key]}]
            expert: hrct                  # one option id

Unknown fields and duplicate keys are rejected: a typo would otherwise vanish silently.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from casebook.filecache import until_changed
from casebook.quiz.bank import _Loader  # the YAML loader that records lines, refuses duplicates

if TYPE_CHECKING:
    from casebook.book import Book

__all__ = ["KINDS", "MAX_RANKED", "Option", "Stage", "Task", "Walk", "WalkError", "load_walk"]

KINDS = ("problem", "differential", "next-step")
MAX_RANKED = 5
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCORING_DEFAULTS = {"present": 1.0, "rank_bonus": 1.0, "must_not_miss_penalty": 1.0,
                    "right_at": 0.5}
WALK_FIELDS = ({"title", "stages"}, {"intro", "scoring"})
STAGE_FIELDS = ({"id", "title", "text", "tasks"}, {"reveals", "teaching_note"})
TASK_COMMON = {"id", "kind", "prompt", "reasoning", "source", "expert"}
TASK_FIELDS = {
    "problem": (TASK_COMMON | {"features"}, {"full_reasoning"}),
    "differential": (TASK_COMMON | {"options"}, {"full_reasoning", "must_not_miss"}),
    "next-step": (TASK_COMMON | {"options"}, {"full_reasoning"}),
}
OPTION_FIELDS = {"differential": ({"id", "text", "explanation", "source"}, set()),
                 "next-step": ({"id", "text", "consequence", "source"}, set())}
FEATURE_FIELDS = ({"id", "text"}, set())


@dataclass(frozen=True)
class Option:
    """A diagnosis (``explanation``) or a next step (``consequence``): ``note`` is either."""

    id: str
    text: str
    note: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    id: str
    kind: str
    prompt: str
    reasoning: str
    source: tuple[str, ...]
    expert: object  # problem: str; differential: tuple of option ids; next-step: option id
    options: tuple[Option, ...] = ()
    features: tuple[Option, ...] = ()  # problem: the key features (note and source empty)
    must_not_miss: tuple[str, ...] = ()
    full_reasoning: str = ""


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    text: str
    tasks: tuple[Task, ...]
    reveals: tuple[str, ...] = ()
    teaching_note: str = ""


@dataclass(frozen=True)
class Walk:
    slug: str
    title: str
    stages: tuple[Stage, ...]
    scoring: dict = field(default_factory=lambda: dict(SCORING_DEFAULTS))
    intro: str = ""
    path: Path | None = None

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(f"walk {self.slug!r} has no stage {stage_id!r}: "
                       + ", ".join(s.id for s in self.stages))


class WalkError(ValueError):
    """A walk that cannot be used; ``problems`` lists every one found."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"walk {self.path} has {len(self.problems)} problem(s):\n{lines}")


class _Checker:
    """Collects problems; each message starts with the line and where in the walk."""

    def __init__(self, path: Path, facts: set[str], keys: set[str]):
        self.path, self.facts, self.keys = path, facts, keys
        self.problems: list[str] = []

    def add(self, node, where: str, message: str) -> None:
        line = getattr(node, "line", 0)
        self.problems.append(f"{f'line {line}: ' if line else ''}{where}: {message}")

    def fields(self, node, where: str, spec: tuple[set, set]) -> bool:
        if not isinstance(node, dict):
            self.add(node, where, f"must be a mapping, got {type(node).__name__}")
            return False
        required, optional = spec
        for key in sorted(required - set(node)):
            self.add(node, where, f"field {key!r} is missing")
        for key in sorted(set(node) - required - optional, key=str):
            self.add(node, where, f"unknown field {key!r} (allowed: "
                     + ", ".join(sorted(required | optional)) + ")")
        return True

    def text(self, node, where: str, key: str) -> str:
        value = node.get(key, "")
        if not isinstance(value, str) or not value.strip():
            if key in node:
                self.add(node, where, f"field {key!r} must be non-empty text")
            return ""
        return value.strip()

    def ident(self, node, where: str, seen: set) -> str:
        value = node.get("id")
        if not isinstance(value, str) or not KEBAB.match(value):
            self.add(node, where, f"field 'id' must be kebab-case text, got {value!r}")
            return str(value)
        if value in seen:
            self.add(node, where, f"duplicate id {value!r}")
        seen.add(value)
        return value

    def sources(self, node, where: str) -> tuple[str, ...]:
        value = node.get("source")
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            self.add(node, where, "field 'source' must be a bib key or a list of them")
            return ()
        for key in keys:
            if key not in self.keys:
                self.add(node, where, f"source {key!r} is not in references.bib")
        return tuple(keys)

    def id_list(self, node, where: str, key: str, known: list[str]) -> tuple[str, ...]:
        value = node.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(node, where, f"field {key!r} must be a list of option ids")
            return ()
        for item in value:
            if item not in known:
                self.add(node, where, f"field {key!r}: {item!r} is not an option id")
        if len(set(value)) != len(value):
            self.add(node, where, f"field {key!r} names an option twice")
        return tuple(value)

    # ------------------------------------------------------------------ the parts
    def walk(self, data, slug: str) -> Walk | None:
        if not self.fields(data, "walk", WALK_FIELDS):
            return None
        scoring = self.scoring(data.get("scoring", {}))
        stages, seen = [], set()
        raw = data.get("stages")
        if not isinstance(raw, list) or not raw:
            self.add(data, "walk", "field 'stages' must be a non-empty list")
            raw = []
        for index, node in enumerate(raw, start=1):
            stage = self.stage(node, index, seen)
            if stage:
                stages.append(stage)
        return Walk(slug, self.text(data, "walk", "title"), tuple(stages), scoring,
                    self.text(data, "walk", "intro"), self.path)

    def scoring(self, node) -> dict:
        if not self.fields(node, "walk scoring", (set(), set(SCORING_DEFAULTS))):
            return dict(SCORING_DEFAULTS)
        out = dict(SCORING_DEFAULTS)
        for key, value in node.items():
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            if key in out and not ok:
                self.add(node, "walk scoring", f"field {key!r} must be a number >= 0")
            elif key in out:
                out[key] = float(value)
        if not 0 < out["right_at"] <= 1:
            self.add(node, "walk scoring", "field 'right_at' must be in (0, 1]")
        return out

    def stage(self, node, index: int, seen: set) -> Stage | None:
        where = f"stage {index}"
        if not self.fields(node, where, STAGE_FIELDS):
            return None
        sid = self.ident(node, where, seen)
        where = f"stage {sid!r}"
        reveals = node.get("reveals", [])
        if not isinstance(reveals, list) or not all(isinstance(r, str) for r in reveals):
            self.add(node, where, "field 'reveals' must be a list of case.yml fact ids")
            reveals = []
        for fact in reveals:
            if fact not in self.facts:
                self.add(node, where, f"field 'reveals': {fact!r} is not a fact id of case.yml")
        tasks, task_ids = [], set()
        raw = node.get("tasks")
        if not isinstance(raw, list) or not raw:
            self.add(node, where, "field 'tasks' must be a non-empty list")
            raw = []
        for number, task_node in enumerate(raw, start=1):
            task = self.task(task_node, f"{where} task {number}", task_ids)
            if task:
                tasks.append(task)
        return Stage(sid, self.text(node, where, "title"), self.text(node, where, "text"),
                     tuple(tasks), tuple(reveals), self.text(node, where, "teaching_note"))

    def task(self, node, where: str, seen: set) -> Task | None:
        kind = node.get("kind") if isinstance(node, dict) else None
        if kind not in KINDS:
            self.add(node, where, f"field 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
            return None
        if not self.fields(node, where, TASK_FIELDS[kind]):
            return None
        tid = self.ident(node, where, seen)
        where = f"{where.rsplit(' task ', 1)[0]} task {tid!r}"
        common = dict(id=tid, kind=kind, prompt=self.text(node, where, "prompt"),
                      reasoning=self.text(node, where, "reasoning"),
                      source=self.sources(node, where),
                      full_reasoning=self.text(node, where, "full_reasoning"))
        if kind == "problem":
            features = self.items(node, where, "features", FEATURE_FIELDS, sourced=False)
            return Task(**common, expert=self.text(node, where, "expert"), features=features)
        options = self.items(node, where, "options", OPTION_FIELDS[kind], sourced=True)
        known = [o.id for o in options]
        if kind == "next-step":
            expert = node.get("expert")
            if expert not in known:
                self.add(node, where, f"field 'expert' must be one option id, got {expert!r}")
            return Task(**common, expert=expert, options=options)
        expert = self.id_list(node, where, "expert", known)
        if not 1 <= len(expert) <= MAX_RANKED:
            self.add(node, where, f"field 'expert' must rank 1 to {MAX_RANKED} options")
        must = self.id_list(node, where, "must_not_miss", known)
        return Task(**common, expert=expert, options=options, must_not_miss=must)

    def items(self, node, where: str, key: str, spec, *, sourced: bool) -> tuple[Option, ...]:
        raw = node.get(key)
        if not isinstance(raw, list) or len(raw) < (1 if key == "features" else 2):
            self.add(node, where, f"field {key!r} must be a list of at least "
                     f"{1 if key == 'features' else 2}")
            return ()
        out, seen = [], set()
        for number, item in enumerate(raw, start=1):
            here = f"{where} {key[:-1]} {number}"
            if not self.fields(item, here, spec):
                continue
            oid = self.ident(item, here, seen)
            note = self.text(item, here, "explanation") or self.text(item, here, "consequence")
            out.append(Option(oid, self.text(item, here, "text"), note,
                              self.sources(item, here) if sourced else ()))
        return tuple(out)


def _read(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except OSError as exc:
        raise WalkError(path, [f"cannot read the file: {exc}"]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise WalkError(path, [f"{where}: malformed YAML: {problem}"]) from exc


def load_walk(slug_or_path: str | os.PathLike, *, book: Book) -> Walk:
    """The validated walk ``<book>/walks/<slug>.yml`` (or a walk file checked against ``book``).

    Raises
    ------
    FileNotFoundError
        No such walk (the message lists the walks there are).
    WalkError
        Every problem found, each naming the line, stage, task and field.
    """
    if isinstance(slug_or_path, str) and KEBAB.match(slug_or_path):
        path = book.walks / f"{slug_or_path}.yml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in book.walks.glob("*.yml"))) or "none"
            raise FileNotFoundError(f"no walk {slug_or_path!r}: expected {path} (walks: {known})")
    else:
        path = Path(slug_or_path)
    return _load(path, book)


@until_changed(also=lambda path, book: (book.case_file, book.bib))
def _load(path: Path, book: Book) -> Walk:
    checker = _Checker(path, {f.id for f in book.case.facts()}, book.bib_keys())
    walk = checker.walk(_read(path), path.stem)
    if checker.problems or walk is None:
        raise WalkError(path, checker.problems or ["the file is empty"])
    return walk
