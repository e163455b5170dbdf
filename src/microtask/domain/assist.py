"""The assistant's side of delegation (issue 16): history, check-ins, the brief as the
assistant sees it, and the provider figures the founder watches. Plain data and rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from microtask.domain.errors import InvalidInputError
from microtask.domain.record import record

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation
    from microtask.domain.model import Task

CHECK_IN_AFTER_START = timedelta(hours=2)
"""The practice: a first progress report within an hour or two of starting the work."""
HISTORY_SHOWN = 50
"""History rows ``show`` reads (the newest): a task changed every day stays one screen."""
MAX_CHECK_IN_LENGTH = 2000


@record
class HistoryEntry:
    """One change to a task: when, by whom, what (the change's undo label)."""

    at: datetime
    user: str
    change: str


@record
class CheckIn:
    """A progress report on a delegation, by the assistant who has it."""

    id: int
    delegation_id: int
    at: datetime
    user: str
    text: str
    done_steps: int | None


def check_in_due(
    delegation: Delegation, first_tracked: datetime | None, check_ins: int
) -> datetime | None:
    """When the first check-in is due: the check-in time agreed at delegation, or two hours
    after the assistant first tracked time on the task, whichever comes first. None once a
    check-in is recorded or the task is back."""
    if check_ins or delegation.returned is not None:
        return None
    due = [t for t in (delegation.check_in,) if t is not None]
    if first_tracked is not None:
        due.append(first_tracked + CHECK_IN_AFTER_START)
    return min(due) if due else None


@record
class Handoff:
    """A delegation as both sides see it: the brief (steps, procedure, cap, check-in due),
    the check-ins so far, and the time tracked on it against its cap."""

    delegation: Delegation
    steps: tuple[Task, ...]
    procedure: str | None
    check_ins: tuple[CheckIn, ...]
    tracked_seconds: float
    """Focus recorded on the task and its steps since it was handed off (until it came back)."""
    first_tracked: datetime | None
    notes: str | None = None

    @property
    def check_in_due(self) -> datetime | None:
        return check_in_due(self.delegation, self.first_tracked, len(self.check_ins))

    def check_in_overdue(self, now: datetime) -> bool:
        due = self.check_in_due
        return due is not None and now >= due

    @property
    def over_cap(self) -> bool:
        cap = self.delegation.cap_seconds
        return cap is not None and self.tracked_seconds > cap

    @property
    def steps_done(self) -> tuple[int, int]:
        from microtask.domain.model import Status

        return sum(1 for s in self.steps if s.status is Status.DONE), len(self.steps)

    @property
    def last_check_in(self) -> CheckIn | None:
        return self.check_ins[-1] if self.check_ins else None


@record
class ProviderFigures:
    """The KPIs of one provider, from the records (``provider list``).

    - on-time rate: handbacks marked on time / handbacks marked on time or late;
    - redo rate: handbacks to redo / all handbacks (done or redo);
    - median response: over the delegations with a check-in, the median time from the
      hand-off to the first check-in;
    - time against the cap: focus tracked on the delegations that have a cap, and the sum
      of those caps; ``over_cap`` counts the delegations past theirs.
    """

    provider_id: int
    user: str | None
    handbacks: int
    redo: int
    responses_seconds: tuple[int, ...]
    capped_tracked_seconds: float
    cap_seconds: int
    over_cap: int
    check_ins_overdue: int

    @property
    def has_any(self) -> bool:
        """Something to show: a user, a handback, a check-in or a cap."""
        return bool(self.user or self.handbacks or self.responses_seconds or self.cap_seconds)

    @property
    def redo_rate(self) -> float | None:
        return None if self.handbacks == 0 else self.redo / self.handbacks

    @property
    def median_response_seconds(self) -> float | None:
        import statistics

        return statistics.median(self.responses_seconds) if self.responses_seconds else None


def clean_check_in(text: str) -> str:
    body = text.strip()
    if not body:
        raise InvalidInputError("the check-in is empty: say in a line how it is going")
    if len(body) > MAX_CHECK_IN_LENGTH:
        raise InvalidInputError(f"the check-in is over {MAX_CHECK_IN_LENGTH} characters")
    return body


def check_done_steps(count: int, total: int) -> int:
    if count < 0 or count > total:
        raise InvalidInputError(
            f"invalid --done-steps {count}: the task has {total} steps, give 0 to {total}"
        )
    return count
