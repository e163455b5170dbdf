"""Whole-process wall time of microtask against ``import typer`` and Taskwarrior 2.6.

Every figure is the median of ``--runs`` runs after one untimed warm-up run. All the
command lines of one kind take turns, round after round (microtask then task, on every
size), so a noisy neighbour hurts every tool and every size alike. Both tools start from
a fresh copy of the same cached dataset.

    .venv/bin/python bench/run.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generate import (
    DATA_DIR,
    DEFAULT_SEED,
    Dataset,
    ensure_dataset,
    parse_sizes,
    taskrc_text,
    taskwarrior_env,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_FILE = BENCH_DIR / "results" / "latest.json"
WORK_DIR = DATA_DIR / "work"
PYCACHE_DIR = DATA_DIR / "pycache"
LIST_LIMIT = 25
STARTUP_TARGET = 1.5  # microtask start-up at most this many times `import typer`
TARGET_AT_100K = 5.0  # Taskwarrior / microtask at 100,000 tasks, at least

# What `add` adds: the same task for both tools, numbered so every title differs.
ADD_TITLE = "Call the bank about the card limit #{n}"


@dataclass
class Timing:
    """Wall-clock seconds of every timed run of one command line."""

    label: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def summary(self) -> dict[str, Any]:
        return {
            "median_ms": round(self.median * 1000, 1),
            "min_ms": round(min(self.samples) * 1000, 1),
            "max_ms": round(max(self.samples) * 1000, 1),
            "samples_ms": [round(s * 1000, 1) for s in self.samples],
        }


class CommandFailed(RuntimeError):
    pass


def run_once(argv: Sequence[str], env: Mapping[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        list(argv),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandFailed(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout if capture else ""


def time_once(argv: Sequence[str], env: Mapping[str, str]) -> float:
    started = time.perf_counter()
    run_once(argv, env)
    return time.perf_counter() - started


# A contender: a label and how to build its command line for run number n.
Contender = tuple[str, Callable[[int], Sequence[str]], Mapping[str, str]]


def race(contenders: Sequence[Contender], runs: int) -> list[Timing]:
    """One warm-up run each, then ``runs`` timed runs, the contenders taking turns."""
    for _label, argv, env in contenders:
        run_once(argv(0), env)
    timings = [Timing(label) for label, _argv, _env in contenders]
    for n in range(1, runs + 1):
        for timing, (_label, argv, env) in zip(timings, contenders, strict=True):
            timing.samples.append(time_once(argv(n), env))
    return timings


# -- the tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    microtask: Path
    python: Path
    task: str | None


def find_tools(microtask: str | None, skip_taskwarrior: bool) -> Tools:
    bin_dir = Path(sys.executable).parent
    exe = Path(microtask) if microtask else bin_dir / "microtask"
    if not exe.exists():
        sys.exit(f"microtask not found at {exe}: run with the project's .venv/bin/python")
    task = None if skip_taskwarrior else shutil.which("task")
    if not skip_taskwarrior and task is None:
        print(
            "Taskwarrior (`task`) is not installed: reporting microtask alone.\n"
            "Install it with `sudo apt-get install taskwarrior` to compare.\n"
        )
    return Tools(microtask=exe, python=Path(sys.executable), task=task)


def version_of(argv: Sequence[str], env: Mapping[str, str]) -> str:
    try:
        return run_once(argv, env, capture=True).strip()
    except (CommandFailed, OSError) as error:
        return f"unknown ({error})"


def microtask_env(home: Path, database: Path | None = None) -> dict[str, str]:
    """The caller's environment with microtask pointed at ``home`` (and ``database``).

    Python runs with a bytecode cache, as an installed package does: a
    PYTHONDONTWRITEBYTECODE in the caller's environment would otherwise make every run
    recompile microtask's sources (tens of ms). The cache lives under bench/.data/ so
    nothing is written into src/ or the venv.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROTASK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE_DIR)
    env["MICROTASK_HOME"] = str(home)
    if database is not None:
        env["MICROTASK_DB"] = str(database)
    return env


