"""Durations: read what the user types (``25m``, ``1h30m``), and write whole seconds back in
the compact form that reads back the same.

Durations are whole seconds here; :mod:`microtask.format` builds the other shown forms
(rounded to the minute, minutes for JSON) on these. Stdlib only.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from microtask.domain.errors import InvalidInputError
from microtask.domain.text import MAX_TYPED_CHARS, normalise_typed, quote_typed

__all__ = [
    "DURATION_FORMS",
    "HOUR_UNIT_PATTERN",
    "MAX_DURATION_SECONDS",
    "MINUTE_UNIT_PATTERN",
    "approx_duration",
    "format_duration",
    "parse_duration",
]

DURATION_FORMS = (
    "use 25m, 1h, 1h30m, 90s, 1.5h or a number of minutes (more than 0, at most a week)"
)
MAX_DURATION_SECONDS = 7 * 24 * 3600

HOUR_UNIT_PATTERN = r"(?:hours|hour|hrs|hr|h)"
MINUTE_UNIT_PATTERN = r"(?:minutes|minute|mins|min|m)"
"""The unit words a duration accepts, also read in due dates (``in 2h30m``)."""

# [0-9] rather than \d: only ASCII digits are numbers here.
_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_DURATION_PATTERN = (
    r"(?:(?P<h>" + _NUMBER + r") ?" + HOUR_UNIT_PATTERN + r")?"
    r" ?(?:(?P<m>" + _NUMBER + r") ?" + MINUTE_UNIT_PATTERN + r")?"
    r" ?(?:(?P<s>" + _NUMBER + r") ?(?:seconds|second|secs|sec|s))?"
)
_HOURS_AND_MINUTES_PATTERN = r"(?P<h>[0-9]{1,3}):(?P<m>[0-5][0-9])"


@lru_cache(maxsize=1024)  # steps read from a file repeat the same few estimates
def parse_duration(text: str) -> int:
    """Parse a duration typed by the user; return whole seconds (rounded half up).

    Accepted: ``25m``, ``1h``, ``1h30m``, ``1h 30m``, ``90s``, ``1.5h``, the unit words
    ``s/sec/secs/second/seconds``, ``m/min/mins/minute/minutes``,
    ``h/hr/hrs/hour/hours`` (in that order, each at most once), ``H:MM`` (``1:30``),
    and a bare number, which means minutes (``45``, ``2.5``). Case-insensitive.
    The result must be more than 0 and at most a week, else InvalidInputError.
    """
    from decimal import ROUND_HALF_UP, Decimal

    clean = normalise_typed(text)
    negative = clean.startswith("-")
    body = clean[1:].lstrip() if negative else clean
    total: Decimal | None = None
    if body and len(body) <= MAX_TYPED_CHARS:
        if re.fullmatch(_NUMBER, body):
            total = Decimal(body) * 60
        elif match := re.fullmatch(_HOURS_AND_MINUTES_PATTERN, body):
            total = Decimal(int(match["h"]) * 3600 + int(match["m"]) * 60)
        elif (match := re.fullmatch(_DURATION_PATTERN, body)) and any(match.groupdict().values()):
            total = Decimal(0)
            for group, factor in (("h", 3600), ("m", 60), ("s", 1)):
                if match[group] is not None:
                    total += Decimal(match[group]) * factor
    if total is None:
        corrected = _near_miss(body)
        hint = f"did you mean {corrected}? " if corrected else ""
        raise InvalidInputError(f"invalid duration {quote_typed(text)}: {hint}{DURATION_FORMS}")
    if total > MAX_DURATION_SECONDS + 1:  # also keeps huge numbers away from quantize()
        raise InvalidInputError(f"duration {quote_typed(text)} is over a week: {DURATION_FORMS}")
    seconds = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if negative or seconds <= 0:
        raise InvalidInputError(
            f"duration {quote_typed(text)} must be more than 0: {DURATION_FORMS}"
        )
    if seconds > MAX_DURATION_SECONDS:
        raise InvalidInputError(f"duration {quote_typed(text)} is over a week: {DURATION_FORMS}")
    return seconds


_UNIT_WORDS = ("hours", "hour", "minutes", "minute", "mins", "seconds", "second", "secs")


def _near_miss(body: str) -> str | None:
    """``25 mintues`` -> ``25 minutes``, when the corrected text is a duration."""
    if len(body) > MAX_TYPED_CHARS:
        return None
    from microtask.domain.date_forms import suggestion

    spaced = re.sub(r"([0-9])([a-z])", r"\1 \2", body)
    corrected = suggestion(spaced, _UNIT_WORDS)
    if corrected is None:
        return None
    try:
        parse_duration(corrected)
    except InvalidInputError:
        return None
    return corrected


def format_duration(seconds: int) -> str:
    """Compact form that :func:`parse_duration` reads back exactly: ``1h30m``, ``45s``.

    Hours are not folded into days (a week is ``168h``); zero is ``0s``.
    """
    if seconds < 0:
        raise ValueError("format_duration needs a non-negative number of seconds")
    if seconds == 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(
        f"{value}{unit}" for value, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if value
    )


def approx_duration(seconds: float) -> str:
    """A duration for people, to the minute from a minute up (``1h35m``), else in seconds
    (``45s``); nothing at all (or a negative time) is ``0m``, and ``?`` stands for a
    duration that is not a number."""
    if not math.isfinite(seconds):
        return "?"
    whole = max(0, round(seconds))
    if whole == 0:
        return "0m"
    if whole >= 60:
        whole = round(whole / 60) * 60
    return format_duration(whole)
