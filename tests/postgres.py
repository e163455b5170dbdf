"""A real PostgreSQL server for the tests, started by the test session itself from the
machine's own server binaries (Debian's ``postgresql`` package): ``initdb`` and ``pg_ctl``
in a temporary directory, on a free loopback port, torn down at the end of the session.

Where no server binary or no driver (``psycopg``) is installed, the tests that need it are
skipped with the reason; CI installs both.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

USER = "microtask"
PASSWORD_USER = "microtask_pw"
"""A role that must give its password (scram-sha-256); every other role is trusted."""


def server_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: Debian's versioned one, else PATH."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as an unprivileged user then."""
    if os.geteuid() != 0:
        return command
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--", *command]
    pytest.skip("running as root and no unprivileged user to run PostgreSQL as")


TEMPLATE = "microtask_template"
"""A database the migrations built once per session: each test's store is a copy of it."""


@dataclass
class PostgresServer:
    port: int
    _admin: Any = None
    _template_ready: bool = False

    def url(self, database: str, user: str = USER, password: str | None = None) -> str:
        login = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{login}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run ``sql`` as the superuser, outside any transaction (CREATE DATABASE ...)."""
        import psycopg

        if self._admin is None:
            self._admin = psycopg.connect(
                host="127.0.0.1", port=self.port, user=USER, dbname="postgres", autocommit=True
            )
        self._admin.execute(sql)

    def new_database(self) -> str:
        """A fresh, empty database on the server; its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def new_store(self) -> str:
        """A fresh database holding a new, migrated microtask store; its URL. A copy of a
        template the migrations built once (milliseconds, where migrating takes 0.5 s)."""
        if not self._template_ready:
            from microtask.db.engine import connect

            self.admin(f'CREATE DATABASE "{TEMPLATE}"')
            connect(self.url(TEMPLATE)).close()
            self._template_ready = True
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" STRATEGY FILE_COPY')
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop the database at ``url``, closing whatever connection a test left open."""
        self.admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def password_role(self, password: str) -> str:
        """(Re)create the role that must log in with ``password``; its name."""
        self.admin(f"DROP ROLE IF EXISTS {PASSWORD_USER}")
        self.admin(f"CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{password}'")
        return PASSWORD_USER

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed")
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (Debian package postgresql)")
    root = Path(tempfile.mkdtemp(prefix="microtask-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        owner = _as_server_user(["true"])[2]
        shutil.chown(root, owner)
        shutil.chown(sockets, owner)
    port = _free_port()
    quiet: dict[str, object] = {"capture_output": True, "text": True, "timeout": 120}
    initdb = [str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "--no-sync"]
    done = subprocess.run(_as_server_user(initdb), **quiet)  # type: ignore[call-overload]
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {done.stderr.strip()[-300:]}")
    # A throwaway server: durability off, so copying a database (a checkpoint) is cheap.
    # The one role that logs in with a password: the first matching pg_hba line wins.
    hba = data / "pg_hba.conf"
    hba.write_text(f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c full_page_writes=off -c synchronous_commit=off -c wal_level=minimal"
        " -c max_wal_senders=0"
    )
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w"]
    done = subprocess.run(_as_server_user([*pg_ctl, "-o", options, "start"]), **quiet)  # type: ignore[call-overload]
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {done.stderr.strip()[-300:]}")
    server = PostgresServer(port)
    try:
        yield server
    finally:
        server.close()
        subprocess.run(_as_server_user([*pg_ctl, "-m", "immediate", "stop"]), **quiet)  # type: ignore[call-overload]
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped after it)."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop(url)


@pytest.fixture
def postgres_store(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database holding a migrated store, for one test (dropped after
    it: each copy is some 8 MB, and a suite makes hundreds)."""
    url = postgres_server.new_store()
    yield url
    postgres_server.drop(url)
