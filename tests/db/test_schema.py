"""One schema: the migrations build it on every backend, ``db/columns.py`` lists its
columns, and the SQLModel classes of ``db/tables.py`` describe it; these tests keep the
three in agreement, on a SQLite file, on a ``sqlite:///`` URL and on a real PostgreSQL
server. A store at any past version upgrades through the same list, whatever its backend.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from microtask.db import columns, migrations
from microtask.db.engine import connect, redact
from microtask.domain.errors import StorageError
from tests.postgres import PostgresServer


def family(type_name: str) -> str:
    """What a column holds, whatever a backend calls it (BIGINT and INTEGER are integers)."""
    name = type_name.upper()
    if "INT" in name:
        return "integer"
    if any(word in name for word in ("CHAR", "TEXT", "CLOB", "STRING")):
        return "text"
    if any(word in name for word in ("REAL", "FLOA", "DOUB", "NUMERIC")):
        return "real"
    return name


def default_value(default: Any) -> str | None:
    """A server default as a value: ``'open'::character varying`` and ``'open'`` agree."""
    if default is None:
        return None
    text = re.sub(r"::[a-z ]+$", "", str(default)).strip("()").strip("'")
    return "0" if re.fullmatch(r"0(\.0+)?", text) else text


def foreign_keys(engine: Any, inspector: Any, table: str) -> list[tuple[Any, ...]]:
    """(columns, table, columns, ON DELETE) of each reference. SQLite's own list: SQLAlchemy
    reads ON DELETE from the CREATE text and misses it after ``tasks (id)``."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})").fetchall()
        return sorted(((row[3],), row[2], (row[4],), row[6].upper()) for row in rows)
    return sorted(
        (
            tuple(fk["constrained_columns"]),
            fk["referred_table"],
            tuple(fk["referred_columns"]),
            ((fk.get("options") or {}).get("ondelete") or "NO ACTION").upper(),
        )
        for fk in inspector.get_foreign_keys(table)
    )


def index_conditions(engine: Any) -> dict[str, str]:
    """The WHERE of each partial index, as both backends write it back (``WHERE (parent_id
    IS NOT NULL)`` and ``WHERE parent_id IS NOT NULL`` agree)."""
    if engine.dialect.name == "sqlite":
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(sql).fetchall()
    found = {}
    for name, text in rows:
        _, where, condition = " ".join(str(text).split()).partition(" WHERE ")
        if where:
            found[str(name)] = re.sub(r"[()]", "", condition).strip().lower()
    return found


def shape(url: str) -> dict[str, Any]:
    """Tables, columns (type family, nullability, default), keys and indexes, as SQLAlchemy
    inspects them on the store at ``url``."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        conditions = index_conditions(engine)
        tables: dict[str, Any] = {}
        for table in sorted(inspector.get_table_names()):
            if table == "sqlite_sequence" or table in columns.SEARCH_TABLES:
                continue
            keys = inspector.get_pk_constraint(table)["constrained_columns"]
            tables[table] = {
                "columns": sorted(
                    (
                        column["name"],
                        family(str(column["type"])),
                        # a lone integer key is never NULL, declared so or not
                        bool(column["nullable"]) and column["name"] not in keys,
                        None if column["name"] in keys else default_value(column["default"]),
                    )
                    for column in inspector.get_columns(table)
                ),
                "primary_key": keys,
                "foreign_keys": foreign_keys(engine, inspector, table),
                "indexes": sorted(
                    (
                        index["name"],
                        tuple(index["column_names"]),
                        bool(index["unique"]),
                        conditions.get(index["name"]),
                    )
                    for index in inspector.get_indexes(table)
                ),
            }
        return tables
    finally:
        engine.dispose()


def migrated(location: str) -> None:
    connect(location).close()


def described_by_sqlmodel(url: str) -> None:
    from sqlalchemy import create_engine

    from microtask.db.tables import metadata

    engine = create_engine(url)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()


def test_the_column_lists_name_every_table_and_column_the_migrations_create(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.db"
    migrated(str(path))
    with closing(sqlite3.connect(path)) as conn:
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] != "sqlite_sequence"
        }
        assert tables == set(columns.TABLES) | set(columns.SEARCH_TABLES)
        for table, names in columns.TABLES.items():
            found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert sorted(found) == sorted(names), table
            if table != "tasks":  # tasks: urgency_static came in migration 2, at the end
                assert tuple(found) == names, table


def test_the_written_out_latest_objects_are_what_the_migrations_make(tmp_path: Path) -> None:
    found = migrations.our_schema_objects(migrations.LATEST_VERSION)
    assert found == migrations.LATEST_OBJECTS, f"set LATEST_OBJECTS to {sorted(found)}"
    path = tmp_path / "m.db"
    migrated(str(path))
    with closing(sqlite3.connect(path)) as conn:
        made = {
            (kind, name)
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master")
            if not name.startswith("sqlite_")
        }
    # docsize is allowed (a store upgraded where SQLite lacked FTS5 has one) but not made
    assert made == migrations.LATEST_OBJECTS - {("table", "task_search_docsize")}


def test_the_sqlmodel_classes_describe_what_the_migrations_build_on_sqlite(
    tmp_path: Path,
) -> None:
    migrated(str(tmp_path / "migrated.db"))
    described_by_sqlmodel(f"sqlite:///{tmp_path / 'described.db'}")
    by_migrations = shape(f"sqlite:///{tmp_path / 'migrated.db'}")
    assert set(by_migrations) == set(columns.TABLES)
    assert shape(f"sqlite:///{tmp_path / 'described.db'}") == by_migrations


def test_a_file_and_a_sqlite_url_store_get_the_same_schema(tmp_path: Path) -> None:
    migrated(str(tmp_path / "by-path.db"))
    migrated(f"sqlite:///{tmp_path / 'by-url.db'}")
    assert shape(f"sqlite:///{tmp_path / 'by-url.db'}") == shape(
        f"sqlite:///{tmp_path / 'by-path.db'}"
    )


def store_at_version(path: Path, version: int) -> None:
    """A SQLite store as a microtask of schema ``version`` left it, holding one task."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER PRIMARY KEY)")
        for script in migrations.MIGRATIONS[:version]:
            conn.executescript(migrations.for_dialect(script, "sqlite"))
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (?)", (version,))
        conn.execute("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('kept', 1, 1)")
        conn.commit()


