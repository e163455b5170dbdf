"""The store itself: ``db init`` creates (or upgrades) it on purpose; ``backup`` copies it
and ``restore`` puts a checked copy back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from microtask.cli.common import get_app, say
from microtask.cli.options import ForceOpt

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


def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
    force: ForceOpt = False,
) -> None:
    """Copy the store to FILE, consistent, while other commands go on.

    The copy is private (0600) and written whole or not at all; an existing FILE is
    replaced only with --force.
    """
    from microtask.domain.text import visible

    get_app(ctx).back_up_to(target, force)
    say(f"Backed up the store to {visible(str(target))}")


def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A copy made by backup.")],
) -> None:
    """Put a copy of the store back, once it passes every check.

    FILE must be a whole microtask store (integrity check, a schema version this
    microtask knows, nothing in it microtask did not create). The store as it was is kept
    beside it first, as microtask.db.before-restore-*.bak (the newest three are kept).
    """
    from microtask.domain.text import visible

    kept = get_app(ctx).restore_from(source)
    say(f"Restored the store from {visible(str(source))}; the one it replaced is kept as")
    say(f"  {visible(str(kept))}")
