"""``export outsource``: the weekly candidate list as CSV, JSON and ready-to-post Markdown.

User text is data in every format. CSV cells that a spreadsheet would run as a formula are
neutralised (OWASP "CSV injection"), and every cell round-trips through :mod:`csv`.
Markdown escapes everything that could make a table cell, a link, HTML or a heading.

CSV encoding, a contract with users' spreadsheets and scripts:

- Columns in :data:`CSV_COLUMNS` order; the header line is the bare names, ``\\r\\n`` line ends.
- Numeric cells are bare plain decimals (``-2.5``, ``1200``; at most 2 decimals, never an
  exponent or a thousands separator); an unknown value is an empty cell.
- Text cells are always double-quoted (so a ``;``-separated spreadsheet locale cannot split
  one), and start with a single quote ``'`` when the text starts with ``= + - @``, a tab, a
  carriage return, their full-width forms, whitespace before any of those, or a ``'`` itself
  (so the quote is unambiguous: a reader removes exactly one).
- List cells (``steps``, ``tags``, ``reasons``) hold one item per line (``\\n``); inside an
  item, ``\\`` ``\\n`` ``\\r`` are written ``\\\\`` ``\\n`` ``\\r``. An empty cell is an empty
  list (a list of one empty item is written the same way).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from microtask.domain.dates import MONTHS
from microtask.domain.text import visible
from microtask.domain.views.outsourcing import CandidateRow, CandidateWeek
from microtask.exporters.task_json import dumps, iso
from microtask.format import EN_DASH, counted, json_money, money

if TYPE_CHECKING:
    from microtask.domain.steps import Step

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "verdict",
    "score",
    "category",
    "hours_per_week",
    "weekly_savings",
    "time_cap_hours",
    "steps",
    "monthly_savings",
    "confidence",
    "project",
    "tags",
    "reasons",
    "acceptance",
)
"""The first nine are the issue's contract; new columns are only ever appended."""

TEXT_COLUMNS = frozenset(
    {"title", "verdict", "category", "steps", "project", "tags", "reasons", "acceptance"}
)

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""What makes Excel, LibreOffice or Google Sheets read a cell as a formula (or DDE)."""

NEUTRALISER = "'"

CATEGORY_MEANINGS: Mapping[str, str] = {
    "BPO": "business process outsourcing: routine operations such as bookkeeping, "
    "data entry or order handling",
    "KPO": "knowledge process outsourcing: research and analysis",
    "TSO": "technical services outsourcing: technical setup and maintenance",
    "VA": "virtual assistant: scheduling, inbox, errands and day-to-day admin",
}

TO_BE_AGREED = "To be agreed"


# --- CSV ---------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a leading ``'`` when needed."""
    if text[:1] in FORMULA_STARTS or text[:1] == NEUTRALISER or text.lstrip()[:1] in FORMULA_STARTS:
        return NEUTRALISER + text
    return text


_LIST_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}


def encode_list(items: Iterable[str]) -> str:
    """One item per line; line breaks and backslashes inside an item escaped."""
    return "\n".join(re.sub(r"[\\\n\r]", lambda m: _LIST_ESCAPES[m.group()], i) for i in items)


def _decimal(value: float | None, places: int = 2) -> str:
    """A plain decimal: no exponent, no thousands separator, no trailing zeros."""
    if value is None or not math.isfinite(value):
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_texts(row: CandidateRow) -> dict[str, str]:
    return {
        "title": row.title,
        "verdict": row.verdict,
        "category": row.category,
        "steps": encode_list(row.steps),
        "project": row.project or "",
        "tags": encode_list(row.tags),
        "reasons": encode_list(row.reasons),
        "acceptance": row.acceptance or "",
    }


def _csv_numbers(row: CandidateRow) -> dict[str, float | None]:
    return {
        "id": row.id,
        "score": row.score,
        "hours_per_week": row.hours_per_week,
        "weekly_savings": row.weekly_savings,
        "time_cap_hours": row.time_cap_hours,
        "monthly_savings": row.monthly_savings,
        "confidence": row.confidence,
    }


