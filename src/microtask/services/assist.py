"""Two people on one store (issue 16): the assistant's inbox and check-ins, the history of
a task, and the figures the founder watches about each provider."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from microtask.domain.assist import (
    HISTORY_SHOWN,
    Handoff,
    HistoryEntry,
    ProviderFigures,
    check_done_steps,
)
from microtask.domain.errors import ConflictError
from microtask.domain.model import Status
from microtask.services.app import App, require_task, short

if TYPE_CHECKING:
    from microtask.db.store import Repos
    from microtask.domain.delegation import Delegation
    from microtask.domain.sessions import Block, Session


Linked = TypeVar("Linked", bound="Session | Block")


def visible_only(repos: Repos, items: Sequence[Linked]) -> list[Linked]:
    """Sessions or blocks as this user may see them: all for the founder; for an assistant,
    those on tasks delegated to them (one query for all)."""
    if repos.assistant_of is None:
        return list(items)
    linked = sorted({i.task_id for i in items if i.task_id is not None})
    seen = {t.id for t in repos.tasks.get_many(linked)}
    return [i for i in items if i.task_id in seen]


def handoffs(
    repos: Repos, delegations: Sequence[Delegation], now_ts: int, brief: bool = True
) -> list[Handoff]:
    """Each delegation with its brief (``brief``: its steps, notes and procedure), check-ins
    and tracked time: a few queries in all, however many delegations."""
    from microtask.db.sql import moment

    if not delegations:
        return []
    assist = repos.assist
    task_ids = [d.task_id for d in delegations]
    steps_of = assist.step_ids(task_ids) if brief else {i: [] for i in task_ids}
    step_ids = [step for steps in steps_of.values() for step in steps]
    tasks = {t.id: t for t in repos.tasks.get_many(task_ids + step_ids)} if brief else {}
    check_ins = assist.check_ins([d.id for d in delegations])
    tracked = assist.tracked(delegations, now_ts)
    found = []
    for delegation in delegations:
        task = tasks.get(delegation.task_id)
        seconds, first = tracked.get(delegation.id, (0.0, None))
        found.append(
            Handoff(
                delegation=delegation,
                steps=tuple(tasks[s] for s in steps_of[delegation.task_id] if s in tasks),
                procedure=None if task is None or task.series is None else task.series.procedure,
                check_ins=tuple(check_ins.get(delegation.id, [])),
                tracked_seconds=seconds,
                first_tracked=None if first is None else moment(first),
                notes=None if task is None else task.notes,
            )
        )
    return found


def inbox(app: App) -> list[Handoff]:
    """What is with the user now: for an assistant, what is delegated to them; for the
    founder, everything handed off and not back yet."""
    with app.reading() as repos:
        provider_id = repos.assistant_of
        delegations = repos.assist.open_delegations(provider_id)
        return handoffs(repos, delegations, app.now_ts())


def open_handoffs(repos: Repos, now: datetime) -> list[Handoff]:
    """Open hand-offs (the user's own, for an assistant) without their briefs."""
    delegations = repos.assist.open_delegations(repos.assistant_of)
    return handoffs(repos, delegations, int(now.timestamp()), brief=False)


def needing_attention(repos: Repos, now: datetime) -> list[Handoff]:
    """Open hand-offs whose check-in is overdue or whose tracked time is past the cap:
    what ``today`` and ``list`` flag to both sides."""
    return [h for h in open_handoffs(repos, now) if h.check_in_overdue(now) or h.over_cap]


CHECK_INS_LISTED = 20
REPORTS_WITHIN_SECONDS = 86400
"""``today`` shows the latest check-in of each open hand-off made in the last day."""


def recent_check_ins(found: Sequence[Handoff], now: datetime) -> list[Handoff]:
    """Those of these hand-offs with a check-in in the last day."""
    return [
        h
        for h in found
        if h.last_check_in is not None
        and (now - h.last_check_in.at).total_seconds() <= REPORTS_WITHIN_SECONDS
    ]


def overdue_check_ins(repos: Repos, now: datetime) -> list[Delegation]:
    """The delegations whose first check-in is due and not in yet, earliest due first."""
    late = [h for h in needing_attention(repos, now) if h.check_in_overdue(now)]
    late.sort(key=lambda h: (h.check_in_due or now, h.delegation.id))
    return [h.delegation for h in late[:CHECK_INS_LISTED]]


def task_handoff(repos: Repos, task_id: int, now_ts: int) -> Handoff | None:
    """The task's latest delegation (open or back), as both sides see it."""
    delegation = repos.assist.latest_delegation(task_id)
    if delegation is None:
        return None
    return handoffs(repos, [delegation], now_ts)[0]


def task_history(repos: Repos, task_id: int) -> list[HistoryEntry]:
    return repos.assist.history(task_id, HISTORY_SHOWN)


def check_in(app: App, task_id: int, text: str, done_steps: int | None) -> Handoff:
    """Record a progress report on a task that is handed off; one undoable change."""
    with app.changing(f"checkin task {task_id}") as change:
        repos = change.repos
        task = require_task(change.tasks, task_id)
        delegation = change.outsourcing.open_delegation(task_id)
        if task.status is not Status.DELEGATED or delegation is None:
            raise ConflictError(
                f"task {task_id} is not handed off: a check-in reports on delegated work"
            )
        if done_steps is not None:
            check_done_steps(done_steps, len(task.subtask_ids))
        change.touch([task_id])  # the check-in is in the task's history, and undo guards it
        check_in_id = repos.assist.insert_check_in(
            delegation.id, app.now_ts(), app.user, text, done_steps
        )
        change.journal.created_check_in(check_in_id)
        change.label = f"checkin task {task_id} {short(task.title)!r}: {short(text, 40)!r}"
        return handoffs(repos, [delegation], app.now_ts())[0]


def provider_figures(repos: Repos, now: datetime) -> dict[int, ProviderFigures]:
    """The KPIs of every provider, from delegations, check-ins and tracked time."""
    assist = repos.assist
    now_ts = int(now.timestamp())
    records = repos.outsourcing.records()
    users = assist.provider_users()
    responses: dict[int, list[int]] = {}
    for provider_id, seconds in assist.first_responses():
        responses.setdefault(provider_id, []).append(seconds)
    capped = assist.capped_delegations()
    tracked = assist.tracked(capped, now_ts)
    used: dict[int, float] = {}
    caps: dict[int, int] = {}
    over: dict[int, int] = {}
    for delegation in capped:
        pid = delegation.provider.id
        spent = tracked.get(delegation.id, (0.0, 0.0))[0]
        cap = delegation.cap_seconds or 0
        used[pid] = used.get(pid, 0.0) + spent
        caps[pid] = caps.get(pid, 0) + cap
        over[pid] = over.get(pid, 0) + int(spent > cap)
    overdue: dict[int, int] = {}
    for handoff in handoffs(repos, assist.open_delegations(), now_ts):
        if handoff.check_in_overdue(now):
            pid = handoff.delegation.provider.id
            overdue[pid] = overdue.get(pid, 0) + 1
    return {
        r.provider.id: ProviderFigures(
            provider_id=r.provider.id,
            user=users.get(r.provider.id),
            handbacks=r.done + r.redo,
            redo=r.redo,
            responses_seconds=tuple(responses.get(r.provider.id, [])),
            capped_tracked_seconds=used.get(r.provider.id, 0.0),
            cap_seconds=caps.get(r.provider.id, 0),
            over_cap=over.get(r.provider.id, 0),
            check_ins_overdue=overdue.get(r.provider.id, 0),
        )
        for r in records
    }
