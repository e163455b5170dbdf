"""The root command: global options, the one error handler, and the list of commands."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup

from microtask import __version__
from microtask.domain.errors import MicrotaskError


def print_error(message: str) -> None:
    """One line on stderr, red when stderr is a colour terminal; control characters shown."""
    from microtask.domain.text import visible

    line = "Error: " + visible(" ".join(message.splitlines()))
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        line = f"\x1b[31m{line}\x1b[0m"
    print(line, file=sys.stderr)


# The one registry of commands: name -> (where it lives, one-line help for --help). The
# summary is the first line of the command's docstring (of a sub-app's help=): a test checks.
# A command's module is imported, and its options built, only when that command runs:
# start-up stays flat however many commands there are.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("microtask.cli.tasks:add", "Add a task."),
    "list": (
        "microtask.cli.tasks:list_",
        "List tasks, most urgent first, subtasks under their parent.",
    ),
    "show": (
        "microtask.cli.tasks:show",
        "Show a task: its fields, subtask tree with progress, and urgency.",
    ),
    "next": ("microtask.cli.tasks:next_", "The most urgent task you can act on now, and why."),
    "edit": ("microtask.cli.tasks:edit", "Change a task."),
    "split": ("microtask.cli.tasks:split", "Split a task into ordered subtasks."),
    "done": ("microtask.cli.tasks:done", "Mark tasks done."),
    "reopen": ("microtask.cli.tasks:reopen", "Reopen a done or dropped task."),
    "drop": ("microtask.cli.tasks:drop", "Drop tasks you will not do."),
    "rm": ("microtask.cli.tasks:rm", "Delete tasks and their subtasks."),
    "undo": ("microtask.cli.tasks:undo", "Revert the most recent change."),
    "procedure": (
        "microtask.cli.series:procedure",
        "A recurring task's procedure: print it, --edit or --from.",
    ),
    "pomodoro": ("microtask.cli.focus:pomodoro", "Run pomodoros on a task, with a live countdown."),
    "block": (
        "microtask.cli.blocks:block_app",
        "Time blocks: time set aside for a task or a kind of work.",
    ),
    "plan": (
        "microtask.cli.blocks:plan",
        "Propose a plan for a day's free time; --apply saves it as blocks.",
    ),
    "agenda": (
        "microtask.cli.blocks:agenda",
        "The day's timeline: blocks, sessions, and where they differ.",
    ),
    "session": (
        "microtask.cli.sessions:session_app",
        "Record work done away from the keyboard; list and fix sessions.",
    ),
    "start": ("microtask.cli.focus:start", "Start tracking time on a task, without a timer."),
    "stop": ("microtask.cli.focus:stop", "Stop what runs now."),
    "status": ("microtask.cli.focus:status", "What runs now, and the time left."),
    "score": (
        "microtask.cli.outsource:score",
        "Should you hand a task off? The verdict, score and reasons.",
    ),
    "outsource": (
        "microtask.cli.outsource:outsource",
        "Open tasks ranked by how well they could be handed off.",
    ),
    "export": (
        "microtask.cli.outsource:export_app",
        "Export to files: tasks, and the weekly outsourcing candidates.",
    ),
    "import": (
        "microtask.cli.transfer:import_app",
        "Tasks from Taskwarrior, todo.txt; time from Watson, Timewarrior.",
    ),
    "provider": (
        "microtask.cli.delegation:provider_app",
        "The freelancers, agencies and assistants you hand work to.",
    ),
    "delegate": ("microtask.cli.delegation:delegate", "Hand a task to a provider."),
    "handback": ("microtask.cli.delegation:handback", "Record how a handed-off task came back."),
    "inbox": ("microtask.cli.delegation:inbox", "What is delegated to you, with the brief."),
    "checkin": ("microtask.cli.delegation:checkin", "Report progress on a delegated task."),
    "today": (
        "microtask.cli.today:today",
        "The morning screen: what is due, the plan, next, pomodoro goal.",
    ),
    "triage": (
        "microtask.cli.triage:triage",
        "Walk the tasks that need a decision, one keypress each.",
    ),
    "report": (
        "microtask.cli.report:report",
        "Where the time went, estimates vs actual, and hand-off savings.",
    ),
    "db": ("microtask.cli.store:db_app", "The store: create or upgrade it on purpose."),
    "backup": (
        "microtask.cli.store:backup",
        "Copy the store to FILE, consistent, while other commands go on.",
    ),
    "restore": (
        "microtask.cli.store:restore",
        "Put a copy of the store back, once it passes every check.",
    ),
    # -- issue 14 ---------------------------------------------------------------------
    "tags": (
        "microtask.cli.labels:tags",
        "Tags and how many open tasks carry each.",
    ),
    "projects": (
        "microtask.cli.labels:projects",
        "Projects and how many open tasks each holds.",
    ),
    "config": (
        "microtask.cli.settings:config_app",
        "Settings: where they live, read one, change one, or edit the file.",
    ),
    "note": ("microtask.cli.notes:note", "Add a timestamped line to a task's notes, or edit them."),
    "view": (
        "microtask.cli.labels:view_app",
        "Saved views: list arguments under a name, run by `list @NAME`.",
    ),
}


def load_command(name: str) -> Any:
    """Build the click command for ``name`` from its Typer function or sub-app."""
    from importlib import import_module

    spec, summary = COMMANDS[name]
    module_name, _, attribute = spec.partition(":")
    target = getattr(import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        return plain_usage(typer.main.get_command(hints_read_once(target)))
    single = typer.Typer(
        rich_markup_mode=None, context_settings=CONTEXT_SETTINGS, add_completion=False
    )
    single.command(name=name, short_help=summary)(hints_read_once(target))
    command = hint_dash_titles(plain_usage(typer.main.get_command(single)))
    return with_saved_views(command) if name == "list" else command


def hints_read_once(target: Any) -> Any:
    """``target`` (a command's function, or a sub-app and all its commands) with its type
    hints evaluated once. Our annotations are strings (``from __future__ import
    annotations``), and Typer reads a command's hints two or three times as it builds and
    calls it, evaluating every string again each time: a third of ``list --json``'s own
    work at 25 rows."""
    import typing

    if isinstance(target, typer.Typer):
        for info in target.registered_commands:
            hints_read_once(info.callback)
        for group in target.registered_groups:
            hints_read_once(group.typer_instance)
        if target.registered_callback is not None:
            hints_read_once(target.registered_callback.callback)
    elif target is not None:
        target.__annotations__ = typing.get_type_hints(target, include_extras=True)
    return target


def with_saved_views(command: Any) -> Any:
    """``list @NAME``: a saved view's arguments stand where its name is."""
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> list[str]:
        if not any(a.startswith("@") for a in args):  # no saved view named
            plain: list[str] = parse(ctx, args)
            return plain
        from microtask.cli.labels import expand_views

        try:
            expanded = expand_views(ctx, args)
        except MicrotaskError as error:
            print_error(str(error))
            raise typer.Exit(error.exit_code) from None
        result: list[str] = parse(ctx, expanded)
        return result

    command.parse_args = parse_args
    return command


TEXT_ARGUMENTS = {"title", "steps", "text"}
"""Positional arguments that hold free text: one that starts with '-' reads as an option."""


def hint_dash_titles(command: Any) -> Any:
    """A command that takes free text says how to pass text starting with '-' when the
    parser took it for an unknown option (``add -fix`` -> "No such option: -f")."""
    if any(isinstance(p, TyperArgument) and p.name in TEXT_ARGUMENTS for p in command.params):
        parse = command.parse_args

        def parse_args(ctx: Any, args: list[str]) -> list[str]:
            from typer._click.exceptions import NoSuchOption  # Typer's own copy of click

            given = list(args)  # the parser consumes its list
            try:
                result: list[str] = parse(ctx, args)
            except NoSuchOption as error:
                if error.possibilities:  # a near miss of a real option: click names it
                    raise
                import shlex

                error.message += "; use -- before a title that starts with -"
                dashed = [a for a in given if a.startswith(error.option_name)]
                if len(dashed) == 1 and len(dashed[0]) > 2:
                    error.message += f": microtask {command.name} -- {shlex.quote(dashed[0])}"
                raise
            return result

        command.parse_args = parse_args
    return command


class PlainArgument(TyperArgument):
    """An argument shown in usage lines as click and man pages write it: ``TITLE``, ``[ID]``,
    ``ID...``. Typer 0.27 started wrapping every required argument in braces (``{TITLE}``),
    which reads as a choice of values."""

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or (self.name or "").upper()
        if self.metavar is None and self.nargs != 1:
            name += "..."
        if not self.required and not name.startswith("["):
            name = f"[{name}]"
        return [name]


def plain_usage(command: Any) -> Any:
    """``command`` and its sub-commands with their arguments made PlainArgument."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            param.__class__ = PlainArgument
    for sub in getattr(command, "commands", {}).values():
        plain_usage(sub)
    return command


class MicrotaskGroup(TyperGroup):
    """The root group: commands load lazily, and every MicrotaskError becomes one line
    and its exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refusal = undecodable_argument(args)
        if refusal is not None:
            print_error(refusal)
            raise typer.Exit(1)
        result: list[str] = super().parse_args(ctx, args)
        return result

    def invoke(self, ctx: Any) -> Any:
        from typer.exceptions import Abort

        try:
            return super().invoke(ctx)
        except MicrotaskError as error:
            print_error(str(error))
            raise typer.Exit(error.exit_code) from None
        except Abort as error:  # a prompt saw Ctrl-C (or the end of its input)
            if not isinstance(error.__context__, KeyboardInterrupt):
                raise
            interrupted()
        except KeyboardInterrupt:
            interrupted()
        except UnicodeEncodeError as error:
            refusal = unwritable_output(error)
            if refusal is None:
                raise
            print_error(refusal)
            raise typer.Exit(1) from None


def interrupted() -> None:
    """Ctrl-C: 'Interrupted' on a line of its own (after the ^C the terminal echoed), 130."""
    print("\nInterrupted", file=sys.stderr)
    raise typer.Exit(130)


def unwritable_output(error: UnicodeEncodeError) -> str | None:
    """A one-line refusal when the output's encoding (``PYTHONIOENCODING=ascii``, a legacy
    locale) cannot write a character microtask has to show; None for any other error."""
    import codecs

    try:
        failed = codecs.lookup(error.encoding).name
        output = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    except LookupError:
        return None
    if failed != output or failed.startswith("utf"):
        return None
    shown = ascii(error.object[error.start : error.start + 1])
    return (
        f"the output's encoding ({output}) cannot write {shown}:"
        " set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)"
    )


PATH_OPTIONS = ("--db", "--output", "-o", "--from")
"""Options whose value is a file name: those may be any bytes the file system allows."""


def undecodable_argument(args: list[str]) -> str | None:
    """A one-line refusal of the first text argument that is not valid UTF-8 (Python hands
    such bytes over as lone surrogates, which no text column can store); None if all are."""
    for index, arg in enumerate(args):
        previous = args[index - 1] if index else ""
        if previous in PATH_OPTIONS or arg.split("=", 1)[0] in PATH_OPTIONS:
            continue
        if any("\udc80" <= char <= "\udcff" or "\ud800" <= char <= "\udfff" for char in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return (
                f"argument {index + 1} is not valid UTF-8 text: '{shown}'; "
                "microtask stores text as UTF-8 (check the terminal's or the script's encoding)"
            )
    return None


CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    cls=MicrotaskGroup,
    name="microtask",
    help="Capture, split and focus on small tasks, and see which work to hand off.",
    no_args_is_help=False,  # bare `microtask` shows the today screen (issue 14)
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings=CONTEXT_SETTINGS,
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
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            envvar="MICROTASK_USER",
            help="Who you are on a shared store (default: [user] name, else the login name).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    paths: Annotated[
        bool,
        typer.Option("--paths", help="Show where the settings and the database are."),
    ] = False,
    install_man: Annotated[
        bool,
        typer.Option(
            "--install-man",
            help="Install the man page (man microtask) in ~/.local/share/man and exit.",
        ),
    ] = False,
) -> None:
    """microtask: what to do now, focus on it, and what to hand off."""
    ctx.obj = {"db": db, "user": as_user}
    if install_man:
        from microtask.cli.manpage import install

        print(f"Installed {install()}: see it with man microtask")
        raise typer.Exit()
    if paths:
        from microtask.cli.settings import paths_lines

        for line in paths_lines(db):
            print(line)
        raise typer.Exit()
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        ctx.invoke(load_command("today"))


hints_read_once(root)


def main() -> None:
    app(prog_name="microtask")
