"""Tags, projects and saved views (issue 14): `tags`, `projects`, `view add|list|rm`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from microtask.cli import completion
from microtask.cli.common import get_app
from microtask.cli.options import JsonOpt
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError

EveryOpt = Annotated[
    bool, typer.Option("--all", "-a", help="Also names that only closed tasks carry.")
]


def tags(ctx: typer.Context, every: EveryOpt = False, json: JsonOpt = False) -> None:
    """Tags and how many open tasks carry each."""
    from microtask.services.labels import tag_counts

    output(json).name_counts("tag", tag_counts(get_app(ctx), every))


def projects(ctx: typer.Context, every: EveryOpt = False, json: JsonOpt = False) -> None:
    """Projects and how many open tasks each holds."""
    from microtask.services.labels import project_counts

    output(json).name_counts("project", project_counts(get_app(ctx), every))


view_app = typer.Typer(
    name="view",
    help="Saved views: list arguments under a name, run by `list @NAME`.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@view_app.command(
    "add", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False}
)
def view_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The view's name: clients, week.")],
    args: Annotated[
        list[str],
        typer.Argument(metavar="-- LIST-ARGS...", help="What `list` is given: --tag client."),
    ],
    json: JsonOpt = False,
) -> None:
    """Save list arguments under a name: `view add clients -- --tag client`.

    `list @clients` then runs them; more arguments may follow (`list @clients --overdue`).
    """
    from microtask.domain.labels import check_view_args, clean_view_name
    from microtask.services.labels import add_view

    clean = clean_view_name(name)
    given = check_view_args([a for a in args if a != "--"] if args[:1] == ["--"] else args)
    _check_list_args(ctx, given)
    output(json).view_saved(add_view(get_app(ctx), clean, given))


def _check_list_args(ctx: typer.Context, args: tuple[str, ...]) -> None:
    """Refuse at once what `list` would refuse to parse (values such as dates are read when
    the view runs: `--due-before fri` means the coming Friday every time)."""
    from typer._click.exceptions import UsageError  # Typer's own copy of click

    from microtask.cli.app import load_command

    command: Any = load_command("list")
    try:
        command.make_context("list", list(args), parent=ctx)
    except UsageError as error:
        raise InvalidInputError(f"not list arguments: {error.format_message()}") from None


@view_app.command("list")
def view_list(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The saved views and what each lists."""
    from microtask.services.labels import saved_views

    output(json).saved_views(saved_views(get_app(ctx)))


@view_app.command("rm")
def view_rm(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The view to remove.", autocompletion=completion.views),
    ],
    json: JsonOpt = False,
) -> None:
    """Remove a saved view (`microtask undo` brings it back)."""
    from microtask.domain.labels import clean_view_name
    from microtask.services.labels import remove_view

    output(json).view_removed(remove_view(get_app(ctx), clean_view_name(name)))


def expand_views(ctx: typer.Context, args: list[str]) -> list[str]:
    """``list @clients --overdue`` -> the saved arguments of ``clients``, then ``--overdue``.
    After ``--`` an ``@word`` is search text."""
    if not any(a.startswith("@") for a in args):
        return args
    from microtask.domain.labels import clean_view_name
    from microtask.services.labels import saved_view

    expanded: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return expanded + args[index:]
        if arg.startswith("@") and len(arg) > 1:
            expanded.extend(saved_view(get_app(ctx), clean_view_name(arg)).args)
        else:
            expanded.append(arg)
    return expanded
