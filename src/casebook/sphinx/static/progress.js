/* Casebook "My progress" page: reads this browser's saved quiz answers (and case-walk stages)
 * and shows them per chapter and learning objective. Markup: casebook.progress, whose
 * docstring documents the storage keys. It reads localStorage and, on request, removes the
 * casebook-quiz: and casebook-walk: keys; it sends nothing anywhere and writes text with
 * textContent only. Grading uses quiz.js (window.casebookQuiz), loaded on every page.
 */
(function () {
  "use strict";

  var MESSAGES = {
    correct: "Correct.",
    incorrect: "Not quite.",
    incomplete: "Not quite: at least one correct answer is missing.",
    low: "Not quite: too low.",
    high: "Not quite: too high."
  };
  var WALK_STATES = { seen: "Opened, not committed yet", done: "Committed" };

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  /* The storage, or null when the browser refuses it (private mode, blocked site data). */
  function openStorage() {
    try {
      var store = window.localStorage;
      var probe = "casebook-progress:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      // The page's in-memory stand-in for a refused storage holds nothing saved.
      return store.casebookMemory === true ? null : store;
    } catch (e) {
      return null;
    }
  }

  function read(store, key) {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }

  function keys(store, prefix) {
    var out = [];
    try {
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (key && key.indexOf(prefix) === 0) out.push(key);
      }
    } catch (e) { /* storage went away */ }
    return out;
  }

  /* What the learner did with one question: {state, verdict, text, answer, at}. */
  function outcome(question, saved) {
    if (!saved || typeof saved !== "object") return { state: "none" };
    if (saved.rev !== question.rev) return { state: "stale", at: saved.at };
    var answer = saved.answer, shown, value;
    if (question.type === "numeric") {
      if (typeof answer !== "string" || answer.trim() === "") return { state: "none" };
      shown = answer.trim() + (question.unit ? " " + question.unit : "");
      value = window.casebookQuiz.parseNumber(answer);
    } else {
      if (!Array.isArray(answer) || answer.length === 0 || !answer.every(function (i) {
        return Number.isInteger(i) && i >= 0 && i < question.choices.length;
      })) return { state: "none" };
      shown = answer.slice().sort(function (a, b) { return a - b; }).map(function (i) { return question.choices[i]; }).join("; ");
      value = question.type === "single" ? answer[0] : answer;
    }
    if (!saved.checked || value === null) return { state: "saved", answer: shown, at: saved.at };
    var verdict = window.casebookQuiz.grade(question.grading, value);
    return { state: verdict === "correct" ? "correct" : "wrong", verdict: verdict,
             answer: shown, at: saved.at };
  }

  function statusText(result) {
    if (result.state === "none") return "Not answered yet.";
    if (result.state === "stale") return "Answered an earlier version of this question: try it again.";
    if (result.state === "saved") return "Answer chosen, not checked yet.";
    return MESSAGES[result.verdict];
  }

  function icon(result) {
    if (result.state === "correct") return "\u2713";
    if (result.state === "wrong") return "\u2717";
    if (result.state === "saved" || result.state === "stale") return "\u2026";
    return "\u2013";
  }

  function when(at) {
    var date = at ? new Date(at) : null;
    return date && !isNaN(date) ? " (" + date.toLocaleString() + ")" : "";
  }

  function Progress(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.cb-progress__data").textContent);
    this.store = openStorage();
    this.announce = root.querySelector(".cb-progress__announce");
    this.confirm = root.querySelector(".cb-progress__confirm");
    this.clearButton = root.querySelector('[data-action="clear"]');
    this.results = {};
    this.walks = [];
  }

  Progress.prototype.collect = function () {
    var self = this, data = this.data;
    this.results = {};
    data.chapters.forEach(function (chapter) {
      chapter.questions.forEach(function (q) {
        var saved = self.store ? read(self.store, data.quizPrefix + chapter.slug + ":" + q.id) : null;
        self.results[q.id] = outcome(q, saved);
      });
    });
    // Each walk keeps its whole state under one key (casebook.walk documents the shape).
    this.walks = [];
    (data.walks || []).forEach(function (walk) {
      var saved = self.store ? read(self.store, data.walkPrefix + walk.slug) : null;
      if (!saved || typeof saved !== "object" || saved.rev !== walk.rev ||
          !saved.stages || typeof saved.stages !== "object") return;
      var stages = [];
      walk.stages.forEach(function (stage, order) {
        var st = saved.stages[stage.id];
        if (!st || typeof st !== "object") return;
        var score = typeof st.score === "number" && isFinite(st.score) ?
          "score " + Math.round(Math.max(0, Math.min(1, st.score)) * 100) + "%" : "";
        stages.push({ id: stage.id, title: stage.title, order: order,
                      state: st.committed === true ? "done" : "seen",
                      answer: st.committed === true ? score : "", at: saved.updated });
      });
      if (stages.length) self.walks.push({ slug: walk.slug, title: walk.title, stages: stages });
    });
  };

  Progress.prototype.counts = function (questions) {
    var self = this, answered = 0, right = 0;
    questions.forEach(function (q) {
      var r = self.results[q.id];
      if (r.state === "correct" || r.state === "wrong") answered++;
      if (r.state === "correct") right++;
    });
    return { total: questions.length, answered: answered, right: right };
  };

  function countText(c) {
    return c.answered + " of " + c.total + " checked, " + c.right + " correct.";
  }

  Progress.prototype.render = function () {
    var self = this, data = this.data, everything = [];
    data.chapters.forEach(function (chapter) {
      everything = everything.concat(chapter.questions);
      chapter.questions.forEach(function (q) {
        var item = self.root.querySelector('[data-question="' + q.id + '"]');
        if (!item) return;
        var r = self.results[q.id];
        var status = item.querySelector("[data-status]");
        status.className = "cb-progress__status" + (r.state === "correct" ? " cb-progress__status--correct"
          : r.state === "wrong" ? " cb-progress__status--wrong" : "");
        status.setAttribute("data-state", r.state);
        status.querySelector(".cb-progress__icon").textContent = icon(r);
        status.querySelector("[data-status-text]").textContent = statusText(r) + when(r.at);
        var answer = item.querySelector("[data-answer]");
        answer.textContent = r.answer ? "Your answer: " + r.answer : "";
        answer.hidden = !r.answer;
      });
      var chapterCounts = self.counts(chapter.questions);
      var summary = self.root.querySelector('[data-chapter="' + chapter.slug + '"] [data-chapter-summary]');
      if (summary && summary.firstChild) summary.firstChild.textContent = countText(chapterCounts) + " ";
      chapter.objectives.concat(chapter.questions.map(function (q) { return { number: q.objective }; }))
        .forEach(function (objective) {
          var line = self.root.querySelector('[data-objective-summary="' + chapter.slug + ":" + objective.number + '"]');
          if (!line) return;
          line.textContent = countText(self.counts(chapter.questions.filter(function (q) {
            return q.objective === objective.number;
          })));
          line.hidden = false;
        });
    });
    var total = this.counts(everything);
    this.root.querySelector("[data-summary]").textContent =
      "In the whole book: " + total.answered + " of " + total.total + " questions checked, " +
      total.right + " correct.";
    var generated = this.root.querySelector("[data-generated]");
    generated.textContent = "Report made on " + new Date().toLocaleString() +
      " from this browser's storage only.";
    generated.hidden = false;
    this.renderWalks();
  };

  Progress.prototype.renderWalks = function () {
    var section = this.root.querySelector("[data-walks]");
    var list = section.querySelector("[data-walk-list]");
    while (list.firstChild) list.removeChild(list.firstChild);
    section.hidden = this.walks.length === 0;
    this.walks.forEach(function (walk) {
      var head = document.createElement("h3");
      head.className = "cb-progress__objective";
      head.textContent = walk.title;
      var stages = document.createElement("ol");
      stages.className = "cb-progress__walk-stages";
      walk.stages.forEach(function (stage) {
        var li = document.createElement("li");
        li.setAttribute("data-walk-stage", walk.slug + ":" + stage.id);
        li.textContent = stage.title + ": " + WALK_STATES[stage.state] +
          (stage.answer ? ", " + stage.answer : "") + when(stage.at);
        stages.appendChild(li);
      });
      list.appendChild(head);
      list.appendChild(stages);
    });
  };

  /* The report as plain text, for a file to hand in. */
  Progress.prototype.reportText = function () {
    var self = this, lines = [document.title.replace(/\s+[-|\u2014].*$/, ""), ""];
    lines.push(this.root.querySelector("[data-generated]").textContent);
    lines.push(this.root.querySelector("[data-summary]").textContent, "");
    this.data.chapters.forEach(function (chapter) {
      lines.push(chapter.number + ". " + chapter.title + ": " + countText(self.counts(chapter.questions)));
      var numbers = [];
      chapter.questions.forEach(function (q) { if (numbers.indexOf(q.objective) < 0) numbers.push(q.objective); });
      numbers.sort(function (a, b) { return a - b; }).forEach(function (n) {
        var named = chapter.objectives.filter(function (o) { return o.number === n; })[0];
        lines.push("  Objective " + n + (named ? ": " + named.text : ""));
        chapter.questions.filter(function (q) { return q.objective === n; }).forEach(function (q) {
          var r = self.results[q.id];
          lines.push("    - [" + icon(r) + "] " + q.prompt);
          lines.push("      " + statusText(r) + when(r.at) + (r.answer ? " Your answer: " + r.answer : ""));
        });
      });
      lines.push("");
    });
    if (this.walks.length) {
      lines.push("Case walks");
      this.walks.forEach(function (walk) {
        lines.push("  " + walk.title);
        walk.stages.forEach(function (s) {
          lines.push("    - " + s.title + ": " + WALK_STATES[s.state] +
                     (s.answer ? ", " + s.answer : "") + when(s.at));
        });
      });
    }
    return lines.join("\n") + "\n";
  };

  Progress.prototype.reportData = function () {
    var self = this;
    return {
      made: new Date().toISOString(),
      chapters: this.data.chapters.map(function (chapter) {
        return { slug: chapter.slug, title: chapter.title, questions: chapter.questions.map(function (q) {
          var r = self.results[q.id];
          return { id: q.id, objective: q.objective, state: r.state, verdict: r.verdict || null,
                   answer: r.answer || null, at: r.at || null };
        }) };
      }),
      walks: this.walks.map(function (w) {
        return { slug: w.slug, title: w.title, stages: w.stages.map(function (s) {
          return { id: s.id, title: s.title, state: s.state, answer: s.answer || null, at: s.at || null };
        }) };
      })
    };
  };

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  Progress.prototype.say = function (text) {
    var self = this;
    this.announce.textContent = "";
    window.setTimeout(function () { self.announce.textContent = text; }, 50);
  };

  Progress.prototype.showConfirm = function (open) {
    this.confirm.hidden = !open;
    this.clearButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) this.confirm.querySelector('[data-action="clear-no"]').focus();
  };

  Progress.prototype.clear = function () {
    var self = this, removed = 0;
    [this.data.quizPrefix, this.data.walkPrefix].forEach(function (prefix) {
      keys(self.store, prefix).forEach(function (key) {
        try { self.store.removeItem(key); removed++; } catch (e) { /* ignore */ }
      });
    });
    this.collect();
    this.render();
    this.showConfirm(false);
    this.clearButton.focus();
    this.say(removed ? "Your progress has been cleared from this browser." : "There was nothing to clear.");
  };

  Progress.prototype.start = function () {
    var self = this;
    var day = new Date().toISOString().slice(0, 10);
    this.root.querySelector(".cb-progress__actions").hidden = false;
    if (!this.store) {
      this.root.querySelector('[data-notice="blocked"]').hidden = false;
      this.clearButton.hidden = true;
    }
    this.collect();
    this.render();
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !self.root.contains(button)) return;
      var action = button.getAttribute("data-action");
      if (action === "print") window.print();
      else if (action === "download") {
        self.collect(); self.render();
        download("casebook-progress-" + day + ".txt", "text/plain;charset=utf-8", self.reportText());
      } else if (action === "download-json") {
        self.collect(); self.render();
        download("casebook-progress-" + day + ".json", "application/json",
                 JSON.stringify(self.reportData(), null, 2) + "\n");
      } else if (action === "clear") self.showConfirm(true);
      else if (action === "clear-no") { self.showConfirm(false); self.clearButton.focus(); }
      else if (action === "clear-yes") self.clear();
    });
    this.confirm.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { self.showConfirm(false); self.clearButton.focus(); }
    });
    // Answers given in another tab show up here without a reload.
    window.addEventListener("storage", function () { self.collect(); self.render(); });
  };

  function start() {
    all(document, ".cb-progress:not(.cb-progress--ready)").forEach(function (root) {
      root.classList.add("cb-progress--ready");
      if (!window.casebookQuiz) return; // quiz.js missing: the static list stays as it is
      new Progress(root).start();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
