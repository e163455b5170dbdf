"""A deterministic, seeded task list of a heavy user, written for microtask and Taskwarrior.

The same tasks go to both tools:

- microtask: bulk ``executemany`` into a database whose schema comes from microtask's
  own migrations (``microtask.db.engine.connect``), never through the CLI;
- Taskwarrior: ``task import`` of JSON files, in chunks, into a fresh ``TASKDATA``.

Datasets are cached under ``bench/.data/`` (git-ignored): building 100,000 tasks for
Taskwarrior takes a while, reusing them takes nothing.

    .venv/bin/python bench/generate.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / ".data"
# Bump when the generated data changes shape: old caches are then ignored.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20_240_601
DAY = 86_400
IMPORT_CHUNK = 5_000

PRIORITIES = ("low", "medium", "high", "urgent")
PRIORITY_WEIGHTS = (25, 45, 22, 8)
TASKWARRIOR_PRIORITY = {"urgent": "H", "high": "H", "medium": "M", "low": "L"}
TASKWARRIOR_STATUS = {"open": "pending", "done": "completed", "dropped": "deleted"}
TAGS = ("next", "web", "email", "call", "errand", "review", "admin", "finance", "design", "ops")
PROJECTS = (
    "launch",
    "website",
    "billing",
    "hiring",
    "legal",
    "marketing",
    "support",
    "infra",
    "mobile",
    "api",
    "docs",
    "sales",
    "fundraising",
    "onboarding",
    "analytics",
    "security",
    "partners",
    "events",
    "home",
    "health",
)
VERBS = (
    "Write",
    "Review",
    "Call",
    "Email",
    "Fix",
    "Draft",
    "Plan",
    "Update",
    "Check",
    "Send",
    "Prepare",
    "Book",
    "Pay",
    "Renew",
    "Test",
    "Ship",
    "Clean up",
    "Research",
    "Follow up on",
    "Schedule",
)
NOUNS = (
    "landing page",
    "invoice",
    "pricing table",
    "investor update",
    "release notes",
    "onboarding flow",
    "bank",
    "accountant",
    "contract",
    "newsletter",
    "bug report",
    "login page",
    "database backup",
    "roadmap",
    "job post",
    "tax return",
    "demo video",
    "support inbox",
    "API docs",
    "signup form",
    "domain name",
    "SSL certificate",
    "payment provider",
    "user interviews",
    "quarterly plan",
)
QUALIFIERS = (
    "",
    "",
    "",
    "for Friday",
    "before launch",
    "with Sam",
    "again",
    "v2",
    "for the board",
    "draft",
    "(small)",
    "asap",
)
NOTE_WORDS = ("context", "see thread", "ask Alex", "blocked on legal", "link in doc", "2nd try")


@dataclass(frozen=True)
class GenTask:
    """One generated task, in microtask's terms (times are UTC epoch seconds)."""

    id: int
    uuid: str
    title: str
    status: str
    priority: str
    due_ts: int | None
    estimate_seconds: int | None
    project: str | None
    parent_id: int | None
    position: int
    notes: str | None
    created_ts: int
    updated_ts: int
    done_ts: int | None
    tags: tuple[str, ...]


