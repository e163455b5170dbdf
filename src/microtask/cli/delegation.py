"""Handing work off: provider add/list, delegate, handback."""

from __future__ import annotations

from typing import Annotated

import typer

from microtask.cli import completion
from microtask.cli.common import get_app
from microtask.cli.options import JsonOpt
from microtask.cli.output import output
from microtask.domain.model import parse_task_id

UserOpt = Annotated[
    str | None,
    typer.Option("--user", metavar="USER", help="The store user they are (their MICROTASK_USER)."),
]

provider_app = typer.Typer(
    name="provider",
    help="The freelancers, agencies and assistants you hand work to.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@provider_app.command("add")
def provider_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Who: a person or a company.")],
    rate: Annotated[
        str | None,
        typer.Option("--rate", metavar="R", help="Hourly rate (default: [outsourcing] setting)."),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="freelancer, agency or va.",
            autocompletion=completion.provider_kinds,
        ),
    ] = "freelancer",
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="WHEN", help="When you started working together (default: now)."
        ),
    ] = None,
    user: UserOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a provider; the six-month trial counts from --since.

    With --user, the provider is a person who runs microtask on this store as that user
    (MICROTASK_USER or --as): they see only what is delegated to them.
    """
    from microtask.domain.delegation import clean_provider_name, parse_provider_kind, parse_rate
    from microtask.domain.users import clean_user_name
    from microtask.services.delegation import add_provider

    app = get_app(ctx)
    started = None
    if since is not None:
        from microtask.domain.dates import parse_day
        from microtask.domain.zones import day_bounds

        started = day_bounds(parse_day(since, app.now(), order=app.config.date_order))[0]
    provider = add_provider(
        app,
        clean_provider_name(name),
        parse_provider_kind(kind),
        None if rate is None else parse_rate(rate),
        started,
        None if user is None else clean_user_name(user, "--user"),
    )
    output(json).provider_added(provider)


@provider_app.command("edit")
def provider_edit(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The provider.", autocompletion=completion.providers),
    ],
    user: UserOpt = None,
    no_user: Annotated[
        bool, typer.Option("--no-user", help="They no longer use this store.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Change a provider: link them to a store user (--user) or unlink them."""
    from microtask.domain.errors import InvalidInputError
    from microtask.domain.users import clean_user_name
    from microtask.services.delegation import set_provider_user

    if (user is None) == (not no_user):
        raise InvalidInputError("say what to change: --user NAME or --no-user (one of them)")
    provider = set_provider_user(
        get_app(ctx), name, None if user is None else clean_user_name(user, "--user")
    )
    output(json).provider_added(provider)


@provider_app.command("list")
def provider_list(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Providers and their track record.

    How much each one took, how much is still out, how often it came back on time, and
    whether they are still on trial.
    """
    from microtask.services.delegation import provider_list

    app = get_app(ctx)
    records, figures = provider_list(app)
    output(json).providers(records, app.now(), figures)


def delegate(
    ctx: typer.Context,
    task: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The task to hand off.", autocompletion=completion.task_ids
        ),
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="NAME", help="The provider.", autocompletion=completion.providers
        ),
    ],
    check_in: Annotated[
        str,
        typer.Option(
            "--check-in",
            metavar="WHEN",
            help="Ask for a progress report after this long (2h) or at this time (tomorrow 10:00).",
        ),
    ] = "2h",
    cap: Annotated[
        str | None,
        typer.Option("--cap", metavar="DURATION", help="Pay for no more time than this."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Hand a critical task to a provider on trial.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Hand a task to a provider.

    Its status becomes 'delegated' until `microtask handback`.
    """
    from microtask.domain.delegation import parse_check_in
    from microtask.domain.durations import parse_duration
    from microtask.services.delegation import delegate as delegate_task

    app = get_app(ctx)
    result = delegate_task(
        app,
        parse_task_id(task),
        to,
        parse_check_in(check_in, app.now(), app.config.date_order),
        None if cap is None else parse_duration(cap),
        force,
    )
    output(json).delegated(result)


def handback(
    ctx: typer.Context,
    task: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The task handed back.", autocompletion=completion.task_ids
        ),
    ],
    done: Annotated[bool, typer.Option("--done", help="It is done.")] = False,
    redo: Annotated[bool, typer.Option("--redo", help="It must be done again.")] = False,
    on_time: Annotated[
        bool | None,
        typer.Option("--on-time/--late", help="Was it back when agreed?", show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="How it went.")] = None,
    json: JsonOpt = False,
) -> None:
    """Record how a handed-off task came back.

    Done or to redo, on time or late: it feeds the provider's track record.
    """
    from microtask.domain.errors import InvalidInputError
    from microtask.domain.model import clean_note
    from microtask.services.delegation import handback as hand_back

    if done == redo:
        raise InvalidInputError("say how it came back: --done or --redo (one of them)")
    app = get_app(ctx)
    delegation = hand_back(
        app, parse_task_id(task), done, on_time, None if note is None else clean_note(note)
    )
    output(json).handed_back(delegation)


def inbox(ctx: typer.Context, json: JsonOpt = False) -> None:
    """What is delegated to you, with the brief.

    Steps, procedure, time cap and when your check-in is due; for the founder, everything
    handed off and not back yet.
    """
    from microtask.services.assist import inbox as delegated_to_me

    app = get_app(ctx)
    output(json).inbox(delegated_to_me(app), app.now())


def checkin(
    ctx: typer.Context,
    task: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The delegated task.", autocompletion=completion.task_ids
        ),
    ],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="How it is going, in a line.")],
    done_steps: Annotated[
        int | None,
        typer.Option("--done-steps", metavar="N", help="How many of its steps are done."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Report progress on a delegated task.

    The founder sees it in show, today and provider list; the first one is due two hours
    after you start tracking time on it, or at the check-in agreed when it was delegated.
    """
    from microtask.domain.assist import clean_check_in
    from microtask.services.assist import check_in

    app = get_app(ctx)
    handoff = check_in(app, parse_task_id(task), clean_check_in(text), done_steps)
    output(json).checked_in(handoff, app.now())
