"""`microtask triage`: the walk driven in-process by scripted keys and lines, and the
command's non-interactive faces (--list, --json, no terminal, an empty store)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from rich.console import Console

from microtask.cli.triage_walk import Tally, Walk
from microtask.domain.edits import CriteriaChanges
from microtask.domain.model import Priority, Status, Task
from microtask.domain.steps import Step
from microtask.domain.triage import Reason
from microtask.render.triage import KEYS
from microtask.services import App, complete_tasks, split_task, undo
from microtask.services.delegation import add_provider
from microtask.services.triage import TriageQueue, current_item, triage_queue, walk_queue
from tests.cli.conftest import Run
from tests.factories import T0, add, split_steps

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

ENTER = "\n"


class Script:
    """Keys and lines given in advance; what the walk shows, as plain text."""

    def __init__(self, keys: Sequence[str], lines: Sequence[str] = ()) -> None:
        self.keys = list(keys)
        self.lines = list(lines)
        self.prompts: list[str] = []
        self.out = io.StringIO()
        self.console = Console(file=self.out, width=100, color_system=None)

    def key(self) -> str | None:
        return self.keys.pop(0) if self.keys else None

    def line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.lines.pop(0) if self.lines else None

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)

    @property
    def text(self) -> str:
        return self.out.getvalue()


def walk(app: App, script: Script, limit: int | None = None) -> Tally:
    tally = Walk(app, *walk_queue(app, limit), script).run()
    assert script.keys == [], f"keys left unread: {script.keys}\n{script.text}"
    assert script.lines == [], f"lines left unread: {script.lines}\n{script.text}"
    return tally


def task(app: App, task_id: int) -> Task:
    item = current_item(app, task_id)
    assert item is not None
    return item.task


def reasons(app: App, task_id: int) -> tuple[Reason, ...]:
    item = current_item(app, task_id)
    assert item is not None
    return item.reasons


def queued(app: App) -> list[int]:
    return [e.task_id for e in triage_queue(app).entries]


# -- one key, one decision -----------------------------------------------------------------


def test_p_then_a_letter_sets_the_priority_and_the_task_leaves_the_queue(app: App) -> None:
    task_id = add(app, "Write copy", estimate_seconds=1800)

    tally = walk(app, Script(["p", "h"]))

    assert task(app, task_id).priority is Priority.HIGH
    assert queued(app) == []
    assert (tally.decided, tally.skipped, tally.left) == (1, 0, 0)


def test_a_key_other_than_u_h_m_l_after_p_cancels(app: App) -> None:
    task_id = add(app, "Write copy", estimate_seconds=1800)
    script = Script(["p", "z", "q"])

    tally = walk(app, script)

    assert "Cancelled: nothing changed." in script.text
    assert task(app, task_id).priority is Priority.MEDIUM
    assert reasons(app, task_id) == (Reason.NEW,)
    assert (tally.decided, tally.left) == (0, 1)


def test_an_estimate_on_an_overdue_task_keeps_the_walk_on_it_until_moved_on(app: App) -> None:
    task_id = add(app, "Pay rent", due=T0 - timedelta(days=1))
    script = Script(["e", "n"], ["1h30m"])

    tally = walk(app, script)

    assert task(app, task_id).estimate_seconds == 5400
    assert reasons(app, task_id) == (Reason.OVERDUE,)  # no longer new, nor unestimated
    assert script.text.count("1 of 1") == 2  # shown again after the estimate
    assert "Estimate 1h30m" in script.text
    assert (tally.decided, tally.skipped) == (1, 0)  # a decision was made on it
    assert queued(app) == [task_id]


def test_d_sets_the_due_date_from_words_and_a_dash_clears_it(app: App) -> None:
    dated = add(app, "Renew domain", estimate_seconds=600, due=T0 + timedelta(days=9))
    undated = add(app, "Send invoice", estimate_seconds=600)
    assert queued(app) == [dated, undated]  # a due date adds urgency
    script = Script(["d", "d"], ["-", "tomorrow 17:00"])

    walk(app, script)

    assert task(app, dated).due is None
    due = task(app, undated).due
    assert due is not None
    assert due.astimezone().isoformat() == "2026-11-24T17:00:00+01:00"
    assert "Due date cleared" in script.text
    assert "Due Tue 24 Nov 17:00 (in 31h)" in script.text


def test_a_bad_due_date_shows_the_error_and_asks_again(app: App) -> None:
    task_id = add(app, "Send invoice", estimate_seconds=600)
    script = Script(["d"], ["blah", "fri"])

    walk(app, script)

    assert "Error: " in script.text
    assert "blah" in script.text
    assert len(script.prompts) == 2
    due = task(app, task_id).due
    assert due is not None
    assert due.astimezone().date().isoformat() == "2026-11-27"


def test_a_bad_estimate_recovers_and_an_empty_answer_cancels(app: App) -> None:
    task_id = add(app, "Send invoice")
    script = Script(["e", "q"], ["soon", ""])

    tally = walk(app, script)

    assert "invalid duration 'soon'" in script.text
    assert "Cancelled: nothing changed." in script.text
    assert task(app, task_id).estimate_seconds is None
    assert reasons(app, task_id) == (Reason.NEW, Reason.NO_ESTIMATE)
    assert (tally.decided, tally.skipped, tally.left) == (0, 0, 1)


def test_s_splits_into_steps_that_are_triaged_already(app: App) -> None:
    task_id = add(app, "Launch site", estimate_seconds=5 * 3600)
    script = Script(["s"], ["Draft copy ~1h", "- [ ] Review", ""])

    walk(app, script)

    parent = task(app, task_id)
    steps = [task(app, i) for i in parent.subtask_ids]
    assert [s.title for s in steps] == ["Draft copy", "Review"]
    assert [s.estimate_seconds for s in steps] == [3600, 4 * 3600]  # Review shares the rest
    assert queued(app) == [steps[1].id]  # 4 h, not split: large, but not new
    assert reasons(app, steps[1].id) == (Reason.LARGE,)
    assert "Split into 2 steps:" in script.text


def test_a_step_with_a_bad_estimate_is_refused_and_asked_again(app: App) -> None:
    task_id = add(app, "Launch site", estimate_seconds=5 * 3600)
    script = Script(["s"], ["Draft ~forever", "Draft ~2h", ""])

    walk(app, script)

    assert "invalid estimate in step 'Draft ~forever'" in script.text
    assert [task(app, i).title for i in task(app, task_id).subtask_ids] == ["Draft"]


def test_o_toggles_outsourcing_criteria_and_enter_saves_them(app: App) -> None:
    task_id = add(app, "Book travel", estimate_seconds=1800)
    keys = ["o", "r", "c", "c", "d", "d", "h", ENTER]
    script = Script(keys, ["2.5"])

    walk(app, script)

    criteria = task(app, task_id).criteria
    assert criteria.repetitive is True
    assert criteria.critical is False  # unknown -> yes -> no
    assert criteria.directions == "moderate"  # unknown -> simple -> moderate
    assert criteria.hours_per_week == 2.5
    assert criteria.time_sensitive is None
    assert queued(app) == []


def test_esc_leaves_the_outsourcing_menu_without_saving(app: App) -> None:
    task_id = add(app, "Book travel", estimate_seconds=1800)

    walk(app, Script(["o", "r", "\x1b", "q"]))

    assert task(app, task_id).criteria.repetitive is None
    assert reasons(app, task_id) == (Reason.NEW,)


def test_g_delegates_to_a_provider_named_in_any_case(app: App) -> None:
    add_provider(app, "Ana", "freelancer", None, T0 - timedelta(days=400))
    task_id = add(app, "Book travel", estimate_seconds=1800)
    script = Script(["g"], ["nobody", "ana", "4h"])

    walk(app, script)

    assert "no provider named 'nobody'" in script.text
    assert task(app, task_id).status is Status.DELEGATED
    assert "Delegated to Ana" in script.text


def test_a_refused_decision_writes_nothing_not_even_the_triaged_mark(app: App) -> None:
    add_provider(app, "Newbie", "freelancer", None, None)  # on trial
    task_id = add(
        app, "Pay salaries", estimate_seconds=1800, criteria=CriteriaChanges(critical=True)
    )
    script = Script(["g", "q"], ["Newbie", ""])

    walk(app, script)

    assert "is critical and Newbie is on trial" in script.text
    assert task(app, task_id).status is Status.OPEN
    assert reasons(app, task_id) == (Reason.NEW,)


def test_delegating_without_providers_says_how_to_add_one(app: App) -> None:
    add(app, "Book travel", estimate_seconds=1800)
    script = Script(["g", "q"])

    walk(app, script)

    assert "no providers yet: add one with `microtask provider add NAME`" in script.text


def test_x_drops_the_task_and_its_open_steps(app: App) -> None:
    task_id = add(app, "Old idea")
    split_task(app, task_id, [Step("One", 600), Step("Two", 600)])  # steps: triaged
    assert queued(app) == [task_id]

    walk(app, Script(["x"]))

    parent = task(app, task_id)
    assert parent.status is Status.DROPPED
    assert {task(app, i).status for i in parent.subtask_ids} == {Status.DROPPED}
    assert queued(app) == []


# -- moving along ------------------------------------------------------------------------


def test_skip_leaves_a_task_new_and_keep_marks_it_triaged(app: App) -> None:
    skipped = add(app, "Maybe later", estimate_seconds=600, priority=Priority.HIGH)
    kept = add(app, "Fine as it is", estimate_seconds=600)

    tally = walk(app, Script([" ", ENTER]))

    assert queued(app) == [skipped]
    assert reasons(app, skipped) == (Reason.NEW,)
    assert reasons(app, kept) == ()
    assert (tally.decided, tally.skipped, tally.left) == (1, 1, 0)
    assert tally.line() == (
        "1 decided, 1 skipped, 0 left (`microtask undo` reverts the last decision)"
    )


def test_k_keeps_like_enter(app: App) -> None:
    add(app, "Fine as it is", estimate_seconds=600)

    walk(app, Script(["k"]))

    assert queued(app) == []


def test_quit_keeps_every_decision_made_before_it(app: App) -> None:
    first = add(app, "First", estimate_seconds=600, priority=Priority.URGENT)
    add(app, "Second", estimate_seconds=600, priority=Priority.HIGH)
    add(app, "Third", estimate_seconds=600)
    script = Script(["p", "l", "q"])

    tally = walk(app, script)

    assert task(app, first).priority is Priority.LOW
    assert "2 of 3" in script.text
    assert "3 of 3" not in script.text
    assert (tally.decided, tally.skipped, tally.left, tally.interrupted) == (1, 0, 2, False)
    assert len(queued(app)) == 2


def test_ctrl_c_stops_the_walk_and_keeps_what_was_decided(app: App) -> None:
    first = add(app, "First", estimate_seconds=600, priority=Priority.URGENT)
    add(app, "Second", estimate_seconds=600)

    class Interrupted(Script):
        def key(self) -> str | None:
            if not self.keys:
                raise KeyboardInterrupt
            return super().key()

    tally = walk(app, Interrupted(["e"], ["45m"]))

    assert task(app, first).estimate_seconds == 45 * 60
    assert (tally.decided, tally.left, tally.interrupted) == (1, 1, True)


def test_the_end_of_input_quits_like_q(app: App) -> None:
    add(app, "First", estimate_seconds=600)

    tally = walk(app, Script([]))

    assert (tally.decided, tally.skipped, tally.left) == (0, 0, 1)


def test_unknown_keys_say_so_and_question_mark_lists_every_key(app: App) -> None:
    add(app, "First", estimate_seconds=600)
    script = Script(["z", "?", "q"])

    walk(app, script)

    assert "Unknown key 'z': press ? for the keys" in script.text
    for key, meaning in KEYS:
        assert key in script.text
        assert meaning[:30] in script.text


def test_the_screen_shows_progress_facts_and_reasons(app: App) -> None:
    add(app, "Launch site", estimate_seconds=3 * 3600, project="web", tags=("ops",))
    add(app, "Pay rent", due=T0 - timedelta(days=2), priority=Priority.HIGH)
    script = Script(["n", "n"])

    walk(app, script)

    first, second = script.text.split("2 of 2")
    assert "1 of 2" in first
    assert "Pay rent" in first
    assert "needs a decision: overdue · new · no estimate" in first
    assert "priority high · due Sat 21 Nov 10:00 (overdue 2 days) · estimate none" in first
    assert "Launch site" in second
    assert "needs a decision: new · large (3h, not split)" in second
    assert "priority medium · estimate 3h\n    project web · tags ops\n" in second


def test_control_characters_in_user_text_are_shown_not_sent(app: App) -> None:
    add(app, "Evil \x1b[2J title\x07", estimate_seconds=600, project="p")
    script = Script(["s"], ["step \x1b]0;x\x07", ""])

    walk(app, script)

    assert "\x1b" not in script.text
    assert "\x07" not in script.text
    assert "Evil \\x1b[2J title\\x07" in script.text
    assert "step \\x1b]0;x\\x07" in script.text


def test_a_task_settled_elsewhere_since_the_walk_began_is_passed_over(app: App) -> None:
    gone = add(app, "Done elsewhere", estimate_seconds=600, priority=Priority.URGENT)
    add(app, "Still here", estimate_seconds=600)
    task_ids, total = walk_queue(app)
    complete_tasks(app, [gone])
    script = Script(["q"])

    tally = Walk(app, task_ids, total, script).run()

    assert "Done elsewhere" not in script.text
    assert "2 of 2" in script.text
    assert tally.left == 1


def test_limit_walks_only_the_first_tasks_and_counts_the_rest_as_left(app: App) -> None:
    for n in range(5):
        add(app, f"Task {n}", estimate_seconds=600)
    script = Script(["n", "n"])

    tally = walk(app, script, limit=2)

    assert "2 of 2" in script.text
    assert (tally.skipped, tally.left) == (2, 3)


def test_undo_reverts_a_decision_and_puts_the_task_back_in_the_queue(app: App) -> None:
    task_id = add(app, "Write copy", estimate_seconds=1800)
    walk(app, Script(["p", "u"]))

    label = undo(app)

    assert label == "triage: edit task 1 'Write copy'"
    assert task(app, task_id).priority is Priority.MEDIUM
    assert reasons(app, task_id) == (Reason.NEW,)


def test_undo_reverts_keep_and_split_too(app: App) -> None:
    kept = add(app, "Fine", estimate_seconds=600, priority=Priority.HIGH)
    split = add(app, "Big", estimate_seconds=90 * 60)
    walk(app, Script([ENTER, "s"], ["A", ""]))
    assert queued(app) == []

    assert undo(app).startswith("triage: split task 2 'Big'")
    assert task(app, split).subtask_ids == ()
    assert reasons(app, split) == (Reason.NEW,)
    assert undo(app) == "triage: keep task 1 'Fine'"
    assert reasons(app, kept) == (Reason.NEW,)


# -- the command ---------------------------------------------------------------------------


def test_a_fresh_store_has_nothing_to_triage(run: Run) -> None:
    assert run("triage").stdout.startswith("Nothing to triage: no open task needs a decision.")
    assert "Nothing to triage" in run("triage", "--list").stdout
    assert json.loads(run("triage", "--list", "--json").stdout) == {"total": 0, "tasks": []}


def test_without_a_terminal_the_walk_points_at_list(run: Run) -> None:
    run("add", "Write copy")

    result = run("triage", code=1)

    assert result.stderr.strip() == (
        "Error: triage reads single keys from a terminal and stdin is not one: "
        "see the queue with `microtask triage --list` (--json for scripts)"
    )


def test_list_prints_the_queue_with_reasons_in_walking_order(run: Run) -> None:
    run("add", "Write copy", "-e", "30m")
    run("add", "Pay rent", "-d", "2026-11-20", "-p", "high")

    out = run("triage", "--list").stdout

    assert out.index("Pay rent") < out.index("Write copy")
    assert "overdue, new, no estimate" in out
    assert "2 tasks need a decision" in out


def test_list_json_has_the_task_keys_and_the_reasons(run: Run) -> None:
    run("add", "Write copy", "-e", "30m")
    run("add", "Pay rent", "-d", "2026-11-20")
    run("add", "Launch", "-e", "3h")

    data = json.loads(run("triage", "--json", "--limit", "2").stdout)

    assert data["total"] == 3
    assert [t["title"] for t in data["tasks"]] == ["Pay rent", "Write copy"]
    first = data["tasks"][0]
    assert first["reasons"] == ["overdue", "new", "no_estimate"]
    assert data["tasks"][1]["reasons"] == ["new"]
    every = json.loads(run("triage", "--json").stdout)["tasks"]
    assert every[2]["reasons"] == ["new", "large"]
    assert {"id", "title", "status", "priority", "due", "estimate_minutes", "urgency"} <= set(first)
    assert first["due"].startswith("2026-11-20T")


def test_triage_help_lists_the_options(run: Run) -> None:
    out = run("triage", "--help").stdout

    for option in ("--limit", "--list", "--json"):
        assert option in out


# -- the queue in SQL agrees with the domain rules ------------------------------------------


def test_the_sql_queue_agrees_with_the_domain_rules_and_order(app: App) -> None:
    import random

    from microtask.domain.model import TaskFilter
    from microtask.domain.triage import build_queue, facts_of_task
    from microtask.services import drop_tasks
    from microtask.services.triage import keep

    rng = random.Random(5)
    dues = [None, T0 - timedelta(days=3), T0 - timedelta(seconds=1), T0, T0 + timedelta(days=2)]
    estimates = [None, 600, 2 * 3600, 2 * 3600 + 1, 6 * 3600]
    ids = []
    for n in range(60):
        ids.append(
            add(
                app,
                f"Task {n}",
                due=rng.choice(dues),
                estimate_seconds=rng.choice(estimates),
                priority=rng.choice(list(Priority)),
            )
        )
        if rng.random() < 0.4:
            keep(app, ids[-1])
    for parent in rng.sample(ids, 12):
        steps = split_steps(app, parent, [Step("A", None), Step("B", 600)])
        fate = rng.choice(["open", "done", "dropped", "mixed"])
        if fate in ("done", "mixed"):
            complete_tasks(app, [steps[0].id])
        if fate == "dropped":
            drop_tasks(app, [s.id for s in steps])
    complete_tasks(app, rng.sample([i for i in ids if not task(app, i).subtask_ids], 5))
    drop_tasks(app, rng.sample(ids, 4))

    with app.reading() as repos:
        every = repos.tasks.find(TaskFilter(statuses=None))
        triaged = repos.triage.triaged_ids([t.id for t in every])
    expected = build_queue([facts_of_task(t, t.id in triaged) for t in every], app.now_ts())

    assert len(expected) > 20
    assert {r for e in expected for r in e.reasons} == set(Reason)
    assert triage_queue(app).entries == expected
    assert walk_queue(app) == ([e.task_id for e in expected], len(expected))
    assert triage_queue(app, limit=7) == TriageQueue(expected[:7], len(expected))
