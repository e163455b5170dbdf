"""Is a run's process still alive? The operating-system probes behind crash recovery:
this process's identity, ``kill(pid, 0)`` and ``/proc``, and the boot-time clock that counts
the time a laptop slept."""

from __future__ import annotations

import os
import time
from pathlib import Path

from microtask.domain.record import record
from microtask.domain.sessions import Activity

OTHER_HOST_STALE_SECONDS = 120.0
"""A run on another machine (shared store) is presumed dead after this long without a beat."""


@record
class ThisProcess:
    pid: int
    host: str
    boot_id: str | None


def this_process() -> ThisProcess:
    import socket

    try:
        boot_id: str | None = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot_id = None
    return ThisProcess(os.getpid(), socket.gethostname(), boot_id)


def _process_alive(pid: int) -> bool:
    """Is ``pid`` a live microtask process on this machine? (Zombies and reused pids are not.)"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc (macOS): trust kill(0)
    except OSError:
        return True
    return b"microtask" in command


def is_stale(activity: Activity, me: ThisProcess, now_ts: float) -> bool:
    """Has the process running ``activity`` died (or its machine restarted)?"""
    if activity.pid is None:
        return False  # a tracking runs until `stop`
    if activity.host == me.host:
        if activity.boot_id and me.boot_id and activity.boot_id != me.boot_id:
            return True  # the machine restarted since
        if activity.pid == me.pid:
            return False
        return not _process_alive(activity.pid)
    return now_ts - activity.heartbeat.timestamp() > OTHER_HOST_STALE_SECONDS


def system_sleep_seconds() -> float:
    """Seconds the machine has been asleep (suspended) since boot, as far as we can tell:
    Linux's boot-time clock counts suspend, the monotonic clock does not. 0 elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return 0.0
    return time.clock_gettime(boottime) - time.monotonic()