def default_anchor() -> int:
    """Today, 00:00 UTC: due dates are spread around it."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(today.timestamp())


def _title(rng: random.Random) -> str:
    words = [rng.choice(VERBS), rng.choice(NOUNS), rng.choice(QUALIFIERS)]
    return " ".join(w for w in words if w)


def generate(
    size: int,
    seed: int = DEFAULT_SEED,
    anchor_ts: int | None = None,
    created_over_days: int = 730,
) -> list[GenTask]:
    """``size`` tasks: 80% open, 15% done, 5% dropped; ~15% subtasks of an earlier task.

    Tasks are created over the ``created_over_days`` before the anchor (two years unless
    asked otherwise; ``report.py`` asks for five, its history's span).
    """
    rng = random.Random(seed)
    now = default_anchor() if anchor_ts is None else anchor_ts
    tasks: list[GenTask] = []
    open_ids: list[int] = []
    by_id: dict[int, GenTask] = {}
    next_position: dict[int, int] = {}
    for task_id in range(1, size + 1):
        status = rng.choices(("open", "done", "dropped"), weights=(80, 15, 5))[0]
        created = now - rng.randint(0, created_over_days * DAY)
        parent: GenTask | None = None
        if task_id > 1 and rng.random() < 0.15:
            # An open step needs an open parent; a closed step may sit under anything.
            pool_ids = open_ids if status == "open" and open_ids else None
            parent_id = rng.choice(pool_ids) if pool_ids else rng.randint(1, task_id - 1)
            parent = by_id[parent_id]
            created = max(created, parent.created_ts)
        project = parent.project if parent else None
        if parent is None and rng.random() < 0.5:
            project = rng.choice(PROJECTS)
        due = now + rng.randint(-30 * DAY, 90 * DAY) if rng.random() < 0.4 else None
        estimate = rng.choice((5, 10, 15, 25, 30, 45, 60, 90, 120, 240)) * 60
        done_ts = None
        updated = created + rng.randint(0, max(0, now - created))
        if status == "done":
            done_ts = updated
        position = 0
        if parent is not None:
            position = next_position.get(parent.id, 0)
            next_position[parent.id] = position + 1
        task = GenTask(
            id=task_id,
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            title=_title(rng),
            status=status,
            priority=rng.choices(PRIORITIES, weights=PRIORITY_WEIGHTS)[0],
            due_ts=due,
            estimate_seconds=estimate if rng.random() < 0.3 else None,
            project=project,
            parent_id=None if parent is None else parent.id,
            position=position,
            notes=", ".join(rng.sample(NOTE_WORDS, 2)) if rng.random() < 0.1 else None,
            created_ts=created,
            updated_ts=updated,
            done_ts=done_ts,
            tags=tuple(sorted(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))))),
        )
        tasks.append(task)
        by_id[task_id] = task
        if status == "open":
            open_ids.append(task_id)
    return tasks


# -- microtask -------------------------------------------------------------------------


def write_microtask(tasks: Sequence[GenTask], path: Path) -> None:
    """A microtask database at ``path`` (replaced): schema by migrations, rows in bulk."""
    from microtask.db import search
    from microtask.db.engine import SqliteConn, SqliteDatabase, connect

    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    database = connect(str(path))
    if not isinstance(database, SqliteDatabase):
        raise TypeError(f"expected a SQLite file database, got {database.url}")
    connection = database.raw()
    try:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO tasks (id, title, status, priority, due_ts, estimate_seconds, project,"
            " parent_id, position, notes, created_ts, updated_ts, done_ts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    t.id,
                    t.title,
                    t.status,
                    t.priority,
                    t.due_ts,
                    t.estimate_seconds,
                    t.project,
                    t.parent_id,
                    t.position,
                    t.notes,
                    t.created_ts,
                    t.updated_ts,
                    t.done_ts,
                )
                for t in tasks
            ),
        )
        connection.executemany(
            "INSERT INTO task_tags (task_id, tag) VALUES (?, ?)",
            ((t.id, tag) for t in tasks for tag in t.tags),
        )
        search.rebuild(SqliteConn(connection))  # rows that bypassed the repos: index them
        connection.execute("COMMIT")
    finally:
        database.close()


# -- Taskwarrior -----------------------------------------------------------------------


def _tw_date(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")


def taskwarrior_record(task: GenTask) -> dict[str, Any]:
    """The task as Taskwarrior's JSON (estimates have no Taskwarrior field; parents skipped)."""
    record: dict[str, Any] = {
        "uuid": task.uuid,
        "description": task.title,
        "status": TASKWARRIOR_STATUS[task.status],
        "entry": _tw_date(task.created_ts),
        "modified": _tw_date(task.updated_ts),
        "priority": TASKWARRIOR_PRIORITY[task.priority],
    }
    if task.due_ts is not None:
        record["due"] = _tw_date(task.due_ts)
    if task.status != "open":
        record["end"] = _tw_date(task.done_ts or task.updated_ts)
    if task.project is not None:
        record["project"] = task.project
    if task.tags:
        record["tags"] = list(task.tags)
    if task.notes is not None:
        record["annotations"] = [{"entry": _tw_date(task.created_ts), "description": task.notes}]
    return record


def taskrc_text(data_location: Path) -> str:
    return "\n".join(
        (
            f"data.location={data_location}",
            "confirmation=off",
            "verbose=nothing",
            "hooks=off",
            "color=off",
            # Silences 2.6's one-time "run task news" nag; it changes no behaviour.
            "news.version=2.6.0",
            "",
        )
    )


def taskwarrior_env(taskrc: Path, taskdata: Path) -> dict[str, str]:
    """A minimal environment for ``task``: its rc and data, nothing from the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASK")}
    env["TASKRC"] = str(taskrc)
    env["TASKDATA"] = str(taskdata)
    return env


def _chunks(items: Sequence[GenTask], size: int) -> Iterator[Sequence[GenTask]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_taskwarrior(
    tasks: Sequence[GenTask], root: Path, chunk: int = IMPORT_CHUNK, quiet: bool = False
) -> tuple[Path, Path]:
    """A fresh ``root/taskdata`` holding ``tasks`` and ``root/taskrc``; returns both."""
    taskdata = root / "taskdata"
    taskrc = root / "taskrc"
    shutil.rmtree(taskdata, ignore_errors=True)
    taskdata.mkdir(parents=True)
    taskrc.write_text(taskrc_text(taskdata), encoding="utf-8")
    env = taskwarrior_env(taskrc, taskdata)
    import_file = root / "import.json"
    done = 0
    started = time.perf_counter()
    for part in _chunks(tasks, chunk):
        import_file.write_text(json.dumps([taskwarrior_record(t) for t in part]), "utf-8")
        subprocess.run(
            ["task", "import", str(import_file)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        done += len(part)
        if not quiet:
            elapsed = time.perf_counter() - started
            print(f"  taskwarrior import: {done}/{len(tasks)} ({elapsed:.0f} s)", flush=True)
    import_file.unlink()
    # One report so the garbage collector moves completed/deleted tasks out of
    # pending.data now, not inside the first timed run.
    subprocess.run(
        ["task", "list", "limit:1"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    return taskrc, taskdata


# -- the cache -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A cached dataset: one microtask database and one Taskwarrior data dir."""

    size: int
    root: Path
    manifest: dict[str, Any]

    @property
    def microtask_db(self) -> Path:
        return self.root / "microtask.db"

    @property
    def taskdata(self) -> Path:
        return self.root / "taskwarrior" / "taskdata"

    @property
    def has_taskwarrior(self) -> bool:
        return bool(self.manifest.get("taskwarrior"))


def dataset_root(size: int, seed: int, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"tasks-{size}-seed{seed}-v{GENERATOR_VERSION}"


def ensure_dataset(
    size: int,
    seed: int = DEFAULT_SEED,
    taskwarrior: bool = True,
    regenerate: bool = False,
    data_dir: Path = DATA_DIR,
) -> Dataset:
    """The cached dataset of ``size`` tasks, built first if missing (or ``regenerate``)."""
    root = dataset_root(size, seed, data_dir)
    manifest_path = root / "manifest.json"
    manifest: dict[str, Any] = {}
    if manifest_path.exists() and not regenerate:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if not taskwarrior or manifest.get("taskwarrior"):
            return Dataset(size, root, manifest)
    tasks: list[GenTask] | None = None
    if not manifest:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        anchor = default_anchor()
        print(f"generating {size:,} tasks (seed {seed}) ...", flush=True)
        tasks = generate(size, seed, anchor)
        write_microtask(tasks, root / "microtask.db")
        manifest = {
            "size": size,
            "seed": seed,
            "generator_version": GENERATOR_VERSION,
            "anchor": datetime.fromtimestamp(anchor, UTC).date().isoformat(),
            "anchor_ts": anchor,
            "open": sum(1 for t in tasks if t.status == "open"),
            "done": sum(1 for t in tasks if t.status == "done"),
            "dropped": sum(1 for t in tasks if t.status == "dropped"),
            "subtasks": sum(1 for t in tasks if t.parent_id is not None),
            "taskwarrior": False,
        }
    if taskwarrior:
        if tasks is None:
            tasks = generate(size, seed, int(manifest["anchor_ts"]))
        print(f"importing {size:,} tasks into Taskwarrior (cached for later runs) ...")
        started = time.perf_counter()
        write_taskwarrior(tasks, root / "taskwarrior")
        manifest["taskwarrior"] = True
        manifest["taskwarrior_import_seconds"] = round(time.perf_counter() - started, 1)
    # Written last: a dataset without a manifest is incomplete and gets rebuilt.
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return Dataset(size, root, manifest)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive integers, not {text!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--skip-taskwarrior", action="store_true")
    parser.add_argument("--regenerate", action="store_true", help="Rebuild cached datasets.")
    args = parser.parse_args(argv)
    use_taskwarrior = not args.skip_taskwarrior and shutil.which("task") is not None
    for size in args.sizes:
        dataset = ensure_dataset(size, args.seed, use_taskwarrior, args.regenerate)
        print(f"{dataset.root}: {json.dumps(dataset.manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
