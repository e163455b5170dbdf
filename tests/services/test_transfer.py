"""Imports as a service: the cycle collector is off while one runs (it was a third of
reading 100,000 tasks) and back on after it, whether the import worked or was refused."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from microtask.domain.errors import InvalidInputError
from microtask.services.app import App
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


def _uuid(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def test_a_large_import_stores_the_urgency_a_full_recompute_gives_and_one_history_row_a_task(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lone tasks get their urgency with their row; steps, parents and linked tasks from
    the SQL after linking: either way, what recomputing every task's gives, bit for bit."""
    from microtask.db import repo as repo_module
    from microtask.domain.model import TaskFilter

    monkeypatch.setattr(repo_module, "BULK_ROWS", 10)  # the bulk path (indexes dropped)
    records = [
        {
            "uuid": _uuid(n),
            "description": f"Task {n}",
            "status": "completed" if n % 7 == 0 else "pending",
            "priority": "HML"[n % 3],
            "tags": [["next"], ["a", "b"], ["next", "a", "b"], []][n % 4],
            **({"project": "site"} if n % 2 else {}),
            **({"mtparent": _uuid(n - 1)} if n % 10 == 5 else {}),
            **({"depends": [_uuid(n + 1)]} if n % 10 == 8 else {}),
        }
        for n in range(1, 81)
    ]
    summary = import_text(app, "taskwarrior", json.dumps(records))
    with app.reading() as repos:
        imported = {t.id: t.urgency for t in repos.tasks.find(TaskFilter(statuses=None))}
        step = repos.tasks.by_uuid([_uuid(5)])[_uuid(5)]
        history = repos.assist.history(step.id, 5)
    with app.changing("recompute") as change:
        change.tasks.refresh_all_static()
    with app.reading() as repos:
        recomputed = {t.id: t.urgency for t in repos.tasks.find(TaskFilter(statuses=None))}

    assert summary.added == 80
    assert step.parent_id is not None
    assert imported == recomputed
    assert [entry.change for entry in history] == ["import taskwarrior: 80 added, 0 updated"]