@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION))
@pytest.mark.parametrize("through", ["path", "url"])
def test_a_store_at_any_past_version_upgrades_to_the_latest_through_either_driver(
    tmp_path: Path, version: int, through: str
) -> None:
    path = tmp_path / "old.db"
    store_at_version(path, version)
    migrated(str(path) if through == "path" else f"sqlite:///{path}")
    migrated(str(tmp_path / "fresh.db"))
    assert shape(f"sqlite:///{path}") == shape(f"sqlite:///{tmp_path / 'fresh.db'}")
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT title FROM tasks").fetchall() == [("kept",)]
        assert conn.execute("SELECT version FROM microtask_schema").fetchall() == [
            (migrations.LATEST_VERSION,)
        ]
    (backup,) = tmp_path.glob("old.db.v*.bak")  # the store as it was, before the upgrade
    assert backup.name.startswith(f"old.db.v{version}-")


def test_an_upgrade_tells_its_long_work_how_far_the_copy_and_the_migrations_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million-task store takes seconds to upgrade: the copy's pages, then the
    migrations' statements, reported in order, up to the whole."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    from microtask.db import engine
    from microtask.domain.progress import Progress

    monkeypatch.setattr(engine, "BACKUP_STEP_PAGES", 8)  # a small store, copied in steps
    path = tmp_path / "old.db"
    store_at_version(path, 1)
    with closing(sqlite3.connect(path)) as conn:
        conn.executemany(
            "INSERT INTO tasks (title, notes, created_ts, updated_ts) VALUES (?, ?, 1, 1)",
            [(f"task {n}", "x" * 2000) for n in range(500)],
        )
        conn.commit()
    opened: list[str] = []
    reports: list[tuple[int, int]] = []

    @contextmanager
    def long_work(label: str) -> Iterator[Progress]:
        opened.append(label)
        yield lambda done, total: reports.append((done, total))

    connect(str(path), long_work=long_work).close()
    assert opened == [f"Upgrading the store to version {migrations.LATEST_VERSION}"]
    totals = {total for _, total in reports}
    assert len(totals) == 1
    (total,) = totals
    done = [d for d, _ in reports]
    assert done == sorted(done)
    assert done[-1] == total
    copy_reports = [d for d in done if d <= total // 2]
    assert len(copy_reports) >= 3  # the copy went in steps, each told
    assert len(reports) - len(copy_reports) >= migrations.LATEST_VERSION - 1
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM tasks").fetchone() == (501,)
        assert conn.execute(f"SELECT version FROM {migrations.VERSION_TABLE}").fetchone() == (
            migrations.LATEST_VERSION,
        )
    connect(str(path), long_work=long_work).close()  # up to date: no work, nothing opened
    assert len(opened) == 1


def test_the_search_index_of_an_upgraded_store_is_made_again_and_finds_its_tasks(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    store_at_version(path, 11)  # its one task went in past the index
    migrated(str(path))
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute(
            "SELECT t.title FROM tasks t WHERE t.id IN"
            " (SELECT rowid FROM task_search WHERE task_search MATCH '\"kep\"')"
        ).fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert found == [("kept",)]
    assert "task_search_docsize" not in tables  # columnsize = 0: no sizes kept
    assert {"task_search", "task_search_data", "task_search_content"} <= tables


def test_migration_scripts_use_64_bit_integers_and_doubles_on_postgresql() -> None:
    script = (
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL,"
        " at REAL, label TEXT, interval_ms INTEGER)"
    )
    assert migrations.for_dialect(script, "sqlite") == script
    assert migrations.for_dialect(script, "postgresql") == (
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
        " n BIGINT NOT NULL, at DOUBLE PRECISION, label TEXT, interval_ms BIGINT)"
    )


# -- a URL never shows its password ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:secret@db.example/tasks", "postgresql://ana:***@db.example/tasks"),
        ("postgresql+psycopg://ana:s%40cret@h:5432/t", "postgresql+psycopg://ana:***@h:5432/t"),
        ("postgresql://ana@db.example/tasks", "postgresql://ana@db.example/tasks"),
        ("sqlite:////home/ana/m.db", "sqlite:////home/ana/m.db"),
    ],
)
def test_a_url_is_shown_with_its_password_masked(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_an_error_on_a_url_store_never_prints_its_password() -> None:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed")
    with pytest.raises(StorageError) as raised:
        connect("postgresql+psycopg://ana:hunter2secret@127.0.0.1:1/tasks")
    assert "hunter2secret" not in str(raised.value)
    assert "ana:***@127.0.0.1:1/tasks" in str(raised.value)


def test_an_unknown_driver_is_named_without_the_password() -> None:
    with pytest.raises(StorageError) as raised:
        connect("postgresql+nosuchdriver://ana:hunter2secret@127.0.0.1/tasks")
    assert "hunter2secret" not in str(raised.value)
    assert "cannot use database URL" in str(raised.value)


# -- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture
def second_postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.new_database()


@pytest.mark.slow  # a PostgreSQL server
def test_the_sqlmodel_classes_describe_what_the_migrations_build_on_postgresql(
    postgres_url: str, second_postgres_url: str
) -> None:
    migrated(postgres_url)
    described_by_sqlmodel(second_postgres_url)
    by_migrations = shape(postgres_url)
    assert set(by_migrations) == set(columns.TABLES)
    assert shape(second_postgres_url) == by_migrations


@pytest.mark.slow  # a PostgreSQL server
def test_migrating_a_postgresql_store_twice_changes_nothing(postgres_url: str) -> None:
    migrated(postgres_url)
    before = shape(postgres_url)
    migrated(postgres_url)
    assert shape(postgres_url) == before


def test_upgrading_gives_every_existing_task_its_own_random_uuid(tmp_path: Path) -> None:
    import uuid

    path = tmp_path / "old.db"
    store_at_version(path, 6)
    with closing(sqlite3.connect(path)) as conn:
        conn.executemany(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, 1, 1)",
            [(f"Task {n}",) for n in range(500)],
        )
        conn.commit()

    migrated(str(path))

    with closing(sqlite3.connect(path)) as conn:
        found = [u for (u,) in conn.execute("SELECT uuid FROM tasks")]
    assert len(found) == len(set(found)) == 501
    assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in found)


