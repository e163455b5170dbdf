"""microtask on a PostgreSQL server over loopback against the same commands on a SQLite
file: `list --limit 25`, `add`, `done` and `status`, their runs alternated (SQLite, then
PostgreSQL, round after round), the ratio (PostgreSQL / SQLite) taken pair by pair and its
median reported. Target: within 2.5x.

The server is a throwaway one this script starts itself (``initdb`` and ``pg_ctl`` from
Debian's ``postgresql`` package, on a free loopback port, password authentication for the
store's role), unless ``--url`` names a database to use. Both stores get the same tasks.

    .venv/bin/python bench/postgres.py [--tasks 1000] [--runs 9] [--source DIR]

``--source DIR`` runs the microtask sources in DIR/src instead (an older commit, for a
before and after: ``git archive COMMIT | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

from run import BENCH_DIR, microtask_env, run_once, time_once

NOW = "2026-11-23T10:00:00+01:00"
TARGET = 2.5
RESULTS = BENCH_DIR / "results" / "postgres.json"
ROLE, PASSWORD = "bench", "bench-password"
COMMANDS = ("list --limit 25", "add", "done", "status")


def _binaries() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if not found:
        sys.exit("no PostgreSQL server binaries: apt-get install postgresql, or pass --url")
    return Path(found).parent


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--", *command]
    sys.exit("running as root and no unprivileged user to run PostgreSQL as")


@contextmanager
def throwaway_server() -> Iterator[str]:
    """A server of our own on a free port; the URL of an empty database on it, owned by a
    role that logs in with a password (as a real set-up would)."""
    binaries = _binaries()
    root = Path(tempfile.mkdtemp(prefix="microtask-bench-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        owner = _as_server_user(["true"])[2]
        shutil.chown(root, owner)
        shutil.chown(sockets, owner)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    quiet = {"capture_output": True, "text": True, "check": True}
    initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--no-sync"]
    subprocess.run(
        _as_server_user([*initdb, "--auth-local=trust", "--auth-host=scram-sha-256"]), **quiet
    )  # type: ignore[call-overload]
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w"]
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1"
    subprocess.run(_as_server_user([*pg_ctl, "-o", options, "start"]), **quiet)  # type: ignore[call-overload]
    try:
        psql = [str(binaries / "psql"), "-h", str(sockets), "-p", str(port), "-U", "postgres"]
        if not (binaries / "psql").exists():
            psql[0] = "psql"
        for sql in (
            f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'",
            f"CREATE DATABASE microtask OWNER {ROLE}",
        ):
            subprocess.run(_as_server_user([*psql, "-qc", sql]), **quiet)  # type: ignore[call-overload]
        yield f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{port}/microtask"
    finally:
        subprocess.run(_as_server_user([*pg_ctl, "-m", "fast", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fill(location: str, tasks: int, source: Path | None) -> None:
    """The same ``tasks`` open tasks in a store: priorities, due dates, tags, estimates."""
    code = (
        "import sys\n"
        "from datetime import datetime, timedelta\n"
        "from microtask.config import Config\n"
        "from microtask.domain.clock import FixedClock\n"
        "from microtask.domain.model import Priority\n"
        "from microtask.services import App, TaskFields, add_task\n"
        f"now = datetime.fromisoformat({NOW!r})\n"
        "app = App(sys.argv[1], clock=FixedClock(now), config=Config())\n"
        "levels = list(Priority)\n"
        "for n in range(int(sys.argv[2])):\n"
        "    add_task(app, TaskFields(title=f'Task {n} of the backlog',\n"
        "        priority=levels[n % len(levels)], tags=('work',) if n % 3 else ('home',),\n"
        "        due=now + timedelta(hours=n % 200) if n % 4 == 0 else None,\n"
        "        estimate_seconds=900 * (1 + n % 8)))\n"
        "app.close()\n"
    )
    env = environment(Path(tempfile.mkdtemp()), source)
    subprocess.run([sys.executable, "-c", code, location, str(tasks)], env=env, check=True)


def environment(home: Path, source: Path | None, database: str | None = None) -> dict[str, str]:
    env = microtask_env(home)
    env["MICROTASK_NOW"] = NOW
    if database is not None:
        env["MICROTASK_DB"] = database
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    return env


def argv_for(command: str, n: int, tasks: int) -> list[str]:
    base = [sys.executable, "-m", "microtask"]
    if command == "add":
        return [*base, "add", f"Call the bank about the card limit #{n}", "-p", "high"]
    if command == "done":
        return [*base, "done", str(tasks - n)]  # a different open task each run
    return [*base, *command.split()]


def race(stores: dict[str, dict[str, str]], runs: int, tasks: int) -> dict[str, dict[str, object]]:
    """Per command: one warm-up run on each store, then ``runs`` rounds, SQLite then
    PostgreSQL in each; the pairwise ratios."""
    results: dict[str, dict[str, object]] = {}
    for command in COMMANDS:
        samples: dict[str, list[float]] = {name: [] for name in stores}
        for env in stores.values():
            run_once(argv_for(command, 0, tasks), env)
        for n in range(1, runs + 1):
            for name, env in stores.items():
                samples[name].append(time_once(argv_for(command, n, tasks), env))
        ratios = [p / s for s, p in zip(samples["sqlite"], samples["postgresql"], strict=True)]
        results[command] = {
            "sqlite_ms": round(statistics.median(samples["sqlite"]) * 1000, 1),
            "postgresql_ms": round(statistics.median(samples["postgresql"]) * 1000, 1),
            "ratio": round(statistics.median(ratios), 2),
            "ratios": [round(r, 2) for r in ratios],
        }
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tasks", type=int, default=1000, help="Open tasks in each store.")
    parser.add_argument("--runs", type=int, default=9, help="Timed rounds per command.")
    parser.add_argument("--url", help="Use this PostgreSQL database (empty) instead.")
    parser.add_argument("--source", type=Path, help="Run the microtask sources in DIR/src.")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file.")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="microtask-bench-pg-"))
    started = time.perf_counter()
    try:
        with nullcontext(args.url) if args.url else throwaway_server() as url:
            sqlite_file = str(work / "microtask.db")
            for location in (sqlite_file, url):
                fill(location, args.tasks, args.source)
            stores = {
                "sqlite": environment(work / "home-sqlite", args.source, sqlite_file),
                "postgresql": environment(work / "home-pg", args.source, url),
            }
            results = race(stores, args.runs, args.tasks)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'command':<18}{'SQLite':>10}{'PostgreSQL':>12}{'ratio':>8}  (target <= {TARGET}x)")
    for command, row in results.items():
        verdict = "ok" if float(str(row["ratio"])) <= TARGET else "OVER"
        print(
            f"{command:<18}{row['sqlite_ms']:>8} ms{row['postgresql_ms']:>9} ms"
            f"{row['ratio']:>7}x  {verdict}"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "tasks": args.tasks,
        "runs": args.runs,
        "source": str(args.source) if args.source else None,
        "seconds": round(time.perf_counter() - started, 1),
        "results": results,
    }
    args.output.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
