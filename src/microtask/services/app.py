"""What every use case shares: the App (store, clock, settings) and the undoable Change.

The App is the only way into the store: ``reading()`` hands out the repositories of one
consistent snapshot, ``changing()`` those of one atomic write. Every write records the
before-image of each task, block and delegation it touches, so ``undo`` can put the store
back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.config import Config, load_config
from microtask.domain.clock import Clock, default_clock
from microtask.domain.errors import NotFoundError
from microtask.domain.model import Task
from microtask.domain.text import short as short

if TYPE_CHECKING:
    from pathlib import Path

    from microtask.db.engine import Database
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.journal import Journal
    from microtask.db.outsource_repo import OutsourceRepo
    from microtask.db.repo import TaskRepo
    from microtask.db.series_repo import SeriesRepo
    from microtask.db.store import Repos
    from microtask.db.triage_repo import TriageRepo
    from microtask.domain.progress import LongWork


class App:
    """What every use case needs: where the store is, the clock, the settings."""

    def __init__(
        self,
        location: str | None = None,
        clock: Clock | None = None,
        config: Config | None = None,
        user: str | None = None,
    ) -> None:
        from microtask.paths import config_path, database_location

        self.location = database_location(location)
        self.clock = clock or default_clock()
        self.config = config if config is not None else load_config(config_path())
        self.user = current_user(user, self.config)
        """Who runs this command: every change records it (issue 16)."""
        self._database: Database | None = None
        self._urgency_checked = False
        self.notices: list[str] = []
        """Things to tell the user once (e.g. a crashed run was closed), on stderr."""
        self._riders: list[Callable[[Change], None]] = []
        self.long_work: LongWork | None = None
        """How work that may take seconds (every task's urgency, after an upgrade) tells how
        far it got; None: it tells nobody. The CLI gives a bar on a terminal."""

    @property
    def _store(self) -> Database:
        if self._database is None:
            self.open()
        assert self._database is not None
        return self._database

    def open(self, allow_empty: bool = False) -> None:
        """Open the store now (creating or upgrading it, and closing runs whose process
        died), rather than at the first use case. ``allow_empty``: an existing empty file
        becomes a new store (``db init``); otherwise it is refused as a truncated one."""
        if self._database is not None:
            return
        from microtask.db.engine import connect

        self._database = connect(self.location, allow_empty=allow_empty, long_work=self.long_work)
        self._recover_stale_runs()

    def back_up_to(self, target: Path, force: bool = False) -> None:
        """A consistent copy of the store at ``target``, while other commands go on."""
        from microtask.db.backups import write_backup

        write_backup(self._store, target, force)

    def restore_from(self, source: Path) -> Path:
        """Put the checked store at ``source`` in place of this one (upgraded if it is
        older); the copy of the store as it was."""
        from microtask.db.backups import restore

        kept = restore(self._store, source)
        self.close()
        self.open()  # a copy of an older version is brought up to date now
        return kept

    def _recover_stale_runs(self) -> None:
        """Whatever command runs first after a run's process died closes its record."""
        with self.reading() as repos:
            if not repos.anything_running():
                return  # the usual case: the recovery code need not even load
        from microtask.services.recovery import recover_stale

        self.notices.extend(recover_stale(self))

    @property
    def display_location(self) -> str:
        """Where the store is, fit to show (a URL's password masked)."""
        from microtask.db.engine import redact

        return redact(self.location)

    def now(self) -> datetime:
        return self.clock.now()

    def now_ts(self) -> int:
        return int(self.clock.now().timestamp())

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

    @contextmanager
    def reading(self, *, helper: bool = False) -> Iterator[Repos]:
        """The repositories of one consistent snapshot; nothing is written. ``helper``: a
        long stream of task texts will be read (``TaskRepo.json_texts_of``), which a helper
        process in the same snapshot may share (``db.helper``).

        Once per process, the stored static urgency is checked against the settings in the
        same snapshot; only when the settings changed is it recomputed first (one write).
        """
        from microtask.db.store import open_repos, stored_urgency_is_current

        with self._store.read(helper=helper) as conn:
            if self._urgency_checked or stored_urgency_is_current(conn, self.config.urgency):
                self._urgency_checked = True
                yield open_repos(conn, self.config.urgency, self.now_ts(), self.user)
                return
        with self.changing("urgency settings"):
            pass  # refreshes the stored urgency, journals nothing
        with self._store.read(helper=helper) as conn:
            yield open_repos(conn, self.config.urgency, self.now_ts(), self.user)

    @contextmanager
    def changing(self, label: str, *, bulk: bool = False) -> Iterator[Change]:
        """One atomic write; when it touched tasks, blocks or delegations (and said so),
        ``undo`` can revert it. A write that records what happened (sessions, the running
        activity, providers) touches none, and is not undoable. ``bulk``: it adds many
        tasks (an import), and the store may write them in its fastest way."""
        from microtask.db.store import open_repos, refresh_stored_urgency

        with self._store.write(bulk=bulk) as conn:
            if not self._urgency_checked:
                if self.long_work is None:
                    refresh_stored_urgency(conn, self.config.urgency, self.now_ts())
                else:
                    with self.long_work("Computing every task's urgency") as progress:
                        refresh_stored_urgency(conn, self.config.urgency, self.now_ts(), progress)
                self._urgency_checked = True
            change = Change(open_repos(conn, self.config.urgency, self.now_ts(), self.user), label)
            yield change
            for rider in self._riders:
                rider(change)
            if change.journal.tasks and (blocks := change.journal.blocks_of_touched_tasks()):
                from microtask.services.block_edits import follow_tasks

                follow_tasks(change, blocks, self.now())
            if not change.repos.journal_is_empty:
                change.settle()
                change.journal.save(change.label, self.now_ts(), self.user)

    @contextmanager
    def each_change_also(self, rider: Callable[[Change], None]) -> Iterator[None]:
        """Inside this block, every change also runs ``rider`` last, in its transaction
        (``triage`` marks the task it decided on in the same write as the decision)."""
        self._riders.append(rider)
        try:
            yield
        finally:
            self._riders.remove(rider)


def current_user(given: str | None, config: Config) -> str:
    """``--as NAME`` (or ``MICROTASK_USER``, which the CLI reads into it), else ``[user]
    name`` in the settings, else the login name."""
    from microtask.domain.users import clean_user_name, fit_login_name

    if given is not None:
        return clean_user_name(given, "--as/MICROTASK_USER")
    if config.user_name is not None:
        return config.user_name
    return fit_login_name(_login_name())


def _login_name() -> str | None:
    """``getpass.getuser()``: the environment's login name, read here first because
    importing ``getpass`` (with ``termios`` and ``pwd``) is a millisecond of every write."""
    import os

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass's order
        if login := os.environ.get(name):
            return login
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER, LOGNAME nor passwd entry
        return None


class Change:
    """The repositories of one write, and what it touched: say which rows it is about to
    change (``touch``) or has created, and ``undo`` can put them back."""

    def __init__(self, repos: Repos, label: str) -> None:
        self.repos = repos
        self.label = label

    @property
    def journal(self) -> Journal:
        return self.repos.journal

    @property
    def tasks(self) -> TaskRepo:
        return self.repos.tasks

    @property
    def focus(self) -> FocusRepo:
        return self.repos.focus

    @property
    def outsourcing(self) -> OutsourceRepo:
        return self.repos.outsourcing

    @property
    def triage(self) -> TriageRepo:
        return self.repos.triage

    @property
    def series(self) -> SeriesRepo:
        return self.repos.series

    def touch(self, ids: Sequence[int]) -> None:
        """Remember these tasks as they are now, before they change."""
        self.journal.remember_tasks(ids)

    def created(self, task_id: int) -> None:
        self.journal.created_task(task_id)

    def created_many(self, ids: Sequence[int]) -> None:
        self.journal.created_tasks(ids)

    def settle(self) -> None:
        """Bring the stored urgency of everything touched so far up to date: call it
        before reading back tasks to show (it runs again, cheaply, at commit)."""
        self.tasks.refresh_static(self.journal.touched_task_ids())


def founder_only(repos: Repos, command: str) -> None:
    """Refuse a command that reads or hands off the whole store when run as an assistant
    (a provider's user), who sees only what is delegated to them (issue 16)."""
    if repos.assistant_of is not None:
        from microtask.domain.errors import ConflictError

        raise ConflictError(
            f"`microtask {command}` is for the founder: as {repos.user}, a provider's user, "
            "you see only what is delegated to you (microtask inbox)"
        )


def require_task(tasks: TaskRepo, task_id: int) -> Task:
    task = tasks.get(task_id)
    if task is None:
        raise NotFoundError(f"no task with id {task_id}: see `microtask list --all`")
    return task


DESCRIBED = 10
"""Tasks named in one message or undo label; the rest are counted ("... and 99,990 more")."""

LISTED = 50
"""Tasks a confirmation names one a line (split, done, drop); past that it counts them."""


def describe(tasks: Sequence[Task], most: int = DESCRIBED, total: int | None = None) -> str:
    """``12 'Send invoices', 13 'Call the bank'``: a few tasks for a message, the rest
    counted, so a message stays a line however many tasks it is about (``total``: how many
    there are, when only the first few were read)."""
    named = ", ".join(f"{t.id} {short(t.title, 30)!r}" for t in tasks[:most])
    rest = (len(tasks) if total is None else total) - most
    return named + (f" ... and {rest:,} more" if rest > 0 else "")


def unique(ids: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(ids))