# -- the benchmarks --------------------------------------------------------------------


def bench_startup(tools: Tools, runs: int, home: Path) -> dict[str, Timing]:
    env = microtask_env(home)
    mt = str(tools.microtask)
    timings = race(
        [
            ("microtask --version", lambda _n: [mt, "--version"], env),
            ("microtask --help", lambda _n: [mt, "--help"], env),
            ("python -c 'import typer'", lambda _n: [str(tools.python), "-c", "import typer"], env),
        ],
        runs,
    )
    return {key: t for key, t in zip(("version", "help", "typer"), timings, strict=True)}


@dataclass
class SizeResult:
    size: int
    microtask_list: Timing
    microtask_add: Timing
    task_list: Timing | None = None
    task_add: Timing | None = None


def fresh_copy(dataset: Dataset, with_taskwarrior: bool) -> tuple[Path, Path | None, Path]:
    """A scratch copy of the dataset: microtask db, Taskwarrior rc (its data beside it)."""
    work = WORK_DIR / str(dataset.size)
    shutil.rmtree(work, ignore_errors=True)
    (work / "home").mkdir(parents=True)
    database = work / "microtask.db"
    shutil.copyfile(dataset.microtask_db, database)
    taskrc = None
    if with_taskwarrior:
        taskdata = work / "taskdata"
        shutil.copytree(dataset.taskdata, taskdata)
        taskrc = work / "taskrc"
        taskrc.write_text(taskrc_text(taskdata), encoding="utf-8")
    return database, taskrc, work / "home"


def check_list_output(tools: Tools, mt_env: Mapping[str, str], size: int) -> None:
    """Guard against timing an error screen: the list must show LIST_LIMIT tasks."""
    shown = json.loads(
        run_once(
            [str(tools.microtask), "list", "--limit", str(LIST_LIMIT), "--flat", "--json"],
            mt_env,
            capture=True,
        )
    )
    if len(shown) != min(LIST_LIMIT, size):
        raise CommandFailed(f"microtask list showed {len(shown)} of {size} tasks")


def contenders_for(dataset: Dataset, tools: Tools) -> tuple[list[Contender], list[Contender]]:
    """The ``list`` and the ``add`` command lines of both tools on a fresh copy of ``dataset``."""
    use_task = tools.task is not None and dataset.has_taskwarrior
    database, taskrc, home = fresh_copy(dataset, use_task)
    mt = str(tools.microtask)
    mt_env = microtask_env(home, database)
    check_list_output(tools, mt_env, dataset.size)
    size = dataset.size
    lists: list[Contender] = [
        (f"microtask list {size}", lambda _n: [mt, "list", "--limit", str(LIST_LIMIT)], mt_env)
    ]
    adds: list[Contender] = [
        (
            f"microtask add {size}",
            lambda n: [mt, "add", ADD_TITLE.format(n=n), "-p", "high", "-t", "call", "-P", "bank"],
            mt_env,
        )
    ]
    if use_task and taskrc is not None and tools.task is not None:
        task = tools.task
        tw_env = taskwarrior_env(taskrc, taskrc.parent / "taskdata")
        lists.append(
            (f"task list {size}", lambda _n: [task, "list", f"limit:{LIST_LIMIT}"], tw_env)
        )
        adds.append(
            (
                f"task add {size}",
                lambda n: [
                    task,
                    "add",
                    ADD_TITLE.format(n=n),
                    "priority:H",
                    "+call",
                    "project:bank",
                ],
                tw_env,
            )
        )
    return lists, adds


