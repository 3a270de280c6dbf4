/* Casebook case walks: brings the static walk HTML of casebook.walk.html to life.
 *
 * Every message is already in the page, escaped, written by Python; this script toggles
 * `hidden` and `disabled`, moves the ranking's list items and writes numbers and the learner's
 * own words with textContent only. Scoring mirrors casebook/walk/grading.py (score_task,
 * is_right, stage_score, calibration, summarise): the parameters come from the page's JSON and
 * a browser test checks both give the same numbers. Change them together.
 * Answers stay in this browser: localStorage key "casebook-walk:<slug>", shape documented in
 * casebook/walk/__init__.py. When storage is blocked the walk runs in memory and says so.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "casebook-walk:";
  var VERSION = 1;
  var MAX_RANKED = 5;
  var CERTAINTIES = [1, 2, 3, 4, 5];

  /* ---------------------------------------------------------------- the scoring rules */
  function scoreTask(data, answer, p) {
    if (data.kind === "problem") {
      var ticked = answer.ticked || [];
      var hits = data.features.filter(function (f) { return ticked.indexOf(f) >= 0; }).length;
      return hits / data.features.length;
    }
    if (data.kind === "next-step") return answer.choice === data.expert ? 1.0 : 0.0;
    var ranked = answer.ranked || [];
    var credit = 0.0;
    data.expert.forEach(function (option, rank) {
      if (ranked.indexOf(option) >= 0) {
        credit += p.present;
        if (rank < ranked.length && ranked[rank] === option) credit += p.rank_bonus;
      }
    });
    data.must_not_miss.forEach(function (option) {
      if (ranked.indexOf(option) < 0) credit -= p.must_not_miss_penalty;
    });
    var best = data.expert.length * (p.present + p.rank_bonus);
    return best > 0 ? Math.max(0.0, credit) / best : 0.0;
  }

  function isRight(score, p) { return score >= p.right_at; }

  function stageScore(scores) {
    if (!scores.length) return 0.0;
    return scores.reduce(function (a, b) { return a + b; }, 0) / scores.length;
  }

  function calibration(pairs) {
    return CERTAINTIES.map(function (level) {
      var rights = pairs.filter(function (pr) { return pr[0] === level; })
        .map(function (pr) { return pr[1]; });
      var right = rights.filter(Boolean).length;
      return { certainty: level, answered: rights.length, right: right,
               share: rights.length ? right / rights.length : null };
    });
  }

  function summarise(data, state) {
    var p = data.params, tasks = {}, stages = {}, pairs = [];
    data.stages.forEach(function (stage) {
      var saved = (state.stages || {})[stage.id] || {};
      if (!saved.committed) return;
      var answers = saved.tasks || {}, scores = {}, list = [];
      stage.tasks.forEach(function (task) {
        var answer = answers[task.id] || {};
        var score = scoreTask(task, answer, p);
        scores[task.id] = score;
        list.push(score);
        pairs.push([answer.certainty, isRight(score, p)]);
      });
      tasks[stage.id] = scores;
      stages[stage.id] = stageScore(list);
    });
    return { tasks: tasks, stages: stages, calibration: calibration(pairs) };
  }

  /* ---------------------------------------------------------------- storage */
  function Store(key) {
    this.key = key;
    this.memory = null;
    this.blocked = false;
    try {
      window.localStorage.setItem(key + ":probe", "1");
      window.localStorage.removeItem(key + ":probe");
      // The book's page stands an in-memory storage in for a refused one: nothing is kept.
      this.blocked = window.localStorage.casebookMemory === true;
    } catch (e) {
      this.blocked = true;
    }
  }
  Store.prototype.load = function () {
    if (this.blocked) return this.memory;
    try { return JSON.parse(window.localStorage.getItem(this.key)); } catch (e) { return null; }
  };
  Store.prototype.save = function (value) {
    this.memory = value;
    if (this.blocked) return;
    try { window.localStorage.setItem(this.key, JSON.stringify(value)); } catch (e) { this.blocked = true; }
  };
  Store.prototype.clear = function () {
    this.memory = null;
    if (this.blocked) return;
    try { window.localStorage.removeItem(this.key); } catch (e) { this.blocked = true; }
  };

  /* ---------------------------------------------------------------- helpers */
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function show(element, visible) { if (element) element.hidden = !visible; }
  function percent(score) { return Math.round(score * 100) + "%"; }
  function checkedValue(inputs) {
    var hit = inputs.filter(function (i) { return i.checked; })[0];
    return hit ? hit.value : null;
  }

  /* ---------------------------------------------------------------- one task */
  function Task(walk, element, data) {
    this.walk = walk;
    this.el = element;
    this.data = data;
    this.text = element.querySelector(".cb-walk__text");
    this.picks = all(element, ".cb-walk__pick");
    this.choices = all(element, ".cb-walk__choice");
    this.features = all(element, ".cb-walk__feature");
    this.levels = all(element, ".cb-walk__certainty");
    this.ranking = element.querySelector(".cb-walk__ranking");
    this.limit = element.querySelector(".cb-walk__limit");
    this.empty = element.querySelector(".cb-walk__ranking-empty");
    this.feedback = element.querySelector(".cb-walk__feedback");
    this.scoreValue = element.querySelector(".cb-walk__task-score-value");
    this.ranked = [];
    this.bind();
  }

  Task.prototype.bind = function () {
    var self = this, changed = function () { self.walk.changed(); };
    if (this.text) this.text.addEventListener("input", changed);
    this.choices.concat(this.levels).forEach(function (i) { i.addEventListener("change", changed); });
    this.features.forEach(function (i) { i.addEventListener("change", changed); });
    this.picks.forEach(function (input) {
      input.addEventListener("change", function () { self.pick(input); changed(); });
    });
    all(this.el, ".cb-walk__ranked").forEach(function (item) {
      var id = item.getAttribute("data-option");
      item.querySelector(".cb-walk__up").addEventListener("click", function () { self.move(id, -1); });
      item.querySelector(".cb-walk__down").addEventListener("click", function () { self.move(id, 1); });
    });
  };

  Task.prototype.pick = function (input) {
    var id = input.value, at = this.ranked.indexOf(id);
    show(this.limit, false);
    if (input.checked && at < 0) {
      if (this.ranked.length >= MAX_RANKED) {
        input.checked = false;
        show(this.limit, true);
        return;
      }
      this.ranked.push(id);
    } else if (!input.checked && at >= 0) {
      this.ranked.splice(at, 1);
    }
    this.drawRanking();
  };

  Task.prototype.move = function (id, step) {
    var at = this.ranked.indexOf(id), to = at + step;
    if (at < 0 || to < 0 || to >= this.ranked.length) return;
    this.ranked.splice(at, 1);
    this.ranked.splice(to, 0, id);
    this.drawRanking();
    var item = this.ranking.querySelector('[data-option="' + id + '"]');
    var button = item.querySelector(step < 0 ? ".cb-walk__up" : ".cb-walk__down");
    (button.disabled ? item.querySelector("button:not([disabled])") : button).focus();
    this.walk.announce("Moved to position " + (to + 1) + " of " + this.ranked.length + ".");
    this.walk.changed();
  };

  Task.prototype.drawRanking = function () {
    if (!this.ranking) return;
    var self = this, locked = this.locked;
    all(this.ranking, ".cb-walk__ranked").forEach(function (item) { item.hidden = true; });
    this.ranked.forEach(function (id, index) {
      var item = self.ranking.querySelector('[data-option="' + id + '"]');
      self.ranking.appendChild(item);  // moves the item: the list's order is the ranking
      item.hidden = false;
      item.querySelector(".cb-walk__up").disabled = locked || index === 0;
      item.querySelector(".cb-walk__down").disabled = locked || index === self.ranked.length - 1;
    });
    show(this.empty, this.ranked.length === 0);
  };

  /* The stored shape of this task's answer (see casebook/walk/__init__.py). */
  Task.prototype.answer = function () {
    var out = { kind: this.data.kind, certainty: Number(checkedValue(this.levels)) || null };
    if (this.data.kind === "problem") {
      out.text = this.text.value;
      out.ticked = this.features.filter(function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    } else if (this.data.kind === "differential") {
      out.ranked = this.ranked.slice();
    } else {
      out.choice = checkedValue(this.choices);
    }
    return out;
  };

  Task.prototype.complete = function (answer) {
    if (!answer.certainty) return false;
    if (this.data.kind === "problem") return answer.text.trim() !== "";
    if (this.data.kind === "differential") return answer.ranked.length > 0;
    return !!answer.choice;
  };

  Task.prototype.restore = function (answer) {
    answer = answer || {};
    var self = this;
    this.levels.forEach(function (i) { i.checked = Number(i.value) === answer.certainty; });
    if (this.text) this.text.value = typeof answer.text === "string" ? answer.text : "";
    this.features.forEach(function (i) { i.checked = (answer.ticked || []).indexOf(i.value) >= 0; });
    this.choices.forEach(function (i) { i.checked = i.value === answer.choice; });
    var known = this.picks.map(function (i) { return i.value; });
    this.ranked = (answer.ranked || []).filter(function (id, n) {
      return known.indexOf(id) >= 0 && n < MAX_RANKED;
    });
    this.picks.forEach(function (i) { i.checked = self.ranked.indexOf(i.value) >= 0; });
    this.drawRanking();
  };

  Task.prototype.lock = function (locked) {
    this.locked = locked;
    var inputs = [this.text].concat(this.picks, this.choices, this.levels).filter(Boolean);
    inputs.forEach(function (i) { i.disabled = locked; });
    show(this.feedback, locked);
    show(this.limit, false);
    var choice = checkedValue(this.choices);
    all(this.el, ".cb-walk__consequence").forEach(function (item) {
      show(item.querySelector(".cb-walk__yours"), locked && item.getAttribute("data-option") === choice);
    });
    this.drawRanking();
  };

  /* ---------------------------------------------------------------- one walk */
  function Walk(root) {
    var self = this;
    this.root = root;
    this.data = JSON.parse(root.querySelector(".cb-walk__data").textContent);
    this.store = new Store(STORE_PREFIX + this.data.slug);
    this.stages = all(root, "[data-walk-stage]");
    this.summary = root.querySelector("[data-walk-summary]");
    this.announcer = root.querySelector(".cb-walk__announce");
    this.tasks = {};
    this.data.stages.forEach(function (stage, n) {
      var el = self.stages[n];
      self.tasks[stage.id] = stage.tasks.map(function (task) {
        return new Task(self, el.querySelector('[data-task="' + task.id + '"]'), task);
      });
      el.querySelector(".cb-walk__form").addEventListener("submit", function (event) {
        event.preventDefault();
        self.commit(n);
      });
    });
    root.querySelector(".cb-walk__reset").addEventListener("click", function () { self.reset(); });
    root.querySelector(".cb-walk__print").addEventListener("click", function () { self.print(); });
    root.querySelector(".cb-walk__download").addEventListener("click", function () { self.download(); });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("cb-walk-printing");
    });
    var saved = this.store.load();
    var usable = saved && saved.version === VERSION && saved.rev === this.data.rev &&
      saved.stages && typeof saved.stages === "object";
    this.state = usable ? saved : this.fresh();
    show(root.querySelector(".cb-walk__nojs"), false);
    show(root.querySelector(".cb-walk__note"), !this.store.blocked);
    show(root.querySelector("[data-walk-storage]"), this.store.blocked);
    show(root.querySelector(".cb-walk__bar"), true);
    all(root, ".cb-walk__actions").forEach(function (el) { el.hidden = false; });
    this.restore();
    root.classList.add("cb-walk--ready");
  }

  Walk.prototype.fresh = function () {
    return { version: VERSION, slug: this.data.slug, rev: this.data.rev, stages: {} };
  };

  Walk.prototype.committed = function (n) {
    var saved = this.state.stages[this.data.stages[n].id];
    return !!(saved && saved.committed);
  };

  /* Inputs and visibility from this.state: committed stages locked, the next one open. */
  Walk.prototype.restore = function () {
    var self = this, open = true;
    this.data.stages.forEach(function (stage, n) {
      var saved = self.state.stages[stage.id] || {}, el = self.stages[n];
      self.tasks[stage.id].forEach(function (task) {
        task.restore((saved.tasks || {})[task.data.id]);
        task.lock(!!saved.committed);
      });
      show(el, open);
      show(el.querySelector(".cb-walk__actions"), !saved.committed);
      show(el.querySelector(".cb-walk__committed"), !!saved.committed);
      show(el.querySelector(".cb-walk__missing"), false);
      open = open && !!saved.committed;
    });
    show(this.summary, open);
    this.score();
  };

  Walk.prototype.collect = function () {
    var self = this;
    this.data.stages.forEach(function (stage, n) {
      var saved = self.state.stages[stage.id] || { committed: false };
      if (self.stages[n].hidden) return;
      saved.tasks = {};
      self.tasks[stage.id].forEach(function (task) { saved.tasks[task.data.id] = task.answer(); });
      self.state.stages[stage.id] = saved;
    });
  };

  Walk.prototype.changed = function () {
    this.collect();
    this.score();
  };

  /* Scores into the state (derived, for progress pages) and onto the page; then save. */
  Walk.prototype.score = function () {
    var self = this, result = summarise(this.data, this.state);
    this.data.stages.forEach(function (stage, n) {
      var saved = self.state.stages[stage.id];
      if (!saved || !saved.committed) return;
      saved.score = result.stages[stage.id];
      self.stages[n].querySelector(".cb-walk__stage-score").textContent = percent(saved.score);
      self.tasks[stage.id].forEach(function (task) {
        var score = result.tasks[stage.id][task.data.id];
        saved.tasks = saved.tasks || {};
        saved.tasks[task.data.id] = saved.tasks[task.data.id] || {};
        saved.tasks[task.data.id].score = score;
        task.scoreValue.textContent = percent(score);
      });
    });
    this.drawSummary(result);
    if (Object.keys(this.state.stages).length) {
      this.state.updated = new Date().toISOString();
      this.store.save(this.state);
    } else {
      this.store.clear();  // nothing answered: leave no key behind
    }
    show(this.root.querySelector("[data-walk-storage]"), this.store.blocked);
    show(this.root.querySelector(".cb-walk__note"), !this.store.blocked);
    this.result = result;
  };

  Walk.prototype.commit = function (n) {
    var stage = this.data.stages[n], el = this.stages[n];
    this.collect();
    var answers = this.state.stages[stage.id].tasks;
    var complete = this.tasks[stage.id].every(function (t) { return t.complete(answers[t.data.id]); });
    show(el.querySelector(".cb-walk__missing"), !complete);
    if (!complete) {
      var first = this.tasks[stage.id].filter(function (t) { return !t.complete(answers[t.data.id]); })[0];
      var target = first.el.querySelector("textarea:not([disabled]), input:not([disabled])");
      if (target) target.focus();
      return;
    }
    this.state.stages[stage.id].committed = true;
    this.restore();
    var next = n + 1 < this.stages.length ? this.stages[n + 1] : null;
    var heading = next ? next.querySelector(".cb-walk__stage-title")
      : this.summary.querySelector("h3");
    this.announce(next ? "Committed. The expert's answers are shown; the next stage is open."
      : "Committed. The walk is complete: your summary is below.");
    // Focus the verdict line (the expert's answers are just above it); the summary at the end.
    var target = next ? el.querySelector(".cb-walk__committed") : heading;
    target.setAttribute("tabindex", "-1");
    target.focus();
  };

  Walk.prototype.reset = function () {
    this.store.clear();
    this.state = this.fresh();
    this.restore();
    var heading = this.stages[0].querySelector(".cb-walk__stage-title");
    heading.focus();
    this.announce("The walk is reset: start again at stage 1.");
  };

  Walk.prototype.announce = function (text) {
    if (this.announcer) this.announcer.textContent = text;
  };

  /* The learner's answer to a task, in words (textContent only). */
  Walk.prototype.answerText = function (task, answer) {
    if (!answer) return "";
    if (task.kind === "problem") {
      var ticked = (answer.ticked || []).length;
      return "\u201c" + (answer.text || "") + "\u201d (" + ticked + " of " +
        task.features.length + " key features)";
    }
    if (task.kind === "differential") {
      return (answer.ranked || []).map(function (id, n) {
        return (n + 1) + ". " + task.options[id];
      }).join("; ");
    }
    return task.options[answer.choice] || "";
  };

  Walk.prototype.drawSummary = function (result) {
    var self = this, root = this.summary;
    this.data.stages.forEach(function (stage) {
      var cell = root.querySelector('[data-summary-score="' + stage.id + '"]');
      cell.textContent = stage.id in result.stages ? percent(result.stages[stage.id]) : "\u2013";
      var saved = (self.state.stages[stage.id] || {}).tasks || {};
      stage.tasks.forEach(function (task) {
        var key = stage.id + "/" + task.id, answer = saved[task.id];
        root.querySelector('[data-summary-answer="' + key + '"]').textContent =
          self.answerText(task, answer);
        root.querySelector('[data-summary-certainty="' + key + '"]').textContent =
          answer && answer.certainty ? answer.certainty + " of 5" : "none";
      });
    });
    result.calibration.forEach(function (row) {
      var n = row.certainty;
      root.querySelector('[data-cal-answered="' + n + '"]').textContent = row.answered;
      root.querySelector('[data-cal-right="' + n + '"]').textContent = row.right;
      root.querySelector('[data-cal-share="' + n + '"]').textContent =
        row.share === null ? "\u2013" : percent(row.share);
    });
  };

  Walk.prototype.reportText = function () {
    var self = this, lines = [this.data.title, "", "Score per stage"];
    this.data.stages.forEach(function (stage) {
      var score = self.result.stages[stage.id];
      lines.push("  " + stage.title + ": " + (score === undefined ? "not committed" : percent(score)));
    });
    lines.push("", "Calibration (certainty: answered, right, share right)");
    this.result.calibration.forEach(function (row) {
      lines.push("  " + row.certainty + ": " + row.answered + ", " + row.right + ", " +
        (row.share === null ? "-" : percent(row.share)));
    });
    lines.push("", "Your answers");
    this.data.stages.forEach(function (stage) {
      var saved = (self.state.stages[stage.id] || {}).tasks || {};
      stage.tasks.forEach(function (task) {
        var answer = saved[task.id];
        lines.push("  " + stage.title + ", " + task.title + ": " + self.answerText(task, answer) +
          (answer && answer.certainty ? " (certainty " + answer.certainty + ")" : ""));
      });
    });
    return lines.join("\n") + "\n";
  };

  Walk.prototype.download = function () {
    var blob = new Blob([this.reportText()], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = this.data.slug + "-walk-summary.txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  };

  Walk.prototype.print = function () {
    document.documentElement.classList.add("cb-walk-printing");
    window.print();
  };

  function init() {
    all(document, ".cb-walk").forEach(function (root) {
      if (!root.classList.contains("cb-walk--ready")) new Walk(root);
    });
  }

  window.casebookWalk = { scoreTask: scoreTask, isRight: isRight, calibration: calibration,
                          summarise: summarise };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
