"""``report --format md|csv``: Markdown no title can break, a tidy spreadsheet-safe CSV, and
the phrases both share with the terminal view."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.report import (
    DayFocus,
    Estimates,
    Flow,
    GroupBy,
    HandOff,
    PeriodKind,
    Report,
    biggest_misses,
)
from microtask.domain.text import visible
from microtask.exporters.outsource import FORMULA_STARTS, markdown_escape
from microtask.exporters.report_phrases import (
    age_text,
    day_length_note,
    estimate_sentence,
    ratio_text,
    saving_sentence,
    share,
)
from microtask.exporters.report_text import CSV_HEADER, csv_rows, to_csv, to_markdown
from tests.exporters.csv_reading import restore
from tests.report_factory import (
    days_of,
    empty_report,
    estimate,
    group,
    hand_off_line,
    period,
    sample_report,
)


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_dangerous(cell: str) -> bool:
    return cell[:1] in FORMULA_STARTS or cell.lstrip()[:1] in FORMULA_STARTS


def table_rows(document: str) -> list[str]:
    return [line for line in document.splitlines() if line.startswith("|")]


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def tables(document: str) -> list[list[str]]:
    """Each run of consecutive table lines."""
    found: list[list[str]] = []
    previous = False
    for line in document.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            found.append([])
        if is_row:
            found[-1].append(line)
        previous = is_row
    return found


def assert_tables_keep_their_columns(document: str) -> None:
    for table in tables(document):
        columns = unescaped_pipes(table[0])
        assert all(unescaped_pipes(row) == columns for row in table), table


# --- phrases -----------------------------------------------------------------------------


def test_ratios_read_as_multiples() -> None:
    assert ratio_text(1.6) == "1.6x"
    assert ratio_text(0.84) == "0.8x"
    assert ratio_text(12.4) == "12x"
    assert ratio_text(0.01) == "<0.1x"
    assert ratio_text(None) == "-"
    assert ratio_text(float("inf")) == "-"


def test_the_estimate_sentence_says_over_under_or_on_the_mark() -> None:
    def sentence(*pairs: tuple[int, float]) -> str:
        rows = biggest_misses([estimate(n, "t", e, a) for n, (e, a) in enumerate(pairs, 1)])
        return estimate_sentence(Estimates(rows, len(rows), 0, 0))

    assert (
        sentence((60, 84), (60, 72)) == "You take 1.3x your estimates (median 1.3x, over 2 tasks)."
    )
    assert sentence((60, 48)) == "You finish in 0.8x your estimates (median 0.8x, over 1 task)."
    assert sentence((60, 61)) == "Your estimates hold: 1.0x overall (median 1.0x, over 1 task)."
    assert "No task was finished" in estimate_sentence(Estimates((), 0, 0, 0))
    assert "nothing to compare" in estimate_sentence(Estimates((), 3, 2, 1))


def test_the_median_is_not_the_overall_ratio() -> None:
    rows = biggest_misses(
        [estimate(1, "a", 60, 60), estimate(2, "b", 60, 60), estimate(3, "c", 60, 300)]
    )
    said = estimate_sentence(Estimates(rows, 3, 0, 0))
    assert said == "You take 2.3x your estimates (median 1.0x, over 3 tasks)."


def test_average_age_in_hours_under_a_day_else_days() -> None:
    assert age_text(None) == "-"
    assert age_text(5 * 3600 + 20 * 60) == "5h20m"
    assert age_text(36 * 3600) == "1.5 days"


def test_day_length_notes_only_on_clock_change_days() -> None:
    def day(hours: float) -> DayFocus:
        return DayFocus(date(2026, 3, 29), int(hours * 3600), 0.0, 0, 0)

    assert day_length_note(day(24)) == ""
    assert day_length_note(day(23)) == "23 h day"
    assert day_length_note(day(25)) == "25 h day"
    assert day_length_note(day(23.5)) == "23.5 h day"


def test_share_never_divides_by_zero() -> None:
    assert share(30, 120) == "25%"
    assert share(0.1, 1000) == "<1%"
    assert share(5, 0) == "-"


def test_saving_sentence_for_a_saving_a_loss_and_nothing() -> None:
    line = hand_off_line(1, "a", "outsource", 60, 75.0)
    assert saving_sentence(HandOff((line,), 100.0, 25.0, 1)) == (
        "Handing off these 1h would have saved 75.00 (a provider at 25/h, you at 100/h)."
    )
    loss = replace(line, saving=-1234.5)
    assert saving_sentence(HandOff((loss,), 100.0, 120.0, 1)) == (
        "Handing off these 1h would have cost 1,234.50 more than doing them yourself "
        "(a provider at 120/h, you at 100/h): no saving."
    )
    assert saving_sentence(HandOff((), 100.0, 25.0, 0)) == (
        "No focus went to tasks worth handing off."
    )


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_has_a_title_a_summary_and_a_table_per_section() -> None:
    document = to_markdown(sample_report())
    assert document.startswith(
        "# Report: Week 48 \\(23-29 Nov 2026\\)\n\n"
        "Europe/Paris · generated Wed 25 Nov 2026 09:30\n\n"
        "## Summary\n\n"
        "- **Focus**: 3h30m in 8 sessions\n"
        "- **Pomodoros**: 6 completed, 0 interrupted\n"
        "- **Longest streak**: 3 days in a row (Mon 23 Nov - Wed 25 Nov)\n"
    )
    tables = table_rows(document)
    assert tables[:5] == [
        "| ID | Task | Focus | Share | Sessions | Pomodoros |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
        "| 12 | Write the report | 2h | 57% | 5 | 5 |",
        "| 7 | Invoices | 1h | 29% | 2 | 2 |",
        "| 3 | Inbox | 30m | 14% | 1 | 1 |",
    ]
    assert "| Mon 23 Nov | 1h30m | 3 | 0 |  |" in tables
    assert "| Sun 29 Nov | 0m | 0 | 0 |  |" in tables
    assert "| 12 | Write the report | 1h | 1h36m | 1.6x |" in tables
    assert "You take 1.2x your estimates (median 1.2x, over 2 tasks)." in document
    assert "- **Average age at completion**: 2.5 days" in document
    assert "| 7 | Invoices | outsource | 1h | 75.00 |" in tables
    assert "Handing off these 1h would have saved 75.00" in document
    for heading in ("Focus by task", "Focus per day", "Estimates vs actual", "Flow", "Hand-off"):
        assert f"\n## {heading}\n" in document


def test_markdown_names_dst_days_and_leaves_quiet_days_out_of_long_ranges() -> None:
    autumn = period(date(2026, 10, 19), 7, label="Week 43")
    document = to_markdown(sample_report(period=autumn, days=days_of(autumn)))
    assert "| Sun 25 Oct | 0m | 0 | 0 | 25 h day |" in document
    long = period(date(2026, 1, 1), 100, PeriodKind.RANGE, "1 Jan - 10 Apr 2026")
    days = days_of(long, {date(2026, 2, 3): 50, date(2026, 3, 4): 70})
    document = to_markdown(sample_report(period=long, days=days))
    day_rows = [row for row in table_rows(document) if re.match(r"\| (Tue|Wed) ", row)]
    assert day_rows == ["| Tue 3 Feb | 50m | 0 | 0 |  |", "| Wed 4 Mar | 1h10m | 0 | 0 |  |"]
    assert "2 of 100 days had focus; days without are left out." in document
    assert "Busiest day: Wed 4 Mar 2026, 1h10m." in document


def test_a_single_day_has_no_day_table() -> None:
    day = period(date(2026, 3, 29), 1, PeriodKind.DAY, "Sun 29 Mar 2026")
    document = to_markdown(sample_report(period=day, days=days_of(day, {day.first_day: 30})))
    assert "## Focus per day" not in document
    assert "- **Day length**: 23 h day (clock change)" in document


def test_markdown_of_an_empty_period_is_one_friendly_paragraph() -> None:
    document = to_markdown(empty_report())
    assert document == (
        "# Report: Week 48 \\(23-29 Nov 2026\\)\n\n"
        "Europe/Paris · generated Wed 25 Nov 2026 09:30\n\n"
        "Nothing was recorded in Week 48 \\(23-29 Nov 2026\\). No focus session, and no task "
        "was created, finished or dropped. Start a pomodoro on a task: `microtask pomodoro`\n"
    )


def test_tags_note_double_counting_and_the_no_tag_group_is_set_apart() -> None:
    groups = (group("deep", 90, 3), replace(group("(no tag)", 30), key=None))
    document = to_markdown(sample_report(by=GroupBy.TAG, groups=groups))
    assert "| Tag | Focus | Share | Sessions | Pomodoros |" in document
    assert "| *\\(no tag\\)* | 30m | 14% | 1 | 1 |" in document
    assert "counts under each of them" in document


def test_markdown_lists_at_most_fifty_groups() -> None:
    groups = tuple(group(f"t{n}", 100, task_id=n) for n in range(1, 61))
    document = to_markdown(sample_report(groups=groups))
    assert "| 50 | t50 |" in document
    assert "| 51 | t51 |" not in document
    assert "... and 10 more tasks." in document


def test_markdown_says_one_more_task_in_the_singular() -> None:
    groups = tuple(group(f"t{n}", 100, task_id=n) for n in range(1, 52))
    assert "... and 1 more task." in to_markdown(sample_report(groups=groups))


HOSTILE_TITLES = [
    "| a | b |",
    "`rm -rf /`",
    "[x](http://evil)",
    "<script>alert(1)</script>",
    "# heading",
    "a\nb\r\n| c |",
    "![img](http://evil/x.png)",
    "**bold** _em_ ~~gone~~",
    "\\| sneaky",
    "=1+1 & more",
]


def hostile_report(title: str) -> Report:
    return sample_report(
        groups=(group(title, 60, task_id=1),),
        estimates=Estimates((estimate(1, title, 30, 45),), 1, 0, 0),
        hand_off=HandOff((hand_off_line(1, title, title, 60, 10.0),), 100.0, 25.0, 1),
    )


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_cannot_break_a_table_or_make_links_or_html(title: str) -> None:
    document = to_markdown(hostile_report(title))
    assert_tables_keep_their_columns(document)
    assert "| 1 | " + markdown_escape(title) + " | 1h | " in document
    assert "](" not in document.replace("\\](", "")
    assert "<script" not in document.replace("\\<script", "")
    assert "`" not in document.replace("\\`", "")
    assert "\n# heading" not in document


markdown_it = pytest.importorskip("markdown_it")


def render(document: str) -> str:
    renderer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return str(renderer.render(document))


def expected_literal(text: str) -> str:
    return visible(re.sub(r"\r\n|[\r\n]", " ", text)).strip()


MARKUP = "\\`*_[]()<>#|!~&-+=.:/'\"@;, \t\r\n\x00\x1bw1h\uff1d"
any_text = st.text(max_size=30) | st.text(alphabet=MARKUP, max_size=30)


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(any_text, min_size=1, max_size=3), verdict=any_text)
def test_no_user_text_can_shape_the_rendered_document(titles: list[str], verdict: str) -> None:
    count = len(titles)
    report = sample_report(
        groups=tuple(group(t, 60 - n, task_id=n) for n, t in enumerate(titles, 1)),
        estimates=Estimates(
            tuple(estimate(n, t, 30, 45) for n, t in enumerate(titles, 1)), count, 0, 0
        ),
        hand_off=HandOff(
            tuple(hand_off_line(n, t, verdict, 60, 5.0) for n, t in enumerate(titles, 1)),
            100.0,
            25.0,
            count,
        ),
    )
    document = to_markdown(report)
    assert_tables_keep_their_columns(document)
    rendered = render(document)
    for tag in ("<a ", "<img", "<code", "<pre", "<em>", "<s>", "<hr", "<h3", "<script"):
        assert tag not in rendered
    assert rendered.count("<h1>") == 1
    assert rendered.count("<h2>") == 6  # summary, groups, days, estimates, flow, hand-off
    # groups (6 cells), days (5 x 7), estimates (5), verdicts (2 for one verdict), lines (5)
    assert rendered.count("<table>") == 5
    assert rendered.count("<td") == 6 * count + 5 * 7 + 5 * count + 2 + 5 * count
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rendered, re.DOTALL)]
    group_titles = cells[1 : 6 * count : 6]
    assert group_titles == [expected_literal(t) for t in titles]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_is_one_tidy_table_with_a_fixed_header() -> None:
    text = to_csv(sample_report())
    assert text.startswith("section,item,metric,value\r\n")
    assert text.endswith("\r\n")
    rows = parsed(text)
    assert rows[0] == list(CSV_HEADER)
    assert rows[1:4] == [
        ["summary", "period", "label", "Week 48 (23-29 Nov 2026)"],
        ["summary", "period", "kind", "week"],
        ["summary", "period", "first_day", "2026-11-23"],
    ]
    assert {row[0] for row in rows[1:]} == {
        "summary",
        "group",
        "day",
        "estimate",
        "flow",
        "hand_off",
    }
    values = {(s, i, m): v for s, i, m, v in rows[1:]}
    assert values["summary", "period", "generated_at"] == "2026-11-25T09:30:00+01:00"
    assert values["summary", "period", "focus_minutes"] == "210"
    assert values["summary", "period", "streak_first_day"] == "2026-11-23"
    assert values["group", "12", "label"] == "Write the report"
    assert values["group", "12", "focus_minutes"] == "120"
    assert values["day", "2026-11-24", "focus_minutes"] == "75"
    assert values["day", "2026-11-24", "day_hours"] == "24"
    assert values["estimate", "12", "ratio"] == "1.6"
    assert values["estimate", "all", "overall_ratio"] == "1.25"
    assert values["estimate", "all", "median_ratio"] == "1.25"
    assert values["estimate", "all", "without_estimate"] == "1"
    assert values["flow", "all", "average_age_minutes"] == "3600"
    assert values["hand_off", "7", "verdict"] == "outsource"
    assert values["hand_off", "outsource", "focus_minutes"] == "60"
    assert values["hand_off", "all", "saving"] == "75"
    assert values["hand_off", "all", "provider_rate"] == "25"


def test_text_is_quoted_and_numbers_are_bare() -> None:
    lines = to_csv(sample_report()).split("\r\n")
    assert '"summary","period","label","Week 48 (23-29 Nov 2026)"' in lines
    assert '"summary","period","sessions",8' in lines


def test_minutes_keep_one_decimal_and_money_two() -> None:
    report = sample_report(
        groups=(group("a", 1000 / 60, task_id=1),),
        hand_off=HandOff((hand_off_line(1, "a", "batch", 10, -30.456),), 100.0, 120.0, 1),
    )
    values = {(s, i, m): v for s, i, m, v in parsed(to_csv(report))[1:]}
    assert values["group", "1", "focus_minutes"] == "16.7"
    assert values["hand_off", "1", "saving"] == "-30.46"  # a negative number, not neutralised
    assert values["hand_off", "all", "founder_hourly"] == "100"


def test_unknown_figures_are_empty_cells() -> None:
    values = {(s, i, m): v for s, i, m, v in parsed(to_csv(empty_report()))[1:]}
    assert values["estimate", "all", "overall_ratio"] == ""
    assert values["estimate", "all", "median_ratio"] == ""
    assert values["flow", "all", "average_age_minutes"] == ""
    assert values["summary", "period", "streak_first_day"] == ""
    assert values["summary", "period", "focus_minutes"] == "0"


def test_a_zero_estimate_has_no_ratio_rather_than_a_crash() -> None:
    report = sample_report(estimates=Estimates((estimate(1, "Quick", 0, 5),), 1, 0, 0))
    values = {(s, i, m): v for s, i, m, v in parsed(to_csv(report))[1:]}
    assert values["estimate", "1", "ratio"] == ""
    assert values["estimate", "all", "compared"] == "0"


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", " =cmd", "\uff1dSUM(A1)", "'x"]
)
def test_formula_starts_in_titles_and_tags_get_one_leading_quote(text: str) -> None:
    report = sample_report(
        by=GroupBy.TAG,
        groups=(group(text, 60),),
        estimates=Estimates((estimate(1, text, 30, 45),), 1, 0, 0),
    )
    rows = parsed(to_csv(report))
    tag_rows = [row for row in rows if row[0] == "group"]
    assert tag_rows[0][1] == "'" + text
    assert tag_rows[0][3] == "'" + text  # the label
    [title] = [row[3] for row in rows if row[:3] == ["estimate", "1", "title"]]
    assert title == "'" + text


any_number = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(any_text, max_size=3),
    tag=any_text,
    saving=any_number,
    minutes=st.floats(min_value=0, max_value=1e6),
    by=st.sampled_from(list(GroupBy)),
)
def test_csv_round_trips_through_the_csv_module_and_no_text_cell_can_run(
    titles: list[str], tag: str, saving: float, minutes: float, by: GroupBy
) -> None:
    report = sample_report(
        by=by,
        groups=(group(tag, minutes), *(group(t, 1, task_id=n) for n, t in enumerate(titles))),
        estimates=Estimates(
            tuple(estimate(n + 1, t, 30, minutes) for n, t in enumerate(titles)), 3, 0, 0
        ),
        hand_off=HandOff(
            tuple(hand_off_line(n, t, t, 60, saving) for n, t in enumerate(titles)), 1, 2, 3
        ),
    )
    text = to_csv(report)
    [header, *read] = parsed(text)
    assert header == list(CSV_HEADER)
    expected = csv_rows(report)
    assert len(read) == len(expected)
    for cells, (section, item, metric, value) in zip(read, expected, strict=True):
        assert len(cells) == 4
        assert cells[:3] == [section, cells[1], metric]
        assert restore(cells[1]) == item
        assert not is_dangerous(cells[1])
        if isinstance(value, str):
            assert restore(cells[3]) == value
            assert not is_dangerous(cells[3])
        elif value is None:
            assert cells[3] == ""
        else:
            assert re.fullmatch(r"-?\d+(\.\d{1,2})?", cells[3]), (metric, cells[3])
            assert float(cells[3]) == pytest.approx(value, abs=0.051)


def test_an_empty_report_still_has_its_summary_and_flow() -> None:
    report = empty_report(period(date(2026, 11, 1), 30, PeriodKind.MONTH))
    sections = [row[0] for row in parsed(to_csv(report))[1:]]
    assert sections.count("summary") == 14
    assert sections.count("day") == 30 * 4
    assert sections.count("flow") == 6
    assert "group" not in sections


def test_flow_counts_in_csv() -> None:
    report = sample_report(flow=Flow(5, 4, 1, None, 2, 1))
    values = {(s, i, m): v for s, i, m, v in parsed(to_csv(report))[1:]}
    assert [values["flow", "all", m] for m in ("created", "done", "dropped", "overdue")] == [
        "5",
        "4",
        "1",
        "2",
    ]


def test_the_saving_sentence_says_how_many_tasks_were_left_unscored() -> None:
    from dataclasses import replace

    from microtask.exporters.report_phrases import saving_sentence

    hand_off = replace(sample_report().hand_off, tasks_unscored=3, unscored_seconds=5400)
    assert saving_sentence(hand_off).endswith("3 tasks with less focus (1h30m) were not scored.")
    assert "not scored" not in saving_sentence(replace(hand_off, tasks_unscored=0))
