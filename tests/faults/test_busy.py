"""A store another process holds past the busy timeout: reads go on (write-ahead log),
a write waits its 15 s, then is refused in one line that says why, writing nothing."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db.engine import BUSY_TIMEOUT_SECONDS
from tests.faults.test_hostile import run

pytestmark = pytest.mark.slow


def stored(home: Path) -> list[str]:
    """Everything the store holds, as SQL (its bytes move when a reader checkpoints)."""
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        return list(conn.iterdump())


def test_a_write_lock_held_past_the_timeout_refuses_writes_but_not_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "add", "Keep me").returncode == 0
    with closing(sqlite3.connect(home / "microtask.db", isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        before = stored(home)

        listed = run(home, "list")
        started = time.monotonic()
        refused = run(home, "add", "Never written")
        waited = time.monotonic() - started

        assert stored(home) == before
        holder.execute("ROLLBACK")

    assert listed.returncode == 0
    assert b"Keep me" in listed.stdout
    stderr = refused.stderr.decode()
    assert refused.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "another process has held the store for over 15 s" in stderr
    assert stderr.rstrip().endswith("try again when it is done: nothing was written")
    assert waited >= BUSY_TIMEOUT_SECONDS * 0.9
    assert b"Never written" not in run(home, "list").stdout
