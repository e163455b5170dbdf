"""Two builds of microtask side by side: the same commands on copies of the same store,
their runs alternated in one session, and the ratio of their medians (paired per round, so
a noisy moment of the shared machine weighs on both).

For a change's "before and after": install the older commit in a venv of its own and pass
its ``microtask`` as ``--baseline``::

    git worktree add /tmp/base <commit> && python3 -m venv /tmp/base/.venv
    /tmp/base/.venv/bin/pip install -q /tmp/base
    .venv/bin/python bench/compare.py --baseline /tmp/base/.venv/bin/microtask

``import typer`` is timed beside them as the floor of any Typer program.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generate import DEFAULT_SEED, ensure_dataset, parse_sizes
from run import RESULTS_FILE, Timing, microtask_env, run_once, time_once

NOW = "2026-11-23T10:00:00+01:00"
READS: tuple[tuple[str, ...], ...] = (
    ("--version",),
    ("--help",),
    ("list", "--limit", "25"),
    ("next",),
    ("show", "7"),
    ("status",),
    ("today",),
    ("triage", "--list", "--limit", "25"),
    ("report", "week"),
    ("block", "list"),
    ("plan",),
    ("agenda",),
)
WRITES: tuple[tuple[str, ...], ...] = (
    ("add", "Call the bank about the card limit", "-p", "high", "-t", "call"),
    ("edit", "7", "--note", "edited"),
)


def _paired_ratio(ours: Timing, theirs: Timing) -> float:
    """Median over rounds of ours/theirs, each round's two runs taken moments apart."""
    return statistics.median(a / b for a, b in zip(ours.samples, theirs.samples, strict=True))


def compare(
    baseline: str, current: str, size: int, runs: int, seed: int
) -> list[dict[str, object]]:
    dataset = ensure_dataset(size, seed, taskwarrior=False)
    work = Path(tempfile.mkdtemp(prefix="microtask-compare-"))
    rows: list[dict[str, object]] = []
    try:
        envs = {}
        for name in ("baseline", "current"):
            home = work / name
            home.mkdir()
            shutil.copy(dataset.root / "microtask.db", home / "microtask.db")
            env = microtask_env(home, home / "microtask.db")
            env["MICROTASK_NOW"] = NOW
            envs[name] = env
        floor_env = envs["current"]
        for args in (*READS, *WRITES):
            argvs = {"baseline": [baseline, *args], "current": [current, *args]}
            for name, argv in argvs.items():
                run_once(argv, envs[name])  # warm-up (and, for the first, a migration)
            timings = {name: Timing(name) for name in argvs}
            floor = Timing("import typer")
            for _ in range(runs):
                for name, argv in argvs.items():
                    timings[name].samples.append(time_once(argv, envs[name]))
                floor.samples.append(time_once([sys.executable, "-c", "import typer"], floor_env))
            rows.append(
                {
                    "size": size,
                    "command": " ".join(args),
                    "baseline_ms": round(timings["baseline"].median * 1000, 1),
                    "current_ms": round(timings["current"].median * 1000, 1),
                    "current_over_baseline": round(
                        _paired_ratio(timings["current"], timings["baseline"]), 3
                    ),
                    "import_typer_ms": round(floor.median * 1000, 1),
                }
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="The older build's microtask.")
    parser.add_argument(
        "--current",
        default=str(Path(sys.executable).with_name("microtask")),
        help="The build under test (default: next to python).",
    )
    parser.add_argument("--sizes", default="1000,10000", help="Task counts, comma-separated.")
    parser.add_argument("--runs", type=int, default=7, help="Rounds per command.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS_FILE.with_name("compare.json"))
    args = parser.parse_args(argv)
    rows = [
        row
        for size in parse_sizes(args.sizes)
        for row in compare(args.baseline, args.current, size, args.runs, args.seed)
    ]
    heading = ("tasks", "command", "before", "after", "after/before", "typer")
    print("{:>7}  {:<32} {:>9} {:>9} {:>12} {:>7}".format(*heading))
    for row in rows:
        print(
            f"{row['size']:>7,}  {row['command']:<32} {row['baseline_ms']:>7} ms"
            f" {row['current_ms']:>6} ms {row['current_over_baseline']:>11}x"
            f" {row['import_typer_ms']:>4} ms"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
