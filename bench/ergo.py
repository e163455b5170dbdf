"""Everyday ergonomics at scale (issue 14): what a search and a TAB cost next to their baseline.

- ``list --search WORD --limit 25`` against ``list --limit 25`` (target: within 1.5x), for a
  common word, a rare one, one in no task, and a two-letter one (no trigram: a scan);
- shell completion of task ids and of tags against ``microtask --version`` (target: under
  1.5x), through Typer's completion protocol as bash calls it.

Each command line runs in turn, round after round, on a copy of the cached bench store
(``bench/generate.py``), so a load spike lands on every contender alike; medians are shown.

    .venv/bin/python bench/ergo.py --size 100000 --runs 15
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from generate import ensure_dataset
from run import WORK_DIR, microtask_env

Case = tuple[str, list[str], Mapping[str, str]]


def timed(argv: Sequence[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def complete_env(env: Mapping[str, str], words: str) -> dict[str, str]:
    parts = words.split(" ")
    return {
        **env,
        "_MICROTASK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }


def cases(mt: str, env: Mapping[str, str]) -> tuple[list[Case], list[Case]]:
    search = [
        ("list --limit 25", [mt, "list", "--limit", "25"], env),
        *(
            (
                f"list --search {word} --limit 25",
                [mt, "list", "--search", word, "--limit", "25"],
                env,
            )
            for word in ("invoice", "release", "zzzz", "ab")
        ),
    ]
    complete = [
        ("--version", [mt, "--version"], env),
        ("complete: done <TAB>", [mt], complete_env(env, "microtask done ")),
        ("complete: list --tag <TAB>", [mt], complete_env(env, "microtask list --tag ")),
        ("complete: done 12<TAB>", [mt], complete_env(env, "microtask done 12")),
        ("complete: list -P <TAB>", [mt], complete_env(env, "microtask list -P ")),
        ("complete: list --status <TAB>", [mt], complete_env(env, "microtask list --status ")),
    ]
    return search, complete


def measure(group: Sequence[Case], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name, _, _ in group}
    for _name, argv, env in group:  # warm the page cache and bytecode first
        timed(argv, env)
    for _ in range(runs):
        for name, argv, env in group:
            times[name].append(timed(argv, env))
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, medians: dict[str, float]) -> None:
    baseline = next(iter(medians.values()))
    print(f"\n{title}")
    for name, median in medians.items():
        print(f"  {name:<36} {median * 1000:7.1f} ms  {median / baseline:5.2f}x")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    dataset = ensure_dataset(args.size, taskwarrior=False)
    work = WORK_DIR / f"ergo-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "home").mkdir(parents=True)
    database = work / "microtask.db"
    shutil.copyfile(dataset.microtask_db, database)
    mt = str(Path(sys.executable).with_name("microtask"))
    env = microtask_env(work / "home", database)
    timed([mt, "list", "--limit", "1"], env)  # upgrade the copy once, outside the timings
    search, complete = cases(mt, env)
    report(f"search at {args.size:,} tasks (median of {args.runs})", measure(search, args.runs))
    report(f"completion at {args.size:,} tasks", measure(complete, args.runs))
    return 0


if __name__ == "__main__":
    os.environ.pop("MICROTASK_NOW", None)
    raise SystemExit(main())
