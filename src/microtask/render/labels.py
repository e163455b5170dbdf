"""Tables for tags, projects and saved views (issue 14). User text goes in as ``Text``."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.labels import NameCount, SavedView
from microtask.domain.text import visible
from microtask.format import counted


def counts_table(kind: str, counts: Sequence[NameCount]) -> RenderableType:
    """``Tag  Open`` rows, most used first; ``kind`` is ``tag`` or ``project``."""
    if not counts:
        flag = "-t TAG" if kind == "tag" else "-P NAME"
        return Text(f"No {kind}s on open tasks. Give one with: microtask add TITLE {flag}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(kind.title(), style="magenta" if kind == "tag" else "blue", overflow="fold")
    table.add_column("Open", justify="right", no_wrap=True)
    for item in counts:
        table.add_row(Text(visible(item.name)), f"{item.open_tasks:,}")
    return Group(table, Text(counted(len(counts), kind), style="dim"))


def views_table(views: Sequence[SavedView]) -> RenderableType:
    if not views:
        return Text("No saved views. Save one with: microtask view add clients -- --tag client")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("View", style="cyan", no_wrap=True)
    table.add_column("Lists", overflow="fold")
    for view in views:
        table.add_row(Text("@" + view.name), Text(visible(shlex.join(view.args))))
    return table


def view_saved(view: SavedView) -> str:
    return f"Saved view @{view.name}: microtask list {visible(shlex.join(view.args))}"


def view_removed(view: SavedView) -> str:
    return f"Removed view @{view.name}"
