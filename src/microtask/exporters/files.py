"""Writing export files safely: all or nothing, and never over a file the user did not offer.

A reader (or a crash) sees either the old file or the complete new one, never half of it:
the text goes to a temporary file beside the target, is flushed to disk, then renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from microtask.domain.errors import ConflictError, StorageError
from microtask.domain.text import visible


def write_atomically(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` in one step.

    An existing ``path`` is replaced only with ``force`` (its permission bits are kept);
    otherwise :class:`ConflictError`. A new file gets ``0o666`` minus the umask, like any
    file the user creates. Any OS failure is a one-line :class:`StorageError`, and the
    temporary file is removed whatever happens.
    """
    shown = visible(str(path))
    if path.is_dir():
        raise StorageError(f"{shown} is a directory: name a file to write")
    if not force and os.path.lexists(path):
        raise ConflictError(f"{shown} exists: pass --force to overwrite it")
    data = text.encode("utf-8", errors="backslashreplace")  # lone surrogates from argv
    directory = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp", dir=directory)
    except FileNotFoundError as exc:
        folder = visible(str(directory))
        raise StorageError(f"cannot write {shown}: folder {folder} does not exist") from exc
    except OSError as exc:
        raise StorageError(f"cannot write {shown}: {_reason(exc)}") from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(path))
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
    _sync_directory(directory)


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
