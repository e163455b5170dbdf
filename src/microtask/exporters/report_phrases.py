"""The words of ``report``, shared by every human format: the terminal view
(``render/report.py``), its HTML/SVG pictures and the Markdown (``exporters/report_text.py``).

Pure text from a :class:`~microtask.domain.report.Report`; no Rich, so the exporters can use
it. Ratios are computed here without dividing by zero (an estimate of 0 gives no ratio).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from microtask.domain.dates import day_label
from microtask.domain.report import (
    DayFocus,
    Estimates,
    GroupBy,
    HandOff,
    HandOffLine,
    Report,
    Streak,
)
from microtask.format import approx_duration, counted, money, plural

VERDICT_ORDER = ("outsource", "automate", "batch")
GROUP_NOUNS = {GroupBy.TASK: "task", GroupBy.TAG: "tag", GroupBy.PROJECT: "project"}
START_HINT = "microtask pomodoro"
DAILY_ROWS_MAX = 45
"""Up to this many days, every day gets its own row; longer ranges are summarised."""


def spans_years(report: Report) -> bool:
    return report.period.first_day.year != report.period.last_day.year


def day_length_note(day: DayFocus) -> str:
    """``23 h day`` / ``25 h day`` on a DST change (``23.5 h day`` on Lord Howe Island);
    empty on an ordinary day."""
    hours = day.length_seconds / 3600
    return "" if hours == 24 else f"{hours:g} h day"


def share(part: float, whole: float) -> str:
    """``40%``; ``<1%`` for a sliver; ``-`` when there is no whole to share."""
    if whole <= 0 or not math.isfinite(part) or not math.isfinite(whole):
        return "-"
    percent = 100 * part / whole
    return "<1%" if 0 < percent < 0.5 else f"{percent:.0f}%"


def ratio_text(ratio: float | None) -> str:
    """Actual over estimate: ``1.6x``; ``-`` when unknown."""
    if ratio is None or not math.isfinite(ratio):
        return "-"
    if ratio >= 10:
        return f"{ratio:.0f}x"
    if 0 < ratio < 0.1:
        return "<0.1x"
    return f"{ratio:.1f}x"


def estimate_sentence(estimates: Estimates) -> str:
    """How the founder's estimates hold up, in one plain sentence."""
    overall = estimates.overall_ratio
    if overall is None:
        if not estimates.finished:
            return "No task was finished in this period, so there are no estimates to check."
        return "No finished task had both an estimate and recorded focus: nothing to compare."
    rows = len(estimates.compared)
    median_part = f"(median {ratio_text(estimates.median_ratio)}, over {counted(rows, 'task')})"
    said = ratio_text(overall)
    if said == "1.0x":
        return f"Your estimates hold: 1.0x overall {median_part}."
    if overall > 1:
        return f"You take {said} your estimates {median_part}."
    return f"You finish in {said} your estimates {median_part}."


def estimate_gaps(estimates: Estimates) -> str:
    """What the ratios leave out, or an empty string."""
    parts = []
    if estimates.without_estimate:
        parts.append(f"{counted(estimates.without_estimate, 'finished task')} had no estimate")
    if estimates.without_focus:
        parts.append(f"{estimates.without_focus} had an estimate but no focus recorded")
    return "; ".join(parts) + " (left out of the ratios)." if parts else ""


def age_text(seconds: float | None) -> str:
    """Average age at completion: ``5h20m`` under a day, else ``3.2 days``; ``-`` if none."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    if seconds < 86_400:
        return approx_duration(seconds)
    return f"{seconds / 86_400:.1f} days"


def rate(value: float) -> str:
    return f"{value:g}/h" if math.isfinite(value) else "?"


def saving_sentence(hand_off: HandOff) -> str:
    """What handing this period's hours off would have saved, said plainly when it is a loss,
    and which tasks were left unscored (beyond the most worked-on ones)."""
    sentence = _saving(hand_off)
    left = hand_off.tasks_unscored
    if left:
        unscored = approx_duration(hand_off.unscored_seconds)
        sentence += f" {counted(left, 'task')} with less focus ({unscored}) were not scored."
    return sentence


def _saving(hand_off: HandOff) -> str:
    if not hand_off.lines:
        scored = hand_off.tasks_scored
        tail = f" ({counted(scored, 'task')} with focus scored)" if scored else ""
        return f"No focus went to tasks worth handing off{tail}."
    rates = f"a provider at {rate(hand_off.provider_rate)}, you at {rate(hand_off.founder_hourly)}"
    saving = hand_off.saving
    hours = approx_duration(hand_off.focus_seconds)
    if saving > 0.005:
        return f"Handing off these {hours} would have saved {money(saving)} ({rates})."
    if saving < -0.005:
        return (
            f"Handing off these {hours} would have cost {money(-saving)} more than doing "
            f"them yourself ({rates}): no saving."
        )
    return f"Handing off these {hours} would have saved nothing ({rates})."


def streak_text(streak: Streak, with_year: bool = False) -> str:
    if streak.days <= 0 or streak.first_day is None or streak.last_day is None:
        return "none yet: no day with a completed pomodoro"
    first = day_label(streak.first_day, with_year)
    if streak.days == 1:
        return f"1 day ({first})"
    return f"{streak.days} days in a row ({first} - {day_label(streak.last_day, with_year)})"


def focus_summary(report: Report) -> str:
    return f"{approx_duration(report.focus_seconds)} in {counted(report.sessions, 'session')}"


def pomodoro_summary(report: Report) -> str:
    return f"{report.pomodoros_completed} completed, {report.pomodoros_interrupted} interrupted"


def empty_lines(report: Report) -> list[str]:
    """Says the period was empty, a sentence a line; the caller adds :data:`START_HINT`."""
    return [
        f"Nothing was recorded in {report.period.label}.",
        "No focus session, and no task was created, finished or dropped.",
        "Start a pomodoro on a task:",
    ]


def group_noun(by: GroupBy, count: int = 1) -> str:
    return plural(count, GROUP_NOUNS.get(by, str(by)))


def busiest_day(days: Iterable[DayFocus]) -> DayFocus | None:
    """The day with the most focus (the earliest on a tie); None when no day had any."""
    best: DayFocus | None = None
    for day in days:
        if day.focus_seconds > 0 and (best is None or day.focus_seconds > best.focus_seconds):
            best = day
    return best


def ordered_verdicts(hand_off: HandOff) -> list[tuple[str, float]]:
    """Focus per verdict: outsource, automate, batch first, then any other, by name."""
    totals = hand_off.seconds_by_verdict()
    known = [v for v in VERDICT_ORDER if v in totals]
    others = sorted(v for v in totals if v not in VERDICT_ORDER)
    return [(verdict, totals[verdict]) for verdict in known + others]


def hand_off_lines(hand_off: HandOff) -> list[HandOffLine]:
    """Most focus first, then by task id."""
    return sorted(hand_off.lines, key=lambda line: (-line.focus_seconds, line.task_id))
