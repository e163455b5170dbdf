"""Recurring work (issue 13): what `done` costs on an instance of a series (it creates the
next instance in the same transaction) against `done` on a
plain task, on the 100,000-task bench store; and `list`, `next`, `plan` on that store
before and after it gains 1,000 series and 5,000 dependency edges.

Every figure is the median of ``--runs`` whole-process runs, the two kinds taking turns
round after round. Each round first adds (untimed) a fresh plain task and finds the
series' open instance, so every timed `done` finishes an open task. Target: the instance
within 1.2x of the plain task; the reads no slower with the series and edges.

    .venv/bin/python bench/series.py                 # 100,000 tasks
    .venv/bin/python bench/series.py --size 10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from generate import DEFAULT_SEED, ensure_dataset

TARGET_RATIO = 1.2
SERIES = 1_000
EDGES = 5_000


def microtask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"microtask {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def timed(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    microtask(env, *args)
    return time.perf_counter() - started


def median_ms(samples: Sequence[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def bench_done(env: dict[str, str], runs: int) -> dict[str, float]:
    """`done` on a plain task and on the open instance of a weekly series, alternated."""
    added = json.loads(microtask(env, "add", "Send invoices", "--every", "week", "--json"))
    instance = added["id"]
    plain_samples: list[float] = []
    instance_samples: list[float] = []
    for round_number in range(runs + 1):  # round 0 warms the caches, untimed
        plain = json.loads(microtask(env, "add", f"Plain task {round_number}", "--json"))["id"]
        plain_time = timed(env, "done", str(plain))
        instance_time = timed(env, "done", str(instance))
        following = json.loads(microtask(env, "list", "--series", "--json"))
        instance = next(s["current_id"] for s in following if s["title"] == "Send invoices")
        if round_number:
            plain_samples.append(plain_time)
            instance_samples.append(instance_time)
    plain_ms, instance_ms = median_ms(plain_samples), median_ms(instance_samples)
    return {
        "done_plain_ms": plain_ms,
        "done_instance_ms": instance_ms,
        "ratio": round(instance_ms / plain_ms, 3),
    }


READS = (("list", "--limit", "25"), ("next",), ("plan", "tomorrow"))


def bench_reads(env: dict[str, str], runs: int) -> dict[str, float]:
    for args in READS:
        microtask(env, *args)  # warm-up (and, after a change of shape, the urgency refresh)
    samples: dict[str, list[float]] = {" ".join(args): [] for args in READS}
    for _ in range(runs):
        for args in READS:
            samples[" ".join(args)].append(timed(env, *args))
    return {f"{name}_ms": median_ms(values) for name, values in samples.items()}


def add_series_and_edges(db: Path, seed: int) -> None:
    """1,000 series over open top-level tasks and 5,000 "comes after" links between open
    tasks (always to a lower id: no cycle), written straight into the copy; the stored
    urgency is then recomputed by the next command (its settings fingerprint is dropped)."""
    rng = random.Random(seed)
    connection = sqlite3.connect(db)
    with connection:
        open_ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM tasks WHERE status = 'open' AND parent_id IS NULL ORDER BY id"
            )
        ]
        now = int(time.time())
        for task_id in rng.sample(open_ids, SERIES):
            cursor = connection.execute(
                "INSERT INTO task_series (rule, anchor_ts, created_ts) VALUES ('week', ?, ?)",
                (now, now),
            )
            connection.execute(
                "UPDATE tasks SET series_id = ?, occurrence_ts = coalesce(due_ts, ?) WHERE id = ?",
                (cursor.lastrowid, now, task_id),
            )
        edges: set[tuple[int, int]] = set()
        while len(edges) < EDGES:
            first, second = sorted(rng.sample(open_ids, 2))
            edges.add((second, first))
        connection.executemany("INSERT INTO task_deps (task_id, after_id) VALUES (?, ?)", edges)
        connection.execute("DELETE FROM microtask_meta WHERE key = 'urgency_fingerprint'")
    connection.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    options = parser.parse_args(argv)
    dataset = ensure_dataset(options.size, options.seed, taskwarrior=False)
    with tempfile.TemporaryDirectory(prefix="microtask-series-bench-") as work:
        db = Path(work) / "microtask.db"
        shutil.copy(dataset.microtask_db, db)
        env = {**os.environ, "MICROTASK_DB": str(db), "MICROTASK_HOME": work}
        env.pop("MICROTASK_NOW", None)
        microtask(env, "list", "--limit", "1")  # upgrades the copy: untimed
        print(f"{options.size:,} tasks, median of {options.runs} runs")
        before = bench_reads(env, options.runs)
        done = bench_done(env, options.runs)
        print(
            f"done on a plain task   {done['done_plain_ms']:8.1f} ms\n"
            f"done on an instance    {done['done_instance_ms']:8.1f} ms"
            f"   ratio {done['ratio']:.2f}x (target within {TARGET_RATIO}x)"
        )
        add_series_and_edges(db, options.seed)
        after = bench_reads(env, options.runs)
        print(f"reads, then with {SERIES:,} series and {EDGES:,} dependency edges:")
        for key, value in before.items():
            name = key.removesuffix("_ms")
            ratio = after[key] / value
            print(f"  {name:16} {value:8.1f} ms -> {after[key]:8.1f} ms  ({ratio:.2f}x)")
    return 0 if done["ratio"] <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
