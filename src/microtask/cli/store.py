"""The store itself: ``db init`` creates (or upgrades) it on purpose."""

from __future__ import annotations

import typer

from microtask.cli.common import get_app, say

db_app = typer.Typer(
    name="db",
    help="The store: create or upgrade it on purpose.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@db_app.callback()
def db_group() -> None:
    """The store: create or upgrade it on purpose."""


@db_app.command("init")
def db_init(ctx: typer.Context) -> None:
    """Create the store, or bring it up to date.

    The store at --db, else the default place. An existing empty file is made a new store;
    any other command refuses one, since an empty file where a store should be is usually a
    truncated copy.
    """
    from microtask.db.migrations import LATEST_VERSION

    app = get_app(ctx)
    app.open(allow_empty=True)
    say(f"Store ready at {app.display_location} (schema version {LATEST_VERSION})")
