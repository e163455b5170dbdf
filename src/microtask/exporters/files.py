"""Writing export files safely: all or nothing, and never over a file the user did not offer.

A reader (or a crash) sees either the old file or the complete new one, never half of it:
the text goes to a temporary file beside the target, is flushed to disk, then renamed over it.
Only a regular file (or a symbolic link, itself) is ever replaced: a device, a pipe, a socket
or a folder at the target is refused. SIGTERM and SIGHUP during the write remove the
temporary file; one left by a SIGKILL is removed by a later write to that folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from microtask.domain.errors import ConflictError, StoppedError, StorageError
from microtask.domain.text import visible

TEMP_PREFIX = ".microtask-"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 600.0
"""A temporary file of ours this old was left by a killed write: the next write removes it."""
_KINDS = {
    stat.S_ISDIR: "a folder",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISSOCK: "a socket",
}


def _refuse_special(path: Path, shown: str) -> None:
    """A target that exists and is neither a regular file nor a symbolic link is not ours to
    replace (renaming over ``/dev/full`` would put a file in the device's place)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"cannot write {shown}: {_reason(exc)}") from exc
    for test, kind in _KINDS.items():
        if test(mode):
            raise ConflictError(f"{shown} is {kind}, not a regular file: name a file to write")


@contextlib.contextmanager
def _signals_clean_up() -> Iterator[None]:
    """SIGTERM and SIGHUP end the write by unwinding (so its ``finally`` removes the
    temporary file) instead of killing the process on the spot."""

    def stop(signum: int, _frame: object) -> None:
        raise StoppedError(f"stopped by signal {signum}: nothing was written")

    try:
        saved = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    except ValueError:  # not the main thread: signals cannot be caught here
        yield
        return
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _remove_stale_temps(directory: Path, now: float) -> None:
    """Temporary files of ours older than :data:`STALE_TEMP_SECONDS` in ``directory``."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
                    os.unlink(entry.path)


def write_atomically(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` in one step.

    An existing ``path`` is replaced only with ``force`` (its permission bits are kept);
    otherwise :class:`ConflictError`. A new file gets ``0o666`` minus the umask, like any
    file the user creates. Any OS failure is a one-line :class:`StorageError`, and the
    temporary file is removed whatever happens.
    """
    data = text.encode("utf-8", errors="backslashreplace")  # lone surrogates from argv

    def fill(handle: BinaryIO, _temp: Path) -> None:
        handle.write(data)

    place_atomically(path, fill, force)


def write_pieces_atomically(path: Path, pieces: Iterable[str], force: bool = False) -> None:
    """:func:`write_atomically` of text made as it is written, a piece at a time."""

    def fill(handle: BinaryIO, _temp: Path) -> None:
        for piece in pieces:
            handle.write(piece.encode("utf-8", errors="backslashreplace"))

    place_atomically(path, fill, force)


def place_atomically(
    path: Path, fill: Callable[[BinaryIO, Path], None], force: bool = False, mode: int | None = None
) -> None:
    """:func:`write_atomically` for a file that ``fill`` writes: into the open temporary
    file, or (closing nothing) through its path; ``mode`` for a private file."""
    shown = visible(str(path))
    _refuse_special(path, shown)
    if not force and os.path.lexists(path):
        raise ConflictError(f"{shown} exists: pass --force to overwrite it")
    directory = path.parent
    _remove_stale_temps(directory, time.time())
    with _signals_clean_up():
        _write(path, fill, force, shown, mode)
    _sync_directory(directory)


def _write(
    path: Path,
    fill: Callable[[BinaryIO, Path], None],
    force: bool,
    shown: str,
    mode: int | None,
) -> None:
    directory = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{path.name[:64]}.", suffix=TEMP_SUFFIX, dir=directory
        )
    except FileNotFoundError as exc:
        folder = visible(str(directory))
        raise StorageError(f"cannot write {shown}: folder {folder} does not exist") from exc
    except OSError as exc:
        raise StorageError(f"cannot write {shown}: {_reason(exc)}") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle, temp)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(path) if mode is None else mode)
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)
        else:
            _link_without_clobbering(temp, path, shown)
    except OSError as exc:
        raise StorageError(f"cannot write {shown}: {_reason(exc)}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _link_without_clobbering(temp: Path, path: Path, shown: str) -> None:
    """Give ``temp`` the name ``path`` unless a file took that name since we looked.

    A hard link fails when the name exists, so two exports racing for one name cannot
    overwrite each other. Where hard links are not supported, rename after the check.
    """
    try:
        os.link(temp, path)
    except FileExistsError:
        raise ConflictError(f"{shown} exists: pass --force to overwrite it") from None
    except OSError:
        if os.path.lexists(path):
            raise ConflictError(f"{shown} exists: pass --force to overwrite it") from None
        os.replace(temp, path)


def _mode_for(path: Path) -> int:
    """The existing file's permission bits, else what ``open()`` would give a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return visible(exc.strerror or str(exc)).lower()
