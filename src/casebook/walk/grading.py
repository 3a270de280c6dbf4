"""The walk's scoring rules: the one place they are written down.

Each task has small, JSON-able *grading data* (:func:`task_data`); the walk's parameters
(:data:`~casebook.walk.schema.SCORING_DEFAULTS`, overridable under ``scoring:`` in the walk)
travel with it. The static page carries both in its JSON ``<script>``;
``casebook/sphinx/static/walk.js``
applies the same arithmetic, in the same order (functions ``scoreTask``, ``isRight`` and
``calibration`` there mirror :func:`score_task`, :func:`is_right` and :func:`calibration`). A
browser test runs both over many answers and requires identical numbers.

The rules (every score is in [0, 1])
------------------------------------
Problem statement
    The learner ticks which of the expert's key features their own summary contained.
    Score = ticked features / all features.
Ranked differential
    The learner ranks up to five options. For each diagnosis on the expert's list: ``present``
    credit if it is anywhere in the learner's list, plus ``rank_bonus`` if it is at the same
    rank (1st as 1st). For each ``must_not_miss`` diagnosis left out: minus
    ``must_not_miss_penalty``. Score = max(0, credit - penalty) / (experts x (present +
    rank_bonus)). Options not on the expert's list cost nothing: the list is capped at five.
Next step
    1 for the expert's choice, else 0. Every choice's consequence is shown either way.
Certainty and calibration
    Every committed task carries a certainty from 1 (a guess) to 5 (sure). A task is *right*
    when its score is at least ``right_at``. The calibration table gives, for each certainty,
    how many tasks were answered there and the share that were right; a well-calibrated
    learner is right more often the surer they are.
Stage score
    The mean of its task scores.

Examples
--------
>>> data = {"kind": "differential", "expert": ["a", "b"], "must_not_miss": ["b"]}
>>> p = {"present": 1, "rank_bonus": 1, "must_not_miss_penalty": 1, "right_at": 0.5}
>>> score_task(data, {"ranked": ["a", "b"]}, p), score_task(data, {"ranked": ["b", "a"]}, p)
(1.0, 0.5)
>>> score_task(data, {"ranked": ["a"]}, p)   # 2 for a, minus 1 for leaving out b, over 4
0.25
"""

from __future__ import annotations

from casebook.walk.schema import Task, Walk

__all__ = ["CERTAINTIES", "calibration", "is_right", "params", "score_task", "stage_score",
           "summarise", "task_data", "walk_data"]

CERTAINTIES = (1, 2, 3, 4, 5)


def task_data(task: Task) -> dict:
    """What a grader needs to know of ``task`` (this dict is in the static page's JSON)."""
    if task.kind == "problem":
        return {"kind": "problem", "features": [f.id for f in task.features]}
    if task.kind == "differential":
        return {"kind": "differential", "expert": list(task.expert),
                "must_not_miss": list(task.must_not_miss)}
    return {"kind": "next-step", "expert": task.expert}


def params(walk: Walk) -> dict:
    """The walk's scoring parameters (defaults filled in)."""
    return dict(walk.scoring)


def walk_data(walk: Walk) -> dict:
    """The grading data of a whole walk: parameters, and per stage its tasks' data."""
    return {"params": params(walk),
            "stages": [{"id": s.id, "tasks": [{"id": t.id, **task_data(t)} for t in s.tasks]}
                       for s in walk.stages]}


def score_task(data: dict, answer: dict, p: dict) -> float:
    """The score of ``answer`` under ``data`` and parameters ``p`` (mirrored by walk.js).

    ``answer`` is the stored shape: ``{"ticked": [...]}``, ``{"ranked": [...]}`` or
    ``{"choice": id}`` (other keys are ignored).
    """
    if data["kind"] == "problem":
        ticked = answer.get("ticked") or []
        hits = sum(1 for f in data["features"] if f in ticked)
        return hits / len(data["features"])
    if data["kind"] == "next-step":
        return 1.0 if answer.get("choice") == data["expert"] else 0.0
    ranked = list(answer.get("ranked") or [])
    credit = 0.0
    for rank, option in enumerate(data["expert"]):
        if option in ranked:
            credit += p["present"]
            if rank < len(ranked) and ranked[rank] == option:
                credit += p["rank_bonus"]
    for option in data["must_not_miss"]:
        if option not in ranked:
            credit -= p["must_not_miss_penalty"]
    best = len(data["expert"]) * (p["present"] + p["rank_bonus"])
    return max(0.0, credit) / best if best > 0 else 0.0


def is_right(score: float, p: dict) -> bool:
    """A task counts as right when its score reaches ``right_at`` (the edge counts)."""
    return score >= p["right_at"]


def stage_score(scores: list[float]) -> float:
    """The mean of a stage's task scores."""
    return sum(scores) / len(scores) if scores else 0.0


def calibration(pairs: list[tuple[int, bool]]) -> list[dict]:
    """Per certainty 1-5: ``{"certainty", "answered", "right", "share"}`` (share None if 0)."""
    rows = []
    for level in CERTAINTIES:
        rights = [right for certainty, right in pairs if certainty == level]
        share = sum(rights) / len(rights) if rights else None
        rows.append({"certainty": level, "answered": len(rights), "right": sum(rights),
                     "share": share})
    return rows


def summarise(data: dict, state: dict) -> dict:
    """Scores of a stored walk ``state`` (the localStorage shape) under ``walk_data`` ``data``.

    Returns ``{"tasks": {stage: {task: score}}, "stages": {stage: score}, "calibration": rows}``
    for committed stages only (mirrored by ``summarise`` in walk.js).
    """
    p, tasks, stages, pairs = data["params"], {}, {}, []
    for stage in data["stages"]:
        saved = (state.get("stages") or {}).get(stage["id"]) or {}
        if not saved.get("committed"):
            continue
        answers = saved.get("tasks") or {}
        scores = {}
        for task in stage["tasks"]:
            answer = answers.get(task["id"]) or {}
            scores[task["id"]] = score_task(task, answer, p)
            pairs.append((answer.get("certainty"), is_right(scores[task["id"]], p)))
        tasks[stage["id"]] = scores
        stages[stage["id"]] = stage_score(list(scores.values()))
    return {"tasks": tasks, "stages": stages, "calibration": calibration(pairs)}
