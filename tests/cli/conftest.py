"""CLI tests run the real Typer app in-process, at a pinned instant."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from microtask.cli.app import app

NOW = "2026-11-23T10:00:00+01:00"  # a Monday, Europe/Paris

Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke ``microtask ARGS...``; fails the test on an unexpected exit code."""
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
