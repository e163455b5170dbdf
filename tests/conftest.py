"""Every test gets its own data dir and a fixed time zone: no test touches real user data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.postgres"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("MICROTASK_HOME", str(home))
    for name in ("MICROTASK_DB", "MICROTASK_CONFIG", "MICROTASK_NOW", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()
