"""``write_atomically``: all or nothing, never over a file without --force, no litter."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microtask.domain.errors import ConflictError, StorageError
from microtask.exporters import files
from microtask.exporters.files import write_atomically


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_creates_the_file_with_the_exact_text_and_an_ordinary_mode(
    tmp_path: Path, umask_022: None
) -> None:
    target = tmp_path / "week.csv"
    write_atomically(target, 'id,title\r\n1,"é 🚀"\r\n', force=False)
    assert target.read_bytes() == 'id,title\r\n1,"é 🚀"\r\n'.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert names(tmp_path) == ["week.csv"]


def test_a_new_file_follows_a_private_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        write_atomically(tmp_path / "week.md", "x\n", force=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "week.md").stat().st_mode) == 0o600


def test_refuses_an_existing_file_without_force_and_leaves_it_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    target.write_text("precious")
    with pytest.raises(ConflictError, match=r"week\.csv exists: pass --force to overwrite it"):
        write_atomically(target, "new", force=False)
    assert target.read_text() == "precious"
    assert names(tmp_path) == ["week.csv"]


def test_refuses_a_dangling_symlink_without_force(tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    target.symlink_to(tmp_path / "missing")
    with pytest.raises(ConflictError):
        write_atomically(target, "new", force=False)
    assert target.is_symlink()


def test_force_overwrites_and_keeps_the_existing_permissions(tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert names(tmp_path) == ["week.csv"]


def test_force_creates_a_missing_file_too(tmp_path: Path) -> None:
    write_atomically(tmp_path / "week.json", "{}\n", force=True)
    assert (tmp_path / "week.json").read_text() == "{}\n"


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "week.csv"
    target.write_text("old")

    def broken_replace(*args: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match=r"cannot write .*week\.csv: input/output error"):
        write_atomically(target, "new", force=True)
    assert target.read_text() == "old"
    assert names(tmp_path) == ["week.csv"]


def test_a_failed_write_of_a_new_file_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorageError, match="no space left on device"):
        write_atomically(tmp_path / "week.csv", "new", force=False)
    assert names(tmp_path) == []


def test_an_interrupt_mid_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "week.csv", "new", force=False)
    assert names(tmp_path) == []


def test_without_hard_links_it_still_creates_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomically(tmp_path / "week.csv", "new", force=False)
    assert (tmp_path / "week.csv").read_text() == "new"
    assert names(tmp_path) == ["week.csv"]


def test_a_file_created_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "week.csv"
    real_mkstemp = tempfile.mkstemp

    def racing_mkstemp(**kwargs: Any) -> tuple[int, str]:
        result = real_mkstemp(**kwargs)
        target.write_text("written by another export")
        return result

    monkeypatch.setattr(tempfile, "mkstemp", racing_mkstemp)
    with pytest.raises(ConflictError):
        write_atomically(target, "new", force=False)
    assert target.read_text() == "written by another export"
    assert names(tmp_path) == ["week.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="permission denied"):
            write_atomically(folder / "week.csv", "new", force=False)
    finally:
        folder.chmod(0o700)
    assert names(folder) == []


def test_a_refused_temp_file_is_a_one_line_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(**kwargs: Any) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    with pytest.raises(StorageError) as caught:
        write_atomically(tmp_path / "odd\nname.csv", "new", force=False)
    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith(": permission denied")
    assert names(tmp_path) == []


def test_a_missing_folder_is_a_storage_error_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"folder .*nowhere does not exist"):
        write_atomically(tmp_path / "nowhere" / "week.csv", "new", force=False)


def test_a_file_where_the_folder_should_be_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    with pytest.raises(StorageError, match="cannot write"):
        write_atomically(tmp_path / "plain" / "week.csv", "new", force=True)


def test_a_folder_as_the_target_is_refused_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    with pytest.raises(ConflictError, match="is a folder, not a regular file"):
        write_atomically(tmp_path / "reports", "new", force=True)
    assert (tmp_path / "reports").is_dir()


def test_a_named_pipe_as_the_target_is_refused_and_left_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "feed"
    os.mkfifo(pipe)
    with pytest.raises(ConflictError) as refused:
        write_atomically(pipe, "new", force=True)
    assert str(refused.value) == f"{pipe} is a named pipe, not a regular file: name a file to write"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_a_device_as_the_target_is_refused_and_left_a_device() -> None:
    with pytest.raises(ConflictError, match="is a device, not a regular file"):
        write_atomically(Path("/dev/null"), "new", force=True)
    assert stat.S_ISCHR(Path("/dev/null").lstat().st_mode)


def test_force_replaces_a_symbolic_link_itself_never_its_target(tmp_path: Path) -> None:
    target = tmp_path / "kept.md"
    target.write_text("theirs\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    with pytest.raises(ConflictError, match="exists: pass --force"):
        write_atomically(link, "ours\n")
    write_atomically(link, "ours\n", force=True)
    assert not link.is_symlink()
    assert link.read_text() == "ours\n"
    assert target.read_text() == "theirs\n"


def test_a_temporary_file_left_by_a_killed_write_is_removed_by_the_next_write(
    tmp_path: Path,
) -> None:
    import time

    from microtask.exporters.files import STALE_TEMP_SECONDS, TEMP_PREFIX, TEMP_SUFFIX

    stale = tmp_path / f"{TEMP_PREFIX}week.md.abc123{TEMP_SUFFIX}"
    fresh = tmp_path / f"{TEMP_PREFIX}week.md.def456{TEMP_SUFFIX}"  # a write going on now
    theirs = tmp_path / ".week.md.tmp"  # not a name we write
    for path in (stale, fresh, theirs):
        path.write_text("partial")
    old = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    os.utime(theirs, (old, old))

    write_atomically(tmp_path / "week.md", "done\n")

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, theirs.name, "week.md"]
    )


@pytest.mark.slow
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, signame: str
) -> None:
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, signal\n"
        "from pathlib import Path\n"
        "import microtask.exporters.files as files\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); signal.pause()\n"
        "files.os.fsync = slow\n"
        "files.write_atomically(Path(sys.argv[1]), 'x' * 1000)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "week.md")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    process.send_signal(getattr(signal, signame))
    _, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "StoppedError" in err
    assert list(tmp_path.iterdir()) == []


def test_text_that_utf8_cannot_hold_is_written_escaped_not_a_crash(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    write_atomically(target, "bad \udcff byte\n", force=False)
    assert target.read_text(encoding="utf-8") == "bad \\udcff byte\n"
