"""Ordered schema migrations, one list for every backend; the version lives in the database.

Migration N turns a version N-1 store into version N. All pending migrations run in one
transaction (SQLite and PostgreSQL DDL are transactional), after a backup copy of a SQLite
file made with SQLite's backup API. A store whose version is newer than this program knows
is refused before anything touches it.

The scripts are written in SQLite's dialect; :func:`for_dialect` rewrites the few types
that differ on PostgreSQL (64-bit integers and floats, identity keys), so a URL store at
any past version upgrades exactly as a file does.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from microtask.domain.errors import StorageError

if TYPE_CHECKING:
    from pathlib import Path

    from microtask.db.engine import Conn, Database
    from microtask.domain.progress import LongWork, Progress

MIGRATIONS: tuple[str, ...] = (
    # 1: tasks, their tags, the undo journal
    """
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        priority TEXT NOT NULL DEFAULT 'medium',
        due_ts INTEGER,
        estimate_seconds INTEGER,
        project TEXT,
        parent_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        notes TEXT,
        created_ts INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL,
        done_ts INTEGER
    );
    CREATE INDEX ix_tasks_status_due ON tasks (status, due_ts);
    CREATE INDEX ix_tasks_parent ON tasks (parent_id, position);
    CREATE INDEX ix_tasks_project ON tasks (project);
    CREATE TABLE task_tags (
        task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (task_id, tag)
    );
    CREATE INDEX ix_task_tags_tag ON task_tags (tag);
    CREATE TABLE undo_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_ts INTEGER NOT NULL,
        label TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    """,
    # 2: the part of urgency that does not move with time, stored and indexed, so that
    #    `list --limit N` reads a few rows instead of scoring every open task
    """
    ALTER TABLE tasks ADD COLUMN urgency_static REAL NOT NULL DEFAULT 0;
    CREATE INDEX ix_tasks_status_static ON tasks (status, urgency_static);
    CREATE TABLE microtask_meta (
        key TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: focus sessions (time actually worked), time blocks (time set aside), and the one
    #    row naming what runs now, refreshed by the running process's heartbeat
    """
    CREATE TABLE blocks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        task_id INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
        start_ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT 'manual',
        created_ts INTEGER NOT NULL
    );
    CREATE INDEX ix_blocks_start ON blocks (start_ts, end_ts);
    CREATE INDEX ix_blocks_task ON blocks (task_id);
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        task_id INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
        block_id INTEGER REFERENCES blocks (id) ON DELETE SET NULL,
        start_ts REAL NOT NULL,
        end_ts REAL,
        focus_seconds REAL NOT NULL DEFAULT 0,
        pause_seconds REAL NOT NULL DEFAULT 0,
        outcome TEXT NOT NULL
    );
    CREATE INDEX ix_sessions_task ON sessions (task_id, start_ts);
    CREATE INDEX ix_sessions_start ON sessions (start_ts);
    CREATE INDEX ix_sessions_outcome ON sessions (outcome);
    CREATE TABLE activity (
        slot INTEGER NOT NULL PRIMARY KEY,
        kind TEXT NOT NULL,
        task_id INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
        block_id INTEGER REFERENCES blocks (id) ON DELETE SET NULL,
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        started_ts REAL NOT NULL,
        heartbeat_ts REAL NOT NULL,
        pid INTEGER,
        host TEXT,
        boot_id TEXT,
        phase TEXT,
        phase_started_ts REAL,
        phase_ends_ts REAL,
        paused INTEGER NOT NULL DEFAULT 0,
        cycle INTEGER,
        cycles INTEGER,
        focus_seconds REAL NOT NULL DEFAULT 0
    );
    """,
    # 4: outsourcing: what the founder says about each task (NULL = unknown), providers,
    #    and the tasks handed off to them
    """
    ALTER TABLE tasks ADD COLUMN repetitive INTEGER;
    ALTER TABLE tasks ADD COLUMN time_sensitive INTEGER;
    ALTER TABLE tasks ADD COLUMN critical INTEGER;
    ALTER TABLE tasks ADD COLUMN directions TEXT;
    ALTER TABLE tasks ADD COLUMN know_how INTEGER;
    ALTER TABLE tasks ADD COLUMN hours_per_week REAL;
    ALTER TABLE tasks ADD COLUMN category TEXT;
    CREATE INDEX ix_tasks_status_done ON tasks (status, done_ts);
    CREATE TABLE providers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT 'freelancer',
        rate REAL,
        started_ts INTEGER NOT NULL,
        created_ts INTEGER NOT NULL
    );
    CREATE TABLE delegations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        provider_id INTEGER NOT NULL REFERENCES providers (id),
        delegated_ts INTEGER NOT NULL,
        check_in_ts INTEGER,
        cap_seconds INTEGER,
        returned_ts INTEGER,
        outcome TEXT,
        on_time INTEGER,
        note TEXT
    );
    CREATE INDEX ix_delegations_task ON delegations (task_id, delegated_ts);
    CREATE INDEX ix_delegations_provider ON delegations (provider_id, delegated_ts);
    CREATE INDEX ix_delegations_check_in ON delegations (returned_ts, check_in_ts);
    """,
    # 5: version 4's (status, done_ts) index made SQLite look up "open subtasks of this
    #    task" by status instead of by parent: refreshing stored urgency went quadratic
    #    (over 25 s at 100,000 tasks). Done tasks are found by their done time alone.
    """
    DROP INDEX ix_tasks_status_done;
    CREATE INDEX ix_tasks_done ON tasks (done_ts);
    """,
    # 6: `triage` remembers when a task was last decided on (NULL: never triaged), and
    #    `report` counts the tasks created in a period by their creation time.
    """
    ALTER TABLE tasks ADD COLUMN triaged_ts INTEGER;
    CREATE INDEX ix_tasks_created ON tasks (created_ts);
    """,
    # 7: every task gets a UUID (its identity across stores, imports and exports; the short
    #    id stays what users type), and the fields an import could not map, kept as JSON
    #    to be written back on export.
    """
    ALTER TABLE tasks ADD COLUMN uuid TEXT;
    ALTER TABLE tasks ADD COLUMN extra TEXT;
    UPDATE tasks SET uuid = NEW_UUID();
    CREATE UNIQUE INDEX ix_tasks_uuid ON tasks (uuid);
    """,
    # 8: `list --search` finds words inside titles and notes through an FTS5 trigram index
    #    (SQLite only, where the module has FTS5: elsewhere a LIKE scan answers). db/search.py
    #    keeps it in step, in the same transaction as every write to a title or a note.
    #    Saved views: `view add NAME -- LIST-ARGS...` keeps list arguments under a name.
    """
    CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        args TEXT NOT NULL,
        created_ts INTEGER NOT NULL
    );
    -- fts5:begin
    CREATE VIRTUAL TABLE task_search USING fts5 (title, notes, tokenize = 'trigram');
    INSERT INTO task_search (rowid, title, notes) SELECT id, title, notes FROM tasks;
    -- fts5:end
    """,
    # 9: a block whose task was closed (done, dropped, delegated, deleted) is released from
    #    then on (NULL: not released), and a session can carry a note (`session add --note`)
    """
    ALTER TABLE blocks ADD COLUMN released_ts INTEGER;
    ALTER TABLE sessions ADD COLUMN note TEXT;
    """,
    # 10: recurring work (issue 13). A series is a rule from an anchor (the first instance's
    #    due) with its written procedure; each instance names its series and occurrence, unique
    #    together, so no two processes (nor undo and redo) can ever make the same instance
    #    twice. `skipped`: the occurrences missed before this instance (NULL: none).
    """
    CREATE TABLE task_series (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule TEXT NOT NULL,
        anchor_ts INTEGER NOT NULL,
        until_ts INTEGER,
        ended_ts INTEGER,
        procedure_md TEXT,
        created_ts INTEGER NOT NULL
    );
    ALTER TABLE tasks ADD COLUMN series_id INTEGER REFERENCES task_series (id) ON DELETE SET NULL;
    ALTER TABLE tasks ADD COLUMN occurrence_ts INTEGER;
    ALTER TABLE tasks ADD COLUMN skipped INTEGER;
    CREATE UNIQUE INDEX ux_tasks_series_occurrence ON tasks (series_id, occurrence_ts);
    -- and dependencies and start dates: a task waits until the tasks it comes after are
    -- done (looked up by index, both ways, never by walking the graph); `wait_ts` hides it
    -- until then, `scheduled_ts` keeps it out of plans before that day.
    ALTER TABLE tasks ADD COLUMN wait_ts INTEGER;
    ALTER TABLE tasks ADD COLUMN scheduled_ts INTEGER;
    CREATE INDEX ix_tasks_wait ON tasks (wait_ts);
    CREATE TABLE task_deps (
        task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        after_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        PRIMARY KEY (task_id, after_id)
    );
    CREATE INDEX ix_task_deps_after ON task_deps (after_id, task_id);
    """,
    # 11: two people on one store (issue 16). Every change names its author (undo reverts
    #    only your own); each task a change touched gets a history row (who, when, what),
    #    kept past the undo window and looked up by task; a provider may be a user of the
    #    store; an assistant's check-ins on a delegation. History and check-ins carry no
    #    foreign key on purpose: undo puts a delegation back by deleting and inserting it,
    #    and a cascade would take its check-ins with it.
    """
    ALTER TABLE undo_log ADD COLUMN user_name TEXT;
    CREATE INDEX ix_undo_log_user ON undo_log (user_name, id);
    CREATE TABLE task_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id INTEGER NOT NULL,
        change_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        at_ts INTEGER NOT NULL,
        label TEXT NOT NULL
    );
    CREATE INDEX ix_task_history_task ON task_history (task_id, change_id);
    CREATE INDEX ix_task_history_change ON task_history (change_id);
    ALTER TABLE providers ADD COLUMN user_name TEXT;
    CREATE UNIQUE INDEX ux_providers_user ON providers (user_name);
    CREATE TABLE check_ins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        delegation_id INTEGER NOT NULL,
        at_ts INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        body TEXT NOT NULL,
        done_steps INTEGER
    );
    CREATE INDEX ix_check_ins_delegation ON check_ins (delegation_id, at_ts);
    """,
    # 12: the indexes on columns most tasks leave empty (when done, parent, series, waiting
    #     until) hold only the tasks that set them. Every query through one compares the
    #     column (`done_ts >= ...`, `parent_id = ...`), which implies IS NOT NULL, so the
    #     plans are the same; the indexes are a fraction of their size, and each new task
    #     writes four index entries fewer (an import of 100,000 builds them in a third).
    #     The search index keeps no sizes of its columns (`columnsize = 0`: they serve
    #     only ranking by relevance, which microtask does not do): a fifth less to index
    #     an import, made again from the tasks once.
    """
    DROP INDEX ix_tasks_parent;
    CREATE INDEX ix_tasks_parent ON tasks (parent_id, position) WHERE parent_id IS NOT NULL;
    DROP INDEX ix_tasks_done;
    CREATE INDEX ix_tasks_done ON tasks (done_ts) WHERE done_ts IS NOT NULL;
    DROP INDEX ux_tasks_series_occurrence;
    CREATE UNIQUE INDEX ux_tasks_series_occurrence ON tasks (series_id, occurrence_ts)
        WHERE series_id IS NOT NULL;
    DROP INDEX ix_tasks_wait;
    CREATE INDEX ix_tasks_wait ON tasks (wait_ts) WHERE wait_ts IS NOT NULL;
    -- fts5:begin
    DROP TABLE IF EXISTS task_search;
    CREATE VIRTUAL TABLE task_search USING fts5 (
        title, notes, tokenize = 'trigram', columnsize = 0
    );
    INSERT INTO task_search (rowid, title, notes) SELECT id, title, notes FROM tasks;
    -- fts5:end
    """,
    # 13: the (status, static urgency) index also holds the two times the rest of urgency
    #     is worked out from (due, created). `list --limit`, `next` and the triage queue
    #     keep only the tasks that can still rank (`urgency_sql.reaching`): a range on the
    #     static part, then a test on the due time. With the times in the index that test,
    #     and the urgency of every task kept, need no read of the task's row: at 1,000,000
    #     tasks the query went from 108 ms to 16 ms (92,760 rows in the range, 16,793 kept).
    #     The sessions-by-task index also holds each session's focus time: a task's focus
    #     total (`list --json`, `show`, reports, series) is summed in the index, without a
    #     read of every session (`list --json` at 1,000,000 sessions: 2.5 s -> 1.4 s).
    """
    DROP INDEX ix_tasks_status_static;
    CREATE INDEX ix_tasks_status_static ON tasks (status, urgency_static, due_ts, created_ts);
    DROP INDEX ix_sessions_task;
    CREATE INDEX ix_sessions_task ON sessions (task_id, start_ts, focus_seconds);
    """,
    # 14: the same index also holds what the triage queue asks of each open task (waiting
    #     until, last triaged, estimate): the queue, its reasons and its length are read
    #     from the index alone, with no read of the task's row (the whole queue of 80,000
    #     new tasks: 223 ms -> 159 ms; `triage --list`'s count likewise).
    """
    DROP INDEX ix_tasks_status_static;
    CREATE INDEX ix_tasks_status_static ON tasks
        (status, urgency_static, due_ts, created_ts, wait_ts, triaged_ts, estimate_seconds);
    """,
)

