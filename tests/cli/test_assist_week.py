"""Done means (issue 16): the founder and the assistant, each with their own
MICROTASK_USER, run a week on one store: delegate, inbox, check-in, track time, hand back,
redo, undo on both sides; every figure of `provider list` is checked by hand at the end.

Run on a SQLite file (fast) and on a real PostgreSQL server (slow)."""

from __future__ import annotations

import pytest

from tests.cli.shared_store import SharedStore


def _at(day: str, clock: str) -> str:
    days = {"mon": 23, "tue": 24, "wed": 25, "thu": 26, "fri": 27}
    return f"2026-11-{days[day]}T{clock}:00+01:00"


def _week(store: SharedStore) -> None:
    founder, ana = "founder", "ana"
    run = store.run
    # Monday: the founder hands off the venue booking (two steps), capped at 2h
    run(founder, "add", "Book the venue", at=_at("mon", "09:00"))
    run(founder, "add", "Dedupe the CRM")
    run(founder, "add", "Hiring plan")
    run(founder, "split", "1", "Shortlist venues", "Book one")  # steps 4, 5
    run(founder, "provider", "add", "Ana", "--user", "ana", "--kind", "va", "--since", "2025-01-06")
    run(founder, "delegate", "1", "--to", "Ana", "--cap", "2h", "--check-in", "tomorrow 10:00")
    [item] = store.json(ana, "inbox", at=_at("mon", "09:05"))
    assert (item["task_id"], item["cap_minutes"], item["steps_total"]) == (1, 120, 2)
    assert item["check_in_due"] == _at("tue", "10:00")
    # she starts at 10:00: her check-in falls due two hours later, at 12:00
    run(ana, "session", "add", "4", "--from", "10:00", "--for", "45m", at=_at("mon", "10:45"))
    assert store.json(ana, "inbox")[0]["check_in_due"] == _at("mon", "12:00")
    run(
        ana, "checkin", "1", "Three venues shortlisted", "--done-steps", "1", at=_at("mon", "11:00")
    )
    run(ana, "done", "4")
    assert "Three venues shortlisted" in run(founder, "show", "1").stdout
    # Tuesday: she books one (30m more: 75m of the 2h cap) and hands it back on time
    run(ana, "session", "add", "5", "--from", "08:00", "--for", "30m", at=_at("tue", "09:00"))
    run(ana, "handback", "1", "--done", "--on-time", at=_at("tue", "10:00"))
    # the CRM, capped at 30m, check-in after an hour
    run(
        founder,
        "delegate",
        "2",
        "--to",
        "Ana",
        "--cap",
        "30m",
        "--check-in",
        "1h",
        at=_at("tue", "11:00"),
    )
    assert "Check-in due" in run(founder, "today", at=_at("tue", "12:30")).stdout
    run(ana, "session", "add", "2", "--from", "12:00", "--for", "45m", at=_at("tue", "13:00"))
    assert "over the cap" in run(ana, "inbox").stdout
    assert "Over the cap" in run(founder, "today").stdout
    run(ana, "checkin", "2", "Half done, needs more time", at=_at("tue", "13:30"))
    # Wednesday: the founder reviews it and sends it back to redo, late; hands it off again
    run(founder, "handback", "2", "--redo", "--late", at=_at("wed", "10:00"))
    run(founder, "delegate", "2", "--to", "Ana", "--check-in", "2h", at=_at("wed", "11:00"))
    run(ana, "checkin", "2", "Fixing the duplicates", at=_at("wed", "11:30"))
    # Thursday: she hands it back, takes it back (undo: her own change), hands it back again
    run(ana, "handback", "2", "--done", at=_at("thu", "10:00"))
    assert "handback task 2" in run(ana, "undo", at=_at("thu", "10:05")).stdout
    assert store.json(founder, "show", "2")["status"] == "delegated"
    run(ana, "handback", "2", "--done", "--on-time", at=_at("thu", "10:10"))
    # the founder undoes his own edit, not her handback; his delegate of 2 is refused
    run(founder, "edit", "3", "--priority", "high", at=_at("thu", "11:00"))
    assert "edit task 3" in run(founder, "undo").stdout
    refused = run(founder, "undo", code=4).stderr
    assert "ana changed task 2" in refused
    assert store.json(founder, "show", "2")["status"] == "done"
    # what she can see all week: her tasks, never the hiring plan
    assert {t["id"] for t in store.json(ana, "list", "--all")} == {1, 2, 4, 5}
    run(ana, "show", "3", code=3)


def _check_the_figures(store: SharedStore) -> None:
    [ana] = store.json("founder", "provider", "list", at=_at("fri", "09:00"))
    # three hand-offs: 1 (done, on time), 2 (redo, late), 2 again (done, on time)
    assert (ana["handed_off"], ana["open"], ana["done"], ana["redo"]) == (3, 0, 2, 1)
    assert (ana["on_time"], ana["late"], ana["on_time_rate"]) == (2, 1, round(2 / 3, 4))
    assert (ana["handbacks"], ana["redo_rate"]) == (3, round(1 / 3, 4))
    # first check-ins 2h (Mon 09:00 -> 11:00), 2h30m (Tue 11:00 -> 13:30), 30m: median 2h
    assert (ana["check_ins_answered"], ana["median_check_in_minutes"]) == (3, 120)
    # capped: 75m of 2h on the venue, 45m of 30m on the CRM (over); the redo had no cap
    assert (ana["tracked_against_caps_minutes"], ana["caps_minutes"]) == (120, 150)
    assert (ana["over_cap_count"], ana["check_ins_overdue"], ana["user"]) == (1, 0, "ana")
    table = store.run("founder", "provider", "list").stdout
    assert "67% of 3" in table
    assert "33% of 3" in table
    assert "2h of 2h30m (1 over)" in table
    assert store.json("ana", "provider", "list")[0]["name"] == "Ana"


def test_a_week_of_founder_and_assistant_on_one_sqlite_store() -> None:
    store = SharedStore()
    _week(store)
    _check_the_figures(store)


@pytest.mark.slow
def test_a_week_of_founder_and_assistant_on_one_postgresql_store(postgres_url: str) -> None:
    store = SharedStore(db=postgres_url)
    _week(store)
    _check_the_figures(store)
