"""Figures of the case (casebook.plotting.case): axes in/out, every dated event drawn, no show().

Expected dates come from the case data file (book/case.yml, itself checked against the letter
RuizEsquide2026 in tests/test_case.py), never retyped here.
"""

import ast
import datetime as dt
import inspect

import matplotlib.axes
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pytest


from casebook.plotting import case as pcase
from conftest import THE_BOOK

case = THE_BOOK.case
SPEC = THE_BOOK.file("figures.yml")

HELPERS = [lambda **kw: pcase.case_timeline(case.timeline(), **kw),
           lambda **kw: pcase.therapy_swimlanes(case, SPEC, **kw)]


pytestmark = pytest.mark.usefixtures("figures")


def _labels(ax):
    """Every annotation text on ``ax``, with wrapped lines rejoined."""
    return [t.get_text().replace("\n", " ") for t in ax.texts]


def _drawn_points(ax):
    """(date, row) of every single-point marker line on ``ax``."""
    points = []
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if len(xs) == 1 and line.get_marker() not in (None, "None", ""):
            x = xs[0]
            x = x if isinstance(x, dt.date) else mdates.num2date(x).date()
            points.append((x, ys[0]))
    return points


@pytest.mark.parametrize("helper", HELPERS)
def test_helpers_return_new_axes_when_none_given(helper):
    ax = helper()
    assert isinstance(ax, matplotlib.axes.Axes)


@pytest.mark.parametrize("helper", HELPERS)
def test_helpers_draw_on_the_axes_they_are_given(helper):
    fig, (left, right) = plt.subplots(1, 2)
    assert helper(ax=right) is right
    assert right.has_data() and not left.has_data()
    assert len(plt.get_fignums()) == 1


def test_timeline_draws_every_dated_event_at_its_month():
    dated = [e for e in case.timeline() if e.approx_date is not None]
    assert len(dated) >= 10, "the letter dates at least ten events"
    ax = pcase.case_timeline(case.timeline())
    points = _drawn_points(ax)
    assert sorted(d for d, _ in points) == sorted(e.as_date() for e in dated)
    labels = _labels(ax)
    for event in dated:
        assert event.label in labels


def test_timeline_rows_are_in_date_order():
    ax = pcase.case_timeline(case.timeline())
    points = sorted(_drawn_points(ax), key=lambda p: p[1])
    dates = [d for d, _ in points]
    assert dates == sorted(dates)


def test_timeline_marks_key_letter_dates():
    """Referral, the two transplants and the last follow-up, as the data file gives them."""
    ax = pcase.case_timeline(case.timeline())
    drawn = {d for d, _ in _drawn_points(ax)}
    for fact_month in [case.fact("referral_date").value, *case.fact("asct_dates").value,
                       case.fact("last_follow_up").value["date"]]:
        assert pcase.month(fact_month) in drawn


def test_timeline_skips_undated_events_and_hollows_inferred_months():
    ax = pcase.case_timeline(case.timeline())
    undated = [e for e in case.timeline() if e.approx_date is None]
    assert undated, "the letter leaves some events undated (e.g. induction CR)"
    labels = " ".join(_labels(ax))
    for event in undated:
        assert event.label not in labels
    hollow = {mdates.num2date(ln.get_xdata()[0]).date()
              if not isinstance(ln.get_xdata()[0], dt.date) else ln.get_xdata()[0]
              for ln in ax.get_lines() if ln.get_markerfacecolor() == "white"}
    inferred = {e.as_date() for e in case.timeline() if e.date is None and e.approx_date}
    assert inferred <= hollow


def test_timeline_until_greys_out_later_events():
    ax = pcase.case_timeline(case.timeline(), until="2023-06")
    later = [t for t in ax.texts if t.get_color() == "#888888"]
    n_later = sum(1 for e in case.timeline() if e.as_date() and e.as_date() > dt.date(2023, 6, 1))
    assert len(later) == n_later > 0
    assert any("known by Jun 2023" in t.get_text() for t in ax.texts)


