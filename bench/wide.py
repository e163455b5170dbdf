"""A pathological but legal store: one parent with 100,000 steps (issue 17's target: every
command below under 5 s on this machine, and no message longer than a few lines).

Each command runs as a whole process on the store the previous one left, in the order a
user would meet them: split the parent from a file, look at it, list it, rank it for
outsourcing, try to finish a step's parent (refused: open steps), finish it with
``--cascade``, undo that, then delete the tree and undo the deletion. ``--rounds`` repeats
the whole sequence on fresh copies and reports each command's median::

    .venv/bin/python bench/wide.py                  # 100,000 steps, 1 round
    .venv/bin/python bench/wide.py --steps 10000 --rounds 3

Timings are printed and written as JSON (``--output``, default bench/.data/wide.json).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from run import microtask_env

NOW = "2026-11-23T10:00:00+01:00"
TARGET_SECONDS = 5.0
MAX_MESSAGE_LINES = 5


def steps_file(folder: Path, steps: int) -> Path:
    path = folder / "steps.md"
    path.write_text("".join(f"- [ ] Step {n} of the big job ~5m\n" for n in range(steps)))
    return path


def sequence(steps_path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(label, argv, expected exit code), in the order they run."""
    return [
        ("split --from", ("split", "1", "--from", str(steps_path)), 0),
        ("show", ("show", "1"), 0),
        ("list --json", ("list", "--json"), 0),
        ("outsource", ("outsource",), 0),
        ("done (refused)", ("done", "1"), 4),
        ("done --cascade", ("done", "1", "--cascade"), 0),
        ("undo (done)", ("undo",), 0),
        ("drop", ("drop", "1"), 0),
        ("undo (drop)", ("undo",), 0),
        ("rm --yes", ("rm", "1", "--yes"), 0),
        ("undo (rm)", ("undo",), 0),
    ]


def one_round(microtask: str, steps: int) -> dict[str, tuple[float, float, int]]:
    work = Path(tempfile.mkdtemp(prefix="microtask-wide-"))
    try:
        env = microtask_env(work / "home")
        env["MICROTASK_NOW"] = NOW
        subprocess.run(
            [microtask, "add", "The big job", "-e", "100h"],
            env=env,
            check=True,
            capture_output=True,
        )
        found: dict[str, tuple[float, float, int]] = {}
        for label, args, code in sequence(steps_file(work, steps)):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run(
                [microtask, *args], env=env, capture_output=True, text=True, check=False
            )
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
            if result.returncode != code:
                raise SystemExit(f"{label}: exit {result.returncode}: {result.stderr[-500:]}")
            found[label] = (elapsed, cpu, len(result.stderr.splitlines()))
        return found
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--microtask", default=str(Path(sys.executable).with_name("microtask")))
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / ".data" / "wide.json"
    )
    options = parser.parse_args(argv)
    rounds = [one_round(options.microtask, options.steps) for _ in range(options.rounds)]
    rows = []
    print(f"one parent with {options.steps:,} steps; median of {options.rounds} round(s)")
    print("(CPU: user + system time of the process; on a busy machine wall time also waits)")
    print(f"{'command':<16} {'wall s':>7} {'CPU s':>6} {'of target':>10} {'stderr lines':>13}")
    for label in rounds[0]:
        seconds = statistics.median(r[label][0] for r in rounds)
        cpu = statistics.median(r[label][1] for r in rounds)
        lines = max(r[label][2] for r in rounds)
        rows.append(
            {
                "command": label,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "stderr_lines": lines,
            }
        )
        verdict = "" if seconds < TARGET_SECONDS and lines <= MAX_MESSAGE_LINES else "  MISSED"
        print(
            f"{label:<16} {seconds:>7.2f} {cpu:>6.2f} {seconds / TARGET_SECONDS:>9.2f}x"
            f" {lines:>13}{verdict}"
        )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps({"steps": options.steps, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
