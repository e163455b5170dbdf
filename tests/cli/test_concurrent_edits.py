"""Two people changing the same task at once (issue 16): two real processes editing,
re-planning and finishing one task end in some serial order with nothing lost, on a SQLite
file and on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROUNDS = 6


def _microtask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _script(db: str, user: str, commands: list[list[str]]) -> subprocess.Popen[str]:
    """One process running ``commands`` one after another as ``user``; stops at a failure."""
    code = (
        "import subprocess, sys\n"
        f"for args in {commands!r}:\n"
        f"    done = subprocess.run([sys.executable, '-m', 'microtask', '--db', {db!r}, *args])\n"
        "    if done.returncode:\n"
        "        sys.exit(done.returncode)\n"
    )
    env = {**os.environ, "MICROTASK_USER": user}
    return subprocess.Popen([sys.executable, "-c", code], env=env, text=True)


def _two_people_at_once(db: str, tmp_path: Path) -> None:
    env = {**os.environ, "MICROTASK_USER": "founder"}
    assert _microtask(env, "--db", db, "add", "Launch checklist").returncode == 0
    founder = [["edit", "1", "--tag", f"f{n}"] for n in range(ROUNDS)]
    founder += [["edit", "1", "--due", "fri 17:00"], ["edit", "1", "--priority", "high"]]
    ana = [["edit", "1", "--tag", f"a{n}"] for n in range(ROUNDS)]
    ana += [["edit", "1", "--note", "venue booked"], ["done", "1"]]
    first, second = _script(db, "founder", founder), _script(db, "ana", ana)
    assert first.wait(timeout=300) == 0
    assert second.wait(timeout=300) == 0
    shown = _microtask(env, "--db", db, "show", "1", "--json")
    task = json.loads(shown.stdout)
    assert set(task["tags"]) == {f"f{n}" for n in range(ROUNDS)} | {f"a{n}" for n in range(ROUNDS)}
    assert (task["priority"], task["notes"], task["status"]) == ("high", "venue booked", "done")
    assert task["due"] is not None
    users = [entry["user"] for entry in task["history"]]
    assert users.count("founder") == 1 + len(founder)
    assert users.count("ana") == len(ana)


@pytest.mark.slow
def test_two_processes_changing_one_task_lose_nothing_on_sqlite(tmp_path: Path) -> None:
    _two_people_at_once(str(tmp_path / "shared.db"), tmp_path)


@pytest.mark.slow
def test_two_processes_changing_one_task_lose_nothing_on_postgresql(
    postgres_url: str, tmp_path: Path
) -> None:
    _two_people_at_once(postgres_url, tmp_path)
