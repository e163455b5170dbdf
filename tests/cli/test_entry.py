"""The process entry point: a command's whole output, its exit code and the exit handlers
survive ending the process without the interpreter's teardown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def buffered() -> dict[str, str]:
    """This environment with Python's output buffered, as it is for a user."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=buffered(),
        timeout=60,
    )


def microtask(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        capture_output=True,
        text=True,
        env={**buffered(), **env},
        timeout=120,
    )


@pytest.fixture
def store_env(isolated_home: Path) -> dict[str, str]:
    """The test's own store (``isolated_home`` names the data dir), at a pinned time."""
    isolated_home.mkdir()
    return {
        "MICROTASK_DB": str(isolated_home / "microtask.db"),
        "MICROTASK_NOW": "2026-11-23T10:00:00+01:00",
    }


def test_a_long_output_to_a_pipe_arrives_whole(store_env: dict[str, str]) -> None:
    from microtask.db.engine import connect

    assert microtask("add", "First", env=store_env).returncode == 0
    database = connect(store_env["MICROTASK_DB"])
    with database.write() as conn:
        conn.run_many_rows(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, 0, 0)",
            [(f"Task number {n} with a title long enough to fill buffers",) for n in range(4000)],
        )
    database.close()
    listed = microtask("list", "--json", env=store_env)
    assert listed.returncode == 0
    rows = json.loads(listed.stdout)
    assert len(rows) == 4001
    assert rows[-1]["title"].startswith("Task number")


def test_exit_codes_are_the_commands_own(store_env: dict[str, str]) -> None:
    added = microtask("add", "Write copy", env=store_env)
    assert added.returncode == 0
    assert "Write copy" in added.stdout
    missing = microtask("done", "999", env=store_env)
    assert missing.returncode == 3
    assert missing.stderr.startswith("Error: no task with id 999")
    assert microtask("list", "--limit", "lots", env=store_env).returncode == 2


def test_a_write_is_on_disk_for_the_next_process(store_env: dict[str, str]) -> None:
    assert microtask("add", "Kept", env=store_env).returncode == 0
    assert microtask("done", "1", env=store_env).returncode == 0
    shown = microtask("list", "--all", "--json", env=store_env)
    assert [(row["title"], row["status"]) for row in json.loads(shown.stdout)] == [("Kept", "done")]


def test_exit_handlers_run_and_buffered_output_is_flushed(tmp_path: Path) -> None:
    done = python(
        "import atexit, sys\n"
        "from microtask.cli.entry import end\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "sys.stdout.write('x' * 100_000)\n"
        "end(4)\n",
        tmp_path,
    )
    assert done.returncode == 4
    assert done.stdout == "x" * 100_000
    assert done.stderr == "handler ran\n"


@pytest.mark.parametrize(("code", "status", "stderr"), [("None", 0, ""), ("'boom'", 1, "boom\n")])
def test_an_exit_code_reads_as_sys_exit_would(
    code: str, status: int, stderr: str, tmp_path: Path
) -> None:
    done = python(f"from microtask.cli.entry import end\nend({code})\n", tmp_path)
    assert (done.returncode, done.stderr) == (status, stderr)


def test_a_thread_still_running_gets_the_ordinary_shutdown(tmp_path: Path) -> None:
    """The thread waits for the main thread to finish, which only an ordinary shutdown
    announces: ending at once would lose its file."""
    done = python(
        "import threading\n"
        "from microtask.cli.entry import end\n"
        "def later():\n"
        "    threading.main_thread().join()\n"
        "    open('written', 'w').write('by the thread')\n"
        "threading.Thread(target=later).start()\n"
        "end(0)\n",
        tmp_path,
    )
    assert done.returncode == 0
    assert (tmp_path / "written").read_text() == "by the thread"


def test_a_reader_gone_before_the_last_flush_ends_quietly(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom microtask.cli.entry import end\nsys.stdout.write('x')\nend(0)\n",
        ],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        env=buffered(),
        timeout=60,
    )
    os.close(writer)
    assert process.stderr == ""
    assert process.returncode == 1
