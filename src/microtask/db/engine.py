"""Opening the store: one connection per process, transactions as context managers.

A plain file path uses the stdlib ``sqlite3`` driver: it starts in milliseconds, where
importing SQLAlchemy costs about 0.4 s, and ``add``/``list`` run dozens of times a day.
Anything with ``://`` is a SQLAlchemy URL (e.g. PostgreSQL) and goes through SQLAlchemy.
Both speak the same portable SQL with ``:name`` parameters. Every SQLite specific
(pragmas, ``BEGIN IMMEDIATE``, file permissions, backups) stays in this module.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from microtask.domain.errors import StorageError

BUSY_TIMEOUT_SECONDS = 15.0
MMAP_BYTES = 256 * 1024 * 1024
Params = Mapping[str, Any]
Row = Sequence[Any]


class Conn(Protocol):
    """The few things repositories need from a connection inside a transaction."""

    def all(self, sql: str, params: Params | None = None) -> list[Row]: ...
    def one(self, sql: str, params: Params | None = None) -> Row | None: ...
    def run(self, sql: str, params: Params | None = None) -> int: ...


class Database(Protocol):
    url: str
    is_sqlite: bool

    def read(self) -> Any: ...  # context manager yielding a Conn (a consistent snapshot)
    def write(self) -> Any: ...  # context manager yielding a Conn (one atomic transaction)
    def close(self) -> None: ...


class SqliteConn:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def all(self, sql: str, params: Params | None = None) -> list[Row]:
        return self._connection.execute(sql, params or {}).fetchall()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        row: Row | None = self._connection.execute(sql, params or {}).fetchone()
        return row

    def run(self, sql: str, params: Params | None = None) -> int:
        return self._connection.execute(sql, params or {}).rowcount

    def script(self, sql: str) -> None:
        """Several statements, inside the current transaction (no implicit COMMIT)."""
        for statement in split_statements(sql):
            self._connection.execute(statement)


def split_statements(sql: str) -> list[str]:
    """Split a migration script on ';' at line ends (our scripts hold no ';' in literals)."""
    return [part.strip() for part in sql.split(";\n") if part.strip().rstrip(";")]


def _create_private_file(path: Path) -> None:
    """Data dir 0700 and database file 0600, set at creation: tasks can be private."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        os.close(fd)
        os.chmod(path, 0o600)


class SqliteDatabase:
    """The stdlib driver over a local file, in WAL mode with full fsync."""

    is_sqlite = True

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        try:
            _create_private_file(self.path)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self._connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._connection.execute("PRAGMA foreign_keys = ON")
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
            raise StorageError(f"database {self.path} is busy: {error}") from None
        try:
            yield SqliteConn(self._connection)
        except BaseException as error:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StorageError(f"database error on {self.path}: {error}") from None
            raise
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise StorageError(f"could not save to {self.path}: {error}") from None

    def read(self) -> Any:
        return self._transaction("BEGIN")

    def write(self) -> Any:
        self.prepare_for_writes()
        return self._transaction("BEGIN IMMEDIATE")

    def raw(self) -> sqlite3.Connection:
        return self._connection

    def backup_to(self, target: Path) -> None:
        """A consistent copy made with SQLite's online backup API."""
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        destination = sqlite3.connect(target)
        try:
            self._connection.backup(destination)
        finally:
            destination.close()

    def close(self) -> None:
        self._connection.close()


class SqlAlchemyConn:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

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


class SqlAlchemyDatabase:
    """Any SQLAlchemy URL; the schema comes from the SQLModel tables in ``db/tables.py``."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import event
        from sqlmodel import create_engine

        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        try:
            self._engine = create_engine(url)
        except Exception as error:  # bad URL or missing driver: say which
            raise StorageError(f"cannot use database URL {url!r}: {error}") from None
        if self.is_sqlite:

            @event.listens_for(self._engine, "connect")
            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.close()

            @event.listens_for(self._engine, "begin")
            def _begin(connection: Any) -> None:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

    @contextmanager
    def _transaction(self) -> Iterator[SqlAlchemyConn]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self._engine.begin() as connection:
                yield SqlAlchemyConn(connection)
        except SQLAlchemyError as error:
            raise StorageError(f"database error on {self.url}: {error}") from None

    def read(self) -> Any:
        return self._transaction()

    def write(self) -> Any:
        return self._transaction()

    def create_schema(self) -> None:
        from microtask.db.tables import metadata

        metadata.create_all(self._engine)

    def close(self) -> None:
        self._engine.dispose()


def connect(location: str) -> SqliteDatabase | SqlAlchemyDatabase:
    """Open (creating if needed) the store at ``location`` and bring its schema up to date."""
    from microtask.db.migrations import ensure_schema

    database: SqliteDatabase | SqlAlchemyDatabase
    database = SqlAlchemyDatabase(location) if "://" in location else SqliteDatabase(location)
    try:
        ensure_schema(database)
    except BaseException:
        database.close()
        raise
    return database
