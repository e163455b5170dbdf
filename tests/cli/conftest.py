"""CLI tests run the real Typer app in-process, at a pinned instant."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from microtask.cli.app import app

NOW = "2026-11-23T10:00:00+01:00"  # a Monday, Europe/Paris

Run = Callable[..., Result]


@pytest.fixture
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where ``app`` keeps its store: in a module that runs on each backend, the store the
    CLI uses (so a test can build with the use cases and check through the commands)."""
    if "on_each_backend" in request.fixturenames:
        where = str(request.getfixturevalue("on_each_backend"))
        if "://" not in where:
            Path(where).parent.mkdir(mode=0o700, exist_ok=True)  # as the first command does
        return where
    return str(tmp_path / "m.db")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Run:
    """Invoke ``microtask ARGS...``; fails the test on an unexpected exit code. In a module
    that runs on each backend, on that test's store (``on_each_backend``, set up first)."""
    if "on_each_backend" in request.fixturenames:
        request.getfixturevalue("on_each_backend")
    monkeypatch.setenv("MICROTASK_NOW", NOW)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input)
        if result.exit_code != code:
            raise AssertionError(
                f"microtask {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        return result

    return invoke


@pytest.fixture
def run_json(run: Run) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        return json.loads(run(*args, "--json").stdout)

    return invoke
