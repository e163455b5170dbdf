"""Every task's stored urgency recomputed by ranges of ids, told how far it has got, ends
as the one UPDATE over the table does (issue 11's progress bar)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db import repo as repo_module
from microtask.domain.clock import FixedClock
from tests.factories import T0, make_app


def stored_urgency(path: Path) -> list[tuple[int, float]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id, urgency_static FROM tasks ORDER BY id").fetchall()


def test_the_stored_urgency_by_ranges_is_the_stored_urgency_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.generate import generate, write_microtask

    fresh = tmp_path / "fresh.db"  # rows written in bulk: no stored urgency yet
    write_microtask(generate(2_345, anchor_ts=int(T0.timestamp())), fresh)
    at_once, by_ranges = tmp_path / "once.db", tmp_path / "ranges.db"
    shutil.copyfile(fresh, at_once)
    shutil.copyfile(fresh, by_ranges)
    monkeypatch.setattr(repo_module, "REFRESH_CHUNK", 500)
    told: list[tuple[int, int]] = []
    for path, progress in ((at_once, None), (by_ranges, lambda d, t: told.append((d, t)))):
        app = make_app(str(path), FixedClock(T0))
        app.progress = progress
        with app.reading() as repos:
            assert repos.tasks.get(1) is not None
        app.close()
    assert told == [(500, 2_345), (1_000, 2_345), (1_500, 2_345), (2_000, 2_345), (2_345, 2_345)]
    assert stored_urgency(by_ranges) == stored_urgency(at_once)
    assert any(value for _, value in stored_urgency(at_once))
