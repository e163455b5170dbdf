"""``export outsource``: spreadsheet-safe CSV, stable JSON, Markdown user text cannot break."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.text import visible
from microtask.domain.views.outsourcing import CandidateRow, CandidateWeek
from microtask.exporters.files import write_atomically
from microtask.exporters.outsource import (
    CSV_COLUMNS,
    FORMULA_STARTS,
    TEXT_COLUMNS,
    _public,
    csv_cells,
    markdown_escape,
    to_csv,
    to_json,
    to_markdown,
)
from tests.exporters.csv_reading import LIST_COLUMNS, decode_list, read_csv_rows

PARIS = ZoneInfo("Europe/Paris")  # the zone tests run in (tests/conftest.py)
CONTRACT = "id,title,verdict,score,category,hours_per_week,weekly_savings,time_cap_hours,steps"

HOSTILE_TITLES = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    " =1+1",
    "\n=1+1",
    "\uff1dSUM(A1)",
    "'=already quoted",
    "'tis the season",
    'say "hi", then; leave',
    "two\nlines\r\nand\rthree",
    "rocket 🚀 é",
    "bell \x07 esc \x1b[31m nul \x00",
]


def candidate(**changes: object) -> CandidateRow:
    row = CandidateRow(
        id=12,
        title="Reconcile invoices",
        verdict="outsource",
        score=82,
        category="BPO",
        hours_per_week=3.5,
        weekly_savings=120.0,
        monthly_savings=520.0,
        time_cap_hours=4.5,
        steps=("Collect the PDFs", "Match them to payments"),
        reasons=("Repeats every week", "Needs none of your judgement"),
        acceptance="Every invoice matched to a payment.\nMismatches listed in a sheet.",
        confidence=0.75,
        project="Acme",
        tags=("admin", "money"),
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def week_of(*rows: CandidateRow) -> CandidateWeek:
    return CandidateWeek(
        year=2026,
        week=48,
        start=datetime(2026, 11, 23, tzinfo=PARIS),
        end=datetime(2026, 11, 30, tzinfo=PARIS),
        candidates=rows,
        generated=datetime(2026, 11, 23, 9, 30, tzinfo=PARIS),
    )


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_dangerous(cell: str) -> bool:
    return cell[:1] in FORMULA_STARTS or cell.lstrip()[:1] in FORMULA_STARTS


# --- CSV ---------------------------------------------------------------------------------


def test_csv_header_starts_with_the_contract_columns_and_lines_end_in_crlf() -> None:
    text = to_csv(week_of(candidate()))
    header = text.split("\r\n")[0]
    assert header.startswith(CONTRACT + ",")
    assert header == ",".join(CSV_COLUMNS)
    assert text.endswith("\r\n")
    assert CSV_COLUMNS[9:] == (
        "monthly_savings",
        "confidence",
        "project",
        "tags",
        "reasons",
        "acceptance",
    )


def test_csv_row_values_in_column_order() -> None:
    rows = read_csv_rows(to_csv(week_of(candidate())))
    assert rows == [
        {
            "id": "12",
            "title": "Reconcile invoices",
            "verdict": "outsource",
            "score": "82",
            "category": "BPO",
            "hours_per_week": "3.5",
            "weekly_savings": "120",
            "time_cap_hours": "4.5",
            "steps": "Collect the PDFs\nMatch them to payments",
            "monthly_savings": "520",
            "confidence": "0.75",
            "project": "Acme",
            "tags": "admin\nmoney",
            "reasons": "Repeats every week\nNeeds none of your judgement",
            "acceptance": "Every invoice matched to a payment.\nMismatches listed in a sheet.",
        }
    ]
    assert decode_list(rows[0]["steps"]) == ["Collect the PDFs", "Match them to payments"]


def test_csv_unknown_numbers_and_missing_text_are_empty_cells() -> None:
    row = candidate(
        hours_per_week=None,
        weekly_savings=None,
        monthly_savings=None,
        time_cap_hours=None,
        steps=(),
        tags=(),
        reasons=(),
        acceptance=None,
        project=None,
    )
    [header, cells] = parsed(to_csv(week_of(row)))
    values = dict(zip(header, cells, strict=True))
    for column in ("hours_per_week", "weekly_savings", "monthly_savings", "time_cap_hours"):
        assert values[column] == ""
    for column in ("steps", "tags", "reasons", "acceptance", "project"):
        assert values[column] == ""
    assert decode_list(values["steps"]) == []


def test_an_empty_week_is_the_header_alone() -> None:
    assert to_csv(week_of()) == ",".join(CSV_COLUMNS) + "\r\n"
    assert read_csv_rows(to_csv(week_of())) == []


def test_negative_numbers_stay_numbers_not_neutralised_text() -> None:
    row = candidate(weekly_savings=-2.5, monthly_savings=-10.0, hours_per_week=-0.001)
    line = to_csv(week_of(row)).split("\r\n")[1]
    assert ",-2.5," in line
    assert ",-10," in line
    [_, cells] = parsed(to_csv(week_of(row)))
    values = dict(zip(CSV_COLUMNS, cells, strict=True))
    assert values["weekly_savings"] == "-2.5"
    assert values["monthly_savings"] == "-10"
    assert values["hours_per_week"] == "0"  # rounded to 2 decimals, not "-0"


def test_numbers_are_plain_decimals_without_exponent_or_separators() -> None:
    row = candidate(weekly_savings=12345678.915, monthly_savings=1e21, hours_per_week=0.1 + 0.2)
    values = read_csv_rows(to_csv(week_of(row)))[0]
    assert values["weekly_savings"] in {"12345678.91", "12345678.92"}
    assert values["monthly_savings"] == "1000000000000000000000"
    assert values["hours_per_week"] == "0.3"


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_are_neutralised_and_read_back_unchanged(title: str) -> None:
    text = to_csv(week_of(candidate(title=title, steps=(title, "after"))))
    [_, cells] = parsed(text)
    values = dict(zip(CSV_COLUMNS, cells, strict=True))
    assert not is_dangerous(values["title"])
    assert not is_dangerous(values["steps"])
    restored = read_csv_rows(text)[0]
    assert restored["title"] == title
    assert decode_list(restored["steps"]) == [title, "after"]


def test_formula_titles_get_exactly_one_leading_quote() -> None:
    for title in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted"):
        [_, cells] = parsed(to_csv(week_of(candidate(title=title))))
        assert cells[1] == "'" + title
    [_, cells] = parsed(to_csv(week_of(candidate(title="Plain 1+1"))))
    assert cells[1] == "Plain 1+1"


def test_text_cells_are_always_quoted_so_a_semicolon_locale_cannot_split_them() -> None:
    line = to_csv(week_of(candidate(title="a;=cmd()", project="p"))).split("\r\n")[1]
    assert ',"a;=cmd()",' in line
    assert ',"p",' in line


def test_a_step_with_line_breaks_and_backslashes_round_trips() -> None:
    steps = ("one\ntwo", "back\\slash\\n", "cr\rhere", "")
    [restored] = read_csv_rows(to_csv(week_of(candidate(steps=steps))))
    assert decode_list(restored["steps"]) == list(steps)
    assert restored["steps"].count("\n") == 3  # one line per step


def test_csv_written_to_a_file_reads_back_through_the_csv_module(tmp_path: Path) -> None:
    week = week_of(candidate(title='=HYPERLINK("x")\nrocket 🚀'), candidate(id=13, title="+1"))
    target = tmp_path / "week.csv"
    write_atomically(target, to_csv(week), force=False)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [list(CSV_COLUMNS), *(csv_cells(r) for r in week.candidates)]


MARKUP = "\\`*_[]()<>#|!~&-+=.:/'\"@;, \t\r\n\x00\x1bw1h\uff1d"
any_text = st.text(max_size=40) | st.text(alphabet=MARKUP, max_size=40)
any_list = st.lists(any_text, max_size=4).filter(lambda items: items != [""])
any_number = st.none() | st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@st.composite
def candidates(draw: st.DrawFn) -> CandidateRow:
    return candidate(
        id=draw(st.integers(1, 10**9)),
        title=draw(any_text),
        verdict=draw(any_text),
        category=draw(any_text),
        score=draw(st.integers(-100, 100)),
        hours_per_week=draw(any_number),
        weekly_savings=draw(any_number),
        monthly_savings=draw(any_number),
        time_cap_hours=draw(any_number),
        steps=tuple(draw(any_list)),
        reasons=tuple(draw(any_list)),
        tags=tuple(draw(any_list)),
        acceptance=draw(st.none() | any_text),
        project=draw(st.none() | any_text),
        confidence=draw(st.floats(0, 1)),
    )


@given(st.lists(candidates(), max_size=3))
def test_csv_round_trips_any_text_and_no_text_cell_can_run(rows: list[CandidateRow]) -> None:
    text = to_csv(week_of(*rows))
    [header, *read] = parsed(text)
    assert header == list(CSV_COLUMNS)
    assert read == [csv_cells(r) for r in rows]
    for cells in read:
        for column, cell in zip(CSV_COLUMNS, cells, strict=True):
            if column in TEXT_COLUMNS:
                assert not is_dangerous(cell), (column, cell)
            elif cell:
                assert re.fullmatch(r"-?\d+(\.\d{1,2})?", cell), (column, cell)
    for row, restored in zip(rows, read_csv_rows(text), strict=True):
        assert restored["title"] == row.title
        assert restored["verdict"] == row.verdict
        assert restored["category"] == row.category
        assert restored["acceptance"] == (row.acceptance or "")
        assert restored["project"] == (row.project or "")
        for column in LIST_COLUMNS:
            assert decode_list(restored[column]) == list(getattr(row, column))
        assert int(restored["id"]) == row.id
        if row.weekly_savings is not None:
            assert float(restored["weekly_savings"]) == pytest.approx(row.weekly_savings, abs=0.006)


# --- JSON --------------------------------------------------------------------------------


def test_json_keys_values_and_totals() -> None:
    week = week_of(
        candidate(),
        candidate(id=13, hours_per_week=None, weekly_savings=-2.5, monthly_savings=None, steps=()),
    )
    data = json.loads(to_json(week))
    assert list(data) == ["week", "start", "end", "generated", "candidates", "totals"]
    assert data["week"] == "2026-W48"
    assert data["start"] == "2026-11-23T00:00:00+01:00"
    assert data["end"] == "2026-11-30T00:00:00+01:00"
    assert data["generated"] == "2026-11-23T09:30:00+01:00"
    first = data["candidates"][0]
    assert list(first) == [
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
        "reasons",
        "acceptance",
        "project",
        "tags",
    ]
    assert first["steps"] == ["Collect the PDFs", "Match them to payments"]
    assert first["tags"] == ["admin", "money"]
    assert first["hours_per_week"] == 3.5
    assert data["candidates"][1]["steps"] == []
    assert data["candidates"][1]["hours_per_week"] is None
    assert data["totals"] == {
        "hours_per_week": 3.5,
        "weekly_savings": 117.5,
        "monthly_savings": 520.0,
    }


def test_json_keeps_user_text_exact() -> None:
    title = '=HYPERLINK("x") | `a` [x](y) \x1b\n🚀'
    data = json.loads(to_json(week_of(candidate(title=title))))
    assert data["candidates"][0]["title"] == title


def test_json_of_an_empty_week() -> None:
    data = json.loads(to_json(week_of()))
    assert data["candidates"] == []
    assert data["totals"] == {"hours_per_week": 0, "weekly_savings": 0, "monthly_savings": 0}


# --- Markdown ----------------------------------------------------------------------------


def table_rows(document: str) -> list[str]:
    return [line for line in document.splitlines() if line.startswith("|")]


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def test_markdown_title_summary_table_and_brief() -> None:
    document = to_markdown(week_of(candidate()))
    assert document.startswith("# Outsourcing candidates, week 2026-W48 (23\u201329 Nov 2026)\n")
    assert table_rows(document) == [
        "| ID | Task | Verdict | Category | h/week | Savings/week |",
        "|---:|------|---------|----------|-------:|-------------:|",
        "| 12 | Reconcile invoices | outsource | BPO | 3.5 | 120.00 |",
    ]
    assert "\n## Reconcile invoices\n" in document
    assert "**What**: Reconcile invoices (project: Acme)" in document
    assert "- Repeats every week\n- Needs none of your judgement\n" in document
    assert "1\\. " not in document
    assert "\n1. Collect the PDFs\n2. Match them to payments\n" in document
    assert "**Expected time**: about 3.5 h per week; time cap 4.5 h (no pay past it)" in document
    assert "> Every invoice matched to a payment.\\\n> Mismatches listed in a sheet.\n" in document
    assert "**Category**: BPO \u2014 business process outsourcing" in document


def test_markdown_falls_back_to_to_be_agreed() -> None:
    row = candidate(steps=(), acceptance="  \n", hours_per_week=None, time_cap_hours=None)
    document = to_markdown(week_of(row))
    assert "**Steps**:\n\nTo be agreed\n" in document
    assert "**Acceptance criteria**:\n\nTo be agreed\n" in document
    assert "**Expected time**: hours to be agreed; time cap to be agreed" in document
    assert "| 12 | Reconcile invoices | outsource | BPO | \u2014 | 120.00 |" in document


def test_markdown_category_explanations() -> None:
    for category, words in [
        ("BPO", "business process"),
        ("KPO", "research and analysis"),
        ("TSO", "technical setup and maintenance"),
        ("VA", "virtual assistant"),
    ]:
        assert words in to_markdown(week_of(candidate(category=category)))
    assert "**Category**: Other\n" in to_markdown(week_of(candidate(category="Other")))


def test_an_empty_week_is_one_friendly_paragraph() -> None:
    document = to_markdown(week_of())
    title, paragraph = document.rstrip("\n").split("\n\n")
    assert title == "# Outsourcing candidates, week 2026-W48 (23\u201329 Nov 2026)"
    assert paragraph.startswith("Nothing to hand off this week")
    assert "|" not in document


def test_a_week_across_months_and_years_names_both() -> None:
    week = replace(
        week_of(),
        year=2026,
        week=53,
        start=datetime(2026, 12, 28, tzinfo=PARIS),
        end=datetime(2027, 1, 4, tzinfo=PARIS),
    )
    assert "week 2026-W53 (28 Dec 2026 \u2013 3 Jan 2027)" in to_markdown(week)
    week = replace(
        week, start=datetime(2026, 11, 30, tzinfo=PARIS), end=datetime(2026, 12, 7, tzinfo=PARIS)
    )
    assert "(30 Nov \u2013 6 Dec 2026)" in to_markdown(week)


@pytest.mark.parametrize(
    "title",
    ["| a | b |", "`rm -rf /`", "[x](http://evil)", "<script>alert(1)</script>", "# heading",
     "a\nb\r\n| c |", "![img](http://evil/x.png)", "**bold** _em_ ~~gone~~", "\\| sneaky"],
)  # fmt: skip
def test_hostile_titles_cannot_break_the_table_or_make_links_or_html(title: str) -> None:
    document = to_markdown(week_of(candidate(title=title)))
    row = table_rows(document)[2]
    assert unescaped_pipes(row) == 7
    assert "\n" not in markdown_escape(title)
    assert "](" not in document.replace("\\](", "")
    assert "<script" not in document.replace("\\<script", "")
    assert "`" not in document.replace("\\`", "")
    assert "\n# heading" not in document
    assert "\n## \\# heading" in document or "# heading" not in title


def test_markdown_escape_of_link_html_and_code() -> None:
    assert markdown_escape("[x](http://evil)") == "\\[x\\]\\(http\\://evil\\)"
    assert markdown_escape("<b>`x`</b>") == "\\<b\\>\\`x\\`\\</b\\>"
    assert markdown_escape("# h") == "\\# h"
    assert markdown_escape("- item") == "\\- item"
    assert markdown_escape("2026. A year") == "2026\\. A year"
    assert markdown_escape("see www.evil.com") == "see www\\.evil.com"
    assert markdown_escape("a\nb") == "a b"
    assert markdown_escape("esc \x1b[31m") == "esc \\\\x1b\\[31m"


def test_acceptance_lines_stay_lines_and_cannot_make_blocks() -> None:
    notes = "Done when:\n- all filed\n# not a heading\n\n```\ncode\n```\n<div>x</div>\n==="
    document = to_markdown(week_of(candidate(acceptance=notes)))
    block = document.split("**Acceptance criteria**:\n\n")[1].split("\n\n**Category**")[0]
    assert block.splitlines() == [
        "> Done when:\\",
        "> \\- all filed\\",
        "> \\# not a heading",
        ">",
        "> \\`\\`\\`\\",
        "> code\\",
        "> \\`\\`\\`\\",
        "> \\<div\\>x\\</div\\>\\",
        "> \\===",
    ]


markdown_it = pytest.importorskip("markdown_it")


def render(document: str) -> str:
    renderer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return str(renderer.render(document))


def expected_literal(text: str) -> str:
    return visible(re.sub(r"\r\n|[\r\n]", " ", text)).strip()


@given(any_text)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    rendered = render(markdown_escape(text))
    inner = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert html.unescape(inner) == expected_literal(text)


@given(st.lists(candidates(), min_size=1, max_size=3))
def test_no_user_text_can_shape_the_rendered_document(rows: list[CandidateRow]) -> None:
    rendered = render(to_markdown(week_of(*rows)))
    count = len(rows)
    for tag in ("<a ", "<img", "<code", "<pre", "<em>", "<s>", "<hr", "<h3", "<script"):
        assert tag not in rendered
    assert rendered.count("<h1>") == 1
    assert rendered.count("<h2>") == count
    assert rendered.count("<table>") == 1
    assert rendered.count("<td") == 6 * count
    assert rendered.count("<strong>") == 6 * count  # What, Why, Steps, Time, Acceptance, Category
    assert rendered.count("<li>") == sum(len(r.steps) + len(_public(r.reasons)) for r in rows)
    assert rendered.count("<blockquote>") <= count
    cells = re.findall(r"<td>(.*?)</td>", rendered, flags=re.DOTALL)
    titles = cells[0::3]  # Task, Verdict, Category are the left-aligned cells
    assert [html.unescape(t) for t in titles] == [expected_literal(r.title) for r in rows]


def test_a_brief_to_post_keeps_your_rates_and_the_advice_to_yourself() -> None:
    row = CandidateRow(
        id=1, title="Lead list", verdict="outsource", score=80, category="BPO",
        hours_per_week=4.0, weekly_savings=300.0, monthly_savings=1300.0, time_cap_hours=5.0,
        steps=(), acceptance=None, confidence=1.0,
        reasons=(
            "It fits: hand it off now.",
            "For it: repetitive; simple directions; 4 h/week.",
            "Handing off 4 h/week saves 300.00 a week (1300.00 a month) at 100/h for you.",
        ),
    )  # fmt: skip
    assert _public(row.reasons) == ["For it: repetitive; simple directions; 4 h/week."]