def bench_sizes(datasets: Sequence[Dataset], tools: Tools, runs: int) -> list[SizeResult]:
    """``list`` then ``add`` of every size and tool, all taking turns in each round.

    Interleaving the sizes too means a load spike on this shared machine lands on every
    size alike, so the growth ratios are not at the mercy of when each size ran.
    """
    lists: list[Contender] = []
    adds: list[Contender] = []
    for dataset in datasets:
        size_lists, size_adds = contenders_for(dataset, tools)
        lists += size_lists
        adds += size_adds
    print(f"timing list on {', '.join(f'{d.size:,}' for d in datasets)} tasks ...", flush=True)
    timings = {t.label: t for t in race(lists, runs)}
    print("timing add ...", flush=True)
    timings.update({t.label: t for t in race(adds, runs)})
    return [
        SizeResult(
            d.size,
            microtask_list=timings[f"microtask list {d.size}"],
            microtask_add=timings[f"microtask add {d.size}"],
            task_list=timings.get(f"task list {d.size}"),
            task_add=timings.get(f"task add {d.size}"),
        )
        for d in datasets
    ]


# -- the report ------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def median_of(timing: Timing | None) -> float | None:
    return None if timing is None else timing.median


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print(" | ".join(cells))


def report(
    startup: dict[str, Timing], sizes: list[SizeResult], meta: dict[str, Any]
) -> dict[str, Any]:
    """Print the tables and the verdicts; return everything for the JSON file."""
    typer_s = startup["typer"].median
    version_ratio = ratio(startup["version"].median, typer_s)
    help_ratio = ratio(startup["help"].median, typer_s)
    print(f"\nStart-up (median of {meta['runs']} runs)")
    print_table(
        ["command", "time", "vs import typer"],
        [
            ["microtask --version", ms(startup["version"].median), times(version_ratio)],
            ["microtask --help", ms(startup["help"].median), times(help_ratio)],
            ["python -c 'import typer'", ms(typer_s), "1.00x"],
        ],
    )

    print(f"\nlist --limit {LIST_LIMIT} and add (median of {meta['runs']} runs)")
    rows = []
    per_size: list[dict[str, Any]] = []
    for r in sizes:
        list_ratio = ratio(median_of(r.task_list), r.microtask_list.median)
        add_ratio = ratio(median_of(r.task_add), r.microtask_add.median)
        rows.append(
            [
                f"{r.size:,}",
                ms(r.microtask_list.median),
                ms(median_of(r.task_list)),
                times(list_ratio),
                ms(r.microtask_add.median),
                ms(median_of(r.task_add)),
                times(add_ratio),
            ]
        )
        per_size.append(
            {
                "size": r.size,
                "microtask_list": r.microtask_list.summary(),
                "task_list": None if r.task_list is None else r.task_list.summary(),
                "list_ratio_task_over_microtask": _round(list_ratio),
                "microtask_add": r.microtask_add.summary(),
                "task_add": None if r.task_add is None else r.task_add.summary(),
                "add_ratio_task_over_microtask": _round(add_ratio),
            }
        )
    print_table(
        ["tasks", "microtask list", "task list", "ratio", "microtask add", "task add", "ratio"],
        rows,
    )
    print("ratio = Taskwarrior time / microtask time (above 1: microtask is faster)")

    growth: dict[str, float | None] = {}
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        growth = {
            "microtask_list": ratio(last.microtask_list.median, first.microtask_list.median),
            "microtask_add": ratio(last.microtask_add.median, first.microtask_add.median),
            "task_list": ratio(median_of(last.task_list), median_of(first.task_list)),
            "task_add": ratio(median_of(last.task_add), median_of(first.task_add)),
        }
        print(f"\nGrowth from {first.size:,} to {last.size:,} tasks (time at largest / smallest)")
        print_table(
            ["command", "microtask", "task"],
            [
                ["list", times(growth["microtask_list"]), times(growth["task_list"])],
                ["add", times(growth["microtask_add"]), times(growth["task_add"])],
            ],
        )

    verdicts = targets(version_ratio, help_ratio, per_size)
    print("\nTargets")
    for name, ok in verdicts.items():
        print(f"  [{'ok' if ok else 'MISSED' if ok is not None else 'n/a'}] {name}")
    return {
        **meta,
        "startup": {
            "microtask_version": startup["version"].summary(),
            "microtask_help": startup["help"].summary(),
            "import_typer": startup["typer"].summary(),
            "version_ratio": _round(version_ratio),
            "help_ratio": _round(help_ratio),
        },
        "sizes": per_size,
        "growth": {k: _round(v) for k, v in growth.items()},
        "targets": verdicts,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def targets(
    version_ratio: float | None, help_ratio: float | None, per_size: list[dict[str, Any]]
) -> dict[str, bool | None]:
    """Each target: met (True), missed (False) or not measured in this run (None)."""

    def at(size: int, key: str) -> float | None:
        found = [s[key] for s in per_size if s["size"] == size]
        return found[0] if found else None

    def check(value: float | None, passes: Callable[[float], bool]) -> bool | None:
        return None if value is None else passes(value)

    list_10k = at(10_000, "list_ratio_task_over_microtask")
    add_10k = at(10_000, "add_ratio_task_over_microtask")
    list_100k = at(100_000, "list_ratio_task_over_microtask")
    add_100k = at(100_000, "add_ratio_task_over_microtask")
    return {
        f"--version within {STARTUP_TARGET}x of import typer": check(
            version_ratio, lambda r: r <= STARTUP_TARGET
        ),
        f"--help within {STARTUP_TARGET}x of import typer": check(
            help_ratio, lambda r: r <= STARTUP_TARGET
        ),
        "10,000 tasks: list faster than Taskwarrior": check(list_10k, lambda r: r > 1.0),
        "10,000 tasks: add faster than Taskwarrior": check(add_10k, lambda r: r > 1.0),
        f"100,000 tasks: list at least {TARGET_AT_100K:g}x faster": check(
            list_100k, lambda r: r >= TARGET_AT_100K
        ),
        f"100,000 tasks: add at least {TARGET_AT_100K:g}x faster": check(
            add_100k, lambda r: r >= TARGET_AT_100K
        ),
    }


def source_revision() -> str | None:
    """The checkout's commit, with ``+dirty`` when src/ has uncommitted changes."""
    root = BENCH_DIR.parent
    try:
        commit = run_once(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], os.environ, True
        )
        changes = run_once(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src"], os.environ, True
        )
    except (CommandFailed, OSError):
        return None
    return commit.strip() + ("+dirty" if changes.strip() else "")


