"""What a chapter's quiz asks of learners: the skill mix and the objectives it covers.

Book-wide rules for the banks (issue 14), each returning a list of problems (empty when the bank
passes), so a test can assert them for every chapter and show what is wrong:

- :func:`skill_mix_problems`: at least 40% of the items ask for ``interpretation`` or
  ``decision``, at least one is a ``decision``, at most 25% are ``calculation``.
- :func:`objective_coverage_problems`: every learning objective is assessed by at least two items.
- :func:`repeated_answers`: no numeric answer (value and unit) is asked more than twice across
  the book, a cheap guard against asking the same fact again and again.
"""

from __future__ import annotations

from collections import Counter

from casebook.quiz.bank import Bank, skill_mix

__all__ = ["MAX_CALCULATION", "MIN_DECISIONS", "MIN_ITEMS_PER_OBJECTIVE", "MIN_JUDGEMENT",
           "MAX_REPEATS", "objective_coverage_problems", "repeated_answers", "skill_mix_problems"]

MIN_JUDGEMENT = 0.40  # share of interpretation + decision items, at least
MIN_DECISIONS = 1  # decision items, at least
MAX_CALCULATION = 0.25  # share of calculation items, at most
MIN_ITEMS_PER_OBJECTIVE = 2
MAX_REPEATS = 2


def skill_mix_problems(bank: Bank, *, min_judgement: float = MIN_JUDGEMENT,
                       min_decisions: int = MIN_DECISIONS,
                       max_calculation: float = MAX_CALCULATION) -> list[str]:
    """Problems with a bank's skill mix; the thresholds themselves count as passing."""
    mix, n = skill_mix(bank), len(bank.questions)
    if n == 0:
        return [f"{bank.slug}.yml: no questions"]
    judgement = mix["interpretation"] + mix["decision"]
    problems = []
    # compare counts, not floats: judgement / n >= min_judgement  <=>  judgement >= min * n
    if judgement < min_judgement * n - 1e-9:
        problems.append(f"{bank.slug}.yml: {judgement} of {n} items ask for interpretation or "
                        f"decision (want at least {min_judgement:.0%})")
    if mix["decision"] < min_decisions:
        problems.append(f"{bank.slug}.yml: {mix['decision']} decision items "
                        f"(want at least {min_decisions})")
    if mix["calculation"] > max_calculation * n + 1e-9:
        problems.append(f"{bank.slug}.yml: {mix['calculation']} of {n} items are calculation "
                        f"(want at most {max_calculation:.0%})")
    return problems


def objective_coverage_problems(bank: Bank, objectives: int, *,
                                min_items: int = MIN_ITEMS_PER_OBJECTIVE) -> list[str]:
    """Objectives ``1..objectives`` assessed by fewer than ``min_items`` questions."""
    counts = Counter(q.objective for q in bank.questions)
    return [f"{bank.slug}.yml: objective {k} is assessed by {counts[k]} item(s) "
            f"(want at least {min_items})"
            for k in range(1, objectives + 1) if counts[k] < min_items]


def repeated_answers(banks: list[Bank], *, max_repeats: int = MAX_REPEATS) -> list[str]:
    """Numeric answers (value, unit) asked more than ``max_repeats`` times across ``banks``."""
    seen: dict[tuple[float, str], list[str]] = {}
    for bank in banks:
        for q in bank.questions:
            if q.type == "numeric":
                seen.setdefault((q.answer, q.unit or ""), []).append(q.id)
    return [f"answer {value:g} {unit}".rstrip() + f" is asked {len(ids)} times: {', '.join(ids)}"
            for (value, unit), ids in seen.items() if len(ids) > max_repeats]
