"""The live walk for Jupyter: ipywidgets scored by :mod:`casebook.walk.grading`.

One :class:`StageWidget` per stage: for each task its inputs (a text box for the problem
statement, one dropdown per rank for the differential, radio buttons for the next step) and a
certainty from 1 to 5; a Commit button. Committing locks the stage, shows the expert's answer
and opens the next stage; later stages stay hidden until then. The answers are kept in the
same shape the static page stores (see :mod:`casebook.walk`), in :attr:`WalkWidget.state`.
Teaching notes and the full reasoning are shown only when ``CASEBOOK_EDITION=instructor``.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from casebook.citations import reference_html
from casebook.editions import edition_from_env
from casebook.look import Look
from casebook.quiz.markup import block, plain
from casebook.walk.grading import CERTAINTIES, summarise, walk_data
from casebook.walk.html import KIND_TITLES, facts_html, revision
from casebook.walk.schema import MAX_RANKED, Stage, Task, Walk

__all__ = ["StageWidget", "TaskWidget", "WalkWidget"]

_HIDDEN, _SHOWN = "none", ""
NONE = "(none)"


def _percent(score: float) -> str:
    return f"{round(score * 100)}%"


class TaskWidget:
    """Inputs of one task; :meth:`answer` gives the stored shape, or None if incomplete."""

    def __init__(self, task: Task, bib: Path | None = None, look: Look | None = None):
        self.task, self._bib = task, bib
        look = look or Look()
        self.title = look.html(f"<h4>{KIND_TITLES[task.kind]}</h4>{block(task.prompt)}")
        options = [(plain(o.text), o.id) for o in task.options]
        if task.kind == "problem":
            self.inputs = [widgets.Textarea(placeholder="Your one-line summary",
                                            layout=look.full)]
        elif task.kind == "differential":
            self.inputs = [widgets.Dropdown(options=[(NONE, None)] + options, value=None,
                                            description=f"Rank {n}", layout=look.plain,
                                            style=look.choice)
                           for n in range(1, MAX_RANKED + 1)]
        else:
            self.inputs = [widgets.RadioButtons(options=options, value=None,
                                                layout=look.full, style=look.choice)]
        self.certainty = widgets.ToggleButtons(options=list(CERTAINTIES), value=None,
                                               description="How sure?",
                                               tooltips=["1 a guess", "2", "3", "4", "5 certain"],
                                               layout=look.plain, style=look.toggles)
        self.ticks = [look.checkbox_widget(plain(f.text)) for f in task.features]
        self.feedback = look.html()
        self.after = widgets.VBox([self.feedback, *self.ticks],  # its own layout: it hides
                                  layout=widgets.Layout(display=_HIDDEN))
        self.box = look.box([self.title, *self.inputs, self.certainty, self.after])

    def answer(self) -> dict | None:
        task, base = self.task, {"kind": self.task.kind, "certainty": self.certainty.value}
        if base["certainty"] is None:
            return None
        if task.kind == "problem":
            text = self.inputs[0].value.strip()
            ticked = [f.id for f, box in zip(task.features, self.ticks) if box.value]
            return {**base, "text": text, "ticked": ticked} if text else None
        if task.kind == "next-step":
            choice = self.inputs[0].value
            return {**base, "choice": choice} if choice else None
        ranked = [d.value for d in self.inputs if d.value]
        if not ranked or len(set(ranked)) != len(ranked):
            return None
        return {**base, "ranked": ranked}

    def lock(self, instructor: bool) -> None:
        for control in (*self.inputs, self.certainty):
            control.disabled = True
        self.feedback.value = self._feedback_html(instructor)
        self.after.layout.display = _SHOWN

    def _feedback_html(self, instructor: bool) -> str:
        task, out = self.task, []
        if task.kind == "problem":
            out.append(f"<p><strong>The expert's summary</strong></p>{block(task.expert)}"
                       "<p>Tick the key features your summary contained:</p>")
        elif task.kind == "differential":
            names = {o.id: plain(o.text) for o in task.options}
            out.append("<p><strong>The expert's ranking</strong></p><ol>"
                       + "".join(f"<li>{names[i]}"
                                 f"{' (must not miss)' if i in task.must_not_miss else ''}</li>"
                                 for i in task.expert) + "</ol>")
        else:
            out.append("<ul>" + "".join(
                f"<li><strong>{plain(o.text)}</strong>"
                f"{' (the expert&#8217;s choice)' if o.id == task.expert else ''}"
                f"{block(o.note)}</li>" for o in task.options) + "</ul>")
        out.append(f"<p><strong>The expert's reasoning</strong></p>{block(task.reasoning)}"
                   "<p><em>Sources:</em></p><ul>"
                   + "".join(f"<li>{reference_html(self._bib, k)}</li>" for k in task.source)
                   + "</ul>")
        if instructor and task.full_reasoning:
            out.append(f"<p><strong>Instructor: full reasoning</strong></p>"
                       f"{block(task.full_reasoning)}")
        return "".join(out)


class StageWidget:
    """One stage. Its controls are made when it is first shown (:meth:`show`): a walk's later
    stages cost nothing until the learner reaches them (the-case's walk has 350 controls, a
    third of a second of Run All, and a comm message each to the browser)."""

    def __init__(self, stage: Stage, number: int, total: int, case, on_commit, instructor,
                 on_tick=None, bib: Path | None = None, look: Look | None = None):
        self.stage, self.instructor, self._on_commit, self._bib = stage, instructor, on_commit, bib
        self._heading, self._case, self._on_tick = (number, total), case, on_tick
        self._look = look = look or Look()
        self.tasks: list[TaskWidget] = []
        self.message = look.html()
        self.committed = False
        self.box = widgets.VBox(layout=widgets.Layout(display=_HIDDEN))

    def show(self) -> None:
        if not self.box.children:
            self._build()
        self.box.layout.display = _SHOWN

    def _build(self) -> None:
        stage, (number, total) = self.stage, self._heading
        note = (f"<p><strong>Instructor: teaching note</strong></p>{block(stage.teaching_note)}"
                if self.instructor and stage.teaching_note else "")
        self.head = self._look.html(f"<h3>Stage {number} of {total}: {plain(stage.title)}</h3>"
                                 f"{block(stage.text)}{facts_html(stage, self._case)}{note}")
        self.tasks = [TaskWidget(t, self._bib, self._look) for t in stage.tasks]
        if self._on_tick is not None:
            for box in (tick for task in self.tasks for tick in task.ticks):
                box.observe(lambda _: self._on_tick(), names="value")
        self.commit_button = self._look.button("Commit my answers", button_style="primary")
        self.commit_button.on_click(lambda _: self.commit())
        self.box.children = [self.head, *(t.box for t in self.tasks), self.commit_button,
                             self.message]

    def commit(self) -> bool:
        if self.committed:
            return True
        if not self.box.children:
            self._build()
        if any(t.answer() is None for t in self.tasks):
            self.message.value = ("<p><strong>Answer every task and give a certainty for each "
                                  "before you commit.</strong></p>")
            return False
        self.committed = True
        self.commit_button.disabled = True
        for task in self.tasks:
            task.lock(self.instructor)
        self._on_commit()
        return True


class WalkWidget:
    """The whole walk: stages shown one after another, a summary, and Start again."""

    def __init__(self, walk: Walk, case, bib: Path | None = None):
        self.walk, self.case, self.bib = walk, case, bib
        self.data = walk_data(walk)
        self.instructor = edition_from_env() == "instructor"
        self._look = Look()
        self.summary = self._look.html()
        self.reset_button = self._look.button("Start again")
        self.reset_button.on_click(lambda _: self.reset())
        self.widget = self._look.box([])
        self.reset()

    def reset(self) -> None:
        total = len(self.walk.stages)
        self.stages = [StageWidget(s, n, total, self.case, self._advance, self.instructor,
                                   on_tick=self._update, bib=self.bib, look=self._look)
                       for n, s in enumerate(self.walk.stages, start=1)]
        self.stages[0].show()
        self.summary.value = ""
        self.widget.children = [self._look.html(f"<h2>{plain(self.walk.title)}</h2>"),
                                *(s.box for s in self.stages), self.summary, self.reset_button]

    @property
    def state(self) -> dict:
        """The answers in the static page's stored shape (see :mod:`casebook.walk`)."""
        stages = {}
        for stage in self.stages:
            tasks = {t.task.id: t.answer() for t in stage.tasks if t.answer()}
            if tasks or stage.committed:
                stages[stage.stage.id] = {"committed": stage.committed, "tasks": tasks}
        return {"version": 1, "slug": self.walk.slug, "rev": revision(self.walk),
                "stages": stages}

    def _advance(self) -> None:
        for stage in self.stages:
            stage.show()
            if not stage.committed:
                break
        self._update()

    def _update(self) -> None:
        result = summarise(self.data, self.state)
        for stage in self.stages:
            if stage.committed:
                score = result["stages"][stage.stage.id]
                stage.message.value = f"<p>Committed. Stage score: {_percent(score)}.</p>"
        if all(s.committed for s in self.stages):
            self.summary.value = self._summary_html(result)

    def _summary_html(self, result: dict) -> str:
        rows = "".join(f"<tr><td>{plain(s.title)}</td><td>{_percent(result['stages'][s.id])}"
                       "</td></tr>" for s in self.walk.stages)
        cal = "".join(f"<tr><td>{r['certainty']}</td><td>{r['answered']}</td><td>{r['right']}"
                      f"</td><td>{'-' if r['share'] is None else _percent(r['share'])}</td></tr>"
                      for r in result["calibration"])
        return ("<h3>Your walk: summary</h3><table><tr><th>Stage</th><th>Score</th></tr>"
                f"{rows}</table><table><tr><th>Certainty</th><th>Answered</th><th>Right</th>"
                f"<th>Share right</th></tr>{cal}</table>")
