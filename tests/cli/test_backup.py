"""`backup FILE` and `restore FILE`: a consistent private copy, and a copy put back only
once it passes the checks every store we are handed must pass."""

from __future__ import annotations

import json
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from microtask.db import migrations
from tests.cli.conftest import Run


def titles(run: Run) -> list[str]:
    return sorted(t["title"] for t in json.loads(run("list", "--all", "--json").stdout))


def test_a_backup_restored_brings_the_store_back_and_keeps_the_one_it_replaced(
    run: Run, isolated_home: Path, tmp_path: Path
) -> None:
    run("add", "Before")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).stdout == f"Backed up the store to {copy}\n"
    run("add", "After")

    out = run("restore", str(copy)).stdout.splitlines()

    assert out[0] == f"Restored the store from {copy}; the one it replaced is kept as"
    assert titles(run) == ["Before"]
    (kept,) = isolated_home.glob("microtask.db.before-restore-*.bak")
    assert out[1] == f"  {kept}"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with closing(sqlite3.connect(kept)) as conn:
        assert sorted(t for (t,) in conn.execute("SELECT title FROM tasks")) == ["After", "Before"]


def test_a_backup_is_not_written_over_a_file_without_force(run: Run, tmp_path: Path) -> None:
    run("add", "One")
    copy = tmp_path / "copy.db"
    copy.write_text("mine")

    result = run("backup", str(copy), code=4)

    assert result.stderr == f"Error: {copy} exists: pass --force to overwrite it\n"
    assert copy.read_text() == "mine"
    run("backup", str(copy), "--force")
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_refuses_a_copy_with_a_planted_trigger_and_changes_nothing(
    run: Run, tmp_path: Path
) -> None:
    run("add", "Keep me")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("CREATE TRIGGER wipe AFTER INSERT ON tasks BEGIN DELETE FROM tasks; END")
        conn.commit()
    run("add", "Added since")

    result = run("restore", str(copy), code=1)

    assert result.stderr == (
        f"Error: {copy} holds a trigger microtask did not create: 'wipe': not restored\n"
    )
    assert titles(run) == ["Added since", "Keep me"]


def test_restore_refuses_what_is_not_a_whole_store_we_know(run: Run, tmp_path: Path) -> None:
    run("add", "Keep me")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    newer = tmp_path / "newer.db"
    run("backup", str(newer))
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (999)")
        conn.commit()

    assert run("restore", str(junk), code=1).stderr == (
        f"Error: {junk} is not a microtask store (file is not a database): not restored\n"
    )
    assert run("restore", str(newer), code=1).stderr == (
        f"Error: {newer} has schema version 999, which this microtask does not know "
        f"(1 to {migrations.LATEST_VERSION}): not restored\n"
    )
    assert run("restore", str(tmp_path / "none.db"), code=1).stderr == (
        f"Error: {tmp_path / 'none.db'} is not a file\n"
    )
    assert titles(run) == ["Keep me"]


def test_a_restored_copy_of_an_older_version_is_brought_up_to_date(
    run: Run, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.execute(f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER PRIMARY KEY)")
        conn.executescript(migrations.for_dialect(migrations.MIGRATIONS[0], "sqlite"))
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (1)")
        conn.execute("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('Old one', 1, 1)")
        conn.commit()
    run("add", "Current")

    run("restore", str(old))

    listed = json.loads(run("list", "--all", "--json").stdout)
    assert [t["title"] for t in listed] == ["Old one"]
    assert len(listed[0]["uuid"]) == 36


def test_only_the_three_newest_copies_from_restores_are_kept(
    run: Run, isolated_home: Path, tmp_path: Path
) -> None:
    run("add", "One")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    for n in range(5):
        (isolated_home / f"microtask.db.before-restore-2026010{n}-000000.bak").write_text("x")

    run("restore", str(copy))

    kept = sorted(p.name for p in isolated_home.glob("microtask.db.before-restore-*.bak"))
    assert len(kept) == 3
    assert kept[:2] == [
        "microtask.db.before-restore-20260103-000000.bak",
        "microtask.db.before-restore-20260104-000000.bak",
    ]


def test_backup_of_a_server_store_points_to_its_own_tools(run: Run, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'url.db'}"

    result = run("--db", url, "backup", str(tmp_path / "copy.db"), code=1)

    assert "backup and restore work on a SQLite file" in result.stderr
    assert "pg_dump" in result.stderr
