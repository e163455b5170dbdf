"""Every table's columns, in one place: the repositories, the undo journal and the schema
tests all read them from here (a test checks them against the migrated schema and the
SQLModel classes of ``tables.py``, on every backend).

Plain tuples, not SQLModel metadata: the file store's read path must not pay for importing
SQLAlchemy (about 0.4 s) to learn its column names.
"""

from __future__ import annotations

TASKS = (
    "id",
    "title",
    "status",
    "priority",
    "due_ts",
    "estimate_seconds",
    "project",
    "parent_id",
    "position",
    "notes",
    "created_ts",
    "updated_ts",
    "done_ts",
    "repetitive",
    "time_sensitive",
    "critical",
    "directions",
    "know_how",
    "hours_per_week",
    "category",
    "triaged_ts",
    "uuid",
    "extra",
    "series_id",
    "occurrence_ts",
    "skipped",
    "wait_ts",
    "scheduled_ts",
)
"""What a task row holds and its before-image keeps (``urgency_static`` is derived: it is
recomputed after every write, never journaled)."""
TASK_DERIVED = ("urgency_static",)
TASK_CRITERIA = (
    "repetitive",
    "time_sensitive",
    "critical",
    "directions",
    "know_how",
    "hours_per_week",
    "category",
)
"""The founder's answers to the outsourcing advisor (NULL: not said), in TaskCriteria order."""
TASK_TAGS = ("task_id", "tag")
BLOCKS = ("id", "title", "task_id", "start_ts", "end_ts", "source", "created_ts", "released_ts")
SESSIONS = (
    "id",
    "kind",
    "task_id",
    "block_id",
    "start_ts",
    "end_ts",
    "focus_seconds",
    "pause_seconds",
    "outcome",
    "note",
)
ACTIVITY = (
    "slot",
    "kind",
    "task_id",
    "block_id",
    "session_id",
    "started_ts",
    "heartbeat_ts",
    "pid",
    "host",
    "boot_id",
    "phase",
    "phase_started_ts",
    "phase_ends_ts",
    "paused",
    "cycle",
    "cycles",
    "focus_seconds",
)
PROVIDERS = ("id", "name", "kind", "rate", "started_ts", "created_ts", "user_name")
DELEGATIONS = (
    "id",
    "task_id",
    "provider_id",
    "delegated_ts",
    "check_in_ts",
    "cap_seconds",
    "returned_ts",
    "outcome",
    "on_time",
    "note",
)
TASK_DEPS = ("task_id", "after_id")
SERIES = ("id", "rule", "anchor_ts", "until_ts", "ended_ts", "procedure_md", "created_ts")
UNDO_LOG = ("id", "created_ts", "label", "payload", "user_name")
TASK_HISTORY = ("id", "task_id", "change_id", "user_name", "at_ts", "label")
"""Who changed which task, when, how (issue 16): one row per task a change touched."""
CHECK_INS = ("id", "delegation_id", "at_ts", "user_name", "body", "done_steps")
SAVED_VIEWS = ("id", "name", "args", "created_ts")
META = ("key", "value")
SCHEMA_VERSION = ("version",)

TABLES: dict[str, tuple[str, ...]] = {
    "tasks": (*TASKS, *TASK_DERIVED),
    "task_tags": TASK_TAGS,
    "undo_log": UNDO_LOG,
    "microtask_meta": META,
    "microtask_schema": SCHEMA_VERSION,
    "blocks": BLOCKS,
    "sessions": SESSIONS,
    "activity": ACTIVITY,
    "providers": PROVIDERS,
    "delegations": DELEGATIONS,
    "saved_views": SAVED_VIEWS,
    "task_series": SERIES,
    "task_deps": TASK_DEPS,
    "task_history": TASK_HISTORY,
    "check_ins": CHECK_INS,
}
"""Every table microtask creates, with its columns as a store of the latest version has them
(the order of ``tasks`` differs: ``urgency_static`` was added by migration 2)."""

SEARCH_TABLES = tuple(
    f"task_search{suffix}" for suffix in ("", "_data", "_idx", "_content", "_config")
)
"""The search index of migration 7 (SQLite with FTS5 only: a virtual table, not described
by SQLModel) and the tables SQLite keeps for it."""


def select_list(columns: tuple[str, ...], alias: str) -> str:
    """``a.c1, a.c2, ...`` for a SELECT."""
    return ", ".join(f"{alias}.{column}" for column in columns)
