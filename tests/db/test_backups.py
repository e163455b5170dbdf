"""Pre-upgrade backups: whole or absent, never a partial copy that looks complete, and only
the newest few kept beside the store. SQLite-only by nature: they are copies of a file made
with SQLite's backup API (a PostgreSQL store is upgraded with no copy; pg_dump makes one)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from microtask.db import engine, migrations
from microtask.db.engine import connect
from microtask.domain.progress import Progress
from tests.db.test_trust import store_with

OLD = migrations.LATEST_VERSION - 1


def aged(path: Path, seconds_ago: float) -> Path:
    when = time.time() - seconds_ago
    path.write_bytes(b"old copy")
    os.utime(path, (when, when))
    return path


def test_an_upgrade_keeps_the_newest_backups_only(tmp_path: Path) -> None:
    store = store_with(tmp_path, "", OLD)
    for n in range(4):
        aged(tmp_path / f"{store.name}.v{OLD}-2026010{n}-000000.bak", 86_400 * (10 - n))

    connect(str(store)).close()

    kept = sorted(p.name for p in tmp_path.glob(f"{store.name}.v*.bak"))
    assert len(kept) == migrations.BACKUPS_KEPT
    assert f"{store.name}.v{OLD}-20260100-000000.bak" not in kept  # the oldest went
    assert f"{store.name}.v{OLD}-20260101-000000.bak" not in kept
    assert any(name.startswith(f"{store.name}.v{OLD}-{time.strftime('%Y')}") for name in kept)


def test_a_backup_that_fails_midway_leaves_no_copy_and_no_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_with(tmp_path, "", OLD)
    real = engine.backup_sqlite_file

    def killed(source: Path, target: Path, progress: Progress | None = None) -> None:
        real(source, target, progress)
        target.with_name(target.name + "-journal").write_bytes(b"half")
        raise OSError("killed")

    monkeypatch.setattr(engine, "backup_sqlite_file", killed)
    with pytest.raises(OSError, match="killed"):
        connect(str(store))

    assert sorted(p.name for p in tmp_path.iterdir()) == [store.name]
    assert migrations.read_version(engine.SqliteDatabase(str(store))) == OLD


def test_partial_copies_a_killed_upgrade_left_are_removed_by_the_next_one(
    tmp_path: Path,
) -> None:
    store = store_with(tmp_path, "", OLD)
    stale = aged(tmp_path / f".{store.name}.v{OLD}-20260101-000000.bak.partial", 3_600)
    stale_journal = aged(stale.with_name(stale.name + "-journal"), 3_600)
    recent = aged(tmp_path / f".{store.name}.v{OLD}-20260102-000000.bak.partial", 0)

    connect(str(store)).close()

    assert not stale.exists()
    assert not stale_journal.exists()
    assert recent.exists()  # maybe another process's copy in progress


def test_an_upgrade_retried_in_the_second_a_killed_one_left_its_partial_copy_goes_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_with(tmp_path, "", OLD)
    monkeypatch.setattr(time, "strftime", lambda fmt, *args: "20261201-120000")
    dead_pid = _ended_pid()  # a process that has ended: nobody holds its pid
    base = f".{store.name}.v{OLD}-20261201-120000.bak.partial"
    left = aged(tmp_path / f"{base}-{dead_pid}", 0)
    left_journal = aged(tmp_path / f"{base}-{dead_pid}-journal", 0)
    running = aged(tmp_path / f"{base}-{os.getppid()}", 0)
    older_style = aged(tmp_path / base, 0)

    connect(str(store)).close()

    assert migrations.read_version(engine.SqliteDatabase(str(store))) == migrations.LATEST_VERSION
    assert (tmp_path / f"{store.name}.v{OLD}-20261201-120000.bak").exists()
    assert not left.exists()  # its process is gone: nobody will finish it
    assert not left_journal.exists()
    assert running.exists()  # recent and its process alive: maybe a copy in progress
    assert older_style.exists()


def _ended_pid() -> int:
    """The pid of a process that has run and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid
