"""The shown forms every output shares, for people (``render/``) and for files (``exporters/``):
durations, minutes for JSON, money, time spans and plurals.

One function per shown form, so the terminal, Markdown and JSON never disagree about how a
duration or an amount looks. Stdlib and :mod:`microtask.domain` only (no Rich, no services,
nothing heavy): the exporters and the lean ``list`` path use it. The domain keeps the
primitives it needs for its own messages (:func:`~microtask.domain.durations.format_duration`,
:func:`~microtask.domain.durations.approx_duration`); this module builds on them.
"""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

from microtask.domain.durations import approx_duration, format_duration
from microtask.domain.timeofday import EN_DASH

__all__ = [
    "EN_DASH",
    "approx_duration",
    "countdown",
    "counted",
    "exact_duration",
    "json_minutes",
    "json_money",
    "minutes",
    "money",
    "plural",
    "relative_time",
    "time_span",
]

# --------------------------------------------------------------------------- plurals


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """``word`` for one, else ``plural_form`` (by default ``word`` and an ``s``):
    ``plural(2, "task")`` is ``tasks``, ``plural(1, "needs", "need")`` is ``needs``."""
    if count == 1:
        return word
    return word + "s" if plural_form is None else plural_form


def counted(count: int, word: str, plural_form: str | None = None) -> str:
    """``1 task``, ``3 tasks``, ``0 tasks``: the count, then the word that agrees with it."""
    return f"{count} {plural(count, word, plural_form)}"


# ------------------------------------------------------------------------- durations


def exact_duration(seconds: float) -> str:
    """To the second, in the compact form :func:`~microtask.domain.durations.parse_duration`
    reads back: ``1h30m``, ``2h5m10s``, ``45s``; ``0s`` for nothing. A fraction of a second
    is dropped, and a negative duration shows as ``0s``."""
    return format_duration(max(0, int(seconds)))


def countdown(remaining_seconds: float) -> str:
    """A timer's face: ``MM:SS`` (``H:MM:SS`` from one hour), rounded up, so 1499.2 s left
    shows ``25:00`` and the display reaches ``00:00`` only when the time is up."""
    seconds = max(0, math.ceil(remaining_seconds - 1e-6))  # float noise: 1500.0000001 is 25:00
    hours, rest = divmod(seconds, 3600)
    whole_minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{whole_minutes:02d}:{secs:02d}"
    return f"{whole_minutes:02d}:{secs:02d}"


def relative_time(due: datetime, now: datetime) -> str:
    """How far ``due`` is from ``now``: ``in 25m``, ``in 5h``, ``in 3 days``, ``overdue 2 days``.

    Units: minutes under an hour, hours under 48 hours, days under 14 days, weeks
    beyond. Counts are floored, so never ``in 0m``; under a minute either way is
    ``now``. Stdlib only: this runs for every row of ``list``.
    """
    delta = (due - now).total_seconds()
    distance = abs(delta)
    if distance < 60:
        return "now"
    if distance < 3600:
        amount = f"{int(distance // 60)}m"
    elif distance < 48 * 3600:
        amount = f"{int(distance // 3600)}h"
    elif distance < 14 * 86400:
        amount = counted(int(distance // 86400), "day")
    else:
        amount = counted(int(distance // (7 * 86400)), "week")
    return f"in {amount}" if delta > 0 else f"overdue {amount}"


def time_span(start: datetime, end: datetime, zone: tzinfo | None = None) -> str:
    """``09:00`` en dash ``10:30`` on the clock in ``zone`` (default: the local zone);
    ``+1d`` after it when it ends a day later."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    text = f"{local_start:%H:%M}{EN_DASH}{local_end:%H:%M}"
    days = (local_end.date() - local_start.date()).days
    return text + (f" +{days}d" if days > 0 else "")


# --------------------------------------------------------------------------- minutes


def minutes(seconds: float | None) -> float | None:
    """``seconds`` in minutes, unrounded (None stays None): for outputs that round where
    they write, such as CSV cells."""
    return None if seconds is None else seconds / 60


def json_minutes(seconds: float | None) -> int | float | None:
    """A duration in minutes for JSON, by the one rule of every ``--json`` output.

    Minutes are rounded to 2 decimals (0.6 s), and a result that is a whole number of
    minutes is written as an integer: ``90``, ``0``, ``2.5``, ``41.67``. An unknown
    duration (None, or not a finite number) is ``null``.
    """
    if seconds is None or not math.isfinite(seconds):
        return None
    rounded = round(seconds / 60, 2)
    return int(rounded) if rounded.is_integer() else rounded


# ----------------------------------------------------------------------------- money


def money(
    value: float | None, *, cents: bool = True, separators: bool = True, unknown: str = "?"
) -> str:
    """An amount for people (any currency): ``1,234.50``; ``1,235`` without ``cents``;
    ``1234.50`` without thousands ``separators``; ``unknown`` when there is no amount
    (None, or not a finite number)."""
    if value is None or not math.isfinite(value):
        return unknown
    return f"{value:{',' if separators else ''}.{2 if cents else 0}f}"


def json_money(value: float | None) -> float | None:
    """An amount for JSON: rounded to the cent; ``null`` when there is none (None, or not
    a finite number)."""
    return None if value is None or not math.isfinite(value) else round(value, 2)
