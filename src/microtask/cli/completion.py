"""Shell completion that knows your data (issue 14): task ids with their titles, tags,
projects, providers, saved views, and the options with fixed choices.

Typer calls these with the click context and the word being completed; each returns
(value, help) pairs. They read the store read-only (``db/completion.py``), never open it
for writing, and offer nothing rather than fail: a TAB must never print a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import typer

Choices = list[tuple[str, str]]


def _location(ctx: typer.Context) -> str:
    from microtask.paths import database_location

    root = ctx.find_root() if ctx is not None else None
    explicit = root.params.get("db") if root is not None else None
    return database_location(explicit, check=False)


def _user(ctx: typer.Context) -> str:
    """Who is completing: ``--as``, ``MICROTASK_USER``, ``[user] name``, the login name."""
    import os

    from microtask.config import Config, load_config
    from microtask.paths import config_path
    from microtask.services.app import current_user

    root = ctx.find_root() if ctx is not None else None
    given = (root.params.get("as_user") if root is not None else None) or os.environ.get(
        "MICROTASK_USER"
    )
    path = config_path()
    config = Config()
    if path.exists():
        with contextlib.suppress(Exception):
            config = load_config(path)
    try:
        return current_user(given, config)
    except Exception:  # an odd name: the command itself will say so
        return ""


def _from_store(ctx: typer.Context, read: Callable[[Any], Choices]) -> Choices:
    try:
        from microtask.db.completion import read_only

        with read_only(_location(ctx)) as conn:
            return [] if conn is None else read(conn)
    except Exception:  # a completion offers nothing rather than a traceback
        return []


def task_ids(ctx: typer.Context, incomplete: str) -> Choices:
    """Open tasks, most urgent first, their titles as the description."""

    def read(conn: Any) -> Choices:
        from microtask.db import completion
        from microtask.domain.clock import default_clock
        from microtask.domain.text import short, visible
        from microtask.domain.urgency import UrgencyCoefficients
        from microtask.paths import config_path

        coefficients = UrgencyCoefficients()
        path = config_path()
        if path.exists():  # the settings module only when there are settings to read
            from microtask.config import load_config

            with contextlib.suppress(Exception):  # a broken file: rank as by default
                coefficients = load_config(path).urgency
        now_ts = int(default_clock().now().timestamp())
        prefix = incomplete.removeprefix("#")
        provider_id = completion.provider_of_user(conn, _user(ctx))
        if provider_id is not None:  # an assistant: their own tasks, nobody else's
            found = completion.delegated_tasks(conn, provider_id, prefix)
        else:
            found = completion.tasks(conn, prefix, coefficients, now_ts)
        return [(str(i), short(visible(title), 60)) for i, title in found]

    return _from_store(ctx, read)


def tags(ctx: typer.Context, incomplete: str) -> Choices:
    from microtask.db import completion

    return _from_store(ctx, lambda conn: [(t, "tag") for t in completion.tags(conn, incomplete)])


def projects(ctx: typer.Context, incomplete: str) -> Choices:
    from microtask.db import completion

    return _from_store(
        ctx, lambda conn: [(p, "project") for p in completion.projects(conn, incomplete)]
    )


def providers(ctx: typer.Context, incomplete: str) -> Choices:
    from microtask.db import completion

    return _from_store(
        ctx, lambda conn: [(p, "provider") for p in completion.providers(conn, incomplete)]
    )


def views(ctx: typer.Context, incomplete: str) -> Choices:
    from microtask.db import completion

    return _from_store(
        ctx, lambda conn: [(v, "saved view") for v in completion.views(conn, incomplete)]
    )


def list_words(ctx: typer.Context, incomplete: str) -> Choices:
    """``list @<TAB>``: the saved views; other words are search text (nothing to offer)."""
    if not incomplete.startswith("@"):
        return []
    return [("@" + name, help_) for name, help_ in views(ctx, incomplete[1:])]


def _fixed(values: Callable[[], list[str]], what: str) -> Callable[[str], Choices]:
    """Completion of an option with fixed choices, taken from where they are defined."""

    def complete(incomplete: str) -> Choices:
        return [(v, what) for v in values() if v.lower().startswith(incomplete.lower())]

    return complete


def _priorities() -> list[str]:
    from microtask.domain.model import Priority

    return [p.value for p in Priority]


def _statuses() -> list[str]:
    from microtask.domain.model import Status

    return [s.value for s in Status]


def _directions() -> list[str]:
    from microtask.domain.model import DIRECTIONS

    return list(DIRECTIONS)


def _categories() -> list[str]:
    from microtask.domain.model import CATEGORIES

    return list(CATEGORIES)


def _verdicts() -> list[str]:
    from microtask.domain.outsourcing import Verdict

    return [v.value for v in Verdict]


def _provider_kinds() -> list[str]:
    from microtask.domain.delegation import PROVIDER_KINDS

    return list(PROVIDER_KINDS)


def _criteria() -> list[str]:
    from microtask.domain.model import Criterion

    return [c.value for c in Criterion]


def _report_formats() -> list[str]:
    from microtask.cli.report import ReportFormat

    return [f.value for f in ReportFormat]


def _export_formats() -> list[str]:
    from microtask.cli.outsource import ExportFormat

    return [f.value for f in ExportFormat]


def _group_by() -> list[str]:
    from microtask.domain.report import GroupBy

    return [g.value for g in GroupBy]


priorities = _fixed(_priorities, "priority")
statuses = _fixed(_statuses, "status")
directions = _fixed(_directions, "how hard to write down")
categories = _fixed(_categories, "outsourcing category")
verdicts = _fixed(_verdicts, "verdict")
provider_kinds = _fixed(_provider_kinds, "provider kind")
criteria = _fixed(_criteria, "outsourcing answer")
report_formats = _fixed(_report_formats, "format")
export_formats = _fixed(_export_formats, "format")
group_by = _fixed(_group_by, "group focus time by")
