"""``report`` for people: bars scaled to the largest, a line per day with DST days named,
plain sentences about estimates and hand-off, a friendly empty state, user text as text."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from microtask.domain.report import (
    Estimates,
    Flow,
    GroupBy,
    HandOff,
    PeriodKind,
    Report,
    biggest_misses,
)
from microtask.format import approx_duration
from microtask.render.report import (
    DAY_BAR_WIDTH,
    GROUP_BAR_WIDTH,
    bar,
    report_html,
    report_plain,
    report_svg,
    report_view,
    spark,
)
from tests.rendering import text_of
from tests.report_factory import (
    GENERATED,
    NO_FLOW,
    WEEK_START,
    days_of,
    empty_report,
    estimate,
    group,
    hand_off_line,
    period,
    sample_report,
)

NOW = GENERATED  # Wed 25 Nov 2026, 09:30 in Paris
FULL = "\u2588"


def view(report: Report, now: datetime = NOW) -> str:
    return text_of(report_view(report, now))


def line_with(out: str, needle: str) -> str:
    """The one line that starts with ``needle`` (after an ID, if any)."""
    pattern = re.compile(rf"\s*(?:\d+\s+)?{re.escape(needle)}")
    [line] = [line for line in out.splitlines() if pattern.match(line)]
    return line


def section(out: str, name: str) -> str:
    """The lines of one section: from its rule to the next rule."""
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(name + " \u2500"))
    rest = lines[first + 1 :]
    end = next((i for i, line in enumerate(rest) if re.match(r"\S.* \u2500{3}", line)), len(rest))
    return "\n".join(rest[:end])


def svg_text(text: str) -> str:
    """``text`` as Rich writes it into an SVG: HTML-escaped, spaces as no-break spaces."""
    return html.escape(text).replace(" ", "&#160;")


def bar_cells(line: str) -> float:
    """The length of the bar on ``line``, in cells (eighths count as fractions)."""
    eighths = {chr(0x2590 - n): n / 8 for n in range(1, 8)}  # U+258F 1/8 .. U+2589 7/8
    return sum(1.0 if char == FULL else eighths.get(char, 0.0) for char in line)


# --- bars --------------------------------------------------------------------------------


def test_bar_is_full_for_the_largest_and_scales_in_eighths() -> None:
    assert bar(10, 10, 30) == FULL * 30
    assert bar(5, 10, 30) == FULL * 15
    assert bar(1, 4, 2) == "\u258c"  # a quarter of 2 cells: half a cell
    assert bar(3, 8, 1) == "\u258d"  # three eighths
    assert bar(0.001, 1000, 30) == "\u258f"  # a sliver, never nothing for some focus
    assert bar(0, 10, 30) == ""
    assert bar(5, 0, 30) == ""  # nothing to scale by: no division by zero
    assert bar(float("nan"), 10, 30) == ""


def test_sparkline_marks_have_eight_heights_and_a_dot_for_nothing() -> None:
    assert spark(10, 10) == "\u2588"
    assert spark(0.01, 10) == "\u2581"
    assert spark(0, 10) == "\u00b7"
    assert spark(0, 0) == "\u00b7"


# --- title and summary -------------------------------------------------------------------


def test_title_names_the_period_and_time_zone_and_the_summary_the_totals() -> None:
    out = view(sample_report())
    assert out.splitlines()[0] == "Report: Week 48 (23-29 Nov 2026) \u00b7 Europe/Paris"
    assert re.search(r"Focus\s+3h30m in 8 sessions", out)
    assert re.search(r"Pomodoros\s+6 completed, 0 interrupted", out)
    assert re.search(r"Longest streak\s+3 days in a row \(Mon 23 Nov - Wed 25 Nov\)", out)


# --- focus by group ----------------------------------------------------------------------


def test_group_bars_scale_to_the_largest_with_time_share_and_sessions() -> None:
    out = section(view(sample_report()), "Focus by task")
    top, middle, small = (line_with(out, title) for title in ("Write the", "Invoices  ", "Inbox"))
    assert bar_cells(top) == GROUP_BAR_WIDTH
    assert bar_cells(middle) == GROUP_BAR_WIDTH / 2
    assert bar_cells(small) == GROUP_BAR_WIDTH / 4
    assert re.search(r"12\s+Write the report\s+[\u2588-\u258f]+\s+2h\s+57%\s+5$", top)
    assert re.search(r"7\s+Invoices\s+[\u2588-\u258f]+\s+1h\s+29%\s+2$", middle)
    assert re.search(r"3\s+Inbox\s+[\u2588-\u258f]+\s+30m\s+14%\s+1$", small)


def test_only_the_top_fifteen_groups_are_listed_with_a_line_for_the_rest() -> None:
    groups = tuple(group(f"Task {n:02d}", 100 - n, task_id=n) for n in range(1, 21))
    out = view(sample_report(groups=groups))
    assert "Task 15" in out
    assert "Task 16" not in out
    assert "... and 5 more tasks (6h50m)" in out  # 84+83+82+81+80 minutes


def test_by_tag_names_the_column_and_says_a_session_counts_under_each_tag() -> None:
    groups = (group("deep", 90, 3), group("admin", 45, 2), replace(group("", 15), key=None))
    out = view(sample_report(by=GroupBy.TAG, groups=groups))
    assert "Focus by tag" in out
    assert re.search(r"Tag\s+Focus\s+Share\s+Sessions", out)
    assert "counts under each of them" in out
    assert "ID" not in line_with(out, "Tag")


def test_the_no_project_group_keeps_the_label_it_was_given() -> None:
    groups = (group("Acme", 90, 3), replace(group("(no project)", 30), key=None))
    out = view(sample_report(by=GroupBy.PROJECT, groups=groups))
    assert "Focus by project" in out
    assert "(no project)" in out


# --- focus per day -----------------------------------------------------------------------


def test_a_week_has_one_line_per_day_with_bars_scaled_to_the_busiest_day() -> None:
    out = view(sample_report())
    for label in ("Mon 23 Nov", "Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov", "Sun 29 Nov"):
        assert label in out
    monday, tuesday = line_with(out, "Mon 23 Nov"), line_with(out, "Tue 24 Nov")
    assert bar_cells(monday) == DAY_BAR_WIDTH
    assert bar_cells(tuesday) == pytest.approx(DAY_BAR_WIDTH * 75 / 90, abs=1 / 16)
    assert re.search(r"1h30m\s+3 pomodoros\s*$", monday)


def test_today_is_marked_and_days_ahead_stay_blank() -> None:
    out = view(sample_report())
    assert line_with(out, "Wed 25 Nov").rstrip().endswith("today")
    assert line_with(out, "Fri 27 Nov").strip() == "Fri 27 Nov"
    assert line_with(out, "Thu 26 Nov").strip() == "Thu 26 Nov"
    assert re.search(
        r"Tue 24 Nov\s+[\u2588-\u258f]+\s+1h15m\s+2 pomodoros\s*$", line_with(out, "Tue 24 Nov")
    )


def test_interruptions_show_next_to_the_pomodoros_of_their_day() -> None:
    span = period()
    days = days_of(span, {WEEK_START: 50}, {WEEK_START: 2}, {WEEK_START: 1})
    out = view(sample_report(days=days))
    assert "2 pomodoros, 1 interrupted" in line_with(out, "Mon 23 Nov")
    assert re.search(r"Pomodoros\s+2 completed, 1 interrupted", out)


def test_dst_days_are_named_23_h_and_25_h_days() -> None:
    spring = period(date(2026, 3, 23), 7, label="Week 13 (23-29 Mar 2026)")
    autumn = period(date(2026, 10, 19), 7, label="Week 43 (19-25 Oct 2026)")
    later = datetime(2027, 1, 1, tzinfo=UTC)
    out = view(sample_report(period=spring, days=days_of(spring, {date(2026, 3, 29): 30})), later)
    assert line_with(out, "Sun 29 Mar").rstrip().endswith("23 h day")
    assert "h day" not in line_with(out, "Sat 28 Mar")
    out = view(sample_report(period=autumn, days=days_of(autumn, {date(2026, 10, 25): 30})), later)
    assert line_with(out, "Sun 25 Oct").rstrip().endswith("25 h day")


def test_a_single_day_report_has_no_day_lines_but_names_a_dst_day() -> None:
    span = period(date(2026, 10, 25), 1, PeriodKind.DAY, "Sun 25 Oct 2026")
    out = view(sample_report(period=span, days=days_of(span, {span.first_day: 40})))
    assert "Focus per day" not in out
    assert re.search(r"Day length\s+25 h day \(clock change\)", out)


def test_a_month_still_has_one_line_per_day() -> None:
    span = period(date(2026, 10, 1), 31, PeriodKind.MONTH, "October 2026")
    out = view(
        sample_report(period=span, days=days_of(span, {date(2026, 10, 5): 60})),
        datetime(2026, 11, 1, 12, tzinfo=UTC),
    )
    day_lines = [
        line for line in out.splitlines() if re.match(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", line)
    ]
    assert len(day_lines) == 31
    assert line_with(out, "Sun 25 Oct").rstrip().endswith("25 h day")


def test_a_long_range_gets_a_sparkline_per_month_and_the_busiest_day() -> None:
    span = period(date(2026, 9, 15), 90, PeriodKind.RANGE, "15 Sep - 13 Dec 2026")
    focus = {date(2026, 9, 15): 30, date(2026, 10, 7): 240, date(2026, 12, 13): 60}
    out = view(sample_report(period=span, days=days_of(span, focus)))
    assert "Tue 15 Sep" not in out  # no line per day
    assert [
        line.split()[:2] for line in out.splitlines() if re.match(r"(Sep|Oct|Nov|Dec) 2026", line)
    ] == [
        ["Sep", "2026"],
        ["Oct", "2026"],
        ["Nov", "2026"],
        ["Dec", "2026"],
    ]
    assert "1        10        20        30" in out  # the day-of-month axis
    september, october = line_with(out, "Sep 2026"), line_with(out, "Oct 2026")
    first_slot = len("Sep 2026  ")
    assert september[first_slot : first_slot + 14].strip() == ""  # 1-14 Sep: before the range
    assert september[first_slot + 14] == "\u2581"  # 15 Sep: a little focus
    assert october[first_slot + 6] == "\u2588"  # 7 Oct, the busiest day: full height
    assert october[first_slot] == "\u00b7"  # 1 Oct: no focus
    assert "Busiest day: Wed 7 Oct 2026, 4h \u00b7 3 of 90 days with focus, 1h50m on average" in out
    assert "Clock changes: Sun 25 Oct 2026 (25 h day)" in out


def test_years_of_days_get_a_sparkline_per_year_by_week() -> None:
    span = period(date(2024, 1, 1), 3 * 365, PeriodKind.RANGE, "1 Jan 2024 - 30 Dec 2026")
    out = view(sample_report(period=span, days=days_of(span, {date(2025, 6, 4): 100})))
    rows = [line for line in out.splitlines() if "by week" in line]
    assert [row.split()[0] for row in rows] == ["2024", "2025", "2026"]
    assert "Busiest day: Wed 4 Jun 2025, 1h40m" in out
    assert "Clock changes: 6 days of 23 or 25 hours" in out


def test_no_focus_on_any_day_is_said_in_a_line() -> None:
    report = sample_report(groups=(), days=days_of(period()), sessions=0)
    out = view(report)
    assert "No focus recorded in this period. Start one: microtask pomodoro" in out
    assert "No focus recorded on any day of this period." in out
    assert FULL not in out


# --- estimates ---------------------------------------------------------------------------


def test_estimates_list_the_biggest_misses_with_ratios_and_say_the_overall_ratio() -> None:
    out = view(sample_report())
    assert "You take 1.2x your estimates (median 1.2x, over 2 tasks)." in out
    assert re.search(r"12\s+Write the report\s+1h\s+1h36m\s+1.6x", out)
    assert re.search(r"7\s+Invoices\s+1h\s+54m\s+0.9x", out)
    assert "1 finished task had no estimate; 1 had an estimate but no focus recorded" in out


def test_finishing_early_is_said_as_a_fraction_of_the_estimates() -> None:
    rows = biggest_misses([estimate(1, "a", 100, 60), estimate(2, "b", 100, 90)])
    out = view(sample_report(estimates=Estimates(rows, 2, 0, 0)))
    assert "You finish in 0.8x your estimates (median 0.8x, over 2 tasks)." in out


def test_only_the_ten_biggest_misses_are_listed() -> None:
    rows = biggest_misses([estimate(n, f"Task {n:02d}", 60, 60 + n) for n in range(1, 15)])
    out = view(sample_report(estimates=Estimates(rows, 14, 0, 0)))
    assert "Task 14" in out
    assert "Task 04" not in out
    assert "... and 4 more" in out


def test_no_finished_task_and_a_zero_estimate_do_not_divide_by_zero() -> None:
    out = view(sample_report(estimates=Estimates((), 0, 0, 0)))
    assert "No task was finished in this period" in out
    zero = Estimates((estimate(1, "Quick", 0, 5),), 1, 0, 0)
    out = view(sample_report(estimates=zero))
    assert "nothing to compare" in out
    assert re.search(r"Quick\s+0m\s+5m\s+-", out)


# --- flow and hand-off -------------------------------------------------------------------


def test_flow_shows_counts_and_the_average_age_in_days_or_hours() -> None:
    out = view(sample_report())
    assert re.search(r"Created\s+5\s+Done\s+4\s+Dropped\s+1", out)
    assert re.search(r"Overdue\s+2\s+Done late\s+1\s+Average age at completion\s+2.5 days", out)
    out = view(sample_report(flow=Flow(1, 1, 0, 5 * 3600 + 20 * 60, 0, 0)))
    assert re.search(r"Average age at completion\s+5h20m", out)
    out = view(sample_report(flow=Flow(1, 0, 0, None, 0, 0)))
    assert re.search(r"Average age at completion\s+-", out)


def test_hand_off_shows_hours_per_verdict_top_lines_and_the_saving_with_rates() -> None:
    lines = (
        hand_off_line(7, "Invoices", "outsource", 60, 75.0),
        hand_off_line(9, "Deploy script", "automate", 30, 37.5),
        hand_off_line(4, "Errands", "batch", 15, 0.0),
    )
    out = view(sample_report(hand_off=HandOff(lines, 100.0, 25.0, 5)))
    assert "outsource 1h \u00b7 automate 30m \u00b7 batch 15m" in out
    assert re.search(r"9\s+Deploy script\s+automate\s+30m\s+37.50", out)
    assert (
        "Handing off these 1h45m would have saved 112.50 (a provider at 25/h, you at 100/h)." in out
    )


def test_a_negative_saving_is_said_plainly() -> None:
    lines = (hand_off_line(7, "Invoices", "outsource", 90, -30.0),)
    out = " ".join(view(sample_report(hand_off=HandOff(lines, 100.0, 120.0, 1))).split())
    assert (
        "Handing off these 1h30m would have cost 30.00 more than doing them yourself "
        "(a provider at 120/h, you at 100/h): no saving." in out
    )
    assert "-30.00" in out


def test_no_hand_off_time_is_one_sentence() -> None:
    out = view(sample_report(hand_off=HandOff((), 100.0, 25.0, 3)))
    assert "No focus went to tasks worth handing off (3 tasks with focus scored)." in out


# --- empty state -------------------------------------------------------------------------


def test_an_empty_period_is_one_friendly_panel_that_says_how_to_start() -> None:
    out = view(empty_report())
    assert "Nothing was recorded in Week 48 (23-29 Nov 2026)" in out
    assert "microtask pomodoro" in " ".join(out.split())
    assert "Focus by" not in out
    assert "Estimates" not in out
    assert out.lstrip().startswith("\u256d")  # a rounded panel


@pytest.mark.parametrize("by", list(GroupBy))
@pytest.mark.parametrize(
    ("first", "count", "kind"),
    [
        (date(2026, 11, 23), 1, PeriodKind.DAY),
        (date(2026, 11, 23), 7, PeriodKind.WEEK),
        (date(2026, 11, 1), 30, PeriodKind.MONTH),
        (date(2020, 1, 1), 2000, PeriodKind.RANGE),
    ],
)
def test_a_report_with_no_focus_never_divides_by_zero(
    by: GroupBy, first: date, count: int, kind: PeriodKind
) -> None:
    span = period(first, count, kind, "Some days")
    assert "Nothing was recorded" in view(empty_report(span, by))
    moved = replace(empty_report(span, by), flow=replace(NO_FLOW, created=1))
    out = view(moved)
    assert "Created" in out
    assert "none yet" in out
    assert "Some days" in report_html(moved, NOW)
    assert svg_text("Some days") in report_svg(moved, NOW)


# --- user text is data -------------------------------------------------------------------


HOSTILE = "[bold red]x[/] \x1b[2J\x07 <b>&</b>"


def test_markup_and_control_characters_in_user_text_stay_visible_text() -> None:
    report = sample_report(
        groups=(group(HOSTILE, 60, task_id=1),),
        estimates=Estimates((estimate(1, HOSTILE, 30, 60),), 1, 0, 0),
        hand_off=HandOff((hand_off_line(1, HOSTILE, "outsource", 60, 75.0),), 100.0, 25.0, 1),
    )
    out = text_of(report_view(report, NOW), width=200)
    shown = "[bold red]x[/] \\x1b[2J\\x07 <b>&</b>"
    assert out.count(shown) == 3
    assert "\x1b" not in out
    assert "\x07" not in out


def test_a_tag_that_looks_like_markup_is_not_styled_in_colour_output() -> None:
    report = sample_report(by=GroupBy.TAG, groups=(group("[red]alarm[/red]", 60),))
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system="truecolor", force_terminal=True).print(
        report_view(report, NOW)
    )
    assert "[red]alarm[/red]" in buffer.getvalue()


any_text = st.text(max_size=30) | st.text(alphabet="[]/\\<>&\x1b\x07\n\r\t =bold", max_size=30)


@settings(max_examples=40, deadline=None)
@given(title=any_text, tag=any_text)
def test_any_user_text_renders_without_control_characters(title: str, tag: str) -> None:
    report = sample_report(
        groups=(group(title, 60, task_id=1), group(tag, 30, task_id=2)),
        estimates=Estimates((estimate(1, title, 30, 45),), 1, 0, 0),
    )
    out = view(report)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)


# --- HTML and SVG ------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script> & co"


def scripted() -> Report:
    return sample_report(groups=(group(SCRIPT, 60, task_id=1), group("Inbox", 30, task_id=2)))


def test_html_is_the_coloured_report_with_user_text_escaped() -> None:
    page = report_html(scripted(), NOW)
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script" not in page
    assert "color: #" in page  # inline colours: a picture, not plain text
    assert "Week 48 (23-29 Nov 2026)" in page
    assert "generated Wed 25 Nov 2026 09:30 Europe/Paris" in page


def test_svg_is_the_report_with_user_text_escaped() -> None:
    picture = report_svg(scripted(), NOW)
    assert picture.lstrip().startswith("<svg")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#160;&amp;&#160;co" in picture
    assert "<script" not in picture
    assert svg_text("microtask report: Week 48 (23-29 Nov 2026)") in picture  # window title
    assert "fill: #" in picture


@pytest.mark.parametrize("picture", [report_html, report_svg])
def test_pictures_make_no_network_request_when_opened(
    picture: Callable[[Report, datetime], str],
) -> None:
    """No web font, script or image from a third party: the SVG names only its namespace,
    and links a user wrote would be their own text (escaped above)."""
    text = picture(scripted(), NOW)
    urls = set(re.findall(r"https?://[^\s\"')<>]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}
    assert 'url("http' not in text


def test_the_svg_window_title_is_escaped_too() -> None:
    report = sample_report(period=replace(period(), label="<b>Week</b> & more"))
    picture = report_svg(report, NOW)
    assert "<b>" not in picture
    assert svg_text("microtask report: <b>Week</b> & more") in picture


def test_pictures_are_100_columns_wide_whatever_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    page = report_html(sample_report(), NOW)
    rule = next(line for line in page.splitlines() if "Focus by task" in line)
    assert rule.count("\u2500") == 100 - len("Focus by task ")
    assert "color: #" in page


def test_the_empty_state_exports_as_a_picture_too() -> None:
    assert "Nothing was recorded" in report_html(empty_report(), NOW)
    assert "Nothing&#160;was&#160;recorded" in report_svg(empty_report(), NOW)


def test_the_view_is_the_same_at_any_time_of_a_past_period() -> None:
    report = sample_report()
    later = NOW + timedelta(days=30)
    out = view(report, later)
    assert "today" not in out
    assert line_with(out, "Fri 27 Nov").rstrip().endswith("0 pomodoros")


def test_the_plain_text_file_is_the_view_without_colour_or_trailing_spaces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = report_plain(scripted(), NOW)
    assert "\x1b" not in text
    assert text.startswith("Report: Week 48 (23-29 Nov 2026) \u00b7 Europe/Paris\n")
    assert "<script>alert(1)</script> & co" in text  # plain text: nothing to escape
    assert all(line == line.rstrip() for line in text.splitlines())
    assert max(len(line) for line in text.splitlines()) == 100
    assert text.endswith("generated Wed 25 Nov 2026 09:30 Europe/Paris\n")


@pytest.mark.parametrize("width", [60, 80])
def test_on_a_narrow_terminal_the_bars_shrink_and_the_durations_stay_whole(width: int) -> None:
    report = sample_report()
    text = text_of(report_view(report, NOW), width=width)
    for shown in report.groups:
        assert approx_duration(shown.focus_seconds) in text
    for day in report.days:
        if day.focus_seconds:
            assert approx_duration(day.focus_seconds) in text
    assert "…" not in text.split("Estimates")[0]
