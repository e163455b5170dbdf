"""Handing work off: providers, `delegate`, `handback`, and the check-ins that fall due.

Each is one undoable change (providers excepted: adding one changes no task)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.delegation import (
    Delegation,
    Provider,
    ProviderRecord,
    hand_off_warnings,
)
from microtask.domain.errors import ConflictError, NotFoundError
from microtask.domain.model import Status
from microtask.domain.text import quote_typed, visible
from microtask.domain.views.outsourcing import Delegated
from microtask.services.app import App, founder_only, require_task, short

if TYPE_CHECKING:
    from microtask.db.outsource_repo import OutsourceRepo
    from microtask.db.store import Repos
    from microtask.domain.assist import ProviderFigures

DEFAULT_CHECK_IN_SECONDS = 2 * 3600


def add_provider(
    app: App,
    name: str,
    kind: str,
    rate: float | None,
    since: datetime | None,
    user: str | None = None,
) -> Provider:
    """A new provider; ``user``: the store user they are (an assistant who runs microtask
    on this store sees only what is delegated to them)."""
    now_ts = app.now_ts()
    started = now_ts if since is None else int(since.timestamp())
    with app.changing(f"provider add {short(name)}") as change:
        founder_only(change.repos, "provider add")
        repo = change.outsourcing
        existing = repo.provider_named(name)
        if existing is not None:
            raise ConflictError(f"a provider named {visible(existing.name)!r} exists already")
        provider_id = repo.insert_provider(name, kind, rate, started, now_ts)
        if user is not None:
            _link_user(change.repos, provider_id, user)
        provider = repo.provider_named(name)
    assert provider is not None
    return provider


def _link_user(repos: Repos, provider_id: int, user: str) -> None:
    """Make ``user`` the store user of this provider (one provider a user)."""
    taken = repos.assist.provider_of_user(user)
    if taken is not None and taken != provider_id:
        raise ConflictError(f"user {user} is already another provider's user")
    repos.assist.link_user(provider_id, user)


def set_provider_user(app: App, name: str, user: str | None) -> Provider:
    """``provider edit NAME --user USER`` (``--no-user``: they no longer use the store)."""
    with app.changing(f"provider edit {short(name)}") as change:
        founder_only(change.repos, "provider edit")
        provider = _provider(change.outsourcing, name)
        if user is None:
            change.repos.assist.link_user(provider.id, None)
        else:
            _link_user(change.repos, provider.id, user)
        return provider


def provider_records(app: App) -> list[ProviderRecord]:
    """Every provider's track record; an assistant sees only their own."""
    with app.reading() as repos:
        return _records(repos)


def _records(repos: Repos) -> list[ProviderRecord]:
    records = repos.outsourcing.records()
    if repos.assistant_of is not None:
        records = [r for r in records if r.provider.id == repos.assistant_of]
    return records


def provider_list(app: App) -> tuple[list[ProviderRecord], dict[int, ProviderFigures]]:
    """``provider list``: the track records and the figures behind them (one snapshot)."""
    from microtask.services.assist import provider_figures

    with app.reading() as repos:
        return _records(repos), provider_figures(repos, app.now())


def _provider(repo: OutsourceRepo, name: str) -> Provider:
    provider = repo.provider_named(name)
    if provider is None:
        raise NotFoundError(
            f"no provider named {quote_typed(name)}: add one with `microtask provider add NAME`"
        )
    return provider


def delegate(
    app: App,
    task_id: int,
    provider_name: str,
    check_in_seconds: int = DEFAULT_CHECK_IN_SECONDS,
    cap_seconds: int | None = None,
    force: bool = False,
) -> Delegated:
    """Hand an open task to a provider; a critical task needs six months of track record."""
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing(f"delegate task {task_id}") as change:
        founder_only(change.repos, "delegate")
        repo = change.outsourcing
        task = require_task(change.tasks, task_id)
        if task.status is not Status.OPEN:
            raise ConflictError(
                f"task {task_id} is {task.status.value}: only an open task can be handed off"
            )
        provider = _provider(repo, provider_name)
        record = next(r for r in repo.records() if r.provider.id == provider.id)
        warnings = hand_off_warnings(task, record, now, force)
        # Its open steps go with it: `next` must not offer work that is with a provider.
        steps = change.tasks.get_many(change.tasks.subtree_ids(task_id)[1:])
        handed = [task_id, *(s.id for s in steps if s.status is Status.OPEN)]
        change.touch(handed)
        change.tasks.update_many(handed, TaskChanges(status=Status.DELEGATED, updated_at=now))
        delegation_id = repo.insert_delegation(
            task_id, provider.id, app.now_ts(), app.now_ts() + check_in_seconds, cap_seconds
        )
        change.journal.created_delegation(delegation_id)
        change.label = f"delegate task {task_id} {short(task.title)!r} to {short(provider.name)}"
        delegation = repo.get_delegation(delegation_id)
        assert delegation is not None
        return Delegated(delegation, tuple(warnings))


def handback(
    app: App, task_id: int, done: bool, on_time: bool | None, note: str | None
) -> Delegation:
    """The provider handed the task back: done (task done) or to redo (task open again)."""
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing(f"handback task {task_id}") as change:
        repo = change.outsourcing
        task = require_task(change.tasks, task_id)
        open_one = repo.open_delegation(task_id)
        if task.status is not Status.DELEGATED or open_one is None:
            raise ConflictError(
                f"task {task_id} is not handed off: `microtask delegate {task_id} --to NAME` first"
            )
        change.touch([task_id])
        change.journal.remember_delegations([open_one.id])
        outcome = "done" if done else "redo"
        repo.close_delegation(open_one.id, int(now.timestamp()), outcome, on_time, note)
        steps = change.tasks.get_many(change.tasks.subtree_ids(task_id)[1:])
        if done:
            changes = TaskChanges(status=Status.DONE, done_at=now, updated_at=now)
            # the provider did its steps too: a done task never keeps open subtasks
            moved = [s.id for s in steps if s.status in (Status.OPEN, Status.DELEGATED)]
        else:
            changes = TaskChanges(status=Status.OPEN, done_at=None, updated_at=now)
            # the steps handed off with it come back with it (not those handed off alone)
            moved = [
                s.id
                for s in steps
                if s.status is Status.DELEGATED and repo.open_delegation(s.id) is None
            ]
        change.touch(moved)
        for step_id in moved:
            change.tasks.update(step_id, changes)
            if done:  # a step handed off on its own is closed with its parent, not stranded
                own = repo.open_delegation(step_id)
                if own is not None:
                    change.journal.remember_delegations([own.id])
                    repo.close_delegation(
                        own.id, int(now.timestamp()), "done", None, f"done with task {task_id}"
                    )
        change.tasks.update(task_id, changes)
        if done and task.series is not None:  # recurring work: the next instance follows
            from microtask.services.series import spawn_successors

            spawn_successors(change, [task_id], now)
        change.label = f"handback task {task_id} {short(task.title)!r} ({outcome})"
        closed = repo.get_delegation(open_one.id)
        assert closed is not None
        return closed
