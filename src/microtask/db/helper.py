"""A second process that writes half of a long JSON stream's task texts, in the same
snapshot as the command, on the machine's second core.

SQLite works on one core per connection, and two threads of one process, each on its own
connection, gain nothing: measured 1.4x slower, even with one row a chunk, so not for
Python's lock (the connections of a process share SQLite's allocator and its mutex, the
likely cause). A process of its own shares neither. ``list --json`` of 80,000 tasks
spends most of its time in SQLite writing each task's text (``db.task_json``): with a
helper writing every other chunk, that part takes 0.63x as long.

The helper must read exactly what the command reads. Its snapshot is taken while a
second connection of the command holds the store's write lock, so no write can land
between the command's snapshot and the helper's; the lock is given back as soon as
both are taken (a few milliseconds: a writer waits, through its busy timeout). Where the
lock is not free at once, or anything else stands in the way (one core, no ``fork``,
another thread, a read-only store), there is no helper and the command writes every
chunk itself, as it always could. ``MICROTASK_HELPER=0`` turns helpers off.

A helper answers requests on a pipe: the ids of a chunk (and their urgencies), answered
by the texts :func:`db.task_json.json_texts` gives, one a line (a text holds no raw
newline: JSON escapes it). It ends when the command closes the pipe, or when it fails:
the command then writes the chunks left itself.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

SMALLEST_STORE_BYTES = 2 * 1024 * 1024
"""A store smaller than this gets no helper: its streams are short (10,000 tasks make
about 4 MB, where a helper makes `list --json` take 0.9x as long), and starting one (5 ms)
would cost more than it saves."""

READY_SECONDS = 2.0
"""How long a helper may take to open the store and take its snapshot (writers wait that
long at most; it takes milliseconds)."""

_HEADER = struct.Struct("<Q")
_PIPE_BYTES = 1 << 20
"""A reply (a chunk's texts, 600 KB for 1,000 tasks) fits in the pipe whole: the helper
goes on to the next chunk without waiting for the command to read it."""


def wanted(path: Path) -> bool:
    """Whether a helper may pay off here and can run at all."""
    import threading

    if os.environ.get("MICROTASK_HELPER", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    if threading.active_count() > 1:  # a fork copies one thread: another's locks stay held
        return False
    try:
        cores = len(os.sched_getaffinity(0))
        size = path.stat().st_size
    except OSError:
        return False
    return cores >= 2 and size >= SMALLEST_STORE_BYTES


def hold_writers(path: Path) -> sqlite3.Connection | None:
    """A connection holding the store's write lock (no commit lands while it does), or
    None when the lock is not free at once or cannot be taken (a read-only store)."""
    try:
        holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        holder.execute("PRAGMA busy_timeout = 0")
        holder.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        holder.close()
        return None
    return holder


def release(holder: sqlite3.Connection) -> None:
    """Give the write lock back (closing the connection would too)."""
    with suppress(sqlite3.Error):
        holder.execute("ROLLBACK")
    with suppress(sqlite3.Error):
        holder.close()


def _set_pipe_size(fd: int) -> None:
    import fcntl

    # Else the default 64 KB: the helper then waits for each reply to be read.
    with suppress(OSError):
        fcntl.fcntl(fd, 1031, _PIPE_BYTES)  # F_SETPIPE_SZ (Linux)


class TextHelper:
    """The command's side: ask for a chunk's texts, then take the answer."""

    def __init__(self, pid: int, requests: BinaryIO, replies: BinaryIO) -> None:
        self.pid = pid
        self._requests = requests
        self._replies = replies
        self.alive = True

    def ask(
        self,
        ids: Sequence[int],
        urgencies: Sequence[float] | None,
        urgency: tuple[str, dict[str, Any]],
        links: bool,
    ) -> bool:
        """Ask for :func:`db.task_json.json_texts` of these; False (and no helper any more)
        when the request cannot be sent."""
        import pickle

        if not self.alive:
            return False
        listed = None if urgencies is None else list(urgencies)
        body = pickle.dumps((list(ids), urgency, links, listed))
        try:
            self._requests.write(_HEADER.pack(len(body)) + body)
            self._requests.flush()
        except OSError:
            self.close()
            return False
        return True

    def answer(self, count: int) -> list[str | None] | None:
        """The texts of the chunk asked for (None for a task to build in Python), or None
        when the helper is gone: the command then writes that chunk itself."""
        if not self.alive:
            return None
        if count == 0:
            return []
        try:
            header = self._replies.read(_HEADER.size)
            if len(header) < _HEADER.size:
                raise EOFError
            (size,) = _HEADER.unpack(header)
            body = self._replies.read(size)
            if len(body) < size:
                raise EOFError
        except (OSError, EOFError):
            self.close()
            return None
        texts: list[str | None] = [t or None for t in body.decode("utf-8").split("\n")]
        if len(texts) != count:  # never so; a helper that says otherwise is not believed
            self.close()
            return None
        return texts

    def close(self) -> None:
        """End the helper (it sees the pipe close) and wait for it."""
        if self.pid == 0:
            return
        self.alive = False
        for pipe in (self._requests, self._replies):
            with suppress(OSError):
                pipe.close()
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = 0


def start(path: Path) -> TextHelper | None:
    """Fork a helper that opens ``path``, takes its snapshot and then answers requests;
    returns once the snapshot is taken (the caller holds the write lock until then), or
    None if the helper could not start."""
    import select

    requests_in, requests_out = os.pipe()
    replies_in, replies_out = os.pipe()
    _set_pipe_size(replies_out)
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the command writes every chunk
        for fd in (requests_in, requests_out, replies_in, replies_out):
            os.close(fd)
        return None
    if pid == 0:  # the helper: never returns, never runs the command's code or exit handlers
        status = 1
        try:
            os.close(requests_out)
            os.close(replies_in)
            _leave_the_terminal()
            _serve(path, requests_in, replies_out)
            status = 0
        except BaseException:  # any failure: the command writes the chunks left
            pass
        finally:
            os._exit(status)
    os.close(requests_in)
    os.close(replies_out)
    helper = TextHelper(pid, os.fdopen(requests_out, "wb"), os.fdopen(replies_in, "rb"))
    ready, _, _ = select.select([replies_in], [], [], READY_SECONDS)
    if not ready or os.read(replies_in, 1) != b"R":
        helper.close()
        return None
    return helper


def _leave_the_terminal() -> None:
    """The helper's stdin, stdout and stderr become /dev/null: it writes only to its pipe,
    and a reader of the command's output (``| head``, ``$(...)``) never waits for it."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _serve(path: Path, requests_fd: int, replies_fd: int) -> None:
    import pickle

    from microtask.db.engine import MMAP_BYTES, SqliteConn
    from microtask.db.task_json import json_texts

    connection = sqlite3.connect(path, timeout=READY_SECONDS / 2, isolation_level=None)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    connection.execute("BEGIN")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
    os.write(replies_fd, b"R")
    with os.fdopen(requests_fd, "rb") as requests, os.fdopen(replies_fd, "wb") as replies:
        while header := requests.read(_HEADER.size):
            (size,) = _HEADER.unpack(header)
            ids, urgency, links, urgencies = pickle.loads(requests.read(size))
            texts = json_texts(SqliteConn(connection), ids, urgency, links, urgencies)
            body = "\n".join(t or "" for t in texts).encode("utf-8")
            replies.write(_HEADER.pack(len(body)) + body)
            replies.flush()
