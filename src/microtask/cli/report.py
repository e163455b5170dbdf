"""`report`: where the time went in a day, a week, a month or any range of days."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli import completion
from microtask.cli.common import deliver, get_app, render, say
from microtask.cli.options import ForceOpt, OutputOpt, choices, parse_choice
from microtask.domain.report import GroupBy

if TYPE_CHECKING:
    from datetime import datetime

    from microtask.domain.report import Report


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MD = "md"
    CSV = "csv"
    HTML = "html"
    SVG = "svg"


WHEN_HELP = (
    "today, yesterday, mon..sun (the last one), last week, last month, 3 days ago, "
    "2026-W47, 2026-11 or 2026-11-02."
)


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
        str,
        typer.Option(
            "--by",
            "--group-by",
            metavar="|".join(GroupBy),
            help=f"Group focus time by {choices(GroupBy)}.",
            autocompletion=completion.group_by,
        ),
    ] = "task",
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"{choices(ReportFormat)}.",
            autocompletion=completion.report_formats,
        ),
    ] = "table",
    json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Where the time went, estimates vs actual, and hand-off savings.

    Focus per task, tag or project and per day, estimates vs actual, flow, and what
    handing work off would have saved. Weeks start on Monday ([report] week_start).
    """
    from microtask.services.report import ReportRequest, build_report

    kind = ReportFormat.JSON if json else parse_choice(format_, ReportFormat, "--format")
    request = ReportRequest(
        period=period, from_text=from_, to_text=to, by=parse_choice(by, GroupBy, "--by")
    )
    app = get_app(ctx)
    result = build_report(app, request)
    now = app.now()
    if kind is ReportFormat.TABLE and output_file is None:
        from microtask.render.report import report_view

        render(report_view(result, now))
        return
    if deliver(_formatted(kind, result, now), output_file, force):
        from microtask.render.messages import wrote_report

        say(wrote_report(result.period.label, kind.value, output_file))


def _formatted(kind: ReportFormat, result: Report, now: datetime) -> str:
    if kind is ReportFormat.JSON:
        from microtask.exporters.report_json import report_object
        from microtask.exporters.task_json import dumps

        return dumps(report_object(result)) + "\n"
    if kind in (ReportFormat.MD, ReportFormat.CSV):
        from microtask.exporters import report_text

        if kind is ReportFormat.MD:
            return report_text.to_markdown(result)
        return report_text.to_csv(result)
    from microtask.render import report as pictures

    if kind is ReportFormat.HTML:
        return pictures.report_html(result, now)
    if kind is ReportFormat.SVG:
        return pictures.report_svg(result, now)
    return pictures.report_plain(result, now)
