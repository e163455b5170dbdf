"""Importing a Taskwarrior export: ``microtask import taskwarrior FILE`` into a fresh store
against ``task import FILE`` into a fresh Taskwarrior, on the same file (the bench tasks of
``generate.py`` as Taskwarrior's JSON), their runs alternated. Target (issue 15): microtask
takes at most half of Taskwarrior's time::

    .venv/bin/python bench/transfer.py --sizes 1000,10000 --runs 3
    .venv/bin/python bench/transfer.py --sizes 100000 --runs 1     # task import takes minutes
    .venv/bin/python bench/transfer.py --baseline /path/to/other/microtask   # two builds

``--baseline`` times another build in the same runs (each run: this build, the other,
then Taskwarrior), so a change is measured against what it replaced under the same load.

Prints each size's medians and the median of the ratios paired run by run (ours / theirs:
below 1, microtask is faster); writes JSON to ``--output``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from generate import (
    DEFAULT_SEED,
    generate,
    parse_sizes,
    taskrc_text,
    taskwarrior_env,
    taskwarrior_record,
)
from run import microtask_env

NOW = "2026-11-23T10:00:00+01:00"


def timed(argv: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(list(argv), env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def one_size(
    size: int, runs: int, microtask: str, work: Path, baseline: str | None = None
) -> dict[str, object]:
    export = work / f"export-{size}.json"
    export.write_text(json.dumps([taskwarrior_record(t) for t in generate(size, DEFAULT_SEED)]))
    ours: list[float] = []
    theirs: list[float] = []
    before: list[float] = []
    for run in range(runs):
        builds = [(microtask, ours)] + ([(baseline, before)] if baseline else [])
        for number, (build, times) in enumerate(builds):
            home = work / f"home-{size}-{run}-{number}"
            env = microtask_env(home)
            env["MICROTASK_NOW"] = NOW
            times.append(timed([build, "import", "taskwarrior", str(export)], env))
            shutil.rmtree(home, ignore_errors=True)
        data = work / f"tw-{size}-{run}"
        data.mkdir()
        rc = work / f"taskrc-{size}-{run}"
        rc.write_text(taskrc_text(data))
        theirs.append(timed(["task", "import", str(export)], taskwarrior_env(rc, data)))
        shutil.rmtree(data, ignore_errors=True)
    mine, task = statistics.median(ours), statistics.median(theirs)
    # Pair by pair (each of our runs against the Taskwarrior run right after it), then the
    # median: a burst of load on a shared machine then spoils one pair, not the figure.
    paired = statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
    row: dict[str, object] = {
        "size": size,
        "microtask_s": round(mine, 2),
        "taskwarrior_s": round(task, 2),
        "ratio": round(paired, 3),
    }
    if baseline:
        row["baseline_s"] = round(statistics.median(before), 2)
        row["baseline_ratio"] = round(
            statistics.median(a / b for a, b in zip(before, theirs, strict=True)), 3
        )
    return row


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--microtask", default=str(Path(sys.executable).with_name("microtask")))
    parser.add_argument(
        "--baseline",
        help="another microtask build (an executable) timed in the same runs, paired alike",
    )
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / ".data" / "transfer.json"
    )
    options = parser.parse_args(argv)
    if shutil.which("task") is None:
        raise SystemExit("task (Taskwarrior) is not installed: apt-get install taskwarrior")
    work = Path(tempfile.mkdtemp(prefix="microtask-transfer-"))
    try:
        rows = [
            one_size(size, options.runs, options.microtask, work, options.baseline)
            for size in options.sizes
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    extra = f" {'baseline':>9} {'ratio':>7}" if options.baseline else ""
    print(f"{'tasks':>8} {'microtask':>10} {'task import':>12} {'ratio':>7}{extra}")
    for row in rows:
        line = (
            f"{row['size']:>8,} {row['microtask_s']:>9}s {row['taskwarrior_s']:>11}s"
            f" {row['ratio']:>6}x"
        )
        if options.baseline:
            line += f" {row['baseline_s']:>8}s {row['baseline_ratio']:>6}x"
        print(line)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
