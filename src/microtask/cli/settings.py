"""`config path|get|set|edit` and `microtask --paths` (issue 14)."""

from __future__ import annotations

from typing import Annotated

import typer

from microtask.cli.common import say
from microtask.domain.errors import InvalidInputError

config_app = typer.Typer(
    name="config",
    help="Settings: where they live, read one, change one, or edit the file.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

KeyArg = Annotated[
    str, typer.Argument(metavar="KEY", help="table.name: pomodoro.work, plan.day_start ...")
]


def paths_lines(db: str | None) -> list[str]:
    """Where the settings and the store are (a store named with --db that cannot be used
    is still shown: this is how to find out why)."""
    from microtask.paths import config_path, database_location

    return [f"config:   {config_path()}", f"database: {database_location(db, check=False)}"]


@config_app.command("path")
def config_path_command(ctx: typer.Context) -> None:
    """Where the settings file and the database are."""
    for line in paths_lines(ctx.find_root().params.get("db")):
        say(line)


@config_app.command("get")
def config_get(key: KeyArg) -> None:
    """A setting's value: the file's, else the default (said so on stderr)."""
    import sys

    from microtask.paths import config_path
    from microtask.settings_file import get, shown

    value, from_file = get(config_path(), key)
    say(shown(value))
    if not from_file:
        print(f"({key} is not set in the file: the default)", file=sys.stderr)


@config_app.command("set")
def config_set(
    key: KeyArg,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="25m, 09:00, 4, true ...")],
) -> None:
    """Change one setting; the rest of the file (comments, layout) stays as it is.

    The new file is checked like any settings file before it replaces the old one.
    """
    from microtask.paths import config_path
    from microtask.settings_file import set_value, shown

    path = config_path()
    written = set_value(path, key, value)
    say(f"Set {key} = {shown(written)} in {path}")


@config_app.command("edit")
def config_edit() -> None:
    """Open the settings file in $EDITOR; a broken result is refused, naming its line.

    The refused text is kept beside the file (config.toml.rejected), which is unchanged.
    """
    from microtask.editor import edit_text
    from microtask.paths import config_path
    from microtask.settings_file import line_of, read_text, write_checked

    path = config_path()
    before = read_text(path)
    after = edit_text(before, "config edit", suffix=".toml")
    if after == before:
        say(f"No change to {path}")
        return
    try:
        write_checked(path, after)
    except InvalidInputError as error:
        rejected = path.with_name(path.name + ".rejected")
        rejected.write_text(after, encoding="utf-8")
        line = line_of(after, str(error))
        where = f" (line {line})" if line else ""
        raise InvalidInputError(
            f"{error}{where}; {path} was not changed, your edit is in {rejected}"
        ) from None
    say(f"Saved {path}")
