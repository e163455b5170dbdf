"""``report --format md|csv``: the report for pasting.

User text is data: Markdown escapes it (:func:`markdown_escape`), CSV neutralises formula
starts (:func:`neutralise`), as ``export outsource`` does; the sentences come from
:mod:`microtask.exporters.report_phrases`, so Markdown and the terminal say the same.

CSV layout, a contract with users' spreadsheets: one tidy table, header
``section,item,metric,value``, ``\\r\\n`` line ends. Sections are ``summary``, ``group``,
``day``, ``estimate``, ``flow`` and ``hand_off``. ``item`` names the row's subject: a task id,
a tag or project (empty for "none"), an ISO date, a verdict, or ``all`` / ``period`` for
totals. Numbers are bare plain decimals (minutes to 1 decimal, ratios and money to 2; an
unknown value is an empty cell); text cells are always double-quoted and neutralised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from microtask.domain.dates import day_label
from microtask.domain.report import FocusGroup, GroupBy, Report
from microtask.domain.zones import load_zone
from microtask.exporters.outsource import _decimal, _quoted, markdown_escape, neutralise
from microtask.exporters.report_phrases import (
    DAILY_ROWS_MAX,
    START_HINT,
    age_text,
    busiest_day,
    day_length_note,
    empty_lines,
    estimate_gaps,
    estimate_sentence,
    focus_summary,
    group_noun,
    hand_off_lines,
    ordered_verdicts,
    pomodoro_summary,
    ratio_text,
    saving_sentence,
    share,
    spans_years,
    streak_text,
)
from microtask.format import approx_duration, minutes, money, plural

CSV_HEADER = ("section", "item", "metric", "value")
MARKDOWN_ROWS_MAX = 50


# --- Markdown ----------------------------------------------------------------------------


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub table; ``align`` has one ``l`` or ``r`` per column; cells already escaped."""
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return lines


def _more(hidden: int, noun: str) -> list[str]:
    """``... and 3 more tasks.`` (``1 more task``) under a cut table; nothing when none is cut."""
    return ["", f"... and {hidden} more {plural(hidden, noun)}."] if hidden > 0 else []


def _group_name(group: FocusGroup) -> str:
    escaped = markdown_escape(group.label)
    return f"*{escaped}*" if group.key is None and escaped else escaped


def _md_groups(report: Report) -> list[str]:
    by = report.by
    lines = [f"## Focus by {group_noun(by)}", ""]
    if not report.groups:
        return [*lines, "No focus recorded in this period."]
    total = report.focus_seconds
    shown = report.groups[:MARKDOWN_ROWS_MAX]
    with_id = by is GroupBy.TASK
    header = ["ID"] if with_id else []
    header += [group_noun(by).capitalize(), "Focus", "Share", "Sessions", "Pomodoros"]
    rows = []
    for group in shown:
        cells = [str(group.task_id) if group.task_id is not None else "-"] if with_id else []
        cells += [
            _group_name(group),
            approx_duration(group.focus_seconds),
            share(group.focus_seconds, total),
            str(group.sessions),
            str(group.pomodoros_completed),
        ]
        rows.append(cells)
    align = ("r" if with_id else "") + "lrrrr"
    lines += _table(header, align, rows)
    lines += _more(len(report.groups) - len(shown), group_noun(by))
    if by is GroupBy.TAG:
        lines += ["", "A session of a task with several tags counts under each of them."]
    return lines


def _md_days(report: Report) -> list[str]:
    if len(report.days) <= 1:
        return []
    lines = ["## Focus per day", ""]
    long_range = len(report.days) > DAILY_ROWS_MAX
    days = [d for d in report.days if d.focus_seconds > 0] if long_range else list(report.days)
    with_year = spans_years(report)
    rows = [
        [
            day_label(day.day, with_year),
            approx_duration(day.focus_seconds),
            str(day.pomodoros_completed),
            str(day.pomodoros_interrupted),
            day_length_note(day),
        ]
        for day in days
    ]
    if rows:
        lines += _table(["Day", "Focus", "Pomodoros", "Interrupted", "Note"], "lrrrl", rows)
    if long_range:
        busiest = busiest_day(report.days)
        lines += [
            "",
            f"{len(days)} of {len(report.days)} days had focus; days without are left out.",
        ]
        if busiest is not None:
            lines += [
                "",
                f"Busiest day: {day_label(busiest.day, True)}, "
                f"{approx_duration(busiest.focus_seconds)}.",
            ]
    return lines


