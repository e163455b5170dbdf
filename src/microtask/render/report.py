"""``report`` for people: focus by task/tag/project and per day as bars, estimates, flow,
hand-off; and the same picture recorded as HTML or SVG to share.

Every phrase comes from :mod:`microtask.exporters.report_phrases`, so the terminal and the
Markdown say the same thing. User text (titles, tags, projects) only ever enters as
:class:`~rich.text.Text` with control characters made visible.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from microtask.domain.dates import MONTHS, day_label
from microtask.domain.report import DayFocus, FocusGroup, GroupBy, PeriodKind, Report
from microtask.domain.zones import load_zone, local_date
from microtask.exporters import report_phrases as say
from microtask.format import approx_duration, counted, money
from microtask.render.outsource import VERDICT_STYLE
from microtask.render.text import user_text

GROUPS_SHOWN = 15
MISSES_SHOWN = 10
HAND_OFF_SHOWN = 5
GROUP_BAR_WIDTH = 30
DAY_BAR_WIDTH = 40
PICTURE_WIDTH = 100
MONTHLY_SPARKLINES_MAX_DAYS = 400
"""Up to this many days a long range gets one sparkline per month (a character per day);
beyond, one per ISO year (a character per week)."""

_EIGHTHS = ("", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589")
_FULL = "\u2588"
_SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
_NOTHING = "\u00b7"
_DOT = " \u00b7 "
_DAY_AXIS = "1" + " " * 8 + "10" + " " * 8 + "20" + " " * 8 + "30"
"""Days of the month over a monthly sparkline: each number starts at its day's mark."""


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of ``width`` cells for ``largest``, in eighths of a cell; any value
    above zero shows at least a sliver. Nothing (or nothing to scale by) is no bar."""
    if not (largest > 0 and value > 0 and math.isfinite(value) and math.isfinite(largest)):
        return ""
    eighths = max(1, round(min(value / largest, 1.0) * width * 8))
    full, rest = divmod(eighths, 8)
    return _FULL * full + _EIGHTHS[rest]


class FittedBar:
    """A bar cell that takes what room a table leaves it, up to ``width`` cells: on a narrow
    terminal the bars shrink, and the durations beside them stay whole."""

    def __init__(self, value: float, largest: float, width: int) -> None:
        self.value, self.largest, self.width = value, largest, width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(bar(self.value, self.largest, max(1, min(self.width, options.max_width))))


def spark(value: float, largest: float) -> str:
    """One sparkline character: eight heights; a dot for nothing."""
    if not (largest > 0 and value > 0):
        return _NOTHING
    level = math.ceil(min(value / largest, 1.0) * len(_SPARKS)) - 1
    return _SPARKS[max(0, level)]


# --- pieces ------------------------------------------------------------------------------


def _title(report: Report) -> Text:
    title = Text("Report: ", style="bold")
    title.append_text(user_text(report.period.label, "bold"))
    title.append(_DOT + report.period.zone, style="dim")
    return title


def _section(name: str) -> RenderableType:
    """A blank line, then the section's name on a rule."""
    return Group(Text(""), Rule(Text(name, style="bold"), align="left", style="dim"))


def _facts(report: Report) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_row("Focus", say.focus_summary(report))
    grid.add_row("Pomodoros", say.pomodoro_summary(report))
    grid.add_row("Longest streak", say.streak_text(report.streak, say.spans_years(report)))
    if report.period.kind is PeriodKind.DAY and report.days:
        note = say.day_length_note(report.days[0])
        if note:
            grid.add_row("Day length", Text(f"{note} (clock change)", style="yellow"))
    return grid


def _group_name(group: FocusGroup) -> Text:
    if group.key is None and group.task_id is None:
        return user_text(group.label, "dim italic")
    return user_text(group.label)


