"""The real binary on a disk that fills up: every refused write is one line that says the
disk is full, and everything confirmed before it is still there."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, where the machine lets the test mount one (root on Linux)."""
    mount_point = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


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
