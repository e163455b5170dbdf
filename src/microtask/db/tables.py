"""SQLModel table classes: the schema for SQLAlchemy URLs (e.g. PostgreSQL).

The SQLite store is built by ``migrations.py``; a test keeps both descriptions of the
schema identical (tables, columns, nullability, keys).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, text
from sqlmodel import Field, SQLModel

metadata: MetaData = SQLModel.metadata


def _with_default(kind: Any, value: str | int | float) -> Any:
    """A NOT NULL column with the DEFAULT the migrations give it (``0``, ``'open'`` ...)."""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return Field(default=value, sa_column=Column(kind, nullable=False, server_default=shown))


def _link(target: str, on_delete: str) -> Any:
    """A nullable reference to ``target`` (``table.column``)."""
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete=on_delete), nullable=True),
    )


def _only_set(column: str) -> dict[str, Any]:
    """A partial index's condition (migration 12): only the rows that set ``column``."""
    condition = text(f"{column} IS NOT NULL")
    return {"sqlite_where": condition, "postgresql_where": condition}


class TaskRow(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_status_due", "status", "due_ts"),
        Index("ix_tasks_parent", "parent_id", "position", **_only_set("parent_id")),
        Index("ix_tasks_project", "project"),
        Index(
            "ix_tasks_status_static",
            *("status", "urgency_static", "due_ts", "created_ts"),
            *("wait_ts", "triaged_ts", "estimate_seconds"),
        ),
        Index("ix_tasks_done", "done_ts", **_only_set("done_ts")),
        Index("ix_tasks_created", "created_ts"),
        Index("ix_tasks_uuid", "uuid", unique=True),
        Index(
            "ux_tasks_series_occurrence",
            "series_id",
            "occurrence_ts",
            unique=True,
            **_only_set("series_id"),
        ),
        Index("ix_tasks_wait", "wait_ts", **_only_set("wait_ts")),
        {"sqlite_autoincrement": True},  # ids are never reused, as in the file store
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str
    status: str = _with_default(String, "open")
    priority: str = _with_default(String, "medium")
    due_ts: int | None = None
    estimate_seconds: int | None = None
    project: str | None = None
    parent_id: int | None = _link("tasks.id", "CASCADE")
    position: int = _with_default(Integer, 0)
    notes: str | None = None
    created_ts: int
    updated_ts: int
    done_ts: int | None = None
    urgency_static: float = _with_default(Float, 0.0)
    repetitive: int | None = None
    time_sensitive: int | None = None
    critical: int | None = None
    directions: str | None = None
    know_how: int | None = None
    hours_per_week: float | None = None
    category: str | None = None
    triaged_ts: int | None = None
    uuid: str | None = None
    extra: str | None = None
    series_id: int | None = _link("task_series.id", "SET NULL")
    occurrence_ts: int | None = None
    skipped: int | None = None
    wait_ts: int | None = None
    scheduled_ts: int | None = None


class MetaRow(SQLModel, table=True):
    __tablename__ = "microtask_meta"

    key: str = Field(primary_key=True)
    value: str


class TaskTagRow(SQLModel, table=True):
    __tablename__ = "task_tags"
    __table_args__ = (Index("ix_task_tags_tag", "tag"),)

    task_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    tag: str = Field(primary_key=True)


class UndoLogRow(SQLModel, table=True):
    __tablename__ = "undo_log"
    __table_args__ = (
        Index("ix_undo_log_user", "user_name", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    created_ts: int
    label: str
    payload: str
    user_name: str | None = None


class TaskHistoryRow(SQLModel, table=True):
    """One task one change touched: who, when, which change (kept past the undo window)."""

    __tablename__ = "task_history"
    __table_args__ = (
        Index("ix_task_history_task", "task_id", "change_id"),
        Index("ix_task_history_change", "change_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int
    change_id: int
    user_name: str
    at_ts: int
    label: str


class CheckInRow(SQLModel, table=True):
    """A progress report on a delegation, by the assistant who has it."""

    __tablename__ = "check_ins"
    __table_args__ = (
        Index("ix_check_ins_delegation", "delegation_id", "at_ts"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    delegation_id: int
    at_ts: int
    user_name: str
    body: str
    done_steps: int | None = None


class SchemaVersionRow(SQLModel, table=True):
    __tablename__ = "microtask_schema"

    version: int = Field(primary_key=True)


class BlockRow(SQLModel, table=True):
    __tablename__ = "blocks"
    __table_args__ = (
        Index("ix_blocks_start", "start_ts", "end_ts"),
        Index("ix_blocks_task", "task_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str
    task_id: int | None = _link("tasks.id", "SET NULL")
    start_ts: int
    end_ts: int
    source: str = _with_default(String, "manual")
    created_ts: int
    released_ts: int | None = None


class SessionRow(SQLModel, table=True):
    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_task", "task_id", "start_ts", "focus_seconds"),
        Index("ix_sessions_start", "start_ts"),
        Index("ix_sessions_outcome", "outcome"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    task_id: int | None = _link("tasks.id", "SET NULL")
    block_id: int | None = _link("blocks.id", "SET NULL")
    start_ts: float
    end_ts: float | None = None
    focus_seconds: float = _with_default(Float, 0.0)
    pause_seconds: float = _with_default(Float, 0.0)
    outcome: str
    note: str | None = None


class ActivityRow(SQLModel, table=True):
    """What runs now: slot 1 for the founder, one slot per assistant (issue 16)."""

    __tablename__ = "activity"

    slot: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    kind: str
    task_id: int | None = _link("tasks.id", "SET NULL")
    block_id: int | None = _link("blocks.id", "SET NULL")
    session_id: int | None = _link("sessions.id", "SET NULL")
    started_ts: float
    heartbeat_ts: float
    pid: int | None = None
    host: str | None = None
    boot_id: str | None = None
    phase: str | None = None
    phase_started_ts: float | None = None
    phase_ends_ts: float | None = None
    paused: int = _with_default(Integer, 0)
    cycle: int | None = None
    cycles: int | None = None
    focus_seconds: float = _with_default(Float, 0.0)


class ProviderRow(SQLModel, table=True):
    __tablename__ = "providers"
    __table_args__ = (
        Index("ux_providers_user", "user_name", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False, unique=True))
    kind: str = _with_default(String, "freelancer")
    rate: float | None = None
    started_ts: int
    created_ts: int
    user_name: str | None = None


class DelegationRow(SQLModel, table=True):
    __tablename__ = "delegations"
    __table_args__ = (
        Index("ix_delegations_task", "task_id", "delegated_ts"),
        Index("ix_delegations_provider", "provider_id", "delegated_ts"),
        Index("ix_delegations_check_in", "returned_ts", "check_in_ts"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False)
    )
    provider_id: int = Field(sa_column=Column(Integer, ForeignKey("providers.id"), nullable=False))
    delegated_ts: int
    check_in_ts: int | None = None
    cap_seconds: int | None = None
    returned_ts: int | None = None
    outcome: str | None = None
    on_time: int | None = None
    note: str | None = None


class SavedViewRow(SQLModel, table=True):
    __tablename__ = "saved_views"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False, unique=True))
    args: str
    created_ts: int


class SeriesRow(SQLModel, table=True):
    """A recurring task's rule, anchor and procedure; its instances are tasks."""

    __tablename__ = "task_series"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    rule: str
    anchor_ts: int
    until_ts: int | None = None
    ended_ts: int | None = None
    procedure_md: str | None = None
    created_ts: int


class TaskDepRow(SQLModel, table=True):
    """Task ``task_id`` waits until task ``after_id`` is done."""

    __tablename__ = "task_deps"
    __table_args__ = (Index("ix_task_deps_after", "after_id", "task_id"),)

    task_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    after_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
