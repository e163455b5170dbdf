"""The one output path: a command hands its result to the output chosen once for this run,
for people (tables and lines, through render/) or for scripts (JSON, through exporters/).

Commands never branch on ``--json``: ``output(json)`` picks a :class:`Screen` or a
:class:`Json` and the command calls the method named after what it shows (todoman's
Formatter is the model). Each side imports only its own layer, when it is used: JSON output
never loads Rich, and a table never loads the JSON exporters.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TextIO

from microtask.cli.common import (
    print_json,
    print_json_chunks,
    print_json_chunks_with_list,
    print_json_with_list,
    render,
    render_lines,
    say,
    say_lines,
)

if TYPE_CHECKING:
    from microtask.domain.agenda import Agenda
    from microtask.domain.assist import Handoff, ProviderFigures
    from microtask.domain.delegation import Delegation, Provider, ProviderRecord
    from microtask.domain.labels import NameCount, SavedView
    from microtask.domain.model import Task
    from microtask.domain.sessions import Activity, Block, FocusStatus, Session
    from microtask.domain.transfer import ImportSummary
    from microtask.domain.views.outsourcing import CandidateList, Delegated, Scored
    from microtask.domain.views.plan import PlanView
    from microtask.domain.views.runs import RunSummary, Stopped
    from microtask.domain.views.series import ProcedureView, SeriesList
    from microtask.domain.views.tasks import TaskDetail, TaskList
    from microtask.domain.views.today import TodayView
    from microtask.services.tasks import TaskStream
    from microtask.services.triage import TriageStream


class Output(Protocol):
    """What commands show, one method each."""

    @property
    def progress_stream(self) -> TextIO:
        """Where a long run shows its progress (stderr when stdout carries JSON)."""
        ...

    @property
    def shows_trees(self) -> bool:
        """Subtasks drawn under their parents (JSON is flat: ``parent_id`` says it)."""
        ...

    def rows(self, asked: int | None, on_screen: int) -> int | None:
        """How many rows to fetch: what was asked; else a screenful for people, every
        one for scripts."""
        ...

    def table_rows(self, asked: int | None, on_screen: int) -> int | None:
        """How many rows of a table whose JSON lists every row (``--limit`` is for the
        table): what was asked, else a screenful, for people; every one for scripts."""
        ...

    # tasks
    def added(self, task: Task) -> None: ...
    def updated(self, task: Task) -> None: ...
    def imported(self, summary: ImportSummary) -> None: ...
    def split(
        self, parent: Task, step_ids: Sequence[int], load: Callable[[Sequence[int]], list[Task]]
    ) -> None: ...
    def task_list(self, listing: TaskList, now: datetime, tree: bool) -> None: ...
    def task_stream(self, tasks: TaskStream, now: datetime) -> None:
        """Every matching task, flat, most urgent first, as it is read."""
        ...

    def task_detail(self, detail: TaskDetail, now: datetime) -> None: ...
    def next_task(self, detail: TaskDetail | None, now: datetime) -> None: ...
    def check_ins(self, due: Callable[[], list[Delegation]], now: datetime) -> None: ...
    def series_list(self, listing: SeriesList, now: datetime) -> None: ...
    def procedure(self, view: ProcedureView) -> None: ...

    # focus
    def tracking_started(self, activity: Activity, now: datetime) -> None: ...
    def stopped(self, what: Stopped) -> None: ...
    def status(self, current: FocusStatus, short: bool) -> None: ...
    def run_summary(self, summary: RunSummary) -> None: ...

    # blocks and the plan
    def block_added(self, block: Block, now: datetime) -> None: ...
    def block_changed(self, block: Block, now: datetime) -> None: ...
    def session_recorded(self, session: Session, verb: str, now: datetime) -> None: ...
    def session_list(self, sessions: Sequence[Session], now: datetime) -> None: ...
    def blocks(self, blocks: Sequence[Block], now: datetime) -> None: ...
    def plan(self, view: PlanView, now: datetime) -> None: ...
    def agenda(self, view: Agenda, now: datetime) -> None: ...

    # handing off
    def provider_added(self, provider: Provider) -> None: ...
    def providers(
        self,
        records: Sequence[ProviderRecord],
        now: datetime,
        figures: Mapping[int, ProviderFigures] | None = None,
    ) -> None: ...
    def inbox(self, handoffs: Sequence[Handoff], now: datetime) -> None: ...
    def checked_in(self, handoff: Handoff, now: datetime) -> None: ...
    def delegated(self, result: Delegated) -> None: ...
    def handed_back(self, delegation: Delegation) -> None: ...
    def assessment(self, scored: Scored) -> None: ...
    def candidates(self, listing: CandidateList) -> None: ...

    # the day
    def today(self, view: TodayView) -> None: ...
    def triage_queue(self, items: TriageStream, now: datetime) -> None: ...

    # tags, projects, saved views (issue 14)
    def name_counts(self, kind: str, counts: Sequence[NameCount]) -> None: ...
    def saved_views(self, views: Sequence[SavedView]) -> None: ...
    def view_saved(self, view: SavedView) -> None: ...
    def view_removed(self, view: SavedView) -> None: ...


def output(json: bool) -> Output:
    """The output for this run: JSON for scripts with ``--json``, else for people."""
    return Json() if json else Screen()


class Screen:
    """For people: Rich tables and trees (render/), and one-line messages."""

    @property
    def progress_stream(self) -> TextIO:
        return sys.stdout

    @property
    def shows_trees(self) -> bool:
        return True

    def rows(self, asked: int | None, on_screen: int) -> int | None:
        return on_screen if asked is None else asked

    def table_rows(self, asked: int | None, on_screen: int) -> int | None:
        return self.rows(asked, on_screen)

    def added(self, task: Task) -> None:
        from microtask.render.messages import added

        say(added(task))

    def updated(self, task: Task) -> None:
        from microtask.render.messages import updated

        say(updated(task))

    def imported(self, summary: ImportSummary) -> None:
        from microtask.render.messages import imported

        say_lines(imported(summary))

    def split(
        self, parent: Task, step_ids: Sequence[int], load: Callable[[Sequence[int]], list[Task]]
    ) -> None:
        from microtask.render.messages import split
        from microtask.services.app import LISTED

        say_lines(split(parent, load(step_ids[:LISTED]), len(step_ids)))

    def task_list(self, listing: TaskList, now: datetime, tree: bool) -> None:
        from microtask.render.task_list import task_table

        render_lines(task_table(listing, now, tree=tree))

    def task_stream(self, tasks: TaskStream, now: datetime) -> None:
        from microtask.domain.views.tasks import TaskList

        shown = list(tasks)
        self.task_list(TaskList(shown, [], len(shown)), now, tree=False)

    def task_detail(self, detail: TaskDetail, now: datetime) -> None:
        from microtask.render.tasks import task_detail

        render(task_detail(detail, now))

    def next_task(self, detail: TaskDetail | None, now: datetime) -> None:
        if detail is None:
            from microtask.render.messages import NOTHING_TO_DO

            say(NOTHING_TO_DO)
            return
        from microtask.render.next import next_view

        render_lines(next_view(detail, now))

    def series_list(self, listing: SeriesList, now: datetime) -> None:
        from microtask.render.series import series_table

        render(series_table(listing, now))

    def procedure(self, view: ProcedureView) -> None:
        from microtask.render.messages import procedure_lines

        say_lines(procedure_lines(view))

    def check_ins(self, due: Callable[[], list[Delegation]], now: datetime) -> None:
        """Handed-off work whose check-in is due: ask the provider for a progress report."""
        found = due()
        if found:
            from microtask.render.outsource import check_ins_text

            render(check_ins_text(found, now))

    def tracking_started(self, activity: Activity, now: datetime) -> None:
        from microtask.render.messages import tracking_started

        say(tracking_started(activity))

    def stopped(self, what: Stopped) -> None:
        from microtask.render.messages import stopped

        say(stopped(what))

    def status(self, current: FocusStatus, short: bool) -> None:
        from microtask.render.messages import status_line

        line = status_line(current, short)
        if line:
            say(line)

    def run_summary(self, summary: RunSummary) -> None:
        from microtask.render.messages import run_summary

        say_lines(run_summary(summary))

    def block_added(self, block: Block, now: datetime) -> None:
        from microtask.render.messages import block_added

        say(block_added(block, now))

    def block_changed(self, block: Block, now: datetime) -> None:
        from microtask.render.messages import block_changed

        say(block_changed(block, now))

    def session_recorded(self, session: Session, verb: str, now: datetime) -> None:
        from microtask.render.messages import session_line

        say(session_line(session, verb, now))

    def session_list(self, sessions: Sequence[Session], now: datetime) -> None:
        from microtask.render.sessions import session_list

        render(session_list(sessions, now))

    def blocks(self, blocks: Sequence[Block], now: datetime) -> None:
        from microtask.render.blocks import blocks_table

        render(blocks_table(list(blocks), now))

    def plan(self, view: PlanView, now: datetime) -> None:
        from microtask.render.blocks import plan_view

        render(plan_view(view, now))

    def agenda(self, view: Agenda, now: datetime) -> None:
        from microtask.render.agenda import agenda_view

        render(agenda_view(view, now))

    def provider_added(self, provider: Provider) -> None:
        from microtask.render.messages import provider_added

        say(provider_added(provider))

    def providers(
        self,
        records: Sequence[ProviderRecord],
        now: datetime,
        figures: Mapping[int, ProviderFigures] | None = None,
    ) -> None:
        from microtask.render.outsource import providers_table

        render(providers_table(list(records), now))
        shown = [(r.provider.name, figures[r.provider.id]) for r in records if figures]
        if any(figure.has_any for _, figure in shown):  # a new provider has none to show
            from microtask.render.assist import provider_figures_table

            render(provider_figures_table(shown))

    def inbox(self, handoffs: Sequence[Handoff], now: datetime) -> None:
        from microtask.render.assist import inbox_view

        render(inbox_view(handoffs, now))

    def checked_in(self, handoff: Handoff, now: datetime) -> None:
        from microtask.render.assist import checked_in

        say(checked_in(handoff))

    def delegated(self, result: Delegated) -> None:
        from microtask.render.messages import delegated

        say_lines(delegated(result))

    def handed_back(self, delegation: Delegation) -> None:
        from microtask.render.messages import handed_back

        say(handed_back(delegation))

    def assessment(self, scored: Scored) -> None:
        from microtask.render.outsource import assessment_view

        render(assessment_view(scored))

    def candidates(self, listing: CandidateList) -> None:
        from microtask.render.outsource import candidates_table

        render(candidates_table(listing))

    def today(self, view: TodayView) -> None:
        from microtask.render.messages import status_line
        from microtask.render.today import today_view

        running = None if view.running is None else status_line(view.running, short=False)
        render(today_view(view, running))

    def triage_queue(self, items: TriageStream, now: datetime) -> None:
        from microtask.render.triage import queue_table

        found = list(items)
        render(queue_table(found, items.total, now))

    # -- tags, projects, saved views (issue 14) -----------------------------------------

    def name_counts(self, kind: str, counts: Sequence[NameCount]) -> None:
        from microtask.render.labels import counts_table

        render(counts_table(kind, counts))

    def saved_views(self, views: Sequence[SavedView]) -> None:
        from microtask.render.labels import views_table

        render(views_table(views))

    def view_saved(self, view: SavedView) -> None:
        from microtask.render.labels import view_saved

        say(view_saved(view))

    def view_removed(self, view: SavedView) -> None:
        from microtask.render.labels import view_removed

        say(view_removed(view))


class Json:
    """For scripts: the stable JSON shapes of exporters/ (their keys are a contract)."""

    @property
    def progress_stream(self) -> TextIO:
        return sys.stderr

    @property
    def shows_trees(self) -> bool:
        return False

    def rows(self, asked: int | None, on_screen: int) -> int | None:
        return asked

    def table_rows(self, asked: int | None, on_screen: int) -> int | None:
        return None

    def added(self, task: Task) -> None:
        from microtask.exporters.task_json import task_object

        print_json(task_object(task))

    def updated(self, task: Task) -> None:
        self.added(task)

    def imported(self, summary: ImportSummary) -> None:
        from dataclasses import asdict

        print_json({**asdict(summary), "problems": list(summary.problems)})

    def split(
        self, parent: Task, step_ids: Sequence[int], load: Callable[[Sequence[int]], list[Task]]
    ) -> None:
        from microtask.exporters.task_json import task_object

        print_json([task_object(step) for step in load(step_ids)])

    def task_list(self, listing: TaskList, now: datetime, tree: bool) -> None:
        from microtask.exporters.task_json import task_object

        print_json(map(task_object, listing.tasks))  # each object made as it is written

    def task_stream(self, tasks: TaskStream, now: datetime) -> None:
        from microtask.exporters.task_json import task_chunks, task_object

        if sys.stdout.isatty():  # indented, for a person
            print_json([task_object(t) for t in tasks])
            return
        print_json_chunks(task_chunks(tasks.json_chunks()))  # read and written a chunk at a time

    def task_detail(self, detail: TaskDetail, now: datetime) -> None:
        from microtask.exporters.task_json import detail_object

        print_json(detail_object(detail))

    def next_task(self, detail: TaskDetail | None, now: datetime) -> None:
        if detail is None:
            print_json(None)
            return
        self.task_detail(detail, now)

    def series_list(self, listing: SeriesList, now: datetime) -> None:
        from microtask.exporters.task_json import series_list_object

        print_json(series_list_object(listing))

    def procedure(self, view: ProcedureView) -> None:
        from microtask.exporters.task_json import procedure_object

        print_json(procedure_object(view))

    def check_ins(self, due: Callable[[], list[Delegation]], now: datetime) -> None:
        """Not part of a listing's JSON: `today --json` carries them."""

    def tracking_started(self, activity: Activity, now: datetime) -> None:
        from microtask.domain.sessions import status_of
        from microtask.exporters.focus_json import status_object

        print_json(status_object(status_of(activity, now)))

    def stopped(self, what: Stopped) -> None:
        from microtask.exporters.focus_json import stopped_object

        print_json(stopped_object(what))

    def status(self, current: FocusStatus, short: bool) -> None:
        from microtask.exporters.focus_json import status_object

        print_json(status_object(current))

    def run_summary(self, summary: RunSummary) -> None:
        from microtask.exporters.focus_json import summary_object

        print_json(summary_object(summary))

    def block_added(self, block: Block, now: datetime) -> None:
        from microtask.exporters.focus_json import block_object

        print_json(block_object(block))

    def block_changed(self, block: Block, now: datetime) -> None:
        self.block_added(block, now)

    def session_recorded(self, session: Session, verb: str, now: datetime) -> None:
        from microtask.exporters.focus_json import listed_session_object

        print_json(listed_session_object(session))

    def session_list(self, sessions: Sequence[Session], now: datetime) -> None:
        from microtask.exporters.focus_json import listed_session_object

        print_json([listed_session_object(s) for s in sessions])

    def blocks(self, blocks: Sequence[Block], now: datetime) -> None:
        from microtask.exporters.focus_json import block_object

        print_json([block_object(block) for block in blocks])

    def plan(self, view: PlanView, now: datetime) -> None:
        from microtask.exporters.focus_json import plan_object

        print_json(plan_object(view))

    def agenda(self, view: Agenda, now: datetime) -> None:
        from microtask.exporters.agenda_json import agenda_object

        print_json(agenda_object(view))

    def provider_added(self, provider: Provider) -> None:
        from microtask.exporters.outsource_json import provider_object

        print_json(provider_object(provider))

    def providers(
        self,
        records: Sequence[ProviderRecord],
        now: datetime,
        figures: Mapping[int, ProviderFigures] | None = None,
    ) -> None:
        from microtask.exporters.assist_json import figures_object
        from microtask.exporters.outsource_json import record_object

        known = figures or {}
        print_json(
            [
                {**record_object(record, now), **figures_object(known.get(record.provider.id))}
                for record in records
            ]
        )

    def inbox(self, handoffs: Sequence[Handoff], now: datetime) -> None:
        from microtask.exporters.assist_json import handoff_object

        print_json([handoff_object(handoff, now) for handoff in handoffs])

    def checked_in(self, handoff: Handoff, now: datetime) -> None:
        from microtask.exporters.assist_json import handoff_object

        print_json(handoff_object(handoff, now))

    def delegated(self, result: Delegated) -> None:
        from microtask.exporters.outsource_json import delegated_object

        print_json(delegated_object(result))

    def handed_back(self, delegation: Delegation) -> None:
        from microtask.exporters.outsource_json import delegation_object

        print_json(delegation_object(delegation))

    def assessment(self, scored: Scored) -> None:
        from microtask.exporters.outsource_json import assessment_object

        print_json(assessment_object(scored))

    def candidates(self, listing: CandidateList) -> None:
        """Every candidate (``--limit`` is for the table)."""
        from microtask.exporters.outsource_json import assessment_object

        print_json([assessment_object(scored, with_flips=False) for scored in listing.shown])

    def today(self, view: TodayView) -> None:
        from microtask.exporters.today_json import today_object

        print_json(today_object(view))

    def triage_queue(self, items: TriageStream, now: datetime) -> None:
        from itertools import chain

        from microtask.exporters.triage_json import (
            QUEUE_TASKS,
            item_chunks,
            item_object,
            queue_head,
        )

        if sys.stdout.isatty():  # indented, for a person
            objects = [item_object(item) for item in items]
            print_json_with_list(queue_head(items.total), QUEUE_TASKS, iter(objects))
            return
        chunks = item_chunks(items.json_chunks())
        first = next(chunks, [])  # the queue is read: its length is known from here
        print_json_chunks_with_list(queue_head(items.total), QUEUE_TASKS, chain([first], chunks))

    # -- tags, projects, saved views (issue 14) -----------------------------------------

    def name_counts(self, kind: str, counts: Sequence[NameCount]) -> None:
        from microtask.exporters.labels_json import counts_array

        print_json(counts_array(kind, counts))

    def saved_views(self, views: Sequence[SavedView]) -> None:
        from microtask.exporters.labels_json import view_object

        print_json([view_object(view) for view in views])

    def view_saved(self, view: SavedView) -> None:
        from microtask.exporters.labels_json import view_object

        print_json(view_object(view))

    def view_removed(self, view: SavedView) -> None:
        self.view_saved(view)
