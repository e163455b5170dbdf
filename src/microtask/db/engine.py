"""Opening the store: one connection per process, transactions as context managers.

A plain file path uses the stdlib ``sqlite3`` driver: it starts in milliseconds, where
importing SQLAlchemy costs about 0.4 s, and ``add``/``list`` run dozens of times a day.
A ``postgresql://`` (or ``postgresql+psycopg://``) URL opens one psycopg connection, with
no SQLAlchemy (db/postgres.py); any other URL (a ``sqlite:///`` file, another driver) goes
through SQLAlchemy. All speak the same portable SQL with ``:name`` parameters, through the
same :class:`Conn` protocol, and are migrated by the same list of migrations. Every SQLite
specific (pragmas, ``BEGIN IMMEDIATE``, file permissions, backups) stays in this module.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from microtask.domain.errors import StorageError

if TYPE_CHECKING:
    from microtask.db.helper import TextHelper
    from microtask.domain.progress import LongWork, Progress

BUSY_TIMEOUT_SECONDS = 15.0
MMAP_BYTES = 256 * 1024 * 1024
SMALL_STORE_BYTES = 8 * 1024 * 1024
"""A SQLite store at most this large takes a bulk write through a rollback journal."""
Params = Mapping[str, Any]
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
"""URLs opened straight through psycopg (db/postgres.py); other URLs through SQLAlchemy."""
Row = Sequence[Any]


class Conn(Protocol):
    """The few things repositories need from a connection inside a transaction."""

    dialect: str
    """``sqlite`` or ``postgresql`` (or another SQLAlchemy dialect's name)."""

    def all(self, sql: str, params: Params | None = None) -> list[Row]: ...
    def one(self, sql: str, params: Params | None = None) -> Row | None: ...
    def run(self, sql: str, params: Params | None = None) -> int: ...
    def run_many(self, sql: str, rows: Sequence[Params]) -> None: ...
    def run_many_rows(self, sql: str, rows: Sequence[Row]) -> None: ...
    def script(self, sql: str) -> None: ...


class Database(Protocol):
    """A store: consistent read snapshots and atomic writes, each a context manager."""

    url: str
    """Where it is, fit to show: a URL's password is masked."""
    dialect: str
    file: Path | None
    """The SQLite file behind it, if there is one (backups are made of it)."""

    def read(self, *, helper: bool = False) -> AbstractContextManager[Conn]:
        """A consistent snapshot; ``helper``: a long stream of task texts will be read, and
        a store that can may give it a helper process in the same snapshot (db.helper)."""
        ...

    def write(self, *, bulk: bool = False) -> AbstractContextManager[Conn]:
        """An atomic write; ``bulk``: one that adds many rows (an import), which a store may
        write in the way fastest for that."""
        ...

    def close(self) -> None: ...


_PASSWORD_IN_URL = r"(?P<head>://[^/?#@:]*:)(?P<password>[^@/?#]*)@"


def redact(url: str) -> str:
    """``postgresql://ana:secret@host/db`` -> ``postgresql://ana:***@host/db``."""
    return re.sub(_PASSWORD_IN_URL, lambda m: f"{m['head']}***@", url)


def without_secrets(message: str, url: str) -> str:
    """An error message fit to show: the URL's password masked wherever it appears."""
    match = re.search(_PASSWORD_IN_URL, url)
    if match and match["password"]:
        from urllib.parse import unquote

        for secret in {match["password"], unquote(match["password"])}:
            message = message.replace(secret, "***")
    return message


class SqliteConn:
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self.helper: TextHelper | None = None
        """A process reading the same snapshot, to write task texts (``db.helper``)."""

    def all(self, sql: str, params: Params | None = None) -> list[Row]:
        return self._connection.execute(sql, params or {}).fetchall()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        row: Row | None = self._connection.execute(sql, params or {}).fetchone()
        return row

    def run(self, sql: str, params: Params | None = None) -> int:
        return self._connection.execute(sql, params or {}).rowcount

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        """One statement for many parameter sets (100,000 rows in one call, not 100,000)."""
        self._connection.executemany(sql, rows)

    def run_many_rows(self, sql: str, rows: Sequence[Row]) -> None:
        """:meth:`run_many` with parameters by position (``?``): binding by name costs a
        sixth of a 100,000-row insert."""
        self._connection.executemany(sql, rows)

    def script(self, sql: str) -> None:
        """Several statements, inside the current transaction (no implicit COMMIT)."""
        for statement in split_statements(sql):
            self._connection.execute(statement)


def split_statements(sql: str) -> list[str]:
    """Split a migration script on ';' at line ends (our scripts hold no ';' in literals)."""
    return [part.strip() for part in sql.split(";\n") if part.strip().rstrip(";")]


def _create_private_file(path: Path) -> bool:
    """Data dir 0700 and database file 0600, set at creation: tasks can be private. True
    when this call created the file."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    if path.exists():
        return False
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, 0o600)
    return True


EMPTY_WAIT_SECONDS = 2.0
"""How long an empty file someone else just created may take to become a store."""


def _refuse_an_empty_file(path: Path) -> None:
    """An empty file we did not create is a truncated store, not a new one: refuse it,
    after giving a process that is creating a store there a moment to write it."""
    deadline = time.monotonic() + EMPTY_WAIT_SECONDS
    while path.stat().st_size == 0:
        if time.monotonic() > deadline:
            raise StorageError(
                f"database {path} is an empty file, not a microtask store (a truncated copy?): "
                "restore it from a backup, delete it, or run `microtask db init` to make a "
                "new store there"
            )
        time.sleep(0.02)


class SqliteDatabase:
    """The stdlib driver over a local file, in WAL mode with full fsync."""

    dialect = "sqlite"

    def __init__(self, path: str, allow_empty: bool = False) -> None:
        self.path = Path(path)
        self.file: Path | None = self.path
        self.url = str(self.path)
        try:
            if self.path.exists() and not self.path.is_file():
                raise StorageError(f"database {self.path} is not a regular file")
            created = _create_private_file(self.path)
            if not created and not allow_empty:
                _refuse_an_empty_file(self.path)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self._connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._connection.execute("PRAGMA foreign_keys = ON")
            # A store may come from anywhere (mail, a backup, a sync): functions and virtual
            # tables named in its schema never run on their own.
            self._connection.execute("PRAGMA trusted_schema = OFF")
            # Read through a memory map: reports range over many rows scattered in a large
            # file, and mapped pages halve their read time. Writes still go through the WAL.
            self._connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot open database {self.path}: {error}") from None
        self._journal_set = False

    def prepare_for_writes(self) -> None:
        """Pragmas that change the file; run only once the schema version was accepted."""
        if self._journal_set:
            return
        # Switching a fresh file to WAL needs a lock that SQLite does not wait for through
        # the busy handler when another process is creating the same store: retry briefly.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                mode = self._connection.execute("PRAGMA journal_mode = WAL").fetchone()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise StorageError(f"cannot open database {self.path}: {error}") from None
                time.sleep(0.02)
        if mode is None or str(mode[0]).lower() != "wal":
            raise StorageError(f"cannot switch {self.path} to WAL mode (got {mode!r})")
        self._connection.execute("PRAGMA synchronous = FULL")
        self._journal_set = True

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[SqliteConn]:
        try:
            self._connection.execute(begin)
        except sqlite3.OperationalError as error:
            raise StorageError(f"cannot use {self.path}: {explained(error, self.path)}") from None
        try:
            yield SqliteConn(self._connection)
        except BaseException as error:
            if self._in_transaction():
                self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StorageError(
                    f"database error on {self.path}: {explained(error, self.path)}"
                ) from None
            raise
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise StorageError(
                f"could not save to {self.path}: {explained(error, self.path)}"
            ) from None

    def _in_transaction(self) -> bool:
        """Whether a transaction is open; False once the store is closed. A generator that
        reads in a transaction is finished (``GeneratorExit``) whenever it is collected:
        after a broken pipe that is after the command closed the store, which took the
        transaction with it, so there is nothing left to roll back."""
        try:
            return self._connection.in_transaction
        except sqlite3.ProgrammingError:  # closed
            return False

    def read(self, *, helper: bool = False) -> AbstractContextManager[Conn]:
        return self._read_with_helper() if helper else self._transaction("BEGIN")

    @contextmanager
    def _read_with_helper(self) -> Iterator[SqliteConn]:
        """A read whose snapshot a helper process shares, when one can start: the write
        lock is held (no commit lands) from before this snapshot is taken until the
        helper has taken its own."""
        from microtask.db import helper as helpers

        holder = helpers.hold_writers(self.path) if helpers.wanted(self.path) else None
        started = None
        try:
            with self._transaction("BEGIN") as conn:
                if holder is not None:
                    conn.one("SELECT count(*) FROM sqlite_master")  # the snapshot begins
                    started = helpers.start(self.path)
                    helpers.release(holder)
                    holder = None
                conn.helper = started
                yield conn
        finally:
            if holder is not None:
                helpers.release(holder)
            if started is not None:
                started.close()

    def write(self, *, bulk: bool = False) -> AbstractContextManager[Conn]:
        self.prepare_for_writes()
        if bulk:
            return self._bulk_write()
        return self._transaction("BEGIN IMMEDIATE")

    @contextmanager
    def _bulk_write(self) -> Iterator[SqliteConn]:
        """A write that adds many rows. Into a small store (a new one, moving in) it goes
        through a rollback journal rather than the WAL: pages past the file's old end need
        no journal, so each page is written once, where the WAL writes it and then copies
        it into the file (a tenth of importing 100,000 tasks). The transaction is just as
        atomic and durable (a kill leaves a journal that the next open rolls back), and the
        store is back in WAL mode after it. While another connection has the store open,
        or when it is larger (readers of a rollback journal wait out the commit), it stays
        in WAL mode."""
        left = self._leave_wal()
        try:
            with self._transaction("BEGIN IMMEDIATE") as conn:
                yield conn
        finally:
            if left:
                self._back_to_wal()

    def _leave_wal(self) -> bool:
        connection = self._connection
        row = connection.execute("PRAGMA page_count").fetchone()
        size = connection.execute("PRAGMA page_size").fetchone()
        if row is None or size is None or int(row[0]) * int(size[0]) > SMALL_STORE_BYTES:
            return False
        connection.execute("PRAGMA busy_timeout = 0")  # another connection open: no wait
        try:
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        except sqlite3.OperationalError:
            return False  # locked: someone else has the store open
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        return mode is not None and str(mode[0]).lower() == "delete"

    def _back_to_wal(self) -> None:
        """WAL mode again; if another process holds the store past the busy timeout, the
        next write (its own or ours) switches it, as every write first makes sure."""
        self._journal_set = False
        with suppress(StorageError):
            self.prepare_for_writes()

    def raw(self) -> sqlite3.Connection:
        return self._connection

    def close(self) -> None:
        self._connection.close()


LOW_SPACE_BYTES = 1024 * 1024
"""Less free space than this beside the store, and a write error is a full disk."""


def explained(error: sqlite3.Error, path: Path) -> str:
    """SQLite's words for an error, or plainer ones: with the disk (nearly) full, SQLite
    often says only "disk I/O error"."""
    text = str(error)
    if "database is locked" in text or "database is busy" in text:
        return (
            f"another process has held the store for over {BUSY_TIMEOUT_SECONDS:.0f} s (a "
            "microtask command still running, or a program with the file open); try again "
            "when it is done: nothing was written"
        )
    if "unable to open database file" in text or "readonly database" in text:
        return _why_not_writable(path) or text
    if "file is not a database" in text or "malformed" in text:
        return (
            f"{text}: this is not a microtask store, or a damaged one; restore it from a "
            "backup (see docs/storage.md) or point --db at the right file"
        )
    if "disk" in text.lower():
        import shutil

        try:
            free = shutil.disk_usage(path.parent).free
        except OSError:
            return text
        if free < LOW_SPACE_BYTES or "full" in text.lower():
            return (
                f"the disk is full ({free // 1024} KiB free): free some space and try again; "
                "nothing was written"
            )
    return text


def _why_not_writable(path: Path) -> str | None:
    """Why SQLite could not open or write the store, when it is the file system's doing:
    even to read, a store in WAL mode needs its folder writable (for its -wal and -shm
    files beside it)."""
    folder = path.parent
    try:
        read_only_mount = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return None
    if read_only_mount:
        return (
            f"{folder} is on a read-only file system, and microtask writes beside its store "
            "even to read it (its -wal and -shm files); copy the store to a writable folder "
            "and point --db at the copy: nothing was written"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"the folder {folder} is not writable for you, and microtask writes beside its "
            "store even to read it (its -wal and -shm files); make it writable or point "
            "--db at a copy: nothing was written"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return f"the store is read-only for you (chmod u+w {path}): nothing was written"
    return None


BACKUP_STEP_PAGES = 4096
"""Pages copied between two reports of a backup's progress."""


def backup_sqlite_file(source: Path, target: Path, progress: Progress | None = None) -> None:
    """A consistent copy of the SQLite file ``source``, made with SQLite's online backup
    API into a new private file ``target`` (never over an existing one); ``progress`` is
    told (pages copied, pages in all) as the copy goes."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    origin = sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS)
    destination = sqlite3.connect(target)
    try:
        if progress is None:
            origin.backup(destination)
        else:
            origin.backup(
                destination,
                pages=BACKUP_STEP_PAGES,
                progress=lambda _status, remaining, total: progress(total - remaining, total),
            )
    finally:
        destination.close()
        origin.close()


class SqlAlchemyConn:
    def __init__(self, connection: Any, dialect: str) -> None:
        self._connection = connection
        self.dialect = dialect

    def all(self, sql: str, params: Params | None = None) -> list[Row]:
        from sqlalchemy import text

        return [tuple(r) for r in self._connection.execute(text(sql), dict(params or {}))]

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def run(self, sql: str, params: Params | None = None) -> int:
        from sqlalchemy import text

        result = self._connection.execute(text(sql), dict(params or {}))
        return int(result.rowcount)

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        from sqlalchemy import text

        if rows:
            self._connection.execute(text(sql), [dict(row) for row in rows])

    def run_many_rows(self, sql: str, rows: Sequence[Row]) -> None:
        parts = sql.split("?")
        named = "".join(f"{part}:p{n}" for n, part in enumerate(parts[:-1])) + parts[-1]
        self.run_many(named, [{f"p{n}": value for n, value in enumerate(row)} for row in rows])

    def script(self, sql: str) -> None:
        """Several statements, inside the current transaction."""
        for statement in split_statements(sql):
            self._connection.exec_driver_sql(statement)


class SqlAlchemyDatabase:
    """Any other SQLAlchemy URL: a ``sqlite:///`` file, or a server through another driver
    (``postgresql+psycopg2://``, ...)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import event
        from sqlalchemy.engine import make_url
        from sqlmodel import create_engine

        self.url = redact(url)
        try:
            parsed = make_url(url)
            self.dialect = parsed.get_backend_name()
            self._engine = create_engine(url)
        except Exception as error:  # bad URL or missing driver: say which
            message = without_secrets(str(error), url)
            raise StorageError(f"cannot use database URL {self.url!r}: {message}") from None
        self.file = Path(parsed.database) if self.dialect == "sqlite" and parsed.database else None
        if self.dialect == "sqlite":

            @event.listens_for(self._engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute("PRAGMA trusted_schema = OFF")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.close()

            @event.listens_for(self._engine, "begin")
            def _begin(connection: Any) -> None:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        self._raw_url = url

    @contextmanager
    def _transaction(self) -> Iterator[Conn]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._engine.begin() as connection:
                yield SqlAlchemyConn(connection, self.dialect)
        except SQLAlchemyError as error:
            cause = getattr(error, "orig", None) or error
            first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else repr(cause)
            message = without_secrets(first_line, self._raw_url)
            raise StorageError(f"database error on {self.url}: {message}") from None

    def read(self, *, helper: bool = False) -> AbstractContextManager[Conn]:
        return self._transaction()

    def write(self, *, bulk: bool = False) -> AbstractContextManager[Conn]:
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[Conn]:
        """A write transaction. On PostgreSQL it first takes a transaction-scoped advisory
        lock, so writes run one after another as on SQLite (BEGIN IMMEDIATE): two people
        editing, finishing or re-planning the same task end in some serial order, each
        change reading what the one before it wrote (READ COMMITTED sees it once the lock
        is ours), and nothing is lost."""
        with self._transaction() as conn:
            if self.dialect == "postgresql":
                conn.one("SELECT pg_advisory_xact_lock(:key)", {"key": WRITE_LOCK_KEY})
            yield conn

    def close(self) -> None:
        self._engine.dispose()


WRITE_LOCK_KEY = 0x6D7477  # 'mtw'


def connect(
    location: str, allow_empty: bool = False, long_work: LongWork | None = None
) -> Database:
    """Open (creating if needed) the store at ``location`` and bring its schema up to date.

    ``allow_empty``: an existing empty file becomes a new store (``db init``), where it is
    otherwise refused as a truncated one. ``long_work``: told how an upgrade goes."""
    from microtask.db.migrations import ensure_schema

    database: Database
    if location.lower().startswith(POSTGRES_SCHEMES):
        from microtask.db.postgres import PostgresDatabase

        database = PostgresDatabase(location)
    elif "://" in location:
        database = SqlAlchemyDatabase(location)
    else:
        database = SqliteDatabase(location, allow_empty=allow_empty)
    try:
        ensure_schema(database, long_work)
    except BaseException:
        database.close()
        raise
    return database
