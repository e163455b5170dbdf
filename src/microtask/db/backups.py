"""``backup`` and ``restore``: a consistent copy of a SQLite store, and a copy put back only
once it has been checked like any store we were handed."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import BinaryIO

from microtask.db.engine import BUSY_TIMEOUT_SECONDS, Database, SqliteDatabase
from microtask.db.migrations import LATEST_VERSION, VERSION_TABLE, our_schema_objects
from microtask.domain.errors import InvalidInputError, StorageError
from microtask.domain.text import visible

RESTORE_BACKUPS_KEPT = 3


def _file_store(database: Database) -> SqliteDatabase:
    if not isinstance(database, SqliteDatabase):
        raise InvalidInputError(
            "backup and restore work on a SQLite file; for a server store use its own tools "
            "(pg_dump and pg_restore for PostgreSQL)"
        )
    return database


def write_backup(database: Database, target: Path, force: bool) -> None:
    """A consistent copy of the store at ``target`` (private, written whole or not at
    all), made with SQLite's backup API while other commands go on."""
    from microtask.exporters.files import place_atomically

    store = _file_store(database)

    def fill(_handle: BinaryIO, temp: Path) -> None:
        with closing(sqlite3.connect(temp)) as copy:
            store.raw().backup(copy)

    place_atomically(target, fill, force, mode=0o600)


def check_candidate(source: Path) -> int:
    """The schema version of the store at ``source``, once it passes every check a store
    we were handed must pass; else one line saying what is wrong with it."""
    shown = visible(str(source))
    if not source.is_file():
        raise InvalidInputError(f"{shown} is not a file")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA trusted_schema = OFF")
            (check,) = conn.execute("PRAGMA integrity_check(1)").fetchone()
            if check != "ok":
                raise InvalidInputError(f"{shown} is damaged ({check}): not restored")
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if VERSION_TABLE not in names:
                raise InvalidInputError(f"{shown} is not a microtask store: not restored")
            (version,) = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
            objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as error:
        raise InvalidInputError(
            f"{shown} is not a microtask store ({error}): not restored"
        ) from None
    if not isinstance(version, int) or not 1 <= version <= LATEST_VERSION:
        raise InvalidInputError(
            f"{shown} has schema version {version!r}, which this microtask does not know "
            f"(1 to {LATEST_VERSION}): not restored"
        )
    ours = our_schema_objects(version)
    for kind, name, table in objects:
        known = (kind, name) in ours or name == "sqlite_sequence"
        autoindex = (
            kind == "index" and name.startswith("sqlite_autoindex_") and (("table", table) in ours)
        )
        if not known and not autoindex:
            raise InvalidInputError(
                f"{shown} holds a {kind} microtask did not create: {name!r}: not restored"
            )
    return version


def restore(database: Database, source: Path) -> Path:
    """Put the checked store at ``source`` in place of this one, in one step under the
    store's write lock; the store as it was is kept first. The copy kept."""
    store = _file_store(database)
    check_candidate(source)
    path = store.path
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.before-restore-{stamp}.bak")
    write_backup(store, kept, force=False)
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as origin:
            origin.execute("PRAGMA trusted_schema = OFF")
            live = store.raw()
            live.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            origin.backup(live)
    except sqlite3.Error as error:
        raise StorageError(
            f"could not restore {visible(str(source))}: {error}; the store is as it was"
            f" (and kept at {visible(str(kept))})"
        ) from None
    olds = sorted(path.parent.glob(f"{path.name}.before-restore-*.bak"), key=lambda p: p.name)
    for old in olds[:-RESTORE_BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return kept
