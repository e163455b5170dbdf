"""Focus sessions: how exactly a real pomodoro work interval ends, and what it costs.

A real ``microtask pomodoro --free --work 60s --cycles 1`` runs twice: once with its output
piped (plain phase lines) and once under a pseudo-terminal (the live view). This script reads
the child's output as it arrives and stamps each phase line with ``time.monotonic()``:

- phase error: |(arrival of "work 1/1 completed") - (arrival of "work 1/1 started")
  - the requested length|; target under 0.2 s;
- CPU: the child's user + system time (``os.wait4``) over its wall time, as measured, less
  the CPU of ``microtask --version`` (start-up), and during the work interval alone (from
  ``/proc``); target under 2 %;
- live view: redraws per second on the terminal; target at most 4.

It also times ``microtask status`` (a pomodoro running in the background, and idle) against
``microtask --version`` and ``python -c "import typer"`` in the same run, and lists what
``status`` imports (``-X importtime``): never SQLAlchemy, SQLModel, Rich or pendulum.

    .venv/bin/python bench/focus.py                  # a real 60-second interval
    .venv/bin/python bench/focus.py --seconds 3      # the CI smoke run
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import fcntl
import json
import os
import platform
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from run import (
    Contender,
    Timing,
    Tools,
    find_tools,
    microtask_env,
    print_table,
    race,
    run_once,
    source_revision,
    version_of,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_FILE = BENCH_DIR / "results" / "focus.json"

PHASE_ERROR_TARGET = 0.2  # seconds, either way
CPU_TARGET = 0.02  # share of wall time
REDRAW_TARGET = 4.0  # redraws in any one second of the live view
STATUS_RUNS = 15
STARTUP_CPU_RUNS = 5
EXTRA_WAIT = 60.0  # seconds a run may take beyond its interval before it is killed
BURST_GAP = 0.05  # output closer together than this is one redraw
HEAVY_MODULES = ("sqlalchemy", "sqlmodel", "rich", "pendulum")
SHOWN_PACKAGES = 8  # the largest imports printed (the JSON file has all from 1 ms up)

START_MARK = "work 1/1 started"
END_MARK = "work 1/1 completed"
SUMMARY_MARK = "Pomodoros: 1 completed"
ERASE_LINE_UP = b"\r\x1b[2K\x1b[1A"  # how Rich's Live starts every redraw but the first
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-Z\\-_]")
TERMINAL = {"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "30"}


class BenchFailed(RuntimeError):
    """The run did not do what it should (exit code, missing lines): nothing to report."""


def focus_env(home: Path) -> dict[str, str]:
    """``run.microtask_env`` (bytecode cache on, ``MICROTASK_HOME``) as a user's shell has it:
    without the sandbox's ``PYTHONUNBUFFERED`` either, and without ``NO_COLOR``."""
    env = microtask_env(home)
    env.pop("PYTHONUNBUFFERED", None)
    env.pop("NO_COLOR", None)
    return env


def fresh_home(scratch: Path, name: str, tools: Tools) -> tuple[Path, dict[str, str]]:
    """An empty MICROTASK_HOME whose database exists (created by one ``status``)."""
    home = scratch / name
    home.mkdir()
    env = focus_env(home)
    run_once([str(tools.microtask), "status"], env)
    return home, env


# -- child processes ---------------------------------------------------------------------


