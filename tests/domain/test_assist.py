"""The rules of the assistant's side: when a check-in is due, and the provider figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from microtask.domain.assist import Handoff, ProviderFigures, check_in_due
from microtask.domain.delegation import Delegation, Provider

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANA = Provider(id=1, name="Ana", kind="va", rate=None, started=T0 - timedelta(days=400))


def _delegation(check_in: datetime | None, cap: int | None = None) -> Delegation:
    return Delegation(
        id=1,
        task_id=1,
        task_title="Book flights",
        provider=ANA,
        delegated=T0,
        check_in=check_in,
        cap_seconds=cap,
    )


def test_check_in_is_due_at_the_agreed_time_when_no_time_is_tracked() -> None:
    agreed = T0 + timedelta(days=1)
    assert check_in_due(_delegation(agreed), None, 0) == agreed


def test_check_in_is_due_two_hours_after_starting_when_that_comes_first() -> None:
    started = T0 + timedelta(hours=3)
    assert check_in_due(_delegation(T0 + timedelta(days=4)), started, 0) == started + timedelta(
        hours=2
    )
    # an agreed check-in before that stays the one that counts
    assert check_in_due(_delegation(T0 + timedelta(hours=1)), started, 0) == T0 + timedelta(hours=1)


def test_no_check_in_is_due_once_one_is_in_or_the_task_is_back() -> None:
    assert check_in_due(_delegation(T0), None, 1) is None
    back = Delegation(**{**_delegation(T0).__dict__, "returned": T0 + timedelta(hours=1)})
    assert check_in_due(back, None, 0) is None


def test_a_handoff_is_over_its_cap_only_past_it() -> None:
    def handoff(tracked: float) -> Handoff:
        return Handoff(_delegation(None, cap=3600), (), None, (), tracked, None)

    assert not handoff(3600).over_cap
    assert handoff(3601).over_cap
    no_cap = Handoff(_delegation(None), (), None, (), 10**6, None)
    assert not no_cap.over_cap


def test_provider_figures_are_the_plain_ratios_and_the_median() -> None:
    figures = ProviderFigures(
        provider_id=1,
        user="ana",
        handbacks=4,
        redo=1,
        responses_seconds=(3600, 600, 7200, 1800),
        capped_tracked_seconds=5400,
        cap_seconds=7200,
        over_cap=0,
        check_ins_overdue=0,
    )
    assert figures.redo_rate == 0.25
    assert figures.median_response_seconds == (1800 + 3600) / 2
    empty = ProviderFigures(1, None, 0, 0, (), 0, 0, 0, 0)
    assert empty.redo_rate is None
    assert empty.median_response_seconds is None
    assert not empty.has_any