def machine_meta(tools: Tools, runs: int, seed: int, home: Path) -> dict[str, Any]:
    env = microtask_env(home)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source_revision(),
        "runs": runs,
        "seed": seed,
        "list_limit": LIST_LIMIT,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "microtask": version_of([str(tools.microtask), "--version"], env),
        "taskwarrior": None if tools.task is None else version_of([tools.task, "--version"], env),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1000, 10000],
        help="Task counts, comma-separated (default 1000,10000; 100000 is opt-in: "
        "the first Taskwarrior import of it takes about 30 s).",
    )
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command (default 7).")
    parser.add_argument("--skip-taskwarrior", action="store_true", help="Time microtask alone.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Dataset seed.")
    parser.add_argument("--regenerate", action="store_true", help="Rebuild cached datasets.")
    parser.add_argument("--microtask", help="The microtask executable (default: next to python).")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="JSON results file.")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    tools = find_tools(args.microtask, args.skip_taskwarrior)
    sizes = sorted(set(args.sizes))
    with tempfile.TemporaryDirectory(prefix="microtask-bench-") as scratch:
        home = Path(scratch)
        meta = machine_meta(tools, args.runs, args.seed, home)
        print(
            f"{meta['microtask']} ({meta['source'] or 'not a git checkout'}); "
            f"Taskwarrior {meta['taskwarrior'] or 'not used'}"
        )
        machine = meta["machine"]
        print(
            f"{machine['platform']}, {machine['cpus']} CPUs, "
            f"load average {machine['load_average_at_start'][0]}\n"
        )
        datasets = [
            ensure_dataset(size, args.seed, tools.task is not None, args.regenerate)
            for size in sizes
        ]
        print("timing start-up ...", flush=True)
        startup = bench_startup(tools, args.runs, home)
        results = bench_sizes(datasets, tools, args.runs)
    meta["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    summary = report(startup, results, meta)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
