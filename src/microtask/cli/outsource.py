"""The outsourcing advisor: score, outsource, export outsource."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from microtask.cli import completion
from microtask.cli.common import deliver, get_app, say
from microtask.cli.options import MAX_ROWS, ForceOpt, JsonOpt, OutputOpt, choices, parse_choice
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import parse_task_id
from microtask.domain.outsourcing import Verdict

ProviderOpt = Annotated[
    str | None,
    typer.Option(
        "--provider",
        metavar="NAME",
        help="Judge as if handed to this provider: their rate, and their track record "
        "(six months lift 'critical', proven punctuality lifts 'time-sensitive').",
    ),
]
TABLE_ROWS = 50


class ExportFormat(StrEnum):
    MD = "md"
    CSV = "csv"
    JSON = "json"


def score(
    ctx: typer.Context,
    task: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The task to assess.", autocompletion=completion.task_ids
        ),
    ],
    provider: ProviderOpt = None,
    json: JsonOpt = False,
) -> None:
    """Should you hand a task off? The verdict, score and reasons.

    Each criterion's part in the score, and the answers that would change the verdict.
    """
    from microtask.services.outsourcing import score_task

    app = get_app(ctx)
    output(json).assessment(score_task(app, parse_task_id(task), provider))


def outsource(
    ctx: typer.Context,
    min_score: Annotated[
        int | None, typer.Option("--min-score", metavar="N", help="Only scores of N or more.")
    ] = None,
    verdict: Annotated[
        str | None,
        typer.Option(
            "--verdict",
            metavar="VERDICT",
            help=f"Only this verdict: {choices(Verdict)}.",
            autocompletion=completion.verdicts,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", help="Rows in the table (default 50)."),
    ] = None,
    provider: ProviderOpt = None,
    json: JsonOpt = False,
) -> None:
    """Open tasks ranked by how well they could be handed off.

    Each with its verdict, hours a week and what handing it off would save.
    """
    from microtask.services.outsourcing import candidate_list

    if min_score is not None and not 0 <= min_score <= 100:
        raise InvalidInputError(f"--min-score must be from 0 to 100, got {min_score}")
    wanted = None if verdict is None else parse_choice(verdict, Verdict, "--verdict")
    if limit is not None and not 1 <= limit <= MAX_ROWS:
        raise InvalidInputError(f"--limit must be from 1 to {MAX_ROWS:,}, got {limit}")
    app = get_app(ctx)
    out = output(json)
    top = out.table_rows(limit, TABLE_ROWS)
    out.candidates(candidate_list(app, min_score, wanted, provider, top))


export_app = typer.Typer(
    name="export",
    help="Export to files: tasks, and the weekly outsourcing candidates.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@export_app.callback()
def export_group() -> None:
    """Export to files: tasks, and the weekly outsourcing candidates."""


@export_app.command("outsource")
def export_outsource(
    ctx: typer.Context,
    week: Annotated[
        str, typer.Option("--week", metavar="WEEK", help="this (default), last, or 2026-W48.")
    ] = "this",
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"{choices(ExportFormat)}.",
            autocompletion=completion.export_formats,
        ),
    ] = "md",
    output_file: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """The week's outsourcing candidates, as briefs or rows.

    Markdown (md) gives a brief to post for each candidate; csv and json give one row each.
    """
    from microtask.exporters import outsource as formats
    from microtask.render.messages import wrote_candidates
    from microtask.services.outsourcing import weekly_candidates

    kind = parse_choice(format_, ExportFormat, "--format")
    app = get_app(ctx)
    listing = weekly_candidates(app, week)
    write = {
        ExportFormat.MD: formats.to_markdown,
        ExportFormat.CSV: formats.to_csv,
        ExportFormat.JSON: formats.to_json,
    }[kind]
    if deliver(write(listing), output_file, force):
        count = len(listing.candidates)
        say(wrote_candidates(count, formats.week_label(listing), output_file))


def _tasks_command() -> None:
    from microtask.cli.transfer import calendar, tasks

    export_app.command()(tasks)  # `export tasks`
    export_app.command()(calendar)  # `export calendar`


_tasks_command()
