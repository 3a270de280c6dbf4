/* Casebook quizzes: brings the static quiz HTML of casebook.quiz.html to life.
 *
 * Every message is already in the page, escaped, written by Python; this script only toggles
 * `hidden`, `disabled` and the score number, so it never builds HTML from bank text.
 * Grading mirrors casebook/quiz/grading.py (grade_data, parse_number), the one documented home
 * of the rule; a browser test checks both give the same verdicts. Change them together.
 * Answers are kept in this browser's localStorage only: no request ever leaves the page. Keys
 * and values ("casebook-quiz:<slug>:<id>" -> {rev, answer, checked, verdict, at}) are documented
 * in casebook/progress.py, whose "My progress" page (progress.js) reads them; when storage
 * throws (private mode, blocked site data) the quiz works and simply forgets.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "casebook-quiz:";
  var NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

  /* grading.grade_data: the verdict for an answer under a question's grading data. */
  function grade(data, answer) {
    if (data.type === "numeric") {
      if (answer < data.low) return "low";
      if (answer > data.high) return "high";
      return "correct";
    }
    if (data.type === "single") return data.correct[answer] ? "correct" : "incorrect";
    if (answer.some(function (i) { return !data.correct[i]; })) return "incorrect";
    if (data.correct.some(function (flag, i) { return flag && answer.indexOf(i) < 0; })) {
      return "incomplete";
    }
    return "correct";
  }

  /* grading.slip_index: the first anticipated wrong answer's range holding the answer, or null. */
  function slipIndex(data, answer) {
    for (var i = 0; i < data.slips.length; i++) {
      if (data.slips[i][0] <= answer && answer <= data.slips[i][1]) return i;
    }
    return null;
  }

  /* grading.parse_number: sign, ASCII digits, optional decimal point; else null. */
  function parseNumber(text) {
    text = String(text).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    return NUMBER.test(text) ? Number(text) : null;
  }

  var storage = {
    get: function (key) {
      try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* private mode */ }
    }
  };

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function show(element, visible) { if (element) element.hidden = !visible; }

  function Question(quiz, form, data) {
    this.quiz = quiz;
    this.form = form;
    this.data = data;
    this.key = STORE_PREFIX + quiz.slug + ":" + data.id;
    this.inputs = all(form, ".cb-quiz__input");
    this.status = form.querySelector(".cb-quiz__status");
    this.check = form.querySelector(".cb-quiz__check");
    this.retry = form.querySelector(".cb-quiz__retry");
    this.details = form.querySelector(".cb-quiz__answer");
    this.verdict = null;
  }

  Question.prototype.answer = function () {
    if (this.data.type === "numeric") return this.inputs[0].value;
    return this.inputs.filter(function (i) { return i.checked; })
      .map(function (i) { return Number(i.value); });
  };

  Question.prototype.setAnswer = function (answer) {
    if (this.data.type === "numeric") {
      this.inputs[0].value = typeof answer === "string" ? answer : "";
      return;
    }
    var chosen = Array.isArray(answer) ? answer : [];
    this.inputs.forEach(function (input) { input.checked = chosen.indexOf(Number(input.value)) >= 0; });
  };

  Question.prototype.clearMessages = function () {
    all(this.form, "[data-verdict], [data-feedback], [data-mark], .cb-quiz__explanation")
      .forEach(function (el) { el.hidden = true; });
  };

  Question.prototype.save = function () {
    var answer = this.answer();
    var empty = this.data.type === "numeric" ? answer === "" : answer.length === 0;
    if (empty && !this.verdict) storage.remove(this.key);
    else storage.set(this.key, { rev: this.data.rev, answer: answer, checked: !!this.verdict,
                                 verdict: this.verdict, at: new Date().toISOString() });
  };

  Question.prototype.lock = function (locked) {
    this.inputs.forEach(function (input) { input.disabled = locked; });
    show(this.check, !locked);
    show(this.retry, locked);
  };

  /* Grade the current answer and reveal the matching messages. Returns the verdict. */
  Question.prototype.grade = function (options) {
    var answer = this.answer();
    var value = answer;
    var problem = null;
    if (this.data.type === "numeric") {
      value = parseNumber(answer);
      if (answer.trim() === "") problem = "blank";
      else if (value === null) problem = "invalid";
    } else if (answer.length === 0) {
      problem = "empty";
    } else if (this.data.type === "single") {
      value = answer[0];
    }
    this.clearMessages();
    if (problem) {
      show(this.status.querySelector('[data-verdict="' + problem + '"]'), true);
      return null;
    }
    var verdict = grade(this.data, value);
    this.verdict = verdict;
    show(this.status.querySelector('[data-verdict="' + verdict + '"]'), true);
    if (this.data.type === "numeric") {
      var slip = verdict === "correct" ? null : slipIndex(this.data, value);
      var key = slip === null ? verdict : "slip-" + slip;
      show(this.status.querySelector('[data-feedback="' + key + '"]'), true);
    } else {
      answer.forEach(function (i) {
        show(this.status.querySelector('[data-feedback="' + i + '"]'), true);
        show(this.form.querySelector('[data-mark="' + i + '"]'), true);
      }, this);
    }
    show(this.form.querySelector(".cb-quiz__explanation"), verdict === "correct");
    show(this.details, verdict !== "correct");
    this.lock(true);
    if (!(options && options.restoring)) this.save(); // a restored answer keeps its time
    this.quiz.updateScore();
    this.quiz.say("");
    if (options && options.focus) this.retry.focus();
    return verdict;
  };

  Question.prototype.reset = function (options) {
    this.verdict = null;
    this.setAnswer(null);
    this.clearMessages();
    this.lock(false);
    show(this.details, false);
    this.details.open = false;
    storage.remove(this.key);
    this.quiz.updateScore();
    if (options && options.focus) this.inputs[0].focus();
  };

  Question.prototype.restore = function () {
    var saved = storage.get(this.key);
    if (!saved || saved.rev !== this.data.rev) return;
    var ok = this.data.type === "numeric"
      ? typeof saved.answer === "string"
      : Array.isArray(saved.answer) && saved.answer.every(function (i) {
        return Number.isInteger(i) && i >= 0 && i < this.inputs.length;
      }, this);
    if (!ok) return;
    this.setAnswer(saved.answer);
    if (saved.checked) this.grade({ focus: false, restoring: true });
  };

  Question.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!self.verdict) self.grade({ focus: true });
    });
    this.retry.addEventListener("click", function () { self.reset({ focus: true }); });
    this.inputs.forEach(function (input) {
      input.addEventListener("input", function () { self.save(); });
      input.addEventListener("change", function () { self.save(); });
      if (input.type === "radio" || input.type === "checkbox") {
        // Enter checks the answer from a choice too, as it does from the number box.
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            if (!self.verdict) self.grade({ focus: true });
          }
        });
      }
    });
  };

  function Quiz(root, data) {
    this.root = root;
    this.slug = data.slug;
    this.score = root.querySelector(".cb-quiz__score-value");
    this.announce = root.querySelector(".cb-quiz__announce");
    var forms = {};
    all(root, "form.cb-quiz__question").forEach(function (f) { forms[f.dataset.question] = f; });
    this.questions = data.questions.filter(function (q) { return forms[q.id]; })
      .map(function (q) { return new Question(this, forms[q.id], q); }, this);
  }

  Quiz.prototype.updateScore = function () {
    var right = this.questions.filter(function (q) { return q.verdict === "correct"; }).length;
    if (this.score) this.score.textContent = String(right);
  };

  Quiz.prototype.say = function (text) {
    if (this.announce) this.announce.textContent = text;
  };

  Quiz.prototype.start = function () {
    var self = this;
    this.root.classList.add("cb-quiz--ready");
    all(this.root, ".cb-quiz__actions, .cb-quiz__bar").forEach(function (el) { el.hidden = false; });
    this.questions.forEach(function (q) {
      q.details.hidden = true;
      q.lock(false);
      q.bind();
      q.restore();
    });
    this.updateScore();
    this.root.querySelector(".cb-quiz__reset").addEventListener("click", function () {
      self.questions.forEach(function (q) { q.reset({ focus: false }); });
      self.say("");
      // A fresh text node after a tick, so a second reset is announced again.
      window.setTimeout(function () { self.say("Your answers have been cleared."); }, 50);
    });
  };

  function start() {
    all(document, ".cb-quiz:not(.cb-quiz--ready)").forEach(function (root) {
      var script = root.querySelector("script.cb-quiz__data");
      if (!script) return;
      new Quiz(root, JSON.parse(script.textContent)).start();
    });
  }

  window.casebookQuiz = { grade: grade, slipIndex: slipIndex, parseNumber: parseNumber, start: start };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
