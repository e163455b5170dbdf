"""A store on a PostgreSQL server, straight through psycopg 3 (no SQLAlchemy).

SQLAlchemy and SQLModel cost about 0.4 s to import and several server round trips to set
up an engine; `add`, `list`, `done` and `status` run dozens of times a day, so a
``postgresql://`` or ``postgresql+psycopg://`` URL opens one libpq connection and speaks the
repositories' portable SQL (``:name`` parameters, rewritten once per statement for
psycopg). libpq reads the password from the URL, ``PGPASSWORD`` or ``~/.pgpass``.

Errors name what went wrong and what to do, in one line, never with the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from microtask.db.engine import (
    WRITE_LOCK_KEY,
    Conn,
    Params,
    Row,
    redact,
    split_statements,
    without_secrets,
)
from microtask.domain.errors import StorageError

CONNECT_TIMEOUT_SECONDS = 10
"""How long to wait for a server that does not answer at all (a host that drops packets)."""

_TOKENS = re.compile(r"'(?:[^']|'')*'|::|:(\w+)|%")
_POSITIONAL = re.compile(r"'(?:[^']|'')*'|\?|%")


@lru_cache(maxsize=512)
def to_psycopg(sql: str) -> str:
    """``:name`` parameters as psycopg's ``%(name)s``, a literal ``%`` doubled; casts
    (``::text``) and quoted literals are left as they are."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if match.group(1):
            return f"%({match.group(1)})s"
        if token == "%":
            return "%%"
        if token.startswith("'"):
            return token.replace("%", "%%")
        return token

    return _TOKENS.sub(swap, sql)


@lru_cache(maxsize=64)
def positional_to_psycopg(sql: str) -> str:
    """``?`` parameters (by position) as psycopg's ``%s``, a literal ``%`` doubled."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        return token.replace("%", "%%")

    return _POSITIONAL.sub(swap, sql)


def conninfo(url: str) -> str:
    """The libpq URI of a microtask URL: the SQLAlchemy driver suffix dropped."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.lower().startswith("postgres") else url


class PostgresConn:
    dialect = "postgresql"

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def all(self, sql: str, params: Params | None = None) -> list[Row]:
        rows: list[Row] = self._connection.execute(to_psycopg(sql), params or {}).fetchall()
        return rows

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        row: Row | None = self._connection.execute(to_psycopg(sql), params or {}).fetchone()
        return row

    def run(self, sql: str, params: Params | None = None) -> int:
        return int(self._connection.execute(to_psycopg(sql), params or {}).rowcount)

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self._connection.cursor() as cursor:
                cursor.executemany(to_psycopg(sql), rows)

    def run_many_rows(self, sql: str, rows: Sequence[Row]) -> None:
        """:meth:`run_many` with ``?`` parameters by position."""
        if rows:
            with self._connection.cursor() as cursor:
                cursor.executemany(positional_to_psycopg(sql), rows)

    def script(self, sql: str) -> None:
        """Several statements, inside the current transaction (DDL is transactional)."""
        for statement in split_statements(sql):
            self._connection.execute(statement)


def _target(url: str) -> dict[str, str]:
    """User, host, port and database the URL names (libpq's defaults where it names none)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = {k: str(v) for k, v in conninfo_to_dict(conninfo(url)).items() if v is not None}
    except Exception:
        parts = {}
    parts.setdefault("host", "localhost")
    parts.setdefault("port", "5432")
    return parts


def explained(message: str, url: str) -> str:
    """libpq's words for a failed connection, as one line saying what to do."""
    target = _target(url)
    where = f"{target['host']}:{target['port']}"
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        user = target.get("user", "")
        return (
            f"the server at {where} refused the password of user {user!r}: give the right "
            "one in PGPASSWORD, in ~/.pgpass, or in the URL (postgresql+psycopg://USER:"
            "PASSWORD@HOST/DB)"
        )
    if "database" in lowered and "does not exist" in lowered:
        name = target.get("dbname", "")
        return (
            f"there is no database {name!r} on the server at {where}: create it "
            f"(createdb {name}, or CREATE DATABASE in psql), then run `microtask db init`"
        )
    if "connection refused" in lowered or "no such file or directory" in lowered:
        return (
            f"nothing is listening at {where}: is the PostgreSQL server running, and are the "
            "host and port in the URL right?"
        )
    if "timeout" in lowered or "could not translate host name" in lowered:
        return f"cannot reach {where}: check the host name and the network"
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return first.removeprefix("connection failed: ")


class PostgresDatabase:
    """One libpq connection to a PostgreSQL server; each read or write one transaction."""

    dialect = "postgresql"
    file: Path | None = None

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        self._raw_url = url
        try:
            import psycopg
        except ImportError:
            raise StorageError(
                f"cannot use {self.url}: the PostgreSQL driver (psycopg) is not installed; "
                "install it with: pip install 'microtask[postgres]'"
            ) from None
        self._errors = psycopg.Error
        try:
            self._connection = psycopg.connect(
                conninfo(url), connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
        except psycopg.Error as error:
            message = without_secrets(explained(str(error), url), url)
            raise StorageError(f"cannot open database {self.url}: {message}") from None

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Conn]:
        connection = self._connection
        try:
            try:
                conn = PostgresConn(connection)
                if write:  # writers take turns, as BEGIN IMMEDIATE makes them on a file
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                yield conn
            except BaseException:
                if not connection.closed:  # a generator finished after the store closed
                    connection.rollback()
                raise
            connection.commit()
        except self._errors as error:
            text = str(error).strip()
            first = text.splitlines()[0] if text else type(error).__name__
            message = without_secrets(first, self._raw_url)
            raise StorageError(f"database error on {self.url}: {message}") from None

    def read(self, *, helper: bool = False) -> AbstractContextManager[Conn]:
        return self._transaction(write=False)

    def write(self, *, bulk: bool = False) -> AbstractContextManager[Conn]:
        return self._transaction(write=True)

    def close(self) -> None:
        self._connection.close()