def csv_cells(row: CandidateRow) -> list[str]:
    """The cell strings of one row, as :mod:`csv` reads them back (neutralised, unquoted)."""
    texts, numbers = _csv_texts(row), _csv_numbers(row)
    return [
        neutralise(texts[column]) if column in TEXT_COLUMNS else _decimal(numbers[column])
        for column in CSV_COLUMNS
    ]


def to_csv(week: CandidateWeek) -> str:
    """Header and one line per candidate, best first (see the module doc for the encoding)."""
    lines = [",".join(CSV_COLUMNS)]
    for row in week.candidates:
        fields = zip(CSV_COLUMNS, csv_cells(row), strict=True)
        lines.append(",".join(_quoted(c) if n in TEXT_COLUMNS else c for n, c in fields))
    return "\r\n".join(lines) + "\r\n"


# --- JSON --------------------------------------------------------------------------------


def _rounded(value: float | None, places: int = 2) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, places)


def week_label(week: CandidateWeek) -> str:
    """The ISO week, ``2026-W48``."""
    return f"{week.year}-W{week.week:02d}"


def candidate_object(row: CandidateRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "verdict": row.verdict,
        "score": row.score,
        "category": row.category,
        "hours_per_week": _rounded(row.hours_per_week),
        "weekly_savings": json_money(row.weekly_savings),
        "time_cap_hours": _rounded(row.time_cap_hours),
        "steps": list(row.steps),
        "monthly_savings": json_money(row.monthly_savings),
        "confidence": _rounded(row.confidence),
        "reasons": list(row.reasons),
        "acceptance": row.acceptance,
        "project": row.project,
        "tags": list(row.tags),
    }


def _totals(week: CandidateWeek) -> dict[str, float]:
    def total(values: Iterable[float | None]) -> float:
        return round(sum(v for v in values if v is not None and math.isfinite(v)), 2)

    rows = week.candidates
    return {
        "hours_per_week": total(r.hours_per_week for r in rows),
        "weekly_savings": total(r.weekly_savings for r in rows),
        "monthly_savings": total(r.monthly_savings for r in rows),
    }


def week_object(week: CandidateWeek) -> dict[str, Any]:
    return {
        "week": week_label(week),
        "start": iso(week.start),
        "end": iso(week.end),
        "generated": iso(week.generated),
        "candidates": [candidate_object(r) for r in week.candidates],
        "totals": _totals(week),
    }


def to_json(week: CandidateWeek) -> str:
    """The week as one JSON object (stable keys, ISO times with the local offset)."""
    return dumps(week_object(week)) + "\n"


# --- Markdown ----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#|!~&]")
_LINE_START_MARKER = re.compile(r"^([-+=])|^(\d+)([.)])")
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def markdown_escape(text: str) -> str:
    """``text`` as one line of literal Markdown text: no table cell break, link, HTML,
    code, emphasis, heading or list marker can come out of it.

    Line breaks become spaces, other control characters are shown as escapes (``\\x1b``),
    surrounding whitespace is dropped, and bare URLs are kept from becoming autolinks.
    """
    text = visible(_LINE_BREAK.sub(" ", text)).strip()
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = text.replace("://", "\\://")
    text = re.sub(r"(?i)\bwww\.", lambda m: m.group()[:-1] + "\\.", text)
    return _LINE_START_MARKER.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def _date_range(start: datetime, end: datetime) -> str:
    """``23-29 Nov 2026`` (en dash); the end is exclusive (a week ends at Monday 00:00)."""
    first = start.astimezone().date()
    last = (end - timedelta(microseconds=1)).astimezone().date()
    last_text = f"{last.day} {MONTHS[last.month - 1]} {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{last_text}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} {EN_DASH} {last_text}"
    return f"{first.day} {MONTHS[first.month - 1]} {first.year} {EN_DASH} {last_text}"


def _hours(value: float | None) -> str:
    return _decimal(value) or "—"


