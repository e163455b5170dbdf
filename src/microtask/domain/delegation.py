"""Providers and the work handed off to them (plain data; the rules about trial periods)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError, InvalidInputError
from microtask.domain.record import record
from microtask.domain.text import visible

if TYPE_CHECKING:
    from microtask.domain.model import Task
    from microtask.domain.outsourcing import TrackRecord

TRIAL = timedelta(days=182)
"""About six months of track record before a provider is trusted with critical work."""
PUNCTUAL_SHARE = 0.9
PUNCTUAL_AFTER = 3
"""A provider has proven punctual with 90 % of at least 3 handbacks on time."""
MONTH_DAYS = 365.25 / 12
PROVIDER_KINDS = ("freelancer", "agency", "va")
MAX_NAME_LENGTH = 100


@record
class Provider:
    id: int
    name: str
    kind: str
    rate: float | None
    """Hourly rate; None: the default provider rate from the settings."""
    started: datetime
    """When the working relationship began: the track record counts from here."""


@record
class ProviderRecord:
    provider: Provider
    handed_off: int
    open: int
    """Handed off and not back yet."""
    done: int
    redo: int
    on_time: int
    late: int

    @property
    def trial_ends(self) -> datetime:
        """Six months after the relationship began: until then, no critical work."""
        return self.provider.started + TRIAL

    def on_trial(self, now: datetime) -> bool:
        return now < self.trial_ends

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return None if judged == 0 else self.on_time / judged

    @property
    def proven_punctual(self) -> bool:
        judged = self.on_time + self.late
        return judged >= PUNCTUAL_AFTER and self.on_time >= PUNCTUAL_SHARE * judged

    def track_record(self, now: datetime) -> TrackRecord:
        """What the provider has proven, for the advisor: months with you, punctuality."""
        from microtask.domain.outsourcing import TrackRecord

        months = max((now - self.provider.started).days, 0) / MONTH_DAYS
        return TrackRecord(reliable_months=months, punctual=self.proven_punctual)


def hand_off_warnings(task: Task, record: ProviderRecord, now: datetime, force: bool) -> list[str]:
    """Whether ``task`` may go to the provider of ``record``: critical work waits for the
    end of the trial (ConflictError, unless forced); time-sensitive work gets a warning."""
    on_trial = record.on_trial(now)
    name = visible(record.provider.name)
    if task.criteria.critical and on_trial and not force:
        raise ConflictError(
            f"task {task.id} is critical and {name} is on trial until "
            f"{record.trial_ends.astimezone():%Y-%m-%d} (under six months of track "
            "record): keep it, give it to a proven provider, or pass --force"
        )
    warnings = []
    if task.criteria.time_sensitive and on_trial:
        warnings.append(
            f"task {task.id} is time-sensitive and {name} has not proven punctual yet: "
            "check in early"
        )
    return warnings


@record
class Delegation:
    id: int
    task_id: int
    task_title: str
    provider: Provider
    delegated: datetime
    check_in: datetime | None
    cap_seconds: int | None
    returned: datetime | None = None
    outcome: str | None = None
    """``done`` or ``redo`` once handed back."""
    on_time: bool | None = None
    note: str | None = None


def clean_provider_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInputError("the provider's name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInputError(f"the provider's name is over {MAX_NAME_LENGTH} characters")
    return name


def parse_provider_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in PROVIDER_KINDS:
        raise InvalidInputError(f"invalid --kind {text!r}: use one of {', '.join(PROVIDER_KINDS)}")
    return kind


def parse_rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0 <= rate < 1e9:
        raise InvalidInputError(f"invalid --rate {text!r}: use a number of money per hour, e.g. 15")
    return rate


def parse_check_in(text: str, now: datetime, order: str | None = None) -> int:
    """``--check-in``: a duration from now (``2h``) or a time (``tomorrow 10:00``), as the
    seconds from ``now`` until the check-in; a time already past is refused."""
    import math

    from microtask.domain.dates import parse_when
    from microtask.domain.durations import parse_duration
    from microtask.domain.text import quote_typed

    try:
        return parse_duration(text)
    except InvalidInputError as not_duration:
        try:
            at = parse_when(text, now, order=order)
        except InvalidInputError:
            raise InvalidInputError(
                f"{not_duration}; or a time such as tomorrow 10:00 or fri 9am"
            ) from None
    seconds = math.ceil((at - now).total_seconds())
    if seconds <= 0:
        raise InvalidInputError(
            f"check-in time {quote_typed(text)} has already passed: give a later time or a "
            "duration such as 2h"
        )
    return seconds