def _groups(report: Report) -> list[RenderableType]:
    by = report.by
    parts: list[RenderableType] = [_section(f"Focus by {say.group_noun(by)}")]
    if not report.groups:
        parts.append(Text(f"No focus recorded in this period. Start one: {say.START_HINT}"))
        return parts
    shown = report.groups[:GROUPS_SHOWN]
    largest = max(group.focus_seconds for group in report.groups)
    total = report.focus_seconds
    from microtask.render.fit import Cell, Column, FittedTable

    columns = [Column("ID", justify="right", style="cyan")] if by is GroupBy.TASK else []
    columns += [
        Column(say.group_noun(by).capitalize(), wraps=True),
        Column("", style="green", keep=10, least=8, most=GROUP_BAR_WIDTH),  # shrinks, then goes
        Column("Focus", justify="right"),
        Column("Share", justify="right", keep=30),
        Column("Sessions", justify="right", keep=20),
    ]
    rows: list[list[Cell]] = []
    for group in shown:
        cells: list[Cell] = []
        if by is GroupBy.TASK:
            cells.append("" if group.task_id is None else str(group.task_id))
        cells += [
            _group_name(group),
            FittedBar(group.focus_seconds, largest, GROUP_BAR_WIDTH),
            approx_duration(group.focus_seconds),
            say.share(group.focus_seconds, total),
            str(group.sessions),
        ]
        rows.append(cells)
    table = FittedTable.of_rows(
        lambda: Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False), columns, rows
    )
    parts.append(table)
    hidden = report.groups[GROUPS_SHOWN:]
    if hidden:
        rest = sum(group.focus_seconds for group in hidden)
        noun = say.group_noun(by, len(hidden))
        parts.append(
            Text(f"... and {len(hidden)} more {noun} ({approx_duration(rest)})", style="dim")
        )
    if by is GroupBy.TAG:
        parts.append(
            Text("A session of a task with several tags counts under each of them.", style="dim")
        )
    return parts


def _day_rows(report: Report, today: date) -> Table:
    days = report.days
    largest = max((day.focus_seconds for day in days), default=0.0)
    with_year = say.spans_years(report)
    table = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
    table.add_column("Day", no_wrap=True)
    table.add_column("Bar", style="cyan")  # wrappable: it is what shrinks
    table.add_column("Focus", justify="right", no_wrap=True)
    table.add_column("Pomodoros", no_wrap=True)
    table.add_column("Note", no_wrap=True, style="yellow")
    for day in days:
        ahead = day.day > today
        pomodoros = Text(_pomodoros(day))
        if day.pomodoros_interrupted:
            pomodoros.append(f", {day.pomodoros_interrupted} interrupted", style="yellow")
        note = say.day_length_note(day) or ("today" if day.day == today else "")
        table.add_row(
            Text(day_label(day.day, with_year), style="dim" if ahead else "bold"),
            FittedBar(day.focus_seconds, largest, DAY_BAR_WIDTH),
            "" if ahead and not day.focus_seconds else approx_duration(day.focus_seconds),
            "" if ahead and not day.pomodoros_completed else pomodoros,
            note,
        )
    return table


def _pomodoros(day: DayFocus) -> str:
    return counted(day.pomodoros_completed, "pomodoro")


def _sparkline_lines(days: Sequence[DayFocus]) -> list[tuple[str, list[float | None]]]:
    """(label, slots): a line per month with a slot per day of the month, or for very long
    ranges a line per ISO year with a slot per week. None marks a slot outside the period."""
    if len(days) <= MONTHLY_SPARKLINES_MAX_DAYS:
        months: dict[tuple[int, int], list[float | None]] = {}
        for day in days:
            slots = months.setdefault((day.day.year, day.day.month), [None] * 31)
            slots[day.day.day - 1] = day.focus_seconds
        return [(f"{MONTHS[month - 1]} {year}", slots) for (year, month), slots in months.items()]
    years: dict[int, list[float | None]] = {}
    for day in days:
        year, week, _ = day.day.isocalendar()
        slots = years.setdefault(year, [None] * 53)
        slots[week - 1] = (slots[week - 1] or 0.0) + day.focus_seconds
    return [(f"{year} by week", slots) for year, slots in years.items()]


