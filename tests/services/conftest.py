"""The use cases run on each backend: ``app`` (tests/conftest.py) keeps its store at a
``backend``-parametrized ``location``, a SQLite file, then a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_location


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return store_location(backend, tmp_path, request)
