"""A long stream's helper process (``db.helper``): it writes half the chunks in the very
snapshot the command reads, and when it cannot start or stops, the command writes them all,
with the same text."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db import helper as helpers
from microtask.db.helper import TextHelper
from microtask.domain.model import Status, TaskFilter
from microtask.services import App
from microtask.services import tasks as task_service
from microtask.services.tasks import each_task
from microtask.services.triage import triage_stream
from tests.factories import add, make_app

OPEN = TaskFilter(statuses=(Status.OPEN,))
CHUNK = 4

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"), reason="Linux only"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    """30 tasks read 4 a chunk; helpers start at any size, and on a machine of one core."""
    monkeypatch.setattr(task_service, "STREAM_CHUNK", CHUNK)
    monkeypatch.setattr(helpers, "SMALLEST_STORE_BYTES", 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.delenv("MICROTASK_HELPER", raising=False)
    app = make_app(str(tmp_path / "t.db"))
    for n in range(30):
        add(app, f"Task {n} «é»", tags=("a", "b") if n % 2 else (), estimate_seconds=60 * n)
    return app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[TextHelper | None]]:
    """Every helper a read started (None: it could not), and each ended once the read was."""
    seen: list[TextHelper | None] = []
    start = helpers.start

    def recording(path: Path) -> TextHelper | None:
        helper = start(path)
        seen.append(helper)
        return helper

    monkeypatch.setattr(helpers, "start", recording)
    yield seen
    assert all(h is None or h.pid == 0 for h in seen), "a helper outlived its read"


def _texts(app: App) -> list[str]:
    from microtask.exporters.task_json import task_chunks

    return [text for chunk in task_chunks(each_task(app, OPEN).json_chunks()) for text in chunk]


def _alone(app: App, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as scoped:
        scoped.setenv("MICROTASK_HELPER", "0")
        return _texts(app)


def test_with_a_helper_the_stream_is_the_text_the_command_writes_alone(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = _texts(store)
    assert len(started) == 1
    assert started[0] is not None
    assert shared == _alone(store, monkeypatch)
    assert len(shared) == 30


def test_the_triage_queue_with_a_helper_is_the_same_text(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from microtask.exporters.triage_json import item_chunks

    def texts() -> list[str]:
        return [t for chunk in item_chunks(triage_stream(store).json_chunks()) for t in chunk]

    shared = texts()
    assert started
    assert started[0] is not None
    with monkeypatch.context() as scoped:
        scoped.setenv("MICROTASK_HELPER", "0")
        assert shared == texts()


def test_a_write_during_the_stream_is_seen_by_neither_process(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper keeps the snapshot it took: a task changed once the stream began shows
    as it was in every chunk, the helper's (the even ones from the second) included."""
    before = _alone(store, monkeypatch)
    chunks = each_task(store, OPEN).json_chunks()
    first = next(chunks)
    other = make_app(store.location)
    with other.changing("rename") as change:
        change.repos.tasks.conn.run("UPDATE tasks SET title = 'Renamed' || id")
    other.close()
    rest = [item for chunk in chunks for item in chunk]
    assert started[0] is not None
    assert [*first, *rest] == before
    assert all("Renamed" not in str(item) for item in rest)


def test_no_write_can_land_while_the_lock_is_held(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    make_app(str(path)).open()
    holder = helpers.hold_writers(path)
    assert holder is not None
    with closing(sqlite3.connect(path, timeout=0)) as writer:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            writer.execute("BEGIN IMMEDIATE")
        assert helpers.hold_writers(path) is None  # taken: a second one does not wait
        helpers.release(holder)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("ROLLBACK")


def test_a_store_another_writer_holds_gets_no_helper_and_no_wait(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _alone(store, monkeypatch)
    with closing(sqlite3.connect(store.location, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        assert _texts(store) == expected
        writer.execute("ROLLBACK")
    assert started == []


def test_a_helper_killed_midway_leaves_its_chunks_to_the_command(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _alone(store, monkeypatch)
    chunks = each_task(store, OPEN).json_chunks()
    first = next(chunks)
    helper = started[0]
    assert helper is not None
    os.kill(helper.pid, signal.SIGKILL)
    rest = [item for chunk in chunks for item in chunk]
    assert [*first, *rest] == expected
    assert helper.pid == 0


@pytest.mark.parametrize("why", ["switched off", "small store", "one core", "a thread"])
def test_no_helper_where_it_cannot_pay_off_or_run(
    store: App, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    path = Path(store.location)
    assert helpers.wanted(path)
    if why == "switched off":
        monkeypatch.setenv("MICROTASK_HELPER", "0")
    elif why == "small store":
        monkeypatch.setattr(helpers, "SMALLEST_STORE_BYTES", path.stat().st_size + 1)
    elif why == "one core":
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    if why == "a thread":
        thread.start()
    try:
        assert not helpers.wanted(path)
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()


def test_a_read_only_store_gets_no_helper(
    store: App, started: list[TextHelper | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only files")
    expected = _alone(store, monkeypatch)
    store.close()
    path = Path(store.location)
    path.chmod(0o400)
    try:
        assert _texts(make_app(str(path))) == expected
    finally:
        path.chmod(0o600)
    assert started == [None] or started == []


def test_a_command_with_a_helper_writes_what_it_writes_alone(isolated_home: Path) -> None:
    """The real command, in a process of its own, on a store big enough to get a helper:
    the bytes are those it writes with helpers off."""
    import subprocess
    import sys

    from microtask.db.engine import connect

    isolated_home.mkdir()
    env = {
        **os.environ,
        "MICROTASK_DB": str(isolated_home / "microtask.db"),
        "MICROTASK_NOW": "2026-11-23T10:00:00+01:00",
    }
    env.pop("MICROTASK_HELPER", None)

    def run(*args: str, **more: str) -> bytes:
        done = subprocess.run(
            [sys.executable, "-m", "microtask", *args],
            capture_output=True,
            env={**env, **more},
            timeout=120,
            check=True,
        )
        return done.stdout

    run("add", "First")
    database = connect(env["MICROTASK_DB"])
    with database.write() as conn:
        conn.run_many_rows(
            "INSERT INTO tasks (title, notes, created_ts, updated_ts) VALUES (?, ?, ?, ?)",
            [(f"Task {n} «é»", "n" * 300, 1_790_000_000 + n, 1_790_000_000) for n in range(6000)],
        )
    database.close()
    assert Path(env["MICROTASK_DB"]).stat().st_size >= helpers.SMALLEST_STORE_BYTES
    for command in (("list", "--json"), ("triage", "--json"), ("export", "tasks")):
        alone = run(*command, MICROTASK_HELPER="0")
        assert run(*command) == alone
    assert len(json.loads(alone)) == 6001
