"""The real binary on a disk that fills up: every refused write is one line that says the
disk is full, and everything confirmed before it is still there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.tmpfs import mounted_tmpfs

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, where the machine lets the test mount one (root on Linux)."""
    with mounted_tmpfs(tmp_path, "512k") as mount_point:
        yield mount_point


def microtask(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MICROTASK_HOME": str(home), "MICROTASK_NOW": "2026-11-23T10:00:00+01:00"}
    return subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_a_full_disk_refuses_writes_in_one_line_and_keeps_what_was_saved(
    small_disk: Path,
) -> None:
    home = small_disk / "home"
    saved = 0
    for n in range(200):
        result = microtask(home, "add", f"Task {n}", "--note", "x" * 19_000)
        if result.returncode != 0:
            break
        saved += 1
    else:
        pytest.fail("the disk never filled up")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "the disk is full" in lines[0]
    assert "Traceback" not in result.stderr
    listed = microtask(home, "list", "--json")
    if listed.returncode == 0:  # reading may need no room at all
        import json

        assert len(json.loads(listed.stdout)) == saved
    else:
        assert "the disk is full" in listed.stderr
