"""The outsourcing advisor: score, outsource, export outsource."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from microtask.cli.common import get_app, print_json, render, say
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import parse_task_id

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProviderOpt = Annotated[
    str | None,
    typer.Option(
        "--provider",
        metavar="NAME",
        help="Judge as if handed to this provider: their rate, and their track record "
        "(six months lift 'critical', proven punctuality lifts 'time-sensitive').",
    ),
]
VERDICTS = ("outsource", "automate", "delegate-later", "batch", "keep")
FORMATS = ("md", "csv", "json")
TABLE_ROWS = 50


def score(
    ctx: typer.Context,
    task: Annotated[str, typer.Argument(metavar="ID", help="The task to assess.")],
    provider: ProviderOpt = None,
    json: JsonOpt = False,
) -> None:
    """Should you hand a task off? The verdict, score and reasons.

    Each criterion's part in the score, and the answers that would change the verdict.
    """
    from microtask.services.outsourcing import score_task

    app = get_app(ctx)
    scored = score_task(app, parse_task_id(task), provider)
    if json:
        from microtask.exporters.outsource_json import assessment_object

        print_json(assessment_object(scored))
        return
    from microtask.render.outsource import assessment_view

    render(assessment_view(scored))


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
            help="Only this verdict: outsource, automate, delegate-later, batch or keep.",
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
    from microtask.domain.outsourcing import Verdict
    from microtask.services.outsourcing import candidates

    if min_score is not None and not 0 <= min_score <= 100:
        raise InvalidInputError(f"--min-score must be from 0 to 100, got {min_score}")
    wanted = None
    if verdict is not None:
        if verdict.strip().lower() not in VERDICTS:
            raise InvalidInputError(
                f"invalid --verdict {verdict!r}: use one of {', '.join(VERDICTS)}"
            )
        wanted = Verdict(verdict.strip().lower())
    app = get_app(ctx)
    ranked = candidates(app, min_score, wanted, provider)
    if json:
        from microtask.exporters.outsource_json import assessment_object

        print_json([assessment_object(s, with_flips=False) for s in ranked])
        return
    from microtask.render.outsource import candidates_table

    if limit is not None and limit < 1:
        raise InvalidInputError(f"--limit must be at least 1, got {limit}")
    render(candidates_table(ranked, TABLE_ROWS if limit is None else limit))


export_app = typer.Typer(
    name="export",
    help="Export lists to files: the weekly outsourcing candidates.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@export_app.callback()
def export_group() -> None:
    """Export lists to files: the weekly outsourcing candidates."""


@export_app.command("outsource")
def export_outsource(
    ctx: typer.Context,
    week: Annotated[
        str, typer.Option("--week", metavar="WEEK", help="this (default), last, or 2026-W48.")
    ] = "this",
    format_: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="md (default), csv or json.")
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (default: stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """The week's outsourcing candidates, as briefs or rows.

    Markdown (md) gives a brief to post for each candidate; csv and json give one row each.
    """
    from microtask.exporters import outsource as formats
    from microtask.services.outsourcing import weekly_candidates

    kind = format_.strip().lower()
    if kind not in FORMATS:
        raise InvalidInputError(f"invalid --format {format_!r}: use one of {', '.join(FORMATS)}")
    app = get_app(ctx)
    listing = weekly_candidates(app, week)
    text = {"md": formats.to_markdown, "csv": formats.to_csv, "json": formats.to_json}[kind](
        listing
    )
    if output is None:
        sys.stdout.write(text)
        return
    from microtask.exporters.files import write_atomically

    write_atomically(output, text, force)
    count = len(listing.candidates)
    noun = "candidate" if count == 1 else "candidates"
    say(f"Wrote {count} {noun} for {formats.week_label(listing)} to {output}")
