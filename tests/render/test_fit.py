"""Narrow and wide terminals: at 40, 60, 80 and 200 columns `list`, `agenda`, `outsource`,
`today` and `report` keep every title whole (words wrap at spaces, never cut), the title
column keeps 20 characters while lower-value columns can make room, and no line is wider
than the terminal."""

from __future__ import annotations

import pytest
from rich.table import Table
from typer.testing import CliRunner

from microtask.cli.app import app
from microtask.render.fit import Column, FittedTable, fitting
from tests.cli.conftest import NOW, Run
from tests.cli.conftest import run as run  # a fixture, found by name
from tests.rendering import text_of

TITLES = (
    "Write the landing page for the spring launch",
    "Reconcile the bank account with the invoices",
    "Call Ana about the contract renewal",
)
WIDTHS = (40, 60, 80, 200)


@pytest.fixture
def store(run: Run) -> None:
    invoke = run
    invoke(
        "add", TITLES[0], "-p", "high", "-d", "fri 17:00", "-e", "2h", "-t", "web", "-t", "copy",
        "-P", "launch",
    )  # fmt: skip
    invoke(
        "add", TITLES[1], "-d", "today 17:00", "-t", "money", "-P", "admin", "--repetitive",
        "--directions", "simple", "--hours-per-week", "3", "--not-critical",
    )  # fmt: skip
    invoke("add", TITLES[2], "-d", "tomorrow", "-P", "sales")
    invoke("block", "add", "11:00-12:00", "--task", "2")
    invoke("start", "1")
    invoke("stop")


def shown(width: int, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MICROTASK_NOW", NOW)
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def words(text: str) -> set[str]:
    return set(text.replace("└", " ").split())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (("list",), TITLES),
        (("list", "--flat"), TITLES),
        (("today",), TITLES[1:2]),
        (("agenda",), TITLES[1:2]),
        (("outsource",), TITLES),
        (("report", "day"), TITLES[0:1]),
    ],
)
def test_every_title_is_whole_at_every_width(
    store: None,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
    args: tuple[str, ...],
    titles: tuple[str, ...],
) -> None:
    out = shown(width, *args, monkeypatch=monkeypatch)
    assert max(len(line) for line in out.splitlines()) <= width, out
    for title in titles:
        missing = set(title.split()) - words(out)
        assert not missing, f"{' '.join(args)} at {width}: {missing} cut\n{out}"
        assert "…" not in out


def title_width(out: str) -> int:
    """How wide the title column is, from the header: from Title to the next column."""
    header = out.splitlines()[0]
    return header.index("Due") - header.index("Title") - 3


def test_at_60_columns_low_value_columns_drop_and_the_title_keeps_20(
    store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(60, "list", monkeypatch=monkeypatch)
    header = out.splitlines()[0].split()
    assert header == ["ID", "Pri", "Title", "Due", "Est", "Urg"]  # project and tags left
    assert title_width(out) >= 20


def test_at_40_columns_the_title_still_shows_with_the_id_and_due(
    store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(40, "list", monkeypatch=monkeypatch)
    assert out.splitlines()[0].split() == ["ID", "Title", "Due"]


def test_at_200_columns_every_column_shows_and_titles_stay_on_one_line(
    store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(200, "list", monkeypatch=monkeypatch)
    assert out.splitlines()[0].split() == [
        "ID", "Pri", "Title", "Due", "Est", "Tags", "Project", "Urg",
    ]  # fmt: skip
    for title in TITLES:
        assert any(title in line for line in out.splitlines())


def column(header: str, width: int, keep: int | None = None, wraps: bool = False) -> Column:
    return Column(header, ["x" * width], keep=keep, wraps=wraps)


def test_fitting_drops_the_least_worth_first_until_the_title_has_its_floor() -> None:
    title = column("Title", 50, wraps=True)
    a, b, c = column("A", 10, keep=3), column("B", 10, keep=1), column("C", 10, keep=2)
    everything = [title, a, b, c]
    assert fitting(everything, 200, 3) == everything
    assert fitting(everything, 20 + 10 + 10 + 3 * 2, 3) == [title, a, c]  # B went first
    assert fitting(everything, 20, 3) == [title]


def test_a_single_word_longer_than_the_column_folds_rather_than_vanish() -> None:
    title = Column("Title", ["Supercalifragilisticexpialidocious-and-more"], wraps=True)
    table = FittedTable(lambda: Table(box=None, show_header=False), [title])
    out = text_of(table, 30)
    assert "".join(out.split()).count("Supercalifragilisticexpialidocious-and-more") == 1
