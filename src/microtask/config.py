"""Settings from a TOML file; every value has its default here, in code.

Tables and keys (all optional)::

    [urgency]            # coefficients, see UrgencyCoefficients
    [pomodoro]
    work = "25m"         # durations: "25m", "1h30m", "90s", or a number of minutes
    short_break = "5m"
    long_break = "15m"
    long_every = 4       # a long break after every 4th work interval
    cycles = 4           # work intervals in a run
    notify = true        # desktop notification (notify-send) when a phase ends
    bell = true          # terminal bell when a phase ends
    daily_goal = 8       # completed pomodoros a day that `today` counts towards (0: none)
    [plan]
    day_start = "09:00"  # the working day `plan` fills ("9am" and "24:00" as an end work too)
    day_end = "17:00"
    min_block = "15m"    # shortest work block `plan` makes; at most [pomodoro] work
    [report]
    week_start = "monday"  # the first day of a week in `report week` (ISO: monday)
    [dates]
    order = "dmy"        # a numeric date 12/05 is day/month ("mdy": month/day; unset: refused)
    [user]
    name = "ana"         # who you are on a shared store (default: the login name)

Importing this module stays cheap: ``tomllib`` is imported only when a file exists, and
durations and times of day are parsed by :mod:`microtask.domain.durations` and
:mod:`microtask.domain.timeofday`, without pendulum.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import field
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microtask.domain.durations import format_duration, parse_duration
from microtask.domain.errors import InvalidInputError
from microtask.domain.record import fields, record
from microtask.domain.timeofday import TimeOfDay, parse_clock_time
from microtask.domain.timer_config import MAX_PHASE_SECONDS, TimerConfig
from microtask.domain.urgency import UrgencyCoefficients

if TYPE_CHECKING:
    from microtask.domain.planner import PlanSettings

_DEFAULT_MIN_CHUNK_SECONDS = 900


@record
class PlanDay:
    """The working day ``plan`` fills, as local wall-clock times, and its shortest chunk."""

    day_start: str = "09:00"
    """``HH:MM`` on the 24-hour clock."""
    day_end: str = "17:00"
    """``HH:MM`` on the 24-hour clock, after ``day_start``; ``24:00`` is midnight."""
    min_chunk_seconds: int = _DEFAULT_MIN_CHUNK_SECONDS

    def __post_init__(self) -> None:
        for name in ("day_start", "day_end"):
            value = getattr(self, name)
            if not isinstance(value, str) or not re.fullmatch(r"[0-9]{2}:[0-9]{2}", value):
                raise InvalidInputError(f"{name} must be a time as HH:MM, got {value!r}")
        start = parse_clock_time(self.day_start)
        end = parse_clock_time(self.day_end, end_of_day=True)
        if end <= start:
            raise InvalidInputError(
                f"day_end ({self.day_end}) must be after day_start ({self.day_start}): "
                "a working day cannot cross midnight"
            )
        minimum = self.min_chunk_seconds
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum <= 0:
            raise InvalidInputError(
                f"min_chunk_seconds must be a whole number of seconds more than 0, got {minimum!r}"
            )

    @property
    def start(self) -> TimeOfDay:
        """``day_start`` as a time of day, for :func:`microtask.domain.zones.at_local_time`."""
        return parse_clock_time(self.day_start)

    @property
    def end(self) -> TimeOfDay:
        """``day_end`` as a time of day; ``END_OF_DAY`` (24:00) for midnight."""
        return parse_clock_time(self.day_end, end_of_day=True)


@record
class OutsourcingSettings:
    """``[outsourcing]``: what an hour is worth to you and to a provider (any currency, the
    same for both), the weekly hours below which work is batched, and the score weights."""

    founder_hourly: float = 100.0
    provider_rate: float = 25.0
    min_weekly_hours: float = 2.0
    weights: tuple[tuple[str, float], ...] = ()
    """``[outsourcing.weights]`` overrides, by criterion name."""


WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_DAILY_GOAL = 100


@record
class Config:
    urgency: UrgencyCoefficients = field(default_factory=UrgencyCoefficients)
    source: Path | None = None
    pomodoro: TimerConfig = field(default_factory=TimerConfig)
    notify: bool = True
    """Send a desktop notification (notify-send) when a pomodoro phase ends."""
    bell: bool = True
    """Ring the terminal bell when a pomodoro phase ends."""
    plan: PlanDay = field(default_factory=PlanDay)
    outsourcing: OutsourcingSettings = field(default_factory=OutsourcingSettings)
    daily_goal: int = 8
    """Completed pomodoros a day that ``today`` measures progress against (0: no goal)."""
    week_start: int = 0
    """The first day of a week for reports: 0 Monday (ISO) .. 6 Sunday."""
    date_order: str | None = None
    """``[dates] order``: how a numeric date ``12/05`` reads, ``dmy`` or ``mdy`` (None: it
    is refused when both readings are dates)."""
    user_name: str | None = None
    """``[user] name``: who runs microtask (None: ``MICROTASK_USER`` or the login name)."""

    @property
    def plan_settings(self) -> PlanSettings:
        """What the planner needs: the pomodoro lengths and the shortest chunk."""
        from microtask.domain.planner import PlanSettings  # only `plan` needs the planner

        return PlanSettings(self.pomodoro, self.plan.min_chunk_seconds)


# -- helpers shared by every table ---------------------------------------------------------


def _shown(value: object) -> str:
    """A TOML value for a one-line message: repr (control characters escaped), kept short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _bad_value(path: Path, table: str, key: str, accepted: str, value: object) -> InvalidInputError:
    return InvalidInputError(f"{path}: [{table}] {key} must be {accepted}, not {_shown(value)}")


