"""`microtask report week|month` on a heavy user's history, against Watson's `watson report`.

A heavy user's five years (100,000 tasks, 1,000,000 focus sessions) and a light user's
(1,000 tasks, 1,000 sessions) of the same shape, in microtask's own SQLite store and as
Watson frames. Every figure is the median of ``--runs`` whole-process runs after one
untimed warm-up run; all the command lines, of both tools and both sizes, take turns in
every round, so a noisy neighbour hurts each of them alike.

    .venv/bin/python bench/report.py                                   # 1,000 and 1,000,000
    .venv/bin/python bench/report.py --sessions 1000 --runs 1 --skip-watson   # CI smoke run
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from generate import DATA_DIR, DAY, GenTask, generate, parse_sizes, write_microtask
from run import (
    CommandFailed,
    Contender,
    Timing,
    microtask_env,
    ms,
    print_table,
    race,
    ratio,
    run_once,
    source_revision,
    times,
    version_of,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_FILE = BENCH_DIR / "results" / "report-latest.json"
WORK_DIR = DATA_DIR / "report-work"
WATSON_VENV = BENCH_DIR / ".watson-venv"
WATSON_PACKAGE = "td-watson==2.1.0"
# Bump when the generated history changes shape: old caches are then ignored.
HISTORY_VERSION = 1
DEFAULT_SEED = 20_251_123
DEFAULT_SESSIONS = (1_000, 1_000_000)

# "Now" for both tools: a Friday evening, so the week and the month both hold data.
END = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
END_TS = int(END.timestamp())
HISTORY_DAYS = 5 * 365
ZONE = "UTC"  # TZ for both tools, so their days and weeks are the same

TARGET_SECONDS = 0.5  # microtask report at 1,000,000 sessions, at most
TARGET_GROWTH = 2.0  # microtask report time at the largest size over the smallest, below

# When in the day sessions start (UTC hours 0-23): mostly office hours, some evenings.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 9, 10, 10, 10, 6, 9, 10, 10, 10, 8, 6, 4, 4, 4, 3, 3)
FREE_SHARE = 0.05  # sessions on no task (a free pomodoro)
RECENT_SHARE = 0.7  # sessions on a recently created task, the rest on any older one
FORGOTTEN_TRACKER = 1e-4  # of tracked sessions: left running for a day or more

# One sessions row: id, kind, task_id, start_ts, end_ts, focus_seconds, pause_seconds, outcome
SessionRow = tuple[int, str, int | None, float, float, float, float, str]


def tasks_for(sessions: int) -> int:
    """A user with N sessions has N / 10 tasks, within 1,000 .. 100,000."""
    return min(100_000, max(1_000, sessions // 10))


# -- the history ---------------------------------------------------------------------------


def make_tasks(count: int, seed: int) -> list[GenTask]:
    """generate.py's tasks, created over the five years; closed a few days after creation.

    generate.py closes a task anywhere between its creation and now (ages of years);
    here a done or dropped task closes after a log-normal age (median 5 days, one in ten
    after about 3 weeks), so "average age at completion" means something.
    """
    tasks = generate(count, seed, END_TS, created_over_days=HISTORY_DAYS)
    rng = random.Random(seed + 1)
    closed: list[GenTask] = []
    for task in tasks:
        if task.status == "open":
            closed.append(task)
            continue
        age = min(int(rng.lognormvariate(math.log(5 * DAY), 1.2)), END_TS - task.created_ts)
        at = task.created_ts + age
        closed.append(replace(task, updated_ts=at, done_ts=at if task.status == "done" else None))
    return closed


def session_shape(rng: random.Random) -> tuple[str, float, float, str]:
    """Kind, focus seconds, pause seconds and outcome of one session.

    80% pomodoros (85% of them completed: 25 minutes; the rest interrupted with less
    focus), 8% time blocks of 30-120 minutes, 12% tracked sessions (median 50 minutes, at
    most 6 hours; now and then one left running for a day).
    """
    kind = rng.random()
    pause = 0.0 if rng.random() < 0.9 else round(rng.uniform(10, 300), 3)
    if kind < 0.80:
        if rng.random() < 0.85:
            return "pomodoro", 1500.0, pause, "completed"
        return "pomodoro", round(rng.uniform(60, 1440), 3), pause, "interrupted"
    if kind < 0.88:
        planned = rng.choice((30, 45, 60, 90, 120)) * 60
        if rng.random() < 0.8:
            return "block", planned - pause, pause, "completed"
        return "block", round(rng.uniform(300, planned - pause), 3), pause, "interrupted"
    if rng.random() < FORGOTTEN_TRACKER:
        length = rng.uniform(20, 30) * 3600
    else:
        length = min(max(rng.lognormvariate(math.log(50 * 60), 0.8), 300.0), 6 * 3600.0)
    return "tracked", round(length, 3), 0.0, "completed"


class TaskPicker:
    """The task a session at some time was about: created by then, not closed before it
    ended; 70% of the time among the recently created ones, else any."""

    def __init__(self, tasks: Sequence[GenTask], rng: random.Random) -> None:
        ordered = sorted(tasks, key=lambda t: (t.created_ts, t.id))
        self.created = [t.created_ts for t in ordered]
        self.ids = [t.id for t in ordered]
        self.closed = [None if t.status == "open" else t.updated_ts for t in ordered]
        self.recent_mean = max(20.0, len(ordered) * 0.02)
        self.rng = rng

    def pick(self, start: float, end: float) -> int | None:
        rng = self.rng
        if rng.random() < FREE_SHARE:
            return None
        known = bisect.bisect_right(self.created, start)
        for _ in range(8):
            if known == 0:
                return None
            if rng.random() < RECENT_SHARE:
                back = min(known - 1, int(rng.expovariate(1 / self.recent_mean)))
                index = known - 1 - back
            else:
                index = rng.randrange(known)
            closed = self.closed[index]
            if closed is None or closed >= end:
                return self.ids[index]
        return None


def make_sessions(count: int, tasks: Sequence[GenTask], seed: int) -> list[SessionRow]:
    """``count`` closed sessions over the five years before END, ids in order of start.

    Days are drawn uniformly, hours by HOUR_WEIGHTS: 1,000,000 sessions make ~550 a day,
    so they overlap in time. Sessions that start late in the evening cross midnight.
    """
    rng = random.Random(seed + 2)
    window_start = END_TS - HISTORY_DAYS * DAY
    first_day, last_day = window_start // DAY, END_TS // DAY
    hours = range(24)
    drawn: list[tuple[float, str, float, float, str]] = []
    while len(drawn) < count:
        day = rng.randint(first_day, last_day)
        hour = rng.choices(hours, weights=HOUR_WEIGHTS)[0]
        start = round(day * DAY + hour * 3600 + rng.random() * 3600, 3)
        kind, focus, pause, outcome = session_shape(rng)
        if start < window_start or start + focus + pause > END_TS:
            continue
        drawn.append((start, kind, focus, pause, outcome))
    drawn.sort()
    picker = TaskPicker(tasks, rng)
    rows: list[SessionRow] = []
    for session_id, (start, kind, focus, pause, outcome) in enumerate(drawn, start=1):
        end = round(start + focus + pause, 3)
        rows.append((session_id, kind, picker.pick(start, end), start, end, focus, pause, outcome))
    return rows


def write_sessions(sessions: Sequence[SessionRow], path: Path) -> None:
    """The sessions into the store at ``path`` in one transaction, and the longest one's
    length noted through microtask's own FocusRepo, as the app does when a session ends."""
    from microtask.db.engine import SqliteConn, SqliteDatabase, connect
    from microtask.db.focus_repo import FocusRepo

    database = connect(str(path))
    if not isinstance(database, SqliteDatabase):
        raise TypeError(f"expected a SQLite file database, got {database.url}")
    connection = database.raw()
    try:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO sessions (id, kind, task_id, start_ts, end_ts, focus_seconds,"
            " pause_seconds, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        longest = max((s[4] - s[3] for s in sessions), default=0.0)
        FocusRepo(SqliteConn(connection)).note_session_length(longest)
        connection.execute("COMMIT")
    finally:
        database.close()


def watson_frames(sessions: Sequence[SessionRow], tasks: Sequence[GenTask], seed: int) -> list[Any]:
    """The sessions as Watson frames: [start, stop, project, id, tags, updated_at].

    Watson keeps whole seconds (its own ``Frame.dump``); the project is the task's project
    or "inbox", the tags the task's tags; a session on no task goes to "inbox" untagged.
    """
    rng = random.Random(seed + 3)
    by_id = {t.id: t for t in tasks}
    frames: list[Any] = []
    for _id, _kind, task_id, start, end, _focus, _pause, _outcome in sessions:
        task = None if task_id is None else by_id[task_id]
        project = (task.project if task else None) or "inbox"
        tags = list(task.tags) if task else []
        frame_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        frames.append([int(start), int(end), project, frame_id, tags, int(end)])
    return frames


def write_watson(frames: Sequence[Any], watson_dir: Path) -> Path:
    """Watson's ``frames`` file, formatted as Watson writes it (indent 1, UTF-8)."""
    watson_dir.mkdir(parents=True, exist_ok=True)
    path = watson_dir / "frames"
    path.write_text(json.dumps(list(frames), indent=1, ensure_ascii=False), encoding="utf-8")
    return path


# -- the periods both tools report on ------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One report period: local (ZONE = UTC) days, first and last inclusive."""

    name: str
    first_day: date
    last_day: date

    @property
    def start_ts(self) -> int:
        return int(datetime.combine(self.first_day, datetime.min.time(), UTC).timestamp())

    @property
    def end_ts(self) -> int:
        """The first instant after the last day."""
        return self.start_ts + ((self.last_day - self.first_day).days + 1) * DAY


def periods() -> dict[str, Span]:
    """The ISO week (Monday first, microtask's default) and the month holding END."""
    today = END.date()
    monday = today - timedelta(days=today.weekday())
    month_days = calendar.monthrange(today.year, today.month)[1]
    return {
        "week": Span("week", monday, monday + timedelta(days=6)),
        "month": Span("month", today.replace(day=1), today.replace(day=month_days)),
    }


# -- the cache -----------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    sessions: int
    root: Path
    manifest: dict[str, Any]

    @property
    def microtask_db(self) -> Path:
        return self.root / "microtask.db"

    @property
    def watson_dir(self) -> Path:
        return self.root / "watson"


def history_root(sessions: int, seed: int) -> Path:
    return DATA_DIR / f"report-{sessions}-seed{seed}-v{HISTORY_VERSION}"


def describe(sessions: Sequence[SessionRow], path: Path) -> dict[str, Any]:
    """Counts that say what the history holds, for the manifest and the README."""
    spans = periods()

    def overlapping(span: Span) -> int:
        return sum(1 for s in sessions if s[3] < span.end_ts and s[4] > span.start_ts)

    import sqlite3

    connection = sqlite3.connect(path)
    try:
        stored = connection.execute(
            "SELECT value FROM microtask_meta WHERE key = 'longest_session'"
        ).fetchone()
    finally:
        connection.close()
    return {
        "kinds": dict(Counter(s[1] for s in sessions)),
        "outcomes": dict(Counter(f"{s[1]} {s[7]}" for s in sessions)),
        "without_task": sum(1 for s in sessions if s[2] is None),
        "crossing_midnight": sum(1 for s in sessions if int(s[3] // DAY) != int(s[4] // DAY)),
        "longest_session_seconds": round(max((s[4] - s[3] for s in sessions), default=0), 1),
        "longest_session_meta": None if stored is None else stored[0],
        "in_week": overlapping(spans["week"]),
        "in_month": overlapping(spans["month"]),
    }


def ensure_history(sessions: int, seed: int, regenerate: bool) -> History:
    """The cached history of ``sessions`` sessions, built first if missing (or asked)."""
    root = history_root(sessions, seed)
    manifest_path = root / "manifest.json"
    if manifest_path.exists() and not regenerate:
        return History(sessions, root, json.loads(manifest_path.read_text("utf-8")))
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    task_count = tasks_for(sessions)
    print(f"generating {task_count:,} tasks and {sessions:,} sessions (seed {seed}) ...")
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    tasks = make_tasks(task_count, seed)
    rows = make_sessions(sessions, tasks, seed)
    seconds["generate_rows"] = time.perf_counter() - started
    lap = time.perf_counter()
    write_microtask(tasks, root / "microtask.db")
    write_sessions(rows, root / "microtask.db")
    seconds["write_microtask"] = time.perf_counter() - lap
    lap = time.perf_counter()
    frames_path = write_watson(watson_frames(rows, tasks, seed), root / "watson")
    seconds["write_watson"] = time.perf_counter() - lap
    seconds["total"] = time.perf_counter() - started
    manifest = {
        "sessions": sessions,
        "tasks": task_count,
        "seed": seed,
        "history_version": HISTORY_VERSION,
        "end": END.isoformat(),
        "history_days": HISTORY_DAYS,
        "zone": ZONE,
        "tasks_by_status": dict(Counter(t.status for t in tasks)),
        **describe(rows, root / "microtask.db"),
        "generation_seconds": {k: round(v, 1) for k, v in seconds.items()},
        "bytes": {
            "microtask_db": (root / "microtask.db").stat().st_size,
            "watson_frames": frames_path.stat().st_size,
        },
    }
    print(
        f"  built in {seconds['total']:.1f} s (rows {seconds['generate_rows']:.1f} s, "
        f"microtask store {seconds['write_microtask']:.1f} s, "
        f"Watson frames {seconds['write_watson']:.1f} s)",
        flush=True,
    )
    # Written last: a history without a manifest is incomplete and gets rebuilt.
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return History(sessions, root, manifest)


# -- the tools -----------------------------------------------------------------------------


def find_watson(explicit: str | None, skip: bool) -> str | None:
    """Watson's executable: ``--watson``, else bench/.watson-venv (made on first use).

    Watson lives in a venv of its own so its click can never clash with ours.
    """
    if skip:
        return None
    if explicit:
        if shutil.which(explicit) is None:
            sys.exit(f"Watson not found at {explicit}")
        return explicit
    exe = WATSON_VENV / "bin" / "watson"
    if not exe.exists():
        print(f"installing {WATSON_PACKAGE} into {WATSON_VENV} (once) ...", flush=True)
        try:
            pip = [str(WATSON_VENV / "bin" / "python"), "-m", "pip"]
            for argv in (
                [sys.executable, "-m", "venv", "--clear", str(WATSON_VENV)],
                [*pip, "install", "--quiet", "--disable-pip-version-check", WATSON_PACKAGE],
            ):
                subprocess.run(argv, check=True, capture_output=True, text=True)
        except (subprocess.CalledProcessError, OSError) as error:
            output = getattr(error, "stderr", None) or str(error)
            last = output.strip().splitlines()[-1:] or ["no output"]
            print(f"could not install Watson ({last[0]}): timing microtask alone.\n")
            shutil.rmtree(WATSON_VENV, ignore_errors=True)
            return None
    return str(exe)


def watson_env(watson_dir: Path) -> dict[str, str]:
    """The caller's environment with Watson pointed at ``watson_dir``, in ZONE."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WATSON_", "MICROTASK_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as for microtask: a user's shell caches bytecode
    env["WATSON_DIR"] = str(watson_dir)
    env["TZ"] = ZONE
    return env


def report_env(home: Path, database: Path) -> dict[str, str]:
    """microtask's environment (see run.py) with the clock pinned at END, in ZONE."""
    env = microtask_env(home, database)
    env["MICROTASK_NOW"] = END.isoformat()
    env["TZ"] = ZONE
    return env


@dataclass(frozen=True)
class Work:
    """Scratch copies of one history, so no run can change the cache."""

    history: History
    database: Path
    home: Path
    watson_dir: Path


def fresh_copy(history: History, with_watson: bool) -> Work:
    work = WORK_DIR / str(history.sessions)
    shutil.rmtree(work, ignore_errors=True)
    (work / "home").mkdir(parents=True)
    database = work / "microtask.db"
    shutil.copyfile(history.microtask_db, database)
    watson_dir = work / "watson"
    if with_watson:
        shutil.copytree(history.watson_dir, watson_dir)
    return Work(history, database, work / "home", watson_dir)


def history_line(manifest: Mapping[str, Any]) -> str:
    sizes = manifest["bytes"]
    return (
        f"{manifest['sessions']:,} sessions on {manifest['tasks']:,} tasks: "
        f"{manifest['in_week']:,} in the week, {manifest['in_month']:,} in the month; "
        f"store {sizes['microtask_db'] / 2**20:,.1f} MiB, "
        f"Watson frames {sizes['watson_frames'] / 2**20:,.1f} MiB "
        f"(built in {manifest['generation_seconds']['total']:.1f} s)"
    )


# -- sanity checks -------------------------------------------------------------------------


def check_microtask(microtask: str, work: Work) -> dict[str, Any]:
    """The report must cover the sessions the history holds in each period (so no error
    screen or empty report is timed); returns what it said."""
    env = report_env(work.home, work.database)
    said: dict[str, Any] = {}
    for name in ("week", "month"):
        argv = [microtask, "report", name, "--format", "json"]
        shown = json.loads(run_once(argv, env, capture=True))
        count = shown.get("sessions") if isinstance(shown, dict) else None
        expected = work.history.manifest[f"in_{name}"]
        said[name] = count
        if isinstance(count, int) and count != expected:
            raise CommandFailed(f"report {name} counted {count} sessions, the data has {expected}")
        if count is None:
            print(f"  (report {name} --format json has no 'sessions' count to check)")
    return said


def check_watson(watson: str, work: Work) -> dict[str, Any]:
    """Watson holds as many frames as microtask has sessions, and its week total equals the
    wall time (whole seconds, clipped to the week) of the sessions in that week."""
    import sqlite3

    frames = json.loads((work.watson_dir / "frames").read_text("utf-8"))
    connection = sqlite3.connect(work.database)
    try:
        sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
        week = periods()["week"]
        # Watson's span runs from the first day's midnight to the last day's 23:59:59.999999.
        stop = week.end_ts - 1e-6
        wall = connection.execute(
            "SELECT coalesce(sum(min(CAST(end_ts AS INTEGER), :stop)"
            " - max(CAST(start_ts AS INTEGER), :start)), 0) FROM sessions"
            " WHERE CAST(start_ts AS INTEGER) <= :stop AND CAST(end_ts AS INTEGER) >= :start",
            {"start": week.start_ts, "stop": stop},
        ).fetchone()[0]
    finally:
        connection.close()
    if len(frames) != sessions:
        raise CommandFailed(f"Watson has {len(frames)} frames, microtask {sessions} sessions")
    argv = [watson, "report", "--json", *watson_period_args(week)]
    shown = json.loads(run_once(argv, watson_env(work.watson_dir), capture=True))
    if abs(float(shown["time"]) - wall) > 1:
        raise CommandFailed(f"Watson's week total is {shown['time']} s, the sessions' {wall} s")
    return {"frames": len(frames), "sessions": sessions, "week_seconds": round(wall)}


# -- the benchmark -------------------------------------------------------------------------


def watson_period_args(span: Span) -> list[str]:
    """The same days as microtask's period: Watson's --week and --month run from the
    period's first day to *today* by the real clock; --from/--to name the days."""
    return ["--from", span.first_day.isoformat(), "--to", span.last_day.isoformat()]


COMMANDS = ("report week", "report month", "report week --format json")


def contenders_for(work: Work, microtask: str, watson: str | None) -> list[Contender]:
    size = work.history.sessions
    env = report_env(work.home, work.database)
    found: list[Contender] = []
    for command in COMMANDS:
        argv = [microtask, *command.split()]
        found.append((f"microtask {command} {size}", lambda _n, a=argv: a, env))
    if watson is not None:
        w_env = watson_env(work.watson_dir)
        for name, span in periods().items():
            argv = [watson, "report", "--no-pager", *watson_period_args(span)]
            found.append((f"watson {name} {size}", lambda _n, a=argv: a, w_env))
    return found


def machine_meta(microtask: str, watson: str | None, runs: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="microtask-bench-") as scratch:
        env = microtask_env(Path(scratch))
        microtask_version = version_of([microtask, "--version"], env)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source_revision(),
        "runs": runs,
        "seed": seed,
        "now": END.isoformat(),
        "zone": ZONE,
        "periods": {
            name: [span.first_day.isoformat(), span.last_day.isoformat()]
            for name, span in periods().items()
        },
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "microtask": microtask_version,
        "watson": None if watson is None else version_of([watson, "--version"], os.environ),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarize(
    histories: Sequence[History], timings: Mapping[str, Timing], meta: dict[str, Any]
) -> dict[str, Any]:
    """Print the tables and the verdicts; return everything for the JSON file."""

    def median(label: str) -> float | None:
        timing = timings.get(label)
        return None if timing is None else timing.median

    sizes = [h.sessions for h in histories]
    first, last = sizes[0], sizes[-1]
    lines = [(f"microtask {c}", f"microtask {c}") for c in COMMANDS]
    lines += [("watson report (week)", "watson week"), ("watson report (month)", "watson month")]
    versus = {"microtask report week": "watson week", "microtask report month": "watson month"}

    print(f"\nmedian of {meta['runs']} runs, whole process")
    headers = ["command", *(f"{n:,} sessions" for n in sizes)]
    if len(sizes) > 1:
        headers.append("growth")
    with_watson = any(label.startswith("watson") for label in timings)
    if with_watson:
        headers += [f"vs watson @{n:,}" for n in sizes]
    rows: list[list[str]] = []
    results: list[dict[str, Any]] = []
    for shown, key in lines:
        medians = [median(f"{key} {n}") for n in sizes]
        if all(m is None for m in medians):
            continue
        row = [shown, *(ms(m) for m in medians)]
        growth = ratio(medians[-1], medians[0]) if len(sizes) > 1 else None
        if len(sizes) > 1:
            row.append(times(growth))
        watson_key = versus.get(key)
        ratios = [
            None if watson_key is None else ratio(median(f"{key} {n}"), median(f"{watson_key} {n}"))
            for n in sizes
        ]
        if with_watson:
            row += [("-" if r is None else f"{r:.3g}x") if watson_key else "" for r in ratios]
        rows.append(row)
        results.append(
            {
                "command": shown,
                "sizes": {
                    str(n): None if (t := timings.get(f"{key} {n}")) is None else t.summary()
                    for n in sizes
                },
                f"growth_{first}_to_{last}": _round(growth),
                "ratio_microtask_over_watson": {
                    str(n): None if r is None else float(f"{r:.3g}")
                    for n, r in zip(sizes, ratios, strict=True)
                },
            }
        )
    print_table(headers, rows)
    print(
        "growth = time at the largest size / at the smallest"
        + ("; vs watson = microtask / Watson (below 1: microtask is faster)" if with_watson else "")
    )

    low, high = DEFAULT_SESSIONS
    verdicts: dict[str, bool | None] = {}
    for name in ("week", "month"):
        at_high = median(f"microtask report {name} {high}")
        verdicts[f"report {name} under {TARGET_SECONDS} s at {high:,} sessions"] = (
            None if at_high is None else at_high < TARGET_SECONDS
        )
        growth = ratio(at_high, median(f"microtask report {name} {low}"))
        verdicts[f"report {name} grows less than {TARGET_GROWTH:g}x from {low:,} to {high:,}"] = (
            None if growth is None else growth < TARGET_GROWTH
        )
    print("\nTargets")
    for name, ok in verdicts.items():
        print(f"  [{'ok' if ok else 'MISSED' if ok is not None else 'n/a'}] {name}")
    return {**meta, "results": results, "targets": verdicts}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sessions",
        type=parse_sizes,
        default=list(DEFAULT_SESSIONS),
        help="Session counts, comma-separated (default 1000,1000000); tasks = sessions / 10, "
        "within 1,000 .. 100,000.",
    )
    parser.add_argument("--runs", type=int, default=5, help="Timed runs per command (default 5).")
    parser.add_argument("--skip-watson", action="store_true", help="Time microtask alone.")
    parser.add_argument(
        "--watson",
        help=f"Watson's executable (default: {WATSON_PACKAGE} in "
        "bench/.watson-venv, installed on first use).",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="History seed.")
    parser.add_argument("--regenerate", action="store_true", help="Rebuild cached histories.")
    parser.add_argument("--microtask", help="The microtask executable (default: next to python).")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="JSON results file.")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    microtask = args.microtask or str(Path(sys.executable).parent / "microtask")
    if not Path(microtask).exists():
        sys.exit(f"microtask not found at {microtask}: run with the project's .venv/bin/python")
    watson = find_watson(args.watson, args.skip_watson)
    meta = machine_meta(microtask, watson, args.runs, args.seed)
    print(
        f"{meta['microtask']} ({meta['source'] or 'not a git checkout'}); "
        f"{meta['watson'] or 'Watson not used'}"
    )
    machine = meta["machine"]
    print(
        f"{machine['platform']}, {machine['cpus']} CPUs, "
        f"load average {machine['load_average_at_start'][0]}\n"
    )

    histories = [ensure_history(n, args.seed, args.regenerate) for n in sorted(set(args.sessions))]
    contenders: list[Contender] = []
    checks: dict[str, Any] = {}
    for history in histories:
        print(history_line(history.manifest))
        work = fresh_copy(history, watson is not None)
        checks[str(history.sessions)] = {"microtask": check_microtask(microtask, work)}
        if watson is not None:
            checked = check_watson(watson, work)
            checks[str(history.sessions)]["watson"] = checked
            print(
                f"  Watson: {checked['frames']:,} frames = {checked['sessions']:,} sessions; "
                f"its week total matches the sessions' ({checked['week_seconds'] / 3600:,.1f} h)"
            )
        contenders += contenders_for(work, microtask, watson)
    rounds = f"{args.runs} round{'s' if args.runs > 1 else ''}"
    print(f"timing {len(contenders)} command lines, {rounds} ...", flush=True)
    timings = {t.label: t for t in race(contenders, args.runs)}
    meta["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["histories"] = {str(h.sessions): h.manifest for h in histories}
    meta["checks"] = checks
    summary = summarize(histories, timings, meta)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
