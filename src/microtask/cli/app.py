"""The root command: global options, the one error handler, and the list of commands."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from microtask import __version__
from microtask.domain.errors import MicrotaskError


def print_error(message: str) -> None:
    """One line on stderr, red when stderr is a colour terminal; control characters shown."""
    from microtask.domain.text import visible

    line = "Error: " + visible(" ".join(message.splitlines()))
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        line = f"\x1b[31m{line}\x1b[0m"
    print(line, file=sys.stderr)


class MicrotaskGroup(TyperGroup):
    """Turns every MicrotaskError raised by a command into one line and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MicrotaskError as error:
            print_error(str(error))
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=MicrotaskGroup,
    name="microtask",
    help="Capture, split and focus on small tasks, and see which work to hand off.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"microtask {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            envvar="MICROTASK_DB",
            help="Database file or SQLAlchemy URL (default: the data dir's microtask.db).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """microtask: what to do now, focus on it, and what to hand off."""
    ctx.obj = {"db": db}


def _register() -> None:
    from microtask.cli import tasks

    tasks.register(app)


_register()


def main() -> None:
    app(prog_name="microtask")
