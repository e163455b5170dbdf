"""The real binary on a store it may not write: a read-only file system (mounted so even
root cannot write), and a folder or store file closed to an ordinary user. Each refusal
is one line that says why and what to do, and the store stays byte for byte as it was."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.faults.test_hostile import NOW, digest, run
from tests.faults.tmpfs import mounted_tmpfs

pytestmark = pytest.mark.slow

COMMANDS = [("list",), ("add", "More"), ("done", "1"), ("undo",), ("today",), ("report",)]


def _fold_in_the_log(home: Path) -> None:
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    """A store with two tasks on a tmpfs remounted read-only (root on Linux)."""
    with mounted_tmpfs(tmp_path, "4m", "ro") as mount_point:
        home = mount_point / "home"
        assert run(home, "add", "Keep me").returncode == 0
        assert run(home, "add", "Keep me too").returncode == 0
        _fold_in_the_log(home)
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield home


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_a_store_on_a_read_only_file_system_is_refused_in_one_line(
    read_only_home: Path, args: tuple[str, ...]
) -> None:
    before = digest(read_only_home)

    result = run(read_only_home, *args)

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "is on a read-only file system" in stderr
    assert "point --db at the copy: nothing was written" in stderr
    assert sorted(p.name for p in read_only_home.iterdir()) == ["microtask.db"]
    assert digest(read_only_home) == before


def test_output_into_a_read_only_file_system_is_refused_in_one_line(
    read_only_home: Path, tmp_path: Path
) -> None:
    home = tmp_path / "writable"
    assert run(home, "add", "Something").returncode == 0
    target = read_only_home.parent / "week.csv"

    result = run(home, "report", "--format", "csv", "-o", str(target))

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "read-only file system" in stderr.lower()
    assert not target.exists()


# -- as an ordinary user -------------------------------------------------------------


def _as_nobody(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: no ordinary user to test as")
    return ["runuser", "-u", "nobody", "--", *command]


IMPORT = "import microtask.cli.app"


def _python_for_nobody() -> tuple[list[str], dict[str, str]]:
    """A Python an ordinary user can run with microtask importable: this one, or (when it
    lives under root's home) the system's of the same version, given our site-packages."""
    import site
    import sysconfig

    import microtask

    source = str(Path(microtask.__file__).parents[1])
    paths = [source, sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python, extra in (
        (sys.executable, {}),
        (f"/usr/bin/{version}", {"PYTHONPATH": os.pathsep.join(paths), "PYTHONNOUSERSITE": "1"}),
    ):
        probe = subprocess.run(
            _as_nobody(
                [
                    "env",
                    *(f"{k}={v}" for k, v in extra.items()),
                    python,
                    "-c",
                    "import microtask.cli.app",
                ]
            ),
            capture_output=True,
            check=False,
        )
        if probe.returncode == 0:
            return [python], extra
    pytest.skip("no Python here that an ordinary user can run microtask with")


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A home folder an ordinary user (nobody, when the suite runs as root) owns."""
    top = Path(tempfile.mkdtemp(prefix="microtask-nobody-"))
    top.chmod(0o755)
    try:
        yield top / "home"
    finally:
        shutil.rmtree(top, ignore_errors=True)


def run_as_nobody(home: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    python, extra = _python_for_nobody()
    env = {"MICROTASK_HOME": str(home), "MICROTASK_NOW": NOW, "TZ": "Europe/Paris", **extra}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), *python, "-m", "microtask"]
    return subprocess.run(
        _as_nobody([*command, *args]), capture_output=True, timeout=120, check=False
    )


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "nobody", str(path)], check=True)


@pytest.mark.parametrize(
    ("shut", "says"),
    [
        ("folder", "is not writable for you"),
        ("store", "the store is read-only for you (chmod u+w"),
    ],
)
def test_a_store_an_ordinary_user_may_not_write_is_refused_in_one_line(
    nobody_home: Path, shut: str, says: str
) -> None:
    nobody_home.mkdir()
    _own(nobody_home.parent)
    assert run_as_nobody(nobody_home, "add", "Keep me").returncode == 0
    _fold_in_the_log(nobody_home)
    for extra in nobody_home.glob("microtask.db-*"):
        extra.unlink()
    (nobody_home / "microtask.db").chmod(0o400 if shut == "store" else 0o600)
    if shut == "folder":
        nobody_home.chmod(0o500)
    before = (nobody_home / "microtask.db").read_bytes()

    result = run_as_nobody(nobody_home, "add", "More")

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert says in stderr
    assert (nobody_home / "microtask.db").read_bytes() == before
    nobody_home.chmod(0o700)
    assert [t["title"] for t in json.loads(run(nobody_home, "list", "--json").stdout)] == [
        "Keep me"
    ]