def reap(proc: subprocess.Popen[bytes], timeout: float | None = None) -> tuple[int, float]:
    """Wait for ``proc``; its exit code and CPU seconds (user + system, from ``wait4``)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, 0 if deadline is None else os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.monotonic() > deadline:
            proc.kill()
            deadline = None
        time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime


def cpu_now(pid: int) -> float | None:
    """CPU seconds ``pid`` has used so far (Linux ``/proc``; None elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup_cpu(tools: Tools, env: Mapping[str, str], runs: int) -> float:
    """Median CPU seconds of ``microtask --version``: what any command pays to start."""
    samples = []
    for _ in range(runs):
        proc = subprocess.Popen(
            [str(tools.microtask), "--version"],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        code, cpu = reap(proc)
        if code != 0:
            raise BenchFailed(f"microtask --version exited {code}")
        samples.append(cpu)
    return statistics.median(samples)


# -- one focus run -----------------------------------------------------------------------


@dataclass
class Watcher:
    """Reads a child's output as it arrives: when each phase line came, and every chunk."""

    pid: int
    spawned: float
    marks: dict[str, float] = field(default_factory=dict)
    cpu_at: dict[str, float | None] = field(default_factory=dict)
    chunks: list[tuple[float, int]] = field(default_factory=list)
    """(arrival, offset of the chunk in ``data``)."""
    data: bytearray = field(default_factory=bytearray)

    def feed(self, chunk: bytes, arrived: float) -> None:
        window = self.data[-512:] + chunk  # a line cut between two reads is whole here
        self.chunks.append((arrived, len(self.data)))
        self.data += chunk
        text = ANSI.sub("", window.decode("utf-8", "replace"))
        for mark in (START_MARK, END_MARK):
            if mark not in self.marks and mark in text:
                self.marks[mark] = arrived
                self.cpu_at[mark] = cpu_now(self.pid)

    def drain(self, fd: int, deadline: float, proc: subprocess.Popen[bytes]) -> None:
        """Read ``fd`` until the child closes it (end of file, or EIO on a pty)."""
        while True:
            if time.monotonic() > deadline:
                proc.kill()
                raise BenchFailed(f"no end of output after {deadline - self.spawned:.0f} s")
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the pty's other side is closed
                return
            if not chunk:
                return
            self.feed(chunk, time.monotonic())

    def text(self) -> str:
        return ANSI.sub("", self.data.decode("utf-8", "replace"))

    def time_at(self, offset: int) -> float:
        """When the byte at ``offset`` arrived."""
        index = bisect.bisect_right([o for _, o in self.chunks], offset) - 1
        return self.chunks[max(index, 0)][0]


@dataclass
class FocusResult:
    mode: str
    requested_s: float
    measured_s: float
    error_s: float
    first_line_s: float
    """From spawning the process to the "started" line."""
    exit_after_s: float
    """From the "completed" line to the process's end."""
    wall_s: float
    cpu_s: float
    startup_cpu_s: float
    interval_cpu_s: float | None
    """CPU used between the two lines (from /proc)."""
    output_bytes: int
    redraws: int | None = None
    redraws_per_s: float | None = None
    peak_redraws_1s: int | None = None
    frames: int | None = None
    bytes_per_s: float | None = None

    @property
    def cpu_share(self) -> float:
        return self.cpu_s / self.wall_s

    @property
    def cpu_share_less_startup(self) -> float:
        return max(self.cpu_s - self.startup_cpu_s, 0.0) / self.wall_s

    @property
    def interval_cpu_share(self) -> float | None:
        if self.interval_cpu_s is None:
            return None
        return self.interval_cpu_s / self.measured_s

    def summary(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "requested_s": self.requested_s,
            "measured_s": round(self.measured_s, 4),
            "error_ms": round(self.error_s * 1000, 1),
            "first_line_after_spawn_ms": round(self.first_line_s * 1000, 1),
            "exit_after_last_line_ms": round(self.exit_after_s * 1000, 1),
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "cpu_percent": round(self.cpu_share * 100, 3),
            "startup_cpu_s": round(self.startup_cpu_s, 3),
            "cpu_percent_less_startup": round(self.cpu_share_less_startup * 100, 3),
            "interval_cpu_s": _round(self.interval_cpu_s, 3),
            "interval_cpu_percent": _round(_percent(self.interval_cpu_share), 3),
            "output_bytes": self.output_bytes,
            "redraws": self.redraws,
            "redraws_per_s": _round(self.redraws_per_s, 2),
            "peak_redraws_in_1s": self.peak_redraws_1s,
            "frames_drawn": self.frames,
            "bytes_per_s": _round(self.bytes_per_s, 0),
        }


def pomodoro_argv(tools: Tools, seconds: int) -> list[str]:
    return [str(tools.microtask), "pomodoro", "--free", "--work", f"{seconds}s", "--cycles", "1"]


def run_plain(tools: Tools, env: Mapping[str, str], seconds: int, startup: float) -> FocusResult:
    """The pomodoro with its stdout piped: one plain line per phase start and end."""
    with tempfile.TemporaryFile() as errors:
        spawned = time.monotonic()
        proc = subprocess.Popen(
            pomodoro_argv(tools, seconds),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert proc.stdout is not None
        watcher = Watcher(proc.pid, spawned)
        try:
            watcher.drain(proc.stdout.fileno(), spawned + seconds + EXTRA_WAIT, proc)
        finally:
            proc.stdout.close()
            code, cpu = reap(proc, timeout=EXTRA_WAIT)
        ended = time.monotonic()
        check_run("plain", code, watcher, errors)
    return result_of("plain", watcher, seconds, ended, cpu, startup)


def run_live(tools: Tools, env: Mapping[str, str], seconds: int, startup: float) -> FocusResult:
    """The pomodoro on a pseudo-terminal (80x30, xterm-256color): the live view."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 80, 0, 0))
    try:
        spawned = time.monotonic()
        proc = subprocess.Popen(
            pomodoro_argv(tools, seconds),
            env={**env, **TERMINAL},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        slave = -1
        watcher = Watcher(proc.pid, spawned)
        try:
            watcher.drain(master, spawned + seconds + EXTRA_WAIT, proc)
        finally:
            code, cpu = reap(proc, timeout=EXTRA_WAIT)
        ended = time.monotonic()
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    check_run("live", code, watcher, None)
    result = result_of("live", watcher, seconds, ended, cpu, startup)
    count_redraws(result, watcher)
    return result


def check_run(mode: str, code: int, watcher: Watcher, errors: IO[bytes] | None) -> None:
    text = watcher.text()
    if errors is not None:
        errors.seek(0)
        text += errors.read().decode("utf-8", "replace")
    missing = [m for m in (START_MARK, END_MARK, SUMMARY_MARK) if m not in text]
    if code != 0 or missing:
        tail = "\n".join(text.strip().splitlines()[-5:])
        raise BenchFailed(f"{mode} run exited {code}, missing {missing}; its output ended:\n{tail}")


def result_of(
    mode: str, watcher: Watcher, seconds: int, ended: float, cpu: float, startup: float
) -> FocusResult:
    started, completed = watcher.marks[START_MARK], watcher.marks[END_MARK]
    cpu_start, cpu_end = watcher.cpu_at[START_MARK], watcher.cpu_at[END_MARK]
    measured = completed - started
    return FocusResult(
        mode=mode,
        requested_s=seconds,
        measured_s=measured,
        error_s=abs(measured - seconds),
        first_line_s=started - watcher.spawned,
        exit_after_s=ended - completed,
        wall_s=ended - watcher.spawned,
        cpu_s=cpu,
        startup_cpu_s=startup,
        interval_cpu_s=None if cpu_start is None or cpu_end is None else cpu_end - cpu_start,
        output_bytes=len(watcher.data),
    )


def count_redraws(result: FocusResult, watcher: Watcher) -> None:
    """Redraws of the live view during the work interval, and the most in any one second.

    A redraw is a burst of output: writes closer together than BURST_GAP are one (at a phase
    start Rich draws the panel, the phase line and the panel again within milliseconds).
    ``frames`` counts every panel Rich drew, bursts or not.
    """
    started, completed = watcher.marks[START_MARK], watcher.marks[END_MARK]
    bursts: list[float] = []
    for arrived, _ in watcher.chunks:
        if not bursts or arrived - bursts[-1] >= BURST_GAP:
            bursts.append(arrived)
    during = [t for t in bursts if started <= t <= completed]
    frame_times = [
        watcher.time_at(m.start()) for m in re.finditer(re.escape(ERASE_LINE_UP), watcher.data)
    ]
    result.redraws = len(during)
    result.redraws_per_s = len(during) / result.measured_s
    result.peak_redraws_1s = max(
        (bisect.bisect_left(bursts, t + 1.0) - i for i, t in enumerate(bursts)), default=0
    )
    result.frames = 1 + sum(1 for t in frame_times if started <= t <= completed)
    first = bisect.bisect_left([t for t, _ in watcher.chunks], started)
    last = bisect.bisect_right([t for t, _ in watcher.chunks], completed)
    offsets = [o for _, o in watcher.chunks] + [len(watcher.data)]
    result.bytes_per_s = (offsets[last] - offsets[first]) / result.measured_s


# -- status ------------------------------------------------------------------------------


def start_background(tools: Tools, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """A long pomodoro in the background (output discarded), once ``status`` sees it."""
    proc = subprocess.Popen(
        pomodoro_argv(tools, 3600),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchFailed(f"the background pomodoro exited {proc.returncode}")
        if is_running(tools, env):
            return proc
        time.sleep(0.05)
    proc.kill()
    raise BenchFailed("the background pomodoro did not show in `microtask status` within 30 s")


def is_running(tools: Tools, env: Mapping[str, str]) -> bool:
    shown = json.loads(run_once([str(tools.microtask), "status", "--json"], env, capture=True))
    return bool(shown.get("running")) and shown.get("kind") == "pomodoro"


def stop_background(
    tools: Tools, env: Mapping[str, str], proc: subprocess.Popen[bytes]
) -> dict[str, Any]:
    """``microtask stop`` ends the background run (SIGTERM); how long that took."""
    started = time.monotonic()
    run_once([str(tools.microtask), "stop"], env)
    stopped = time.monotonic() - started
    code, _cpu = reap(proc, timeout=10)
    return {"stop_ms": round(stopped * 1000, 1), "background_exit_code": code}


def bench_status(
    tools: Tools, running_env: Mapping[str, str], idle_env: Mapping[str, str], runs: int
) -> dict[str, Timing]:
    mt = str(tools.microtask)
    contenders: list[Contender] = [
        ("status (pomodoro running)", lambda _n: [mt, "status"], running_env),
        ("status --short (running)", lambda _n: [mt, "status", "--short"], running_env),
        ("status (idle)", lambda _n: [mt, "status"], idle_env),
        ("microtask --version", lambda _n: [mt, "--version"], idle_env),
        (
            "python -c 'import typer'",
            lambda _n: [str(tools.python), "-c", "import typer"],
            idle_env,
        ),
    ]
    return {t.label: t for t in race(contenders, runs)}


def import_profile(tools: Tools, env: Mapping[str, str]) -> dict[str, Any]:
    """What ``microtask status`` imports, from ``-X importtime``: per top-level package, the
    sum of its modules' own import times, and whether a heavy library is among them."""
    result = subprocess.run(
        [str(tools.python), "-X", "importtime", str(tools.microtask), "status"],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchFailed(f"status under -X importtime exited {result.returncode}")
    own_us: dict[str, int] = {}
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        own_us[package] = own_us.get(package, 0) + int(parts[0])
    ranked = sorted(own_us.items(), key=lambda kv: -kv[1])
    return {
        "heavy_imported": [m for m in HEAVY_MODULES if m in own_us],
        "total_import_ms": round(sum(own_us.values()) / 1000, 1),
        "packages_ms": {name: round(us / 1000, 1) for name, us in ranked if us >= 1000},
    }


# -- the report --------------------------------------------------------------------------


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


def pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.2f} %"


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "ok" if ok else "MISSED"


def targets(focus: Sequence[FocusResult], imports: Mapping[str, Any]) -> dict[str, bool | None]:
    checks: dict[str, bool | None] = {}
    for r in focus:
        checks[f"{r.mode}: phase error under {PHASE_ERROR_TARGET:g} s"] = (
            r.error_s < PHASE_ERROR_TARGET
        )
        checks[f"{r.mode}: CPU under {CPU_TARGET:.0%} of wall time (whole process)"] = (
            r.cpu_share < CPU_TARGET
        )
        interval = r.interval_cpu_share
        checks[f"{r.mode}: CPU under {CPU_TARGET:.0%} during the work interval"] = (
            None if interval is None else interval < CPU_TARGET
        )
        if r.peak_redraws_1s is not None:
            checks[f"{r.mode}: at most {REDRAW_TARGET:g} redraws in any second"] = (
                r.peak_redraws_1s <= REDRAW_TARGET
            )
    checks["status imports none of " + ", ".join(HEAVY_MODULES)] = not imports["heavy_imported"]
    return checks


def report(
    focus: Sequence[FocusResult],
    status: Mapping[str, Timing],
    imports: Mapping[str, Any],
    meta: dict[str, Any],
) -> dict[str, Any]:
    seconds = meta["seconds"]
    print(f"\nA {seconds} s work interval: microtask pomodoro --free --work {seconds}s --cycles 1")
    print_table(
        ["mode", "measured", "error", "wall", "CPU", "CPU %", "less start-up", "in interval"],
        [
            [
                r.mode,
                f"{r.measured_s:.3f} s",
                f"{r.error_s * 1000:.1f} ms",
                f"{r.wall_s:.2f} s",
                ms(r.cpu_s),
                pct(r.cpu_share),
                pct(r.cpu_share_less_startup),
                pct(r.interval_cpu_share),
            ]
            for r in focus
        ],
    )
    startup = ms(meta["startup_cpu_s"])
    print(f"start-up CPU (microtask --version, median of {STARTUP_CPU_RUNS} runs): {startup}")
    for r in focus:
        print(
            f"{r.mode}: first line {ms(r.first_line_s)} after spawn, "
            f"exit {ms(r.exit_after_s)} after the last line"
        )
        if r.redraws_per_s is not None:
            print(
                f"{r.mode}: {r.redraws_per_s:.2f} redraws/s ({r.redraws} in the interval, "
                f"{r.frames} panels drawn), at most {r.peak_redraws_1s} in any second, "
                f"{r.bytes_per_s or 0:,.0f} bytes/s"
            )

    typer_s = status["python -c 'import typer'"].median
    version_s = status["microtask --version"].median
    print(f"\nstatus (median of {meta['status_runs']} runs, taking turns)")
    print_table(
        ["command", "time", "vs import typer", "vs --version"],
        [
            [label, ms(t.median), f"{t.median / typer_s:.2f}x", f"{t.median / version_s:.2f}x"]
            for label, t in status.items()
        ],
    )
    if "stop" in meta:
        print(f"`microtask stop` ended the background pomodoro in {meta['stop']['stop_ms']:.0f} ms")
    heavy = ", ".join(imports["heavy_imported"]) or "none"
    print(f"\nstatus imports ({imports['total_import_ms']} ms in all); heavy libraries: {heavy}")
    largest = list(imports["packages_ms"].items())[:SHOWN_PACKAGES]
    print("  largest: " + ", ".join(f"{name} {t} ms" for name, t in largest))

    checks = targets(focus, imports)
    print("\nTargets")
    for name, ok in checks.items():
        print(f"  [{verdict(ok)}] {name}")
    return {
        **meta,
        "focus": [r.summary() for r in focus],
        "status": {
            label: {
                **t.summary(),
                "vs_import_typer": round(t.median / typer_s, 2),
                "vs_version": round(t.median / version_s, 2),
            }
            for label, t in status.items()
        },
        "status_imports": dict(imports),
        "targets": checks,
    }


def machine_meta(tools: Tools, env: Mapping[str, str], seconds: int) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source_revision(),
        "seconds": seconds,
        "status_runs": STATUS_RUNS,
        "microtask": version_of([str(tools.microtask), "--version"], env),
        "notify_send": shutil.which("notify-send") is not None,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--seconds", type=int, default=60, help="Length of the work interval (default 60)."
    )
    parser.add_argument("--microtask", help="The microtask executable (default: next to python).")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="JSON results file.")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 3600:
        parser.error("--seconds must be between 1 and 3600")

    tools = find_tools(args.microtask, skip_taskwarrior=True)
    with tempfile.TemporaryDirectory(prefix="microtask-focus-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        _warm_home, warm_env = fresh_home(scratch, "warm-up", tools)
        meta = machine_meta(tools, warm_env, args.seconds)
        machine = meta["machine"]
        print(
            f"{meta['microtask']} ({meta['source'] or 'not a git checkout'}), "
            f"{machine['cpus']} CPUs, load average {machine['load_average_at_start'][0]}"
        )
        print("warming up (a 1 s run in each mode) ...", flush=True)
        run_plain(tools, warm_env, 1, 0.0)
        run_live(tools, warm_env, 1, 0.0)
        startup = startup_cpu(tools, warm_env, STARTUP_CPU_RUNS)
        meta["startup_cpu_s"] = round(startup, 3)

        focus: list[FocusResult] = []
        for mode, runner in (("plain", run_plain), ("live", run_live)):
            _home, env = fresh_home(scratch, mode, tools)
            print(f"{mode}: a {args.seconds} s work interval ...", flush=True)
            focus.append(runner(tools, env, args.seconds, startup))

        print("timing status ...", flush=True)
        _idle_home, idle_env = fresh_home(scratch, "idle", tools)
        _running_home, running_env = fresh_home(scratch, "running", tools)
        background = start_background(tools, running_env)
        try:
            status = bench_status(tools, running_env, idle_env, STATUS_RUNS)
            imports = import_profile(tools, running_env)
            if not is_running(tools, running_env):
                raise BenchFailed("the background pomodoro stopped while status was timed")
        finally:
            if background.returncode is None:
                with contextlib.suppress(Exception):
                    meta["stop"] = stop_background(tools, running_env, background)
            if background.returncode is None:
                background.kill()
                reap(background)
    meta["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    summary = report(focus, status, imports, meta)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as error:
        sys.exit(f"bench/focus.py: {error}")