def test_timeline_accepts_a_custom_event_list():
    events = [e for e in case.timeline() if e.id in ("referral", "asct_1")]
    ax = pcase.case_timeline(events)
    assert len(_drawn_points(ax)) == 2
    assert sorted(_labels(ax)[:2]) == sorted(e.label for e in events)


@pytest.mark.parametrize("bad", ["June 2023", "2023/06", "2023-13"])
def test_until_rejects_malformed_months(bad):
    with pytest.raises(ValueError, match="until"):
        pcase.case_timeline(case.timeline(), until=bad)


def test_swimlanes_take_their_numbers_from_the_case_file():
    ax = pcase.therapy_swimlanes(case, SPEC)
    text = " ".join(t.get_text() for t in ax.texts)
    ticks = " ".join(t.get_text() for t in ax.get_yticklabels())
    mel = case.fact("conditioning").value["dose_mg_per_m2"]
    assert f"{mel} mg/m²" in ticks
    assert f"1:{case.fact('iif_titre').value}" in text
    assert f"{case.fact('induction_cycles').value} cycles" in text
    assert f"{case.fact('methotrexate').value['dose_mg']} mg" in text
    drawn = {d for d, _ in _drawn_points(ax)}
    for asct in case.fact("asct_dates").value:
        assert pcase.month(asct) in drawn
    assert case.event("post_transplant_serology").as_date() in drawn


def test_reasoning_chain_draws_one_box_per_nonempty_text():
    ax = pcase.reasoning_chain([("A", ["a", "b", "", "d"]), ("B", ["e", "f", "g", "h"])])
    assert len(ax.patches) == 7


def test_reasoning_chain_rejects_ragged_steps():
    with pytest.raises(ValueError, match="steps"):
        pcase.reasoning_chain([("A", ["only", "three", "texts"])])


