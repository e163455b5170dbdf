"""Imports as a service: the cycle collector is off while one runs (it was a third of
reading 100,000 tasks) and back on after it, whether the import worked or was refused."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from microtask.domain.errors import InvalidInputError
from microtask.services.transfer import import_text
from tests.factories import make_app


def test_an_import_turns_the_cycle_collector_back_on_after_storing(tmp_path: Path) -> None:
    app = make_app(str(tmp_path / "m.db"))
    text = json.dumps([{"uuid": "a" * 8 + "-0000-4000-8000-" + "0" * 12, "description": "X"}])

    summary = import_text(app, "taskwarrior", text)

    assert summary.added == 1
    assert gc.isenabled()


def test_a_refused_import_turns_the_cycle_collector_back_on_too(tmp_path: Path) -> None:
    app = make_app(str(tmp_path / "m.db"))

    with pytest.raises(InvalidInputError):
        import_text(app, "taskwarrior", '[{"description": 5}]')

    assert gc.isenabled()
