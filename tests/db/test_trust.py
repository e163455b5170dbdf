"""A store is a file someone may have handed us: it is opened only if it holds exactly what
our migrations made, its schema is never trusted to run functions, and an empty file is not
taken for a new store. SQLite-only by nature: on a server, roles and grants decide what a
store may hold (``trusted_schema`` and ``sqlite_master`` are SQLite's)."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db import migrations
from microtask.db.engine import SqliteDatabase, connect
from microtask.domain.errors import StorageError
from tests.cli.conftest import Run


def fingerprint(path: Path) -> str:
    """The store's bytes, with its write-ahead log (where a fresh change may still sit)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def store_with(tmp_path: Path, sql: str, version: int = migrations.LATEST_VERSION) -> Path:
    """A store of ``version`` holding two tasks, with ``sql`` run in it by someone else."""
    path = tmp_path / "handed-over.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER PRIMARY KEY)")
        for script in migrations.MIGRATIONS[:version]:
            conn.executescript(migrations.for_dialect(script, "sqlite"))
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (?)", (version,))
        for title in ("Keep me", "Keep me too"):
            conn.execute(
                "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, 1, 1)", (title,)
            )
        conn.executescript(sql)
        conn.commit()
    return path


PLANTED = {
    "trigger": "CREATE TRIGGER wipe AFTER UPDATE OF status ON tasks"
    " BEGIN DELETE FROM tasks WHERE id <> NEW.id; DELETE FROM undo_log; END;",
    "view": "CREATE VIEW peek AS SELECT title FROM tasks;",
    "table": "CREATE TABLE extra (x INTEGER);",
    "index": "CREATE INDEX ix_mine ON tasks (title);",
}


@pytest.mark.parametrize(("kind", "sql"), PLANTED.items())
def test_a_store_holding_an_object_we_did_not_create_is_refused_untouched(
    run: Run, tmp_path: Path, kind: str, sql: str
) -> None:
    path = store_with(tmp_path, sql)
    before = fingerprint(path)

    result = run("--db", str(path), "done", "1", code=1)

    name = {"trigger": "wipe", "view": "peek", "table": "extra", "index": "ix_mine"}[kind]
    assert result.stderr == (
        f"Error: database {path} holds {'an' if kind == 'index' else 'a'} {kind} microtask did"
        f" not create: {name!r}; it was "
        "not opened and not changed (remove the object, or use another store)\n"
    )
    assert fingerprint(path) == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM tasks WHERE status = 'open'").fetchone() == (2,)


def test_an_older_store_with_a_planted_trigger_is_refused_before_any_upgrade(
    run: Run, tmp_path: Path
) -> None:
    path = store_with(tmp_path, PLANTED["trigger"], version=migrations.LATEST_VERSION - 1)
    before = fingerprint(path)

    run("--db", str(path), "list", code=1)

    assert fingerprint(path) == before
    assert list(tmp_path.glob("*.bak")) == []  # refused before the backup and the upgrade


@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION + 1))
def test_the_stores_own_objects_are_accepted_at_every_version(tmp_path: Path, version: int) -> None:
    connect(str(store_with(tmp_path, "", version))).close()


def test_every_connection_refuses_to_trust_the_schema(tmp_path: Path) -> None:
    database = connect(str(tmp_path / "m.db"))
    assert isinstance(database, SqliteDatabase)
    try:
        assert database.raw().execute("PRAGMA trusted_schema").fetchone() == (0,)
    finally:
        database.close()


def test_an_empty_file_is_refused_as_a_truncated_store_and_left_empty(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "microtask.db"
    path.touch()

    result = run("--db", str(path), "add", "Lost?", code=1)

    assert "is an empty file, not a microtask store" in result.stderr
    assert "`microtask db init`" in result.stderr
    assert path.stat().st_size == 0


def test_db_init_makes_a_store_of_an_empty_file_on_purpose(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "microtask.db"
    path.touch()

    shown = run("--db", str(path), "db", "init").stdout

    assert shown == f"Store ready at {path} (schema version {migrations.LATEST_VERSION})\n"
    run("--db", str(path), "add", "Now it works")
    assert path.stat().st_size > 0


def test_db_init_on_an_existing_store_changes_nothing_in_it(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "microtask.db"
    run("--db", str(path), "add", "Kept")
    run("--db", str(path), "db", "init")
    assert run("--db", str(path), "list", "--json").stdout.count('"Kept"') == 1


def test_a_store_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is not a regular file"):
        connect(str(tmp_path))


def test_a_write_error_with_the_disk_full_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from collections import namedtuple

    from microtask.db import engine

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10**9, 10**9, 20_000))
    said = engine.explained(sqlite3.OperationalError("disk I/O error"), tmp_path / "m.db")
    assert said == (
        "the disk is full (19 KiB free): free some space and try again; nothing was written"
    )
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10**9, 0, 10**9))
    assert engine.explained(sqlite3.OperationalError("disk I/O error"), tmp_path) == (
        "disk I/O error"  # plenty of room: a real I/O error, said as SQLite says it
    )
    assert engine.explained(sqlite3.OperationalError("database or disk is full"), tmp_path) == (
        "the disk is full (976562 KiB free): free some space and try again; nothing was written"
    )
