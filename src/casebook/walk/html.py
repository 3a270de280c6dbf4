"""Static HTML for a walk: every message is written here, escaped; walk.js only toggles it.

``casebook/sphinx/static/walk.js`` finds each ``.cb-walk``, reads its one
``<script type="application/
json">`` (:func:`page_data`: the grading data and parameters of :mod:`casebook.walk.grading`),
enables the inputs, shows stage after stage and fills numbers and the learner's own words in
with ``textContent``; it never builds HTML. Walk text goes through :mod:`casebook.quiz.markup`.

Hooks: each stage's ``<li>`` has ``data-walk-stage="<id>"`` (and ``hidden`` while locked), the
summary ``data-walk-summary``. Teaching notes and the expert's full reasoning sit between
:data:`INSTRUCTOR_OPEN` and :data:`INSTRUCTOR_CLOSE`; the student edition of the book cuts them
out (``casebook.editions``), so they reach neither its pages nor the JSON.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from casebook.quiz.html import json_for_script
from casebook.quiz.markup import block, inline
from casebook.walk.grading import CERTAINTIES, walk_data
from casebook.walk.schema import MAX_RANKED, Stage, Task, Walk

__all__ = ["INSTRUCTOR_CLOSE", "INSTRUCTOR_OPEN", "KIND_TITLES", "page_data", "render_html",
           "revision", "strip_instructor"]

INSTRUCTOR_OPEN, INSTRUCTOR_CLOSE = "<!-- cb-instructor -->", "<!-- /cb-instructor -->"
KIND_TITLES = {"problem": "Problem statement", "differential": "Ranked differential",
               "next-step": "Next step"}
CERTAINTY_WORDS = {1: "a guess", 2: "unsure", 3: "fairly sure", 4: "sure", 5: "certain"}
TICK = "\u2713"
_TAGS = re.compile(r"<[^>]+>")


def revision(walk: Walk) -> str:
    """A content hash of the grading data: answers saved against another version are dropped."""
    text = json.dumps(walk_data(walk), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def page_data(walk: Walk) -> dict:
    """The JSON the page carries: slug, revision, stage titles and the grading data."""
    data = walk_data(walk)
    for stage, entry in zip(walk.stages, data["stages"]):
        entry["title"] = stage.title
        for task, item in zip(stage.tasks, entry["tasks"]):
            item["title"] = KIND_TITLES[task.kind]
            item["options"] = {o.id: o.text for o in task.options}
    return {"slug": walk.slug, "rev": revision(walk), "title": walk.title, **data}


_INSTRUCTOR = re.compile(re.escape(INSTRUCTOR_OPEN) + ".*?" + re.escape(INSTRUCTOR_CLOSE), re.S)


def strip_instructor(text: str) -> str:
    """``text`` without its instructor-only segments (the student edition's pages).

    >>> strip_instructor("a" + instructor("<p>note</p>") + "b")
    'ab'
    """
    return _INSTRUCTOR.sub("", text)


def instructor(content: str) -> str:
    return f"{INSTRUCTOR_OPEN}{content}{INSTRUCTOR_CLOSE}" if content else ""


def sources_html(keys) -> str:
    # One "Source:" line per key: the book's quiz_sources extension links each to its entry.
    return "".join(f'<p class="cb-quiz__source">Source: {html.escape(k)}</p>' for k in keys)


def fact_text(value) -> str:
    """A case fact's value in words (lists joined, mappings as 'key: value')."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(fact_text(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"low", "high"}:
            return f"{value['low']}-{value['high']}"
        return "; ".join(f"{k.replace('_', ' ')}: {fact_text(v)}" for k, v in value.items())
    return str(value)


def facts_html(stage: Stage, case) -> str:
    if not stage.reveals:
        return ""
    rows = []
    for fid in stage.reveals:
        fact = case.fact(fid)
        unit = f" {fact.unit}" if fact.unit and not fact.unit.startswith("reciprocal") else ""
        rows.append(f'<tr><th scope="row">{html.escape(fact.label)}</th>'
                    f"<td>{html.escape(fact_text(fact.value) + unit)}</td></tr>")
    return ('<table class="cb-walk__facts"><caption>What is known now</caption>'
            '<thead><tr><th scope="col">Finding</th><th scope="col">Value</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


class _Ids:
    def __init__(self, *parts: str):
        self.base = "-".join(("walk",) + parts)

    def __call__(self, suffix: str = "") -> str:
        return f"{self.base}-{suffix}" if suffix else self.base


def _certainty(ids: _Ids) -> str:
    radios = "".join(
        f'<span class="cb-walk__level"><input type="radio" name="{ids("certainty")}" '
        f'id="{ids(f"certainty-{n}")}" value="{n}" class="cb-walk__certainty" disabled>'
        f'<label for="{ids(f"certainty-{n}")}">{n} <span class="cb-walk__level-word">'
        f"{CERTAINTY_WORDS[n]}</span></label></span>" for n in CERTAINTIES)
    return (f'<fieldset class="cb-walk__certainty-group"><legend>How sure are you? '
            f'(1 = a guess, 5 = certain)</legend>{radios}</fieldset>')


def _problem(task: Task, ids: _Ids) -> tuple[str, str]:
    inputs = (f'<p><label for="{ids("text")}">Your one-line summary</label><br>'
              f'<textarea id="{ids("text")}" class="cb-walk__text" rows="3" maxlength="600" '
              'spellcheck="true" disabled></textarea></p>')
    boxes = "".join(
        f'<li><input type="checkbox" id="{ids(f"feature-{f.id}")}" value="{f.id}" '
        f'class="cb-walk__feature"><label for="{ids(f"feature-{f.id}")}">{inline(f.text)}'
        "</label></li>" for f in task.features)
    feedback = (f'<p class="cb-walk__expert-label">The expert&#8217;s summary</p>'
                f'<blockquote class="cb-walk__expert">{block(task.expert)}</blockquote>'
                f'<fieldset class="cb-walk__features"><legend>Tick the key features your '
                f'summary contained</legend><ul class="cb-walk__list">{boxes}</ul></fieldset>')
    return inputs, feedback


def _differential(task: Task, ids: _Ids) -> tuple[str, str]:
    boxes, ranks = [], []
    for o in task.options:
        oid = ids(f"option-{o.id}")
        boxes.append(f'<li><input type="checkbox" id="{oid}" value="{o.id}" '
                     f'class="cb-walk__pick" disabled><label for="{oid}">{inline(o.text)}</label>'
                     "</li>")
        name = html.escape(_plain(o.text), quote=True)
        ranks.append(
            f'<li class="cb-walk__ranked" data-option="{o.id}" hidden>'
            f'<span class="cb-walk__ranked-text">{inline(o.text)}</span> '
            f'<span class="cb-walk__moves"><button type="button" class="cb-walk__button '
            f'cb-walk__up" aria-label="Move {name} up">Up</button> <button type="button" '
            f'class="cb-walk__button cb-walk__down" aria-label="Move {name} down">Down</button>'
            "</span></li>")
    inputs = (f'<fieldset class="cb-walk__picks"><legend>Choose up to {MAX_RANKED} diagnoses'
              f'</legend><ul class="cb-walk__list">{"".join(boxes)}</ul></fieldset>'
              f'<p class="cb-walk__limit" role="alert" hidden>You can rank at most {MAX_RANKED}: '
              "untick one first.</p>"
              f'<p class="cb-walk__ranking-label" id="{ids("ranking")}">Your ranking, most '
              'likely first (use Up and Down to reorder):</p>'
              f'<ol class="cb-walk__ranking" aria-labelledby="{ids("ranking")}">'
              f'{"".join(ranks)}</ol>'
              '<p class="cb-walk__ranking-empty">Nothing chosen yet.</p>')
    by_id = {o.id: o for o in task.options}
    expert = "".join(f"<li>{inline(by_id[i].text)}"
                     f'{" <strong>(must not miss)</strong>" if i in task.must_not_miss else ""}'
                     "</li>" for i in task.expert)
    notes = "".join(f'<dt>{inline(o.text)}</dt><dd>{block(o.note)}{sources_html(o.source)}</dd>'
                    for o in task.options)
    feedback = (f'<p class="cb-walk__expert-label">The expert&#8217;s ranking</p>'
                f'<ol class="cb-walk__expert">{expert}</ol>'
                '<details class="cb-walk__notes"><summary>Every diagnosis on the list, '
                f'explained</summary><dl>{notes}</dl></details>')
    return inputs, feedback


def _next_step(task: Task, ids: _Ids) -> tuple[str, str]:
    radios, notes = [], []
    for o in task.options:
        oid = ids(f"option-{o.id}")
        radios.append(f'<li><input type="radio" name="{ids()}" id="{oid}" value="{o.id}" '
                      f'class="cb-walk__choice" disabled><label for="{oid}">{inline(o.text)}'
                      "</label></li>")
        mark = (f' <strong class="cb-walk__expert-mark"><span aria-hidden="true">{TICK}'
                "</span> The expert&#8217;s choice</strong>" if o.id == task.expert else "")
        notes.append(f'<li class="cb-walk__consequence" data-option="{o.id}">'
                     f'<p class="cb-walk__consequence-head">{inline(o.text)}{mark} '
                     '<span class="cb-walk__yours" hidden>(your choice)</span></p>'
                     f"{block(o.note)}{sources_html(o.source)}</li>")
    inputs = (f'<fieldset class="cb-walk__choices"><legend>Choose one</legend>'
              f'<ul class="cb-walk__list">{"".join(radios)}</ul></fieldset>')
    feedback = ('<p class="cb-walk__expert-label">What each choice would bring</p>'
                f'<ul class="cb-walk__consequences">{"".join(notes)}</ul>')
    return inputs, feedback


def _plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", inline(text)))


def _task(task: Task, stage: Stage, slug: str) -> str:
    ids = _Ids(slug, stage.id, task.id)
    inputs, feedback = {"problem": _problem, "differential": _differential,
                        "next-step": _next_step}[task.kind](task, ids)
    full = instructor(f'<div class="cb-walk__instructor"><p class="cb-walk__instructor-title">'
                      f"Instructor: the expert&#8217;s full reasoning</p>"
                      f"{block(task.full_reasoning)}</div>" if task.full_reasoning else "")
    return (
        f'<div class="cb-walk__task" data-task="{task.id}" data-kind="{task.kind}" '
        f'id="{ids()}" role="group" aria-labelledby="{ids("title")}">'
        f'<h4 class="cb-walk__task-title" id="{ids("title")}">{KIND_TITLES[task.kind]}</h4>'
        f'<div class="cb-walk__prompt">{block(task.prompt)}</div>{inputs}{_certainty(ids)}'
        f'<div class="cb-walk__feedback" hidden>{feedback}'
        f'<p class="cb-walk__task-score">Your score for this task: '
        f'<span class="cb-walk__task-score-value">0%</span></p>'
        f'<div class="cb-walk__reasoning"><p class="cb-walk__expert-label">The expert&#8217;s '
        f'reasoning</p>{block(task.reasoning)}{sources_html(task.source)}</div>{full}</div>'
        "</div>")


def _stage(stage: Stage, number: int, walk: Walk, case) -> str:
    ids = _Ids(walk.slug, stage.id)
    total = len(walk.stages)
    note = instructor(f'<div class="cb-walk__instructor"><p class="cb-walk__instructor-title">'
                      f"Instructor: teaching note</p>{block(stage.teaching_note)}</div>"
                      if stage.teaching_note else "")
    return (
        f'<li class="cb-walk__stage" data-walk-stage="{stage.id}" id="{ids()}"'
        f'{" hidden" if number > 1 else ""} aria-labelledby="{ids("title")}">'
        f'<h3 class="cb-walk__stage-title" id="{ids("title")}" tabindex="-1">'
        f"Stage {number} of {total}: {inline(stage.title)}</h3>"
        f'<div class="cb-walk__story">{block(stage.text)}</div>{facts_html(stage, case)}{note}'
        f'<form class="cb-walk__form" novalidate>'
        f'{"".join(_task(t, stage, walk.slug) for t in stage.tasks)}'
        '<p class="cb-walk__missing" role="alert" hidden>Answer every task and give a '
        "certainty for each before you commit.</p>"
        '<p class="cb-walk__actions" hidden><button type="submit" class="cb-walk__button '
        'cb-walk__commit">Commit my answers</button></p>'
        '<p class="cb-walk__committed" hidden><span aria-hidden="true">' + TICK + "</span> "
        "Committed. Stage score: <span class=\"cb-walk__stage-score\">0%</span>."
        f'{" The next stage is open below." if number < total else ""}</p>'
        "</form></li>")


def _summary(walk: Walk) -> str:
    root = f"walk-{walk.slug}-summary"
    stages = "".join(f'<tr><th scope="row">{inline(s.title)}</th>'
                     f'<td data-summary-score="{s.id}">&#8211;</td></tr>' for s in walk.stages)
    cal = "".join(f'<tr><th scope="row">{n} ({CERTAINTY_WORDS[n]})</th>'
                  f'<td data-cal-answered="{n}">0</td><td data-cal-right="{n}">0</td>'
                  f'<td data-cal-share="{n}">&#8211;</td></tr>' for n in CERTAINTIES)
    answers = []
    for s in walk.stages:
        for t in s.tasks:
            key = f"{s.id}/{t.id}"
            answers.append(
                f'<tr><th scope="row">{inline(s.title)}: {KIND_TITLES[t.kind]}</th>'
                f'<td><span data-summary-answer="{key}"></span> '
                f'<span class="cb-walk__certainty-note">(certainty '
                f'<span data-summary-certainty="{key}"></span>)</span></td>'
                f"<td>{block(t.reasoning)}</td></tr>")
    return (
        f'<section class="cb-walk__summary" data-walk-summary hidden aria-labelledby="{root}">'
        f'<h3 id="{root}" tabindex="-1">Your walk: summary</h3>'
        '<div class="cb-walk__scroll"><table class="cb-walk__table"><caption>Score per stage'
        '</caption><thead><tr><th scope="col">Stage</th><th scope="col">Score</th></tr></thead>'
        f"<tbody>{stages}</tbody></table></div>"
        '<div class="cb-walk__scroll"><table class="cb-walk__table"><caption>Calibration: how '
        "often you were right at each certainty (a task is right at "
        f'{round(walk.scoring["right_at"] * 100)}% or more)</caption><thead><tr>'
        '<th scope="col">Certainty</th><th scope="col">Answered</th><th scope="col">Right</th>'
        f'<th scope="col">Share right</th></tr></thead><tbody>{cal}</tbody></table></div>'
        '<div class="cb-walk__scroll"><table class="cb-walk__table cb-walk__answers"><caption>'
        "Your answers beside the expert&#8217;s reasoning</caption><thead><tr>"
        '<th scope="col">Task</th><th scope="col">Your answer</th>'
        '<th scope="col">The expert&#8217;s reasoning</th></tr></thead>'
        f'<tbody>{"".join(answers)}</tbody></table></div>'
        '<p class="cb-walk__summary-actions"><button type="button" class="cb-walk__button '
        'cb-walk__print">Print the summary</button> <button type="button" '
        'class="cb-walk__button cb-walk__download">Download the summary</button></p>'
        "</section>")


def render_html(walk: Walk, case) -> str:
    """The self-contained static fragment for ``walk`` (deterministic: same walk, same bytes)."""
    root = f"walk-{walk.slug}"
    intro = f'<div class="cb-walk__intro">{block(walk.intro)}</div>' if walk.intro else ""
    parts = [
        f'<section class="cb-walk" id="{root}" data-walk="{walk.slug}" '
        f'aria-labelledby="{root}-title">',
        f'<h2 class="cb-walk__title" id="{root}-title">{inline(walk.title)}</h2>', intro,
        '<p class="cb-walk__nojs">This walk needs JavaScript. The chapter below tells the same '
        "case step by step.</p>",
        '<p class="cb-walk__note" hidden>Your answers are kept in this browser only; nothing is '
        "sent anywhere.</p>",
        '<p class="cb-walk__storage" data-walk-storage hidden>This browser does not let the page '
        "store anything, so your answers are kept only until you leave or reload the page.</p>",
        '<ol class="cb-walk__stages">',
        *(_stage(s, n, walk, case) for n, s in enumerate(walk.stages, start=1)),
        "</ol>", _summary(walk),
        '<p class="cb-walk__bar" hidden><button type="button" class="cb-walk__button '
        'cb-walk__reset">Start again</button></p>',
        '<p class="cb-walk__announce" role="status" aria-live="polite"></p>',
        f'<script type="application/json" class="cb-walk__data">'
        f"{json_for_script(page_data(walk))}</script>",
        "</section>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
