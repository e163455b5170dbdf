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

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]
"""The stores a storage test runs on: a SQLite file, and a real PostgreSQL server (slow:
the inner loop, ``-m "not slow"``, stays on SQLite)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked ``sqlite_only`` runs on the SQLite file only: its PostgreSQL variant
    is deselected (the marker's reason says why it cannot apply there)."""
    kept, dropped = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgres = params is not None and params.params.get("backend") == "postgresql"
        if on_postgres and item.get_closest_marker("sqlite_only"):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: a test that takes it (or ``location`` in tests/services,
    or ``on_each_backend``) runs on both."""
    return str(request.param)


def store_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new store on ``backend``: a SQLite file path, or the URL of a fresh, migrated
    PostgreSQL database."""
    if backend == "sqlite":
        return str(tmp_path / "m.db")
    return str(request.getfixturevalue("postgres_store"))


@pytest.fixture
def location(tmp_path: Path) -> str:
    """Where ``app`` keeps its store: a SQLite file of the test's own (tests/services makes
    it ``backend``-parametrized: a file, then a PostgreSQL server)."""
    return str(tmp_path / "m.db")


@pytest.fixture
def on_each_backend(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The store the CLI uses, on each backend: the default file under ``MICROTASK_HOME``,
    or a PostgreSQL database given by ``MICROTASK_DB``. CLI modules take it with
    ``pytestmark = pytest.mark.usefixtures("on_each_backend")``."""
    if backend == "sqlite":
        return str(tmp_path / "home" / "microtask.db")
    url = str(request.getfixturevalue("postgres_store"))
    (tmp_path / "home").mkdir(mode=0o700, exist_ok=True)  # as the first command makes it
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("MICROTASK_DB", url)
    return url


@pytest.fixture
def app(location: str, clock: FixedClock) -> Iterator[App]:
    """An App on a fresh store at ``location``, at ``clock``'s time, default settings."""
    instance = make_app(location, clock)
    yield instance
    instance.close()
