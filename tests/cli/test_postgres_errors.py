"""A PostgreSQL store that cannot be used: nothing listening, a wrong password, no such
database, no driver, a schema newer than the program. Each is one line on stderr, exit 1,
with what to do; never a traceback, the password or local variables; nothing written. And
the password libpq finds in ``PGPASSWORD`` or in the URL works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.conftest import Run
from tests.factories import store_sql, table_rows
from tests.postgres import PostgresServer, _free_port

pytestmark = pytest.mark.slow  # a PostgreSQL server

SECRET = "s3cret-Pa55word"


def assert_one_line_error(result: Result) -> str:
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}"
    )
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def password_url(postgres_server: PostgresServer, postgres_store: str) -> str:
    """The test's store, as the role that must give its password (none in the URL)."""
    user = postgres_server.password_role(SECRET)
    return postgres_store.replace("microtask@", f"{user}@")


def test_nothing_listening_at_the_port_is_one_line_with_a_hint(run: Run) -> None:
    port = _free_port()
    url = f"postgresql+psycopg://ana:{SECRET}@127.0.0.1:{port}/tasks"
    line = assert_one_line_error(run("--db", url, "list", code=1))
    assert f"nothing is listening at 127.0.0.1:{port}" in line
    assert "is the PostgreSQL server running" in line
    assert SECRET not in line
    assert "ana:***@" in line


def test_a_wrong_password_is_refused_in_one_line_without_showing_it(
    run: Run, password_url: str
) -> None:
    wrong = password_url.replace("microtask_pw@", "microtask_pw:not-the-password@")
    line = assert_one_line_error(run("--db", wrong, "add", "Nope", code=1))
    assert "refused the password of user 'microtask_pw'" in line
    assert "PGPASSWORD" in line
    assert "~/.pgpass" in line
    assert "not-the-password" not in line


def test_no_password_at_all_says_where_to_give_it(
    run: Run, password_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    line = assert_one_line_error(run("--db", password_url, "list", code=1))
    assert "refused the password" in line
    assert "PGPASSWORD" in line


def test_the_password_in_pgpassword_or_in_the_url_is_used(
    run: Run, password_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    run("--db", password_url, "add", "Through PGPASSWORD")
    monkeypatch.delenv("PGPASSWORD")
    in_url = password_url.replace("microtask_pw@", f"microtask_pw:{SECRET}@")
    listed = run("--db", in_url, "list").stdout
    assert "Through PGPASSWORD" in listed


def test_the_password_in_pgpass_is_used(
    run: Run, password_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:*:*:microtask_pw:{SECRET}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    run("--db", password_url, "add", "Through ~/.pgpass")


def test_a_missing_database_says_to_create_it(run: Run, postgres_server: PostgresServer) -> None:
    url = postgres_server.url("no_such_db")
    line = assert_one_line_error(run("--db", url, "list", code=1))
    assert "there is no database 'no_such_db'" in line
    assert "createdb no_such_db" in line
    assert "microtask db init" in line


def test_a_store_newer_than_the_program_is_refused_untouched(run: Run, postgres_store: str) -> None:
    run("--db", postgres_store, "add", "Kept as it is")
    store_sql(postgres_store, "UPDATE microtask_schema SET version = 999")
    tables = ("tasks", "undo_log", "microtask_schema", "microtask_meta")
    before = table_rows(postgres_store, tables)
    for args in (("list",), ("add", "New"), ("done", "1")):
        line = assert_one_line_error(run("--db", postgres_store, *args, code=1))
        assert "schema version 999, newer than this microtask understands" in line
        assert "upgrade microtask" in line
    assert table_rows(postgres_store, tables) == before


def test_a_missing_driver_says_how_to_install_it(postgres_store: str, tmp_path: Path) -> None:
    """psycopg made unimportable for the real program, by a module of that name first on
    its path."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "psycopg.py").write_text("raise ImportError(\"No module named 'psycopg'\")\n")
    env = {**os.environ, "PYTHONPATH": str(shim), "MICROTASK_DB": postgres_store}
    done = subprocess.run(
        [sys.executable, "-m", "microtask", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "the PostgreSQL driver (psycopg) is not installed" in lines[0]
    assert "pip install 'microtask[postgres]'" in lines[0]
