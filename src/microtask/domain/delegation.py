"""Providers and the work handed off to them (plain data; the rules about trial periods)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from microtask.domain.errors import InvalidInputError

TRIAL = timedelta(days=182)
"""About six months of track record before a provider is trusted with critical work."""
PROVIDER_KINDS = ("freelancer", "agency", "va")
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class Provider:
    id: int
    name: str
    kind: str
    rate: float | None
    """Hourly rate; None: the default provider rate from the settings."""
    started: datetime
    """When the working relationship began: the track record counts from here."""


@dataclass(frozen=True)
class ProviderRecord:
    provider: Provider
    handed_off: int
    open: int
    """Handed off and not back yet."""
    done: int
    redo: int
    on_time: int
    late: int
    trial_ends: datetime

    def on_trial(self, now: datetime) -> bool:
        return now < self.trial_ends

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return None if judged == 0 else self.on_time / judged


@dataclass(frozen=True)
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