def _sparklines(report: Report) -> list[RenderableType]:
    lines = _sparkline_lines(report.days)
    largest = max((v for _, slots in lines for v in slots if v is not None), default=0.0)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    if len(report.days) <= MONTHLY_SPARKLINES_MAX_DAYS:
        grid.add_row("", Text(_DAY_AXIS, style="dim"))
    for label, slots in lines:
        line = Text()
        for value in slots:
            if value is None:
                line.append(" ")
            else:
                mark = spark(value, largest)
                line.append(mark, style="dim" if mark == _NOTHING else "cyan")
        grid.add_row(label, line)
    parts: list[RenderableType] = [grid]
    worked = [day for day in report.days if day.focus_seconds > 0]
    busiest = say.busiest_day(report.days)
    if busiest is not None:
        average = sum(day.focus_seconds for day in worked) / len(worked)
        parts.append(
            Text(
                f"Busiest day: {day_label(busiest.day, True)}, "
                f"{approx_duration(busiest.focus_seconds)}{_DOT}{len(worked)} of "
                f"{len(report.days)} days with focus, {approx_duration(average)} on average"
            )
        )
    changes = [day for day in report.days if say.day_length_note(day)]
    if len(changes) > 4:
        parts.append(Text(f"Clock changes: {len(changes)} days of 23 or 25 hours", style="dim"))
    elif changes:
        listed = ", ".join(
            f"{day_label(day.day, True)} ({say.day_length_note(day)})" for day in changes
        )
        parts.append(Text(f"Clock changes: {listed}", style="dim"))
    return parts


def _days(report: Report, today: date) -> list[RenderableType]:
    if report.period.kind is PeriodKind.DAY or len(report.days) <= 1:
        return []
    parts: list[RenderableType] = [_section("Focus per day")]
    if report.focus_seconds <= 0 and not report.pomodoros_interrupted:
        parts.append(Text("No focus recorded on any day of this period."))
    elif len(report.days) <= say.DAILY_ROWS_MAX:
        parts.append(_day_rows(report, today))
    else:
        parts += _sparklines(report)
    return parts


def _ratio_style(ratio: float | None) -> str:
    if ratio is None:
        return "dim"
    if ratio > 1.25:
        return "red"
    if ratio < 0.8:
        return "cyan"
    return "green"


def _estimates(report: Report) -> list[RenderableType]:
    estimates = report.estimates
    parts: list[RenderableType] = [_section("Estimates vs actual")]
    overall = estimates.overall_ratio
    parts.append(Text(say.estimate_sentence(estimates), style=_ratio_style(overall)))
    rows = estimates.rows[:MISSES_SHOWN]
    if rows:
        from microtask.render.fit import Column, FittedTable

        table = FittedTable.of_rows(
            _simple_table,
            [
                Column("ID", justify="right", style="cyan"),
                Column("Biggest misses", wraps=True),
                Column("Estimate", justify="right", keep=30),
                Column("Actual", justify="right", keep=40),
                Column("Ratio", justify="right", keep=50),
            ],
            [
                [
                    str(row.task_id),
                    user_text(row.title),
                    approx_duration(row.estimate_seconds),
                    approx_duration(row.actual_seconds),
                    Text(say.ratio_text(row.ratio), style=_ratio_style(row.ratio)),
                ]
                for row in rows
            ],
        )
        parts.append(table)
        hidden = len(estimates.rows) - len(rows)
        if hidden:
            parts.append(Text(f"... and {hidden} more", style="dim"))
    gaps = say.estimate_gaps(estimates)
    if gaps:
        parts.append(Text(gaps, style="dim"))
    return parts


def _simple_table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)


class _FlowGrid:
    """The flow counts three pairs a row, or one pair a row when that does not fit (a
    narrow pane), so no label is cut."""

    WIDE = 64

    def __init__(self, pairs: list[tuple[str, Text]]) -> None:
        self.pairs = pairs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        across = 3 if options.max_width >= self.WIDE else 1
        grid = Table.grid(padding=(0, 1))
        for _ in range(across):
            grid.add_column(style="dim")
            grid.add_column(justify="right", min_width=4)
        for start in range(0, len(self.pairs), across):
            cells: list[RenderableType] = []
            for index, (label, value) in enumerate(self.pairs[start : start + across]):
                cells += [("  " if index else "") + label, value]
            grid.add_row(*cells)
        yield grid


def _flow(report: Report) -> list[RenderableType]:
    flow = report.flow
    pairs = [
        ("Created", Text(str(flow.created))),
        ("Done", Text(str(flow.done))),
        ("Dropped", Text(str(flow.dropped))),
        ("Overdue", Text(str(flow.overdue), style="red" if flow.overdue else "")),
        ("Done late", Text(str(flow.done_late), style="yellow" if flow.done_late else "")),
        ("Average age at completion", Text(say.age_text(flow.average_age_seconds))),
    ]
    return [_section("Flow"), _FlowGrid(pairs)]