def _md_estimates(report: Report) -> list[str]:
    estimates = report.estimates
    lines = ["## Estimates vs actual", "", estimate_sentence(estimates)]
    gaps = estimate_gaps(estimates)
    if gaps:
        lines += ["", gaps]
    rows = list(estimates.rows[:MARKDOWN_ROWS_MAX])
    if rows:
        lines.append("")
        lines += _table(
            ["ID", "Task", "Estimate", "Actual", "Ratio"],
            "rlrrr",
            [
                [
                    str(row.task_id),
                    markdown_escape(row.title),
                    approx_duration(row.estimate_seconds),
                    approx_duration(row.actual_seconds),
                    ratio_text(row.ratio),
                ]
                for row in rows
            ],
        )
        lines += _more(len(estimates.rows) - len(rows), "task")
    return lines


def _md_flow(report: Report) -> list[str]:
    flow = report.flow
    return [
        "## Flow",
        "",
        f"- **Created**: {flow.created}",
        f"- **Done**: {flow.done}",
        f"- **Dropped**: {flow.dropped}",
        f"- **Average age at completion**: {age_text(flow.average_age_seconds)}",
        f"- **Overdue** (at the end of the period): {flow.overdue}",
        f"- **Done late**: {flow.done_late}",
    ]


def _md_hand_off(report: Report) -> list[str]:
    hand_off = report.hand_off
    lines = ["## Hand-off", "", saving_sentence(hand_off)]
    if not hand_off.lines:
        return lines
    lines.append("")
    lines += _table(
        ["Verdict", "Focus"],
        "lr",
        [
            [markdown_escape(v), approx_duration(seconds)]
            for v, seconds in ordered_verdicts(hand_off)
        ],
    )
    shown = hand_off_lines(hand_off)[:MARKDOWN_ROWS_MAX]
    lines.append("")
    lines += _table(
        ["ID", "Task", "Verdict", "Focus", "Saving"],
        "rllrr",
        [
            [
                str(line.task_id),
                markdown_escape(line.title),
                markdown_escape(line.verdict),
                approx_duration(line.focus_seconds),
                money(line.saving),
            ]
            for line in shown
        ],
    )
    lines += _more(len(hand_off.lines) - len(shown), "task")
    return lines


def to_markdown(report: Report) -> str:
    """Headings and GitHub tables; every user string escaped, so no title can break them."""
    period = report.period
    title = f"# Report: {markdown_escape(period.label)}"
    generated = report.generated_at.astimezone(load_zone(period.zone))
    about = (
        f"{markdown_escape(period.zone)} · generated {day_label(generated.date(), True)} "
        f"{generated:%H:%M}"
    )
    if report.is_empty:
        message = markdown_escape(" ".join(empty_lines(report)))
        return f"{title}\n\n{about}\n\n{message} `{START_HINT}`\n"
    with_year = spans_years(report)
    lines = [
        title,
        "",
        about,
        "",
        "## Summary",
        "",
        f"- **Focus**: {focus_summary(report)}",
        f"- **Pomodoros**: {pomodoro_summary(report)}",
        f"- **Longest streak**: {streak_text(report.streak, with_year)}",
    ]
    notes = [d for d in report.days if day_length_note(d)]
    if len(report.days) == 1 and notes:
        lines.append(f"- **Day length**: {day_length_note(notes[0])} (clock change)")
    for section in (_md_groups, _md_days, _md_estimates, _md_flow, _md_hand_off):
        part = section(report)
        if part:
            lines += ["", *part]
    return "\n".join(lines) + "\n"


# --- CSV ---------------------------------------------------------------------------------

Value = str | int | float | None


def _places(metric: str) -> int:
    return 1 if metric.endswith("_minutes") else 2


def _cell(metric: str, value: Value) -> str:
    """The cell as :mod:`csv` reads it back: neutralised text, or a plain decimal."""
    if isinstance(value, str):
        return neutralise(value)
    return _decimal(value, _places(metric))


