"""`report`: where the time went in a day, a week, a month or any range of days."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli.common import get_app, render, say
from microtask.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from datetime import datetime

    from microtask.domain.report import Report

FORMATS = ("table", "json", "md", "csv", "html", "svg")
GROUPINGS = ("task", "tag", "project")
WHEN_HELP = (
    "today, yesterday, mon..sun (the last one), last week, last month, 3 days ago, "
    "2026-W47, 2026-11 or 2026-11-02."
)


def _choice(value: str, accepted: tuple[str, ...], option: str) -> str:
    clean = value.strip().lower()
    if clean not in accepted:
        raise InvalidInputError(f"invalid {option} {value!r}: use one of {', '.join(accepted)}")
    return clean


def report(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Argument(
            metavar="[day|week|month]",
            help="The day, week or month holding today (default: week), or holding "
            "--from/--to when only one is given.",
        ),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", metavar="WHEN", help="First day: " + WHEN_HELP)
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="WHEN", help="Last day, included.")
    ] = None,
    by: Annotated[
        str, typer.Option("--by", metavar="task|tag|project", help="Group focus time by.")
    ] = "task",
    format_: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="table (default), json, md, csv, html, svg."
        ),
    ] = "table",
    json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (default: stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Where the time went, estimates vs actual, and hand-off savings.

    Focus per task, tag or project and per day, estimates vs actual, flow, and what
    handing work off would have saved. Weeks start on Monday ([report] week_start).
    """
    from microtask.domain.report import GroupBy
    from microtask.services.report import ReportRequest, build_report

    kind = "json" if json else _choice(format_, FORMATS, "--format")
    request = ReportRequest(
        period=period,
        from_text=from_,
        to_text=to,
        by=GroupBy(_choice(by, GROUPINGS, "--by")),
    )
    app = get_app(ctx)
    result = build_report(app, request)
    now = app.now()
    if kind == "table" and output is None:
        from microtask.render.report import report_view

        render(report_view(result, now))
        return
    text = _formatted(kind, result, now)
    if output is None:
        sys.stdout.write(text)
        return
    from microtask.exporters.files import write_atomically

    write_atomically(output, text, force)
    say(f"Wrote the report for {result.period.label} ({kind}) to {output}")


def _formatted(kind: str, result: Report, now: datetime) -> str:
    if kind == "json":
        from microtask.exporters.report_json import report_object
        from microtask.exporters.task_json import dumps

        return dumps(report_object(result)) + "\n"
    if kind in ("md", "csv"):
        from microtask.exporters import report_text

        return report_text.to_markdown(result) if kind == "md" else report_text.to_csv(result)
    from microtask.render import report as pictures

    if kind == "html":
        return pictures.report_html(result, now)
    if kind == "svg":
        return pictures.report_svg(result, now)
    return pictures.report_plain(result, now)
