"""Every command, timed on the bench stores (issue 11): each read command and the hot
writes, at 1,000, 10,000 and 100,000 tasks, and on a heavy user's store of 100,000 tasks
and 1,000,000 sessions (``report.py``'s history); beside Taskwarrior where it has the same
command, and beside the start-up floors of any Python program (``python -c pass``),
any Typer program (``import typer``) and Rich (``import rich``), all in one run.

For each command and store it prints the median time, the growth from the smallest store,
the peak memory of the process (its own ``ru_maxrss``, from ``wait4``), and the ratio to
the peer: ours / Taskwarrior's, paired round by round over alternated runs (below 1: we
are faster), never a ratio of two medians::

    .venv/bin/python bench/commands.py                        # 1k, 10k, 100k; 3 rounds
    .venv/bin/python bench/commands.py --sessions 1000000     # and the 1M-session store
    .venv/bin/python bench/commands.py --smoke                # CI: tiny, once, no peer

The stores are cached under bench/.data/ (``generate.py``, ``report.py``); each command
runs on a fresh copy of its store, and the writes add tasks to that copy only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import DEFAULT_SEED, ensure_dataset, parse_sizes, taskrc_text, taskwarrior_env
from run import RESULTS_FILE, microtask_env, run_once

NOW = "2026-12-01T10:00:00+01:00"
"""Every microtask run's clock (MICROTASK_NOW): the same instant for every store."""

READS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("list --limit 25", ("list", "--limit", "25")),
    ("list --limit 25 --json", ("list", "--limit", "25", "--json")),
    ("list --json (every open task)", ("list", "--json")),
    ("list TEXT (search)", ("list", "invoice", "--limit", "25")),
    ("list --series", ("list", "--series")),
    ("next", ("next",)),
    ("show 7", ("show", "7")),
    ("status", ("status",)),
    ("today", ("today",)),
    ("triage --list", ("triage", "--list")),
    ("triage --json", ("triage", "--json")),
    ("plan", ("plan",)),
    ("agenda", ("agenda",)),
    ("report week", ("report", "week")),
    ("report month", ("report", "month")),
    ("outsource", ("outsource",)),
    ("score 7", ("score", "7")),
    ("export outsource", ("export", "outsource")),
    ("export tasks --format json", ("export", "tasks", "--format", "json")),
    ("export calendar", ("export", "calendar")),
    ("tags", ("tags",)),
)
WRITES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("add", ("add", "Call the bank about the card limit #{n}", "-p", "high", "-t", "call")),
    ("done", ("done", "{open_id}")),
    ("edit", ("edit", "7", "--note", "edited {n}")),
)
PEERS: dict[str, tuple[str, ...]] = {
    "list --limit 25": ("list", "limit:25"),
    "list --json (every open task)": ("status:pending", "export"),
    "triage --json": ("status:pending", "export"),  # the same open tasks, with reasons
    "export tasks --format json": ("export",),
    "add": ("add", "Call the bank about the card limit #{n}", "priority:H", "+call"),
}
"""Taskwarrior's command for the same job, where it has one."""
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("python -c pass", ("-c", "pass")),
    ("python -c 'import typer'", ("-c", "import typer")),
    ("python -c 'import rich'", ("-c", "import rich")),
    # microtask's own process skips the interpreter's teardown (cli/entry.py): the floor
    # of a Typer program that does the same, for a fair reading of the ratios.
    ("import typer, no teardown", ("-c", "import os, typer; os._exit(0)")),
)


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Store:
    label: str
    size: int
    database: Path
    env: dict[str, str]
    task_env: dict[str, str] | None
    open_ids: list[int]
    baseline_env: dict[str, str] | None = None
    """A copy of the store of its own for ``--baseline`` (the writes change it)."""