LATEST_VERSION = len(MIGRATIONS)
VERSION_TABLE = "microtask_schema"

_POSTGRESQL_TYPES = (
    # Ids never reused, as SQLite's AUTOINCREMENT promises.
    (
        r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b",
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    # SQLite's INTEGER is 64-bit; PostgreSQL's is 32-bit (timestamps overflow in 2038).
    (r"\bINTEGER\b", "BIGINT"),
    # SQLite's REAL is a double; PostgreSQL's is single precision (timestamps lose seconds).
    (r"\bREAL\b", "DOUBLE PRECISION"),
)


_SQLITE_UUID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||"
    " substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) ||"
    " substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)
"""A random (version 4) UUID in SQLite's SQL, which has no function for it."""
_FTS5_SECTION = r"(?s)-- fts5:begin\n.*?-- fts5:end\n"
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
"""The tables SQLite makes beside an FTS5 table ``name`` (``name_data`` ...; ``docsize``
only without ``columnsize = 0``, but always allowed: a store upgraded to 12 where SQLite
lacked FTS5 keeps the index of migration 8, and is not refused for its sizes)."""


def for_dialect(script: str, dialect: str, fts5: bool = True) -> str:
    """A migration script as ``dialect`` needs it (the scripts are written for SQLite;
    ``NEW_UUID()`` stands for a fresh random UUID); the search index is left out on
    PostgreSQL and where SQLite lacks FTS5."""
    if dialect == "postgresql" or not fts5:
        script = re.sub(_FTS5_SECTION, "", script)
    if dialect != "postgresql":
        return script.replace("NEW_UUID()", _SQLITE_UUID)
    script = script.replace("NEW_UUID()", "gen_random_uuid()::text")
    for pattern, replacement in _POSTGRESQL_TYPES:
        script = re.sub(pattern, replacement, script)
    return script


def read_version(database: Database) -> int:
    """The store's schema version; 0 for a store that has no tables yet."""
    try:
        with database.read() as conn:
            row = conn.one(f"SELECT max(version) FROM {VERSION_TABLE}")
    except StorageError as error:
        if "no such table" in str(error) or "does not exist" in str(error):
            return 0
        raise
    return int(row[0]) if row and row[0] is not None else 0


def _refuse_newer(version: int, database: Database) -> None:
    if version > LATEST_VERSION:
        raise StorageError(
            f"database {database.url} has schema version {version}, newer than this "
            f"microtask understands ({LATEST_VERSION}): upgrade microtask; the store was not "
            "changed"
        )


# Patterns as text: compiled (by re's cache) only by the runs that parse the scripts.
_CREATED = r"(?i)\bCREATE (?:UNIQUE )?(TABLE|INDEX|VIEW|TRIGGER) (\w+)"
_DROPPED = r"(?i)\bDROP (TABLE|INDEX|VIEW|TRIGGER) (?:IF EXISTS )?(\w+)"
_VIRTUAL = r"(?i)\bCREATE VIRTUAL TABLE (\w+) USING fts5\b"


def our_schema_objects(version: int) -> set[tuple[str, str]]:
    """(type, name) of every table and index the migrations up to ``version`` leave."""
    from microtask.db.engine import split_statements

    objects = {("table", VERSION_TABLE)}
    for script in MIGRATIONS[:version]:
        for statement in split_statements(script):  # in order: a script may drop and remake
            for kind, name in re.findall(_DROPPED, statement):  # a table takes its shadows along
                objects -= {(kind.lower(), name)} | {("table", f"{name}_{s}") for s in FTS5_SHADOWS}
            objects |= {(kind.lower(), name) for kind, name in re.findall(_CREATED, statement)}
            for name in re.findall(_VIRTUAL, statement):
                objects |= {("table", name)} | {("table", f"{name}_{s}") for s in FTS5_SHADOWS}
    return objects


LATEST_OBJECTS = frozenset(
    [
        ("table", name)
        for name in (
            "activity",
            "blocks",
            "check_ins",
            "delegations",
            "microtask_meta",
            "microtask_schema",
            "providers",
            "saved_views",
            "sessions",
            "task_deps",
            "task_history",
            "task_search",
            "task_search_config",
            "task_search_content",
            "task_search_data",
            "task_search_docsize",
            "task_search_idx",
            "task_series",
            "task_tags",
            "tasks",
            "undo_log",
        )
    ]
    + [
        ("index", name)
        for name in (
            "ix_blocks_start",
            "ix_blocks_task",
            "ix_check_ins_delegation",
            "ix_delegations_check_in",
            "ix_delegations_provider",
            "ix_delegations_task",
            "ix_sessions_outcome",
            "ix_sessions_start",
            "ix_sessions_task",
            "ix_task_deps_after",
            "ix_task_history_change",
            "ix_task_history_task",
            "ix_task_tags_tag",
            "ix_tasks_created",
            "ix_tasks_done",
            "ix_tasks_parent",
            "ix_tasks_project",
            "ix_tasks_status_due",
            "ix_tasks_status_static",
            "ix_tasks_uuid",
            "ix_tasks_wait",
            "ix_undo_log_user",
            "ux_providers_user",
            "ux_tasks_series_occurrence",
        )
    ]
)
"""What :func:`our_schema_objects` finds in the migrations up to :data:`LATEST_VERSION`,
written out so that opening a store does not parse every migration script (a test keeps
the two equal: after adding a migration, paste the set that test prints)."""


def refuse_foreign_objects(database: Database, version: int) -> None:
    """A SQLite store must hold only what our migrations made: a planted trigger or view
    runs on our writes (a trigger can delete every task and the undo history), so a store
    with one is refused, untouched, naming the object."""
    if database.dialect != "sqlite" or version > LATEST_VERSION:
        return
    with database.read() as conn:
        found = conn.all("SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name")
    ours = LATEST_OBJECTS if version == LATEST_VERSION else our_schema_objects(version)
    for kind, name, table in found:
        kind, name = str(kind), str(name)
        if (kind, name) in ours or name == "sqlite_sequence":
            continue
        if kind == "index" and name.startswith("sqlite_autoindex_") and ("table", table) in ours:
            continue  # the index SQLite makes for a PRIMARY KEY or UNIQUE column of ours
        raise StorageError(
            f"database {database.url} holds {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
            f" microtask did not create: {name!r}; "
            "it was not opened and not changed (remove the object, or use another store)"
        )


def ensure_schema(database: Database, long_work: LongWork | None = None) -> None:
    """Bring the store to :data:`LATEST_VERSION` (a new store is built by the same list).

    ``long_work``: told how far an upgrade has got (the copy made first, then the steps
    of the migrations): at a million tasks one takes seconds, and a terminal shows a bar."""
    version = read_version(database)
    refuse_foreign_objects(database, version)
    if version == LATEST_VERSION:
        return
    _refuse_newer(version, database)
    if long_work is None:
        _upgrade(database, version, None)
        return
    label = (
        "Creating the store" if version == 0 else f"Upgrading the store to version {LATEST_VERSION}"
    )
    with long_work(label) as progress:
        _upgrade(database, version, progress)


def _upgrade(database: Database, version: int, progress: Progress | None) -> None:
    """The copy (of a SQLite file at ``version`` > 0), then every migration after the
    version the store holds once locked, in one transaction. ``progress`` counts the copy's
    pages, then as many again shared out over the migrations' statements."""
    from microtask.db.engine import split_statements

    copied_file = database.file if version > 0 else None
    pages = 0 if copied_file is None else _page_count(copied_file)
    steps = max(pages, 1)
    total = pages + steps

    def copied(done: int, of: int) -> None:
        if progress is not None and of:
            progress(done * pages // of, total)

    if copied_file is not None:
        _back_up(copied_file, version, None if progress is None else copied)
    with database.write() as conn:
        _lock_for_migration(conn)
        # Another process may have migrated while we waited for the write lock.
        conn.run(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL PRIMARY KEY)"
        )
        row = conn.one(f"SELECT max(version) FROM {VERSION_TABLE}")
        current = int(row[0]) if row and row[0] is not None else 0
        _refuse_newer(current, database)
        fts5 = conn.dialect == "sqlite" and has_fts5(conn)
        statements = [
            statement
            for number in range(current + 1, LATEST_VERSION + 1)
            for statement in split_statements(
                for_dialect(MIGRATIONS[number - 1], conn.dialect, fts5)
            )
        ]
        for done, statement in enumerate(statements, 1):
            conn.script(statement)
            if progress is not None:
                progress(pages + done * steps // len(statements), total)
        if current < LATEST_VERSION:
            conn.run(f"DELETE FROM {VERSION_TABLE}")
            conn.run(f"INSERT INTO {VERSION_TABLE} (version) VALUES (:v)", {"v": LATEST_VERSION})
    if progress is not None:
        progress(total, total)


def _page_count(path: Path) -> int:
    """About how many 4 KiB pages a SQLite file holds: a rough measure of the copy's work."""
    try:
        return max(path.stat().st_size // 4096, 1)
    except OSError:
        return 1


def has_fts5(conn: Conn) -> bool:
    """Whether this SQLite library was built with FTS5 and its trigram tokenizer."""
    import sqlite3

    try:
        conn.run("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5 (t, tokenize = 'trigram')")
        conn.run("DROP TABLE temp.fts5_probe")
    except sqlite3.Error:
        return False
    return True


def _lock_for_migration(conn: Conn) -> None:
    """Serialise migrations between processes. SQLite's write transaction (BEGIN IMMEDIATE)
    already does; PostgreSQL takes a transaction-scoped advisory lock."""
    if conn.dialect == "postgresql":
        conn.one("SELECT pg_advisory_xact_lock(:key)", {"key": 0x6D746B})  # 'mtk'


BACKUPS_KEPT = 3
"""Pre-upgrade copies kept beside a store: the newest ones; older ones are removed."""
STALE_PARTIAL_SECONDS = 600.0


def _back_up(path: Path, version: int, progress: Progress | None = None) -> None:
    """A complete copy of the store before it is upgraded, or none: the copy is made under
    a temporary name and renamed when whole, so a kill mid-copy never leaves a ``.bak``
    that looks complete. Partial copies a kill left, and all but the newest
    :data:`BACKUPS_KEPT` backups, are removed."""
    import os

    from microtask.db.engine import backup_sqlite_file

    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    for attempt in range(2, 100):
        if not backup.exists():
            break
        backup = backup.with_name(f"{path.name}.v{version}-{stamp}-{attempt}.bak")
    _remove_stale_partials(path)
    # Named for this process: a run killed in this same second left one under its own name.
    partial = backup.with_name(f".{backup.name}.partial-{os.getpid()}")
    try:
        backup_sqlite_file(path, partial, progress)
        os.replace(partial, backup)
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
    backups = sorted(path.parent.glob(f"{path.name}.v*.bak"), key=lambda p: p.stat().st_mtime)
    for old in backups[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)


def _remove_stale_partials(path: Path) -> None:
    """Partial backup copies (and their journals) a killed upgrade left behind: those of a
    process that is gone, and any older than :data:`STALE_PARTIAL_SECONDS`."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.v*.bak.partial*"):
        try:
            if not _writer_alive(leftover.name) or (
                now - leftover.stat().st_mtime > STALE_PARTIAL_SECONDS
            ):
                leftover.unlink()
        except OSError:
            continue


def _writer_alive(name: str) -> bool:
    """Is the process that names this partial copy (``...partial-PID[-journal]``) running?
    True when the name says no process, or when it cannot be told."""
    import os
    import re

    match = re.search(r"\.partial-(\d+)(?:-journal)?$", name)
    if match is None:
        return True
    pid = int(match[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: it exists
    return True
