"""Every test gets its own data dir and a fixed time zone: no test touches real user data.

Tests that drive the use cases take ``app``: a store of their own at ``location``, its clock
(``clock``) pinned to ``T0`` of tests/factories.py until the test moves it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from microtask.domain.clock import FixedClock
from microtask.services import App
from tests.factories import T0, make_app

pytest_plugins = ["tests.postgres"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("MICROTASK_HOME", str(home))
    for name in (
        "MICROTASK_DB",
        "MICROTASK_CONFIG",
        "MICROTASK_NOW",
        "MICROTASK_USER",
        "NO_COLOR",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock() -> FixedClock:
    """The clock of ``app``: it only moves when the test sets or advances it."""
    return FixedClock(T0)


@pytest.fixture
def location(tmp_path: Path) -> str:
    """Where ``app`` keeps its store: a SQLite file of the test's own."""
    return str(tmp_path / "m.db")


@pytest.fixture
def app(location: str, clock: FixedClock) -> Iterator[App]:
    """An App on a fresh store at ``location``, at ``clock``'s time, default settings."""
    instance = make_app(location, clock)
    yield instance
    instance.close()
