"""`man microtask`: a roff page made from the commands, installed by --install-man."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microtask.cli.app import COMMANDS, app
from microtask.cli.manpage import page as render


def test_the_page_has_every_command_and_its_options() -> None:
    page = render()
    assert page.startswith(".TH MICROTASK 1")
    for name in COMMANDS:
        assert f".SS microtask {name}\n" in page
    assert ".SS microtask view add\n" in page
    assert "--due-after WHEN" in page
    assert "130 interrupted" in page


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_reads_the_page_without_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "microtask.1"
    source.write_text(render())
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", str(source)], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert "microtask list" in done.stdout


def test_install_man_writes_the_page_where_man_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["--install-man"])
    page = tmp_path / "man" / "man1" / "microtask.1"
    assert result.exit_code == 0
    assert result.stdout == f"Installed {page}: see it with man microtask\n"
    assert page.read_text() == render()