def run_measured(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """One whole process: wall seconds and its own peak resident memory (KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}: {stderr.strip()}")
    return elapsed, usage.ru_maxrss


def fill(args: Sequence[str], n: int, store: Store) -> list[str]:
    open_id = store.open_ids[n % len(store.open_ids)] if store.open_ids else 1
    return [a.format(n=n, open_id=open_id) for a in args]


def leaf_ids(microtask: str, env: dict[str, str], count: int) -> list[int]:
    """Open tasks without open steps: ``done`` takes one each run. (Only a few hundred
    are read: a forked child starts with this process's memory, which would show in its
    peak.)"""
    argv = [microtask, "list", "--flat", "--json", "--limit", "300"]
    shown = json.loads(run_once(argv, env, capture=True))
    return [t["id"] for t in shown if not t["subtask_ids"]][:count]


def make_store(label: str, size: int, source: Path, taskdata: Path | None, work: Path) -> Store:
    home = work / label.replace(" ", "_")
    home.mkdir(parents=True)
    database = home / "microtask.db"
    shutil.copyfile(source, database)
    env = microtask_env(home, database)
    env["MICROTASK_NOW"] = NOW
    task_env = None
    if taskdata is not None:
        copy = home / "taskdata"
        shutil.copytree(taskdata, copy)
        rc = home / "taskrc"
        rc.write_text(taskrc_text(copy), encoding="utf-8")
        task_env = taskwarrior_env(rc, copy)
    return Store(label, size, database, env, task_env, [])


Command = tuple[str, tuple[str, ...]]


def bench(
    stores: Sequence[Store],
    commands: Sequence[Command],
    microtask: str,
    runs: int,
    baseline: str | None = None,
) -> dict[tuple[str, str], dict[str, Any]]:
    """Every command on every store, the peer (and the baseline build) beside it, their
    runs alternated round by round."""
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for store in stores:
        run_once([microtask, "list", "--limit", "1"], store.env)  # migrations, urgency
        store.open_ids = leaf_ids(microtask, store.env, runs + 1)
        if baseline is not None and store.baseline_env is not None:
            run_once([baseline, "list", "--limit", "1"], store.baseline_env)
    for name, args in commands:
        print(f"  {name} ...", flush=True)
        for store in stores:
            contenders: dict[str, tuple[list[str], tuple[str, ...], dict[str, str]]] = {
                "ours": ([microtask], args, store.env)
            }
            if baseline is not None and store.baseline_env is not None:
                contenders["baseline"] = ([baseline], args, store.baseline_env)
            peer = PEERS.get(name)
            if peer is not None and store.task_env is not None:
                contenders["peer"] = (["task"], peer, store.task_env)
            samples = {key: Sample() for key in contenders}
            for n in range(runs + 1):  # round 0 warms the caches up, and is not kept
                for key, (program, words, env) in contenders.items():
                    seconds, peak = run_measured([*program, *fill(words, n, store)], env)
                    if n:
                        samples[key].seconds.append(seconds)
                        samples[key].peak_kib.append(peak)
            results[(name, store.label)] = summary(samples)
    return results


def summary(samples: dict[str, Sample]) -> dict[str, Any]:
    ours = samples["ours"]
    out: dict[str, Any] = {
        "median_ms": round(ours.median * 1000, 1),
        "samples_ms": [round(s * 1000, 1) for s in ours.seconds],
        "peak_mib": round(max(ours.peak_kib) / 1024, 1),
    }
    for key in ("peer", "baseline"):
        other = samples.get(key)
        if other is None:
            continue
        out[f"{key}_median_ms"] = round(other.median * 1000, 1)
        out[f"{key}_peak_mib"] = round(max(other.peak_kib) / 1024, 1)
        out[f"ours_over_{key}"] = round(
            statistics.median(a / b for a, b in zip(ours.seconds, other.seconds, strict=True)),
            3,
        )
    return out


def floors(env: dict[str, str], runs: int) -> dict[str, float]:
    found: dict[str, Sample] = {name: Sample() for name, _ in FLOORS}
    for n in range(runs + 1):
        for name, args in FLOORS:
            seconds, peak = run_measured([sys.executable, *args], env)
            if n:
                found[name].seconds.append(seconds)
                found[name].peak_kib.append(peak)
    return {name: round(sample.median * 1000, 1) for name, sample in found.items()}


def ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 999.5 else f"{value:.0f} ms"


def table(
    results: dict[tuple[str, str], dict[str, Any]],
    commands: Sequence[Command],
    stores: Sequence[Store],
    typer_ms: float,
) -> list[str]:
    """The results as a Markdown table: a row per command, a column group per store."""
    labels = [s.label for s in stores]
    head = ["command", *labels, f"growth {labels[0]} -> {labels[-1]}"]
    head += [f"peak at {labels[-1]}", f"{labels[0]} / import typer", "ours / Taskwarrior"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, _ in commands:
        rows = [results[(name, label)] for label in labels]
        first, last = rows[0]["median_ms"], rows[-1]["median_ms"]
        peer = [
            f"{r['ours_over_peer']:.2f}x ({label})"
            for r, label in zip(rows, labels, strict=True)
            if "ours_over_peer" in r
        ]
        cells = [
            name,
            *(ms(r["median_ms"]) for r in rows),
            f"{last / first:.1f}x",
            f"{rows[-1]['peak_mib']:.0f} MiB",
            f"{rows[0]['median_ms'] / typer_ms:.2f}x",
            ", ".join(peer) or "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def baseline_table(
    results: dict[tuple[str, str], dict[str, Any]],
    commands: Sequence[Command],
    stores: Sequence[Store],
) -> list[str]:
    """Before (the baseline build) and after (this one), store by store, with the paired
    ratio after / before and both peaks."""
    head = ["command", "store", "before", "after", "after / before", "peak before", "peak after"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, _ in commands:
        for store in stores:
            r = results[(name, store.label)]
            if "ours_over_baseline" not in r:
                continue
            cells = [
                name,
                store.label,
                ms(r["baseline_median_ms"]),
                ms(r["median_ms"]),
                f"{r['ours_over_baseline']:.2f}x",
                f"{r['baseline_peak_mib']:.0f} MiB",
                f"{r['peak_mib']:.0f} MiB",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000, 100000])
    parser.add_argument(
        "--sessions", type=int, default=0, help="Also the store of N sessions (report.py's)."
    )
    parser.add_argument("--runs", type=int, default=3, help="Timed rounds (default 3).")
    parser.add_argument("--skip-taskwarrior", action="store_true", help="No peer.")
    parser.add_argument("--smoke", action="store_true", help="200 tasks, 1 round, no peer.")
    parser.add_argument(
        "--only",
        help="Only these commands, comma-separated names as printed (e.g. 'outsource,add').",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--microtask", default=str(Path(sys.executable).with_name("microtask")))
    parser.add_argument(
        "--baseline", help="Another build's microtask, alternated with this one (before/after)."
    )
    parser.add_argument("--output", type=Path, default=RESULTS_FILE.with_name("commands.json"))
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.runs, args.skip_taskwarrior, args.sessions = [200], 1, True, 0
    commands = [(name, argv) for name, argv in (*READS, *WRITES)]
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        commands = [(name, argv) for name, argv in commands if name in wanted]
        if len(commands) != len(wanted):
            parser.error(f"--only: unknown commands in {args.only!r}")
    use_task = not args.skip_taskwarrior and shutil.which("task") is not None
    work = Path(tempfile.mkdtemp(prefix="microtask-commands-"))
    try:
        stores = []
        for size in sorted(args.sizes):
            dataset = ensure_dataset(size, args.seed, taskwarrior=use_task)
            taskdata = dataset.taskdata if use_task else None
            stores.append(make_store(f"{size:,}", size, dataset.microtask_db, taskdata, work))
            if args.baseline:
                copy = make_store(f"{size:,} baseline", size, dataset.microtask_db, None, work)
                stores[-1].baseline_env = copy.env
        if args.sessions:
            from report import ensure_history

            history = ensure_history(args.sessions, 20_251_123, regenerate=False)
            label = f"{history.manifest['tasks']:,} + {args.sessions:,} sessions"
            stores.append(make_store(label, args.sessions, history.microtask_db, None, work))
            if args.baseline:
                copy = make_store(f"{label} baseline", 0, history.microtask_db, None, work)
                stores[-1].baseline_env = copy.env
        env = dict(stores[0].env)
        print(f"timing {len(commands)} commands on {len(stores)} stores ...")
        started = time.perf_counter()
        results = bench(stores, commands, args.microtask, args.runs, args.baseline)
        floor = floors(env, max(args.runs, 3))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.runs} rounds, {time.perf_counter() - started:.0f} s; floors: ", end="")
    print(", ".join(f"{name} {ms(value)}" for name, value in floor.items()), "\n")
    lines = table(results, commands, stores, floor["python -c 'import typer'"])
    if args.baseline:
        lines += ["", *baseline_table(results, commands, stores)]
    print("\n".join(lines))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "runs": args.runs,
                "floors_ms": floor,
                "stores": [s.label for s in stores],
                "results": {f"{c} @ {s}": r for (c, s), r in results.items()},
                "table": lines,
            },
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