def test_no_helper_calls_plt_show():
    tree = ast.parse(inspect.getsource(pcase))
    calls = [n.func.attr for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert "show" not in calls


def test_reexported_from_plotting():
    from casebook import plotting

    assert plotting.case_timeline is pcase.case_timeline
    assert plotting.therapy_swimlanes is pcase.therapy_swimlanes
    assert plotting.reasoning_chain is pcase.reasoning_chain


# ------------------------------------------------------------ the swimlanes' spec (figures.yml)
def _spec_with(changes):
    """The book's swimlane spec with lane ``i``'s first span or marker edited."""
    import copy

    import yaml

    data = copy.deepcopy(yaml.safe_load(SPEC.read_text(encoding="utf-8"))["therapy_swimlanes"])
    for (lane, kind, field), value in changes.items():
        data["lanes"][lane][kind][0][field] = value
    return data


def test_swimlanes_draw_one_lane_per_spec_lane_in_order():
    spec = pcase.load_swimlanes(SPEC)
    ax = pcase.therapy_swimlanes(case, spec)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == len(spec["lanes"]) == 6
    assert ticks[1] == f"{case.value('induction.regimen')} induction"


def test_swimlanes_keep_their_non_colour_signals():
    """Hatching for unreported ends, distinct marker shapes per lane, hollow = negative."""
    ax = pcase.therapy_swimlanes(case, SPEC)
    hatches = {p.get_hatch() for p in ax.patches}
    assert {"//", ".."} <= hatches
    shapes = {line.get_marker() for line in ax.get_lines() if len(line.get_xdata()) == 1}
    assert {"v", "s", "*"} <= shapes
    assert any(line.get_markerfacecolor() == "white" for line in ax.get_lines())


def test_swimlanes_until_clips_the_quiet_span_and_fades_later_markers():
    ax = pcase.therapy_swimlanes(case, SPEC, until="2023-09")
    grey = [line for line in ax.get_lines() if line.get_markeredgecolor() == "#BBBBBB"]
    assert len(grey) == 3  # both transplants and the negative serology came later
    quiet = [p for p in ax.patches if p.get_hatch() == ".."]
    end = mdates.num2date(quiet[0].get_x() + quiet[0].get_width()).date()
    assert end == dt.date(2023, 9, 1)


def test_swimlane_spec_accepts_a_mapping_and_templates_per_marker():
    spec = {"lanes": [{"label": "Transplants of {conditioning.drug}",
                       "markers": [{"each": "asct_dates", "marker": "v", "text": "#{n}"}]}]}
    ax = pcase.therapy_swimlanes(case, spec)
    assert [t.get_text() for t in ax.texts] == ["#1", "#2"]
    assert ax.get_yticklabels()[0].get_text() == \
        f"Transplants of {case.value('conditioning.drug')}"


@pytest.mark.parametrize(("changes", "message"), [
    ({(1, "spans", "colour"): "magenta"}, r"lane 1 \('\{induction.regimen\} induction'\): "
                                          r"spans\[0\]\.colour: 'magenta' is not an Okabe-Ito"),
    ({(1, "spans", "from"): "tomorrow"}, r"lane 1 .*spans\[0\]\.from: 'tomorrow' is not a point"),
    ({(2, "markers", "size"): -3}, r"lane 2 .*markers\[0\]\.size: must be a positive number"),
    ({(4, "markers", "text_at"): "left"}, r"markers\[0\]\.text_at: 'left' not in"),
    ({(4, "markers", "text"): "{iif_titre"}, r"markers\[0\]\.text: unbalanced brace"),
    ({(4, "markers", "text"): "{iif_titre|loud}"}, r"unknown filter 'loud'"),
    ({(0, "spans", "shade"): 1}, r"lane 0 \('Methotrexate'\): spans\[0\]: unknown field"),
])
def test_swimlane_spec_errors_name_the_lane_and_field(changes, message):
    with pytest.raises(pcase.SpecError, match=message):
        pcase.load_swimlanes(_spec_with(changes))


def test_swimlane_spec_errors_name_the_file():
    with pytest.raises(pcase.SpecError, match=r"^figures\.yml: no section 'other'"):
        pcase.load_swimlanes(SPEC, name="other")


@pytest.mark.parametrize(("changes", "message"), [
    ({(1, "spans", "to"): "event:no_such_event"}, r"lane 1 .*spans\[0\]: .*no timeline event "
                                                  r"'no_such_event'"),
    ({(1, "spans", "to"): "fact:induction.stop"}, r"spans\[0\]: .*has no field 'stop'"),
    ({(1, "spans", "to"): "fact:induction_cycles"}, r"spans\[0\]: fact 'induction_cycles' is 7,"),
    ({(2, "markers", "each"): "induction_cycles"}, r"markers\[0\]: each: .* not a list"),
    ({(4, "markers", "text"): "{no_such_fact}"}, r"lane 4 .*markers\[0\]: .*no case fact"),
])
def test_swimlane_spec_that_misnames_the_case_fails_at_draw_time(changes, message):
    spec = pcase.load_swimlanes(_spec_with(changes))
    with pytest.raises(pcase.SpecError, match=message):
        pcase.therapy_swimlanes(case, spec)


@pytest.mark.parametrize("helper", HELPERS)
def test_every_month_start_is_marked_below_the_time_axis(helper):
    """Month marks: one artist at each first of a month in view, hanging below the axis."""
    ax = helper()
    marks = [c for c in ax.collections if c.get_gid() == "month-marks"]
    assert len(marks) == 1 and not ax.xaxis.get_minorticklocs().size
    lo, hi = (mdates.num2date(v).date() for v in ax.get_xlim())
    firsts = [mdates.num2date(x).date() for x in marks[0].get_offsets()[:, 0]]
    expected = [dt.date(y, m, 1) for y in range(lo.year, hi.year + 1) for m in range(1, 13)
                if lo <= dt.date(y, m, 1) <= hi]
    assert firsts == expected and len(expected) > 12
    assert set(marks[0].get_offsets()[:, 1]) == {0.0}  # on the axis line, in axes fraction
    assert marks[0].get_transform() != ax.transData and not marks[0].get_clip_on()
    tick = marks[0].get_paths()[0].vertices  # a vertical stroke from the axis downwards
    assert (tick[:, 0] == 0).all() and tick[:, 1].max() == 0 and tick[:, 1].min() < 0