def csv_rows(report: Report) -> list[tuple[str, str, str, Value]]:
    """``(section, item, metric, value)`` for every figure of the report."""
    period, flow, estimates, hand_off = (
        report.period,
        report.flow,
        report.estimates,
        report.hand_off,
    )
    zone = period.zone
    rows: list[tuple[str, str, str, Value]] = []

    def add(section: str, item: str, *pairs: tuple[str, Value]) -> None:
        rows.extend((section, item, metric, value) for metric, value in pairs)

    streak = report.streak
    add(
        "summary",
        "period",
        ("label", period.label),
        ("kind", str(period.kind)),
        ("first_day", period.first_day.isoformat()),
        ("last_day", period.last_day.isoformat()),
        ("zone", zone),
        ("by", str(report.by)),
        ("generated_at", report.generated_at.astimezone(load_zone(zone)).isoformat("T", "seconds")),
        ("focus_minutes", minutes(report.focus_seconds)),
        ("sessions", report.sessions),
        ("pomodoros_completed", report.pomodoros_completed),
        ("pomodoros_interrupted", report.pomodoros_interrupted),
        ("streak_days", streak.days),
        ("streak_first_day", streak.first_day.isoformat() if streak.first_day else None),
        ("streak_last_day", streak.last_day.isoformat() if streak.last_day else None),
    )
    for group in report.groups:
        item = str(group.task_id) if group.task_id is not None else (group.key or "")
        add(
            "group",
            item,
            ("label", group.label),
            ("focus_minutes", minutes(group.focus_seconds)),
            ("sessions", group.sessions),
            ("pomodoros_completed", group.pomodoros_completed),
        )
    for day in report.days:
        add(
            "day",
            day.day.isoformat(),
            ("focus_minutes", minutes(day.focus_seconds)),
            ("pomodoros_completed", day.pomodoros_completed),
            ("pomodoros_interrupted", day.pomodoros_interrupted),
            ("day_hours", round(day.length_seconds / 3600, 2)),
        )
    for row in estimates.rows:
        add(
            "estimate",
            str(row.task_id),
            ("title", row.title),
            ("estimate_minutes", minutes(row.estimate_seconds)),
            ("actual_minutes", minutes(row.actual_seconds)),
            ("ratio", row.ratio),
        )
    add(
        "estimate",
        "all",
        ("finished", estimates.finished),
        ("compared", len(estimates.compared)),
        ("without_estimate", estimates.without_estimate),
        ("without_focus", estimates.without_focus),
        ("estimate_minutes", minutes(estimates.estimate_seconds)),
        ("actual_minutes", minutes(estimates.actual_seconds)),
        ("overall_ratio", estimates.overall_ratio),
        ("median_ratio", estimates.median_ratio),
    )
    add(
        "flow",
        "all",
        ("created", flow.created),
        ("done", flow.done),
        ("dropped", flow.dropped),
        ("average_age_minutes", minutes(flow.average_age_seconds)),
        ("overdue", flow.overdue),
        ("done_late", flow.done_late),
    )
    for line in hand_off_lines(hand_off):
        add(
            "hand_off",
            str(line.task_id),
            ("title", line.title),
            ("verdict", line.verdict),
            ("focus_minutes", minutes(line.focus_seconds)),
            ("saving", line.saving),
        )
    for verdict, seconds in ordered_verdicts(hand_off):
        add("hand_off", verdict, ("focus_minutes", minutes(seconds)))
    add(
        "hand_off",
        "all",
        ("focus_minutes", minutes(hand_off.focus_seconds)),
        ("saving", hand_off.saving),
        ("founder_hourly", hand_off.founder_hourly),
        ("provider_rate", hand_off.provider_rate),
        ("tasks_scored", hand_off.tasks_scored),
    )
    return rows


def to_csv(report: Report) -> str:
    """One tidy table (see the module doc): text quoted and neutralised, numbers bare."""
    lines = [",".join(CSV_HEADER)]
    for section, item, metric, value in csv_rows(report):
        cell = _cell(metric, value)
        last = _quoted(cell) if isinstance(value, str) else cell
        lines.append(",".join([_quoted(section), _quoted(neutralise(item)), _quoted(metric), last]))
    return "\r\n".join(lines) + "\r\n"