def _summary(week: CandidateWeek) -> list[str]:
    totals = _totals(week)
    count = len(week.candidates)
    lines = [
        f"{counted(count, 'candidate')}, best first. Together about "
        f"{_decimal(totals['hours_per_week'])} h per week, saving about "
        f"{money(totals['weekly_savings'], separators=False)} per week "
        f"({money(totals['monthly_savings'], separators=False)} per month).",
        "",
        "| ID | Task | Verdict | Category | h/week | Savings/week |",
        "|---:|------|---------|----------|-------:|-------------:|",
    ]
    for row in week.candidates:
        cells = [
            str(row.id),
            markdown_escape(row.title),
            markdown_escape(row.verdict),
            markdown_escape(row.category),
            _hours(row.hours_per_week),
            money(row.weekly_savings, separators=False, unknown="—"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _expected_time(row: CandidateRow) -> str:
    hours = (
        "hours to be agreed"
        if row.hours_per_week is None
        else f"about {_hours(row.hours_per_week)} h per week"
    )
    cap = (
        "time cap to be agreed"
        if row.time_cap_hours is None
        else f"time cap {_hours(row.time_cap_hours)} h (no pay past it)"
    )
    if row.frequency:
        each = (
            "time cap per instance to be agreed"
            if row.cap_per_instance_hours is None
            else f"time cap {_hours(row.cap_per_instance_hours)} h per instance"
        )
        return f"{hours}; {cap}; {each}"
    return f"{hours}; {cap}"


def _procedure_step(step: Step) -> str:
    from microtask.domain.durations import format_duration

    estimate = f" (about {format_duration(step.estimate_seconds)})" if step.estimate_seconds else ""
    return markdown_escape(step.title) + estimate


def _quoted_block(text: str | None) -> list[str]:
    """The notes as a block quote, one source line per rendered line."""
    lines = [markdown_escape(line) for line in _LINE_BREAK.split(text or "")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return [TO_BE_AGREED]
    quoted = []
    for index, line in enumerate(lines):
        continues = index + 1 < len(lines) and lines[index + 1]
        quoted.append(f"> {line}\\" if line and continues else f"> {line}".rstrip())
    return quoted


_PRIVATE = ("/h", "saves", "Not known yet", "score is held", "automate it first", "hand it off")


def _public(reasons: Sequence[str]) -> list[str]:
    """The reasons fit to post: not your hourly value, the savings or the advisor's advice."""
    return [r for r in reasons if not any(marker in r for marker in _PRIVATE)]


def _brief(row: CandidateRow) -> list[str]:
    title = markdown_escape(row.title) or f"Task {row.id}"
    what = title if not row.project else f"{title} (project: {markdown_escape(row.project)})"
    category = markdown_escape(row.category)
    meaning = CATEGORY_MEANINGS.get(row.category)
    lines = [
        f"## {title}",
        "",
        f"Task {row.id} · {markdown_escape(row.verdict)} · score {row.score}/100 · "
        f"confidence {round(row.confidence * 100)}%",
        "",
        f"**What**: {what}",
        "",
        "**Why it matters**:",
        "",
    ]
    lines += [f"- {markdown_escape(r)}" for r in _public(row.reasons)] or [TO_BE_AGREED]
    if row.procedure:
        lines += ["", "**Written instructions** (the procedure, followed each time):", ""]
        lines += [f"{n}. {_procedure_step(step)}" for n, step in enumerate(row.procedure, 1)]
    else:
        lines += ["", "**Steps**:", ""]
        steps = [f"{n}. {markdown_escape(s)}" for n, s in enumerate(row.steps, 1)]
        lines += steps or [TO_BE_AGREED]
    if row.frequency:
        lines += ["", f"**Frequency**: {markdown_escape(row.frequency)}"]
    lines += [
        "",
        f"**Expected time**: {_expected_time(row)}",
        "",
        "**Acceptance criteria**:",
        "",
        *_quoted_block(row.acceptance),
        "",
        f"**Category**: {category} — {meaning}" if meaning else f"**Category**: {category}",
    ]
    return lines


def to_markdown(week: CandidateWeek) -> str:
    """A summary table, then per candidate a brief ready to post to a freelancer marketplace."""
    title = (
        f"# Outsourcing candidates, week {week_label(week)} ({_date_range(week.start, week.end)})"
    )
    if not week.candidates:
        return (
            f"{title}\n\nNothing to hand off this week: no open task qualifies as an "
            "outsourcing candidate. Tasks that repeat, take regular time and need little of "
            "your own judgement are the ones worth handing off; give them an estimate and "
            "notes, and they will show up here.\n"
        )
    lines = [title, "", *_summary(week)]
    for row in week.candidates:
        lines += ["", *_brief(row)]
    return "\n".join(lines) + "\n"