def _table(data: dict[str, Any], name: str, path: Path, known: set[str]) -> dict[str, Any]:
    """The table ``[name]`` (empty when absent), refusing keys not in ``known``."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InvalidInputError(f"{path}: [{name}] must be a table")
    for key in table:
        if key not in known:
            raise InvalidInputError(
                f"{path}: unknown setting [{name}] {key}{_did_you_mean(key, known)}; "
                f"known: {', '.join(sorted(known))}"
            )
    return table


TABLES = ("urgency", "pomodoro", "plan", "outsourcing", "report", "dates", "user")
"""The settings tables; any other top-level name in the file is a mistake."""


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _refuse_unknown_tables(data: dict[str, Any], path: Path) -> None:
    for name in data:
        if name not in TABLES:
            raise InvalidInputError(
                f"{path}: unknown table or setting {name}{_did_you_mean(name, TABLES)}; "
                f"the tables are {', '.join(f'[{t}]' for t in TABLES)}"
            )


_DURATION = (
    'a duration of more than 0 and at most a day, such as "25m", "1h30m", "90s", '
    "or a number of minutes"
)


def _duration(path: Path, table: str, key: str, value: object) -> int:
    """Whole seconds from a duration string or a number of minutes (bools are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad_value(path, table, key, _DURATION, value)
    try:
        seconds = parse_duration(str(value))
    except InvalidInputError:
        raise _bad_value(path, table, key, _DURATION, value) from None
    if seconds > MAX_PHASE_SECONDS:
        raise _bad_value(path, table, key, _DURATION, value)
    return seconds


def _whole_number(path: Path, table: str, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad_value(path, table, key, "a whole number", value)
    return value


def _flag(path: Path, table: str, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _bad_value(path, table, key, "true or false", value)
    return value


def _clock(path: Path, table: str, key: str, value: object, *, end_of_day: bool) -> str:
    """``HH:MM`` from a time string (``"09:00"``, ``"9am"``) or a TOML time (``09:00:00``)."""
    accepted = 'a time of day such as "09:00", "17:30" or "9am"' + (
        ' ("24:00" is midnight)' if end_of_day else ""
    )
    if isinstance(value, time) and value.tzinfo is None and not value.second + value.microsecond:
        return str(TimeOfDay(value.hour, value.minute))
    if not isinstance(value, str):
        raise _bad_value(path, table, key, accepted, value)
    try:
        return str(parse_clock_time(value, end_of_day=end_of_day))
    except InvalidInputError:
        raise _bad_value(path, table, key, accepted, value) from None


# -- tables ------------------------------------------------------------------------------


def _urgency_from(data: dict[str, Any], path: Path) -> UrgencyCoefficients:
    defaults = UrgencyCoefficients()
    table = _table(data, "urgency", path, {f.name for f in fields(UrgencyCoefficients)})
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("tag", "project_bonus"):
            if not isinstance(value, dict):
                raise InvalidInputError(f"{path}: [urgency.{key}] must map names to numbers")
            merged = dict(getattr(defaults, key))
            merged.update(
                {str(k): _coefficient(path, f"urgency.{key}", str(k), v) for k, v in value.items()}
            )
            values[key] = merged
        elif key.endswith("_days"):
            values[key] = _positive(path, "urgency", key, value, MAX_COEFFICIENT)
        else:
            values[key] = _coefficient(path, "urgency", key, value)
    return UrgencyCoefficients(**values)


MAX_COEFFICIENT = 1000.0


def _coefficient(path: Path, table: str, key: str, value: object) -> float:
    """A finite number of at most :data:`MAX_COEFFICIENT` either way (NaN and infinity would
    poison every ranking)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > MAX_COEFFICIENT
    ):
        raise _bad_value(
            path, table, key, f"a number from -{MAX_COEFFICIENT:g} to {MAX_COEFFICIENT:g}", value
        )
    return float(value)


def _positive(path: Path, table: str, key: str, value: object, most: float) -> float:
    """A number of days a ramp lasts: more than 0 (urgency divides by it)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= most
    ):
        raise _bad_value(path, table, key, f"a number more than 0 and at most {most:g}", value)
    return float(value)


_POMODORO_DURATIONS = {
    "work": "work_seconds",
    "short_break": "short_break_seconds",
    "long_break": "long_break_seconds",
}
_POMODORO_COUNTS = ("long_every", "cycles")
_POMODORO_FLAGS = ("notify", "bell")


def _daily_goal_from(data: dict[str, Any], path: Path) -> int:
    """``[pomodoro] daily_goal``; the table itself is checked by :func:`_pomodoro_from`."""
    table = data.get("pomodoro", {})
    if not isinstance(table, dict) or "daily_goal" not in table:
        return 8
    value = table["daily_goal"]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAILY_GOAL:
        raise _bad_value(
            path, "pomodoro", "daily_goal", f"a whole number from 0 to {MAX_DAILY_GOAL}", value
        )
    return value


def _week_start_from(data: dict[str, Any], path: Path) -> int:
    table = _table(data, "report", path, {"week_start"})
    if "week_start" not in table:
        return 0
    value = table["week_start"]
    name = value.strip().lower() if isinstance(value, str) else None
    matches = [i for i, day in enumerate(WEEKDAY_NAMES) if name and day.startswith(name)]
    if name is None or len(name) < 3 or len(matches) != 1:
        raise _bad_value(path, "report", "week_start", "a weekday name such as monday", value)
    return matches[0]


def _date_order_from(data: dict[str, Any], path: Path) -> str | None:
    from microtask.domain.date_forms import DATE_ORDERS

    table = _table(data, "dates", path, {"order"})
    if "order" not in table:
        return None
    value = table["order"]
    if not isinstance(value, str) or value.strip().lower() not in DATE_ORDERS:
        raise _bad_value(path, "dates", "order", '"dmy" or "mdy"', value)
    return value.strip().lower()


def _user_from(data: dict[str, Any], path: Path) -> str | None:
    from microtask.domain.users import clean_user_name

    table = _table(data, "user", path, {"name"})
    if "name" not in table:
        return None
    value = table["name"]
    if not isinstance(value, str):
        raise _bad_value(path, "user", "name", 'a user name such as "ana"', value)
    return clean_user_name(value, f"{path} [user] name")


def _pomodoro_from(data: dict[str, Any], path: Path) -> tuple[TimerConfig, bool, bool]:
    known = {*_POMODORO_DURATIONS, *_POMODORO_COUNTS, *_POMODORO_FLAGS, "daily_goal"}
    table = _table(data, "pomodoro", path, known)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in _POMODORO_DURATIONS:
            values[_POMODORO_DURATIONS[key]] = _duration(path, "pomodoro", key, value)
        elif key in _POMODORO_COUNTS:
            values[key] = _whole_number(path, "pomodoro", key, value)
    try:
        timer = TimerConfig(**values)
    except InvalidInputError as error:  # long_every < 1, cycles out of range
        raise InvalidInputError(f"{path}: [pomodoro] {error}") from None
    notify, bell = (
        _flag(path, "pomodoro", key, table[key]) if key in table else True
        for key in _POMODORO_FLAGS
    )
    return timer, notify, bell


def _plan_from(data: dict[str, Any], path: Path, timer: TimerConfig) -> PlanDay:
    table = _table(data, "plan", path, {"day_start", "day_end", "min_block", "min_chunk"})
    values: dict[str, Any] = {}
    for key, end_of_day in (("day_start", False), ("day_end", True)):
        if key in table:
            values[key] = _clock(path, "plan", key, table[key], end_of_day=end_of_day)
    # min_block is the setting's name; min_chunk, its older one, is still read
    key = "min_block" if "min_block" in table else "min_chunk"
    if key in table:
        values["min_chunk_seconds"] = _duration(path, "plan", key, table[key])
    else:  # a pomodoro shorter than the default minimum is its own minimum
        values["min_chunk_seconds"] = min(_DEFAULT_MIN_CHUNK_SECONDS, int(timer.work_seconds))
    try:
        plan = PlanDay(**values)
    except InvalidInputError as error:  # the day ends before it starts
        raise InvalidInputError(f"{path}: [plan] {error}") from None
    from microtask.domain.planner import PlanSettings

    try:
        PlanSettings(timer, plan.min_chunk_seconds)
    except InvalidInputError:
        raise InvalidInputError(
            f"{path}: [plan] {key} ({format_duration(plan.min_chunk_seconds)}) must not be "
            f"longer than [pomodoro] work ({format_duration(int(timer.work_seconds))})"
        ) from None
    return plan


def _number(path: Path, table: str, key: str, value: object, most: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= most:
        raise _bad_value(path, table, key, f"a number from 0 to {most:g}", value)
    return float(value)


def _outsourcing_from(data: dict[str, Any], path: Path) -> OutsourcingSettings:
    known = {"founder_hourly", "provider_rate", "min_weekly_hours", "weights"}
    table = _table(data, "outsourcing", path, known)
    if not table:
        return OutsourcingSettings()
    from microtask.domain.outsourcing import CRITERIA  # only when the table is there

    values: dict[str, Any] = {}
    for key in ("founder_hourly", "provider_rate"):
        if key in table:
            values[key] = _number(path, "outsourcing", key, table[key], 1e9)
    if "min_weekly_hours" in table:
        values["min_weekly_hours"] = _number(
            path, "outsourcing", "min_weekly_hours", table["min_weekly_hours"], 100
        )
    if "weights" in table:
        weights = _table(table, "weights", path, set(CRITERIA))
        values["weights"] = tuple(
            (name, _number(path, "outsourcing.weights", name, value, 1000))
            for name, value in weights.items()
        )
    return OutsourcingSettings(**values)


def load_config(path: Path) -> Config:
    """Defaults, overridden by whatever the file at ``path`` sets (a missing file is fine)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise InvalidInputError(f"cannot read config {path}: {error.strerror}") from None
    return parse_config(raw, path)


def parse_config(raw: bytes, path: Path) -> Config:
    """The settings ``raw`` (a file's bytes) sets over the defaults; ``path`` names it in
    messages (``config set`` and ``config edit`` check a new text before writing it)."""
    import tomllib  # only when there is a file: start-up time

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"{path} is not valid TOML: {error}") from None
    except RecursionError:
        raise InvalidInputError(f"{path} is nested too deeply to be a settings file") from None
    _refuse_unknown_tables(data, path)
    timer, notify, bell = _pomodoro_from(data, path)
    return Config(
        urgency=_urgency_from(data, path),
        source=path,
        pomodoro=timer,
        notify=notify,
        bell=bell,
        plan=_plan_from(data, path, timer),
        outsourcing=_outsourcing_from(data, path),
        daily_goal=_daily_goal_from(data, path),
        week_start=_week_start_from(data, path),
        date_order=_date_order_from(data, path),
        user_name=_user_from(data, path),
    )
