"""Two people on one store, in CLI tests: each command runs as a given user (its own
MICROTASK_USER) at a given instant, on a SQLite file or a PostgreSQL database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner, Result

from microtask.cli.app import app


@dataclass
class SharedStore:
    db: str | None = None
    """``--db`` for every command (None: the test's own data dir)."""
    now: str = "2026-11-23T09:00:00+01:00"

    def run(self, user: str, *args: str, code: int = 0, at: str | None = None) -> Result:
        if at is not None:
            self.now = at
        argv = (["--db", self.db] if self.db else []) + list(args)
        env = {"MICROTASK_USER": user, "MICROTASK_NOW": self.now}
        result = CliRunner().invoke(app, argv, env=env)
        if result.exit_code != code:
            raise AssertionError(
                f"[{user}] microtask {' '.join(args)} exited {result.exit_code}, expected "
                f"{code}\nstdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        return result

    def json(self, user: str, *args: str, at: str | None = None) -> Any:
        return json.loads(self.run(user, *args, "--json", at=at).stdout)