def _hand_off(report: Report) -> list[RenderableType]:
    hand_off = report.hand_off
    parts: list[RenderableType] = [_section("Hand-off")]
    if hand_off.lines:
        verdicts = Text()
        for verdict, seconds in say.ordered_verdicts(hand_off):
            if verdicts:
                verdicts.append(_DOT, style="dim")
            verdicts.append_text(user_text(verdict, VERDICT_STYLE.get(verdict, "")))
            verdicts.append(f" {approx_duration(seconds)}")
        parts.append(verdicts)
        from microtask.render.fit import Column, FittedTable

        lines = say.hand_off_lines(hand_off)
        table = FittedTable.of_rows(
            _simple_table,
            [
                Column("ID", justify="right", style="cyan"),
                Column("Task", wraps=True),
                Column("Verdict", keep=40),
                Column("Focus", justify="right", keep=30),
                Column("Saving", justify="right", keep=50),
            ],
            [
                [
                    str(line.task_id),
                    user_text(line.title),
                    user_text(line.verdict, VERDICT_STYLE.get(line.verdict, "")),
                    approx_duration(line.focus_seconds),
                    Text(money(line.saving), style="red" if line.saving < 0 else ""),
                ]
                for line in lines[:HAND_OFF_SHOWN]
            ],
        )
        parts.append(table)
        if len(lines) > HAND_OFF_SHOWN:
            parts.append(Text(f"... and {len(lines) - HAND_OFF_SHOWN} more", style="dim"))
    style = "red" if hand_off.lines and hand_off.saving < 0 else "bold" if hand_off.lines else ""
    parts.append(Text(say.saving_sentence(hand_off), style=style))
    return parts


def _empty(report: Report) -> RenderableType:
    body = Text("\n".join(say.empty_lines(report)))
    body.append(" ")
    body.append(say.START_HINT, style="bold cyan")
    return Panel(
        body,
        title=_title(report),
        title_align="left",
        box=box.ROUNDED,
        padding=(1, 2),
        expand=False,
    )


# --- the view ----------------------------------------------------------------------------


def _view(report: Report, now: datetime, generated: bool) -> RenderableType:
    parts: list[RenderableType]
    if report.is_empty:
        parts = [_empty(report)]
    else:
        today = local_date(now, report.period.zone)
        parts = [_title(report), Text(""), _facts(report)]
        for section in (_groups(report), _days(report, today), _estimates(report)):
            parts += section
        parts += _flow(report)
        parts += _hand_off(report)
    if generated:
        parts.append(Text(""))
        at = report.generated_at.astimezone(load_zone(report.period.zone))
        parts.append(
            Text(
                f"microtask report{_DOT}generated {day_label(at.date(), True)} "
                f"{at:%H:%M} {report.period.zone}",
                style="dim",
            )
        )
    return Group(*parts)


def report_view(report: Report, now: datetime) -> RenderableType:
    """The report for the terminal; ``now`` marks today and the days still ahead."""
    return _view(report, now, generated=False)


def report_plain(report: Report, now: datetime) -> str:
    """The terminal report as plain text, 100 columns, no colour: ``--format table -o FILE``."""
    console = Console(
        file=io.StringIO(),
        width=PICTURE_WIDTH,
        color_system=None,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    with console.capture() as capture:
        console.print(_view(report, now, generated=True))
    return "\n".join(line.rstrip() for line in capture.get().splitlines()) + "\n"


def _recording(report: Report, now: datetime) -> Console:
    console = Console(
        file=io.StringIO(),
        width=PICTURE_WIDTH,
        record=True,
        color_system="truecolor",
        force_terminal=True,
        no_color=False,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(_view(report, now, generated=True))
    return console


def report_html(report: Report, now: datetime) -> str:
    """A self-contained HTML page of the terminal report, colours inline; text escaped."""
    return _recording(report, now).export_html(inline_styles=True)


_WEB_FONT = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
_CREDIT = re.compile(r"[ \t]*<!-- Generated with Rich https?://[^>]*-->\n?")


def report_svg(report: Report, now: datetime) -> str:
    """An SVG picture of the terminal report; text escaped. It makes no network request
    when opened: the fonts are the machine's own (Fira Code if installed, else monospace),
    not Rich's default web fonts from a public CDN."""
    title = f"microtask report: {report.period.label}"
    svg = _recording(report, now).export_svg(title=title)
    return _CREDIT.sub("", _WEB_FONT.sub("", svg))