# -- upgrading a PostgreSQL store --------------------------------------------------------


def postgres_store_at_version(url: str, version: int) -> None:
    """A PostgreSQL store as a microtask of schema ``version`` left it, holding one task."""
    import psycopg

    from microtask.db.engine import split_statements
    from microtask.db.postgres import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        conn.execute(
            f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER NOT NULL PRIMARY KEY)"
        )
        for script in migrations.MIGRATIONS[:version]:
            for statement in split_statements(migrations.for_dialect(script, "postgresql")):
                conn.execute(statement)
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES ({version})")
        conn.execute("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('kept', 1, 1)")


def postgres_rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    from microtask.db.postgres import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        return [tuple(row) for row in conn.execute(sql).fetchall()]


@pytest.mark.slow  # a PostgreSQL server
@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION))
def test_a_postgresql_store_at_any_past_version_upgrades_to_the_latest_keeping_its_rows(
    postgres_server: PostgresServer, postgres_url: str, version: int
) -> None:
    postgres_store_at_version(postgres_url, version)
    migrated(postgres_url)
    assert shape(postgres_url) == shape(postgres_server.new_store())
    assert postgres_rows(postgres_url, "SELECT title, status FROM tasks") == [("kept", "open")]
    assert postgres_rows(postgres_url, "SELECT version FROM microtask_schema") == [
        (migrations.LATEST_VERSION,)
    ]


@pytest.mark.slow  # a PostgreSQL server
@pytest.mark.parametrize("version", [1, migrations.LATEST_VERSION - 1])
def test_a_migration_failing_on_postgresql_leaves_the_store_at_its_old_version_untouched(
    postgres_url: str, version: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DDL is transactional on PostgreSQL: a failure in the last step undoes every step
    before it (the tables it made, the version), and the error is one line."""
    postgres_store_at_version(postgres_url, version)
    before = shape(postgres_url)
    broken = migrations.MIGRATIONS[-1] + "CREATE TABLE half_done (x INTEGER);\nSELECT 1/0;\n"
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:-1], broken))
    with pytest.raises(StorageError) as raised:
        migrated(postgres_url)
    assert "division by zero" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert shape(postgres_url) == before
    assert postgres_rows(postgres_url, "SELECT version FROM microtask_schema") == [(version,)]
    assert postgres_rows(postgres_url, "SELECT title FROM tasks") == [("kept",)]
