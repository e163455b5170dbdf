"""The `triage` walk: one task at a time, one keypress a decision.

It reads keys and lines through a small ``TriageIO`` (a real terminal, or a script in
tests); each decision is the matching command's use case, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from microtask.domain.errors import InvalidInputError, MicrotaskError
from microtask.domain.record import mutable_record
from microtask.domain.text import quote_typed, visible

if TYPE_CHECKING:
    from microtask.domain.triage import TriageItem
    from microtask.services import App

QUIT_KEYS = frozenset({"q", "Q", "\x04"})  # \x04: Ctrl-D
SKIP_KEYS = frozenset({"n", " "})
KEEP_KEYS = frozenset({"\r", "\n", "k"})
CANCEL_KEYS = frozenset({"\x1b", "q", "Q", "\x04"})
PRIORITY_KEYS = {"u": "urgent", "h": "high", "m": "medium", "l": "low"}


class TriageIO(Protocol):
    """Where the walk reads keys and lines and shows what happens."""

    def key(self) -> str | None:
        """One keypress; None at the end of input."""

    def line(self, prompt: str) -> str | None:
        """One line typed after ``prompt``, without its newline; None at the end of input."""

    def show(self, renderable: Any) -> None:
        """Print a renderable (from ``render/triage.py``)."""


@mutable_record
class Tally:
    """What the walk did, for the closing line."""

    total: int
    decided: int = 0
    skipped: int = 0
    visited: int = 0
    interrupted: bool = False

    @property
    def left(self) -> int:
        return max(0, self.total - self.visited)

    def line(self) -> str:
        text = f"{self.decided} decided, {self.skipped} skipped, {self.left} left"
        if self.decided:
            text += " (`microtask undo` reverts the last decision)"
        return text


class Walk:
    """The interactive loop over the queue; keys, lines and output are injected."""

    def __init__(self, app: App, task_ids: Sequence[int], total: int, io: TriageIO) -> None:
        self.app = app
        self.task_ids = task_ids
        self.io = io
        self.tally = Tally(total=total)
        self._decided_here = False
        self.handlers: dict[str, Callable[[TriageItem], bool]] = {
            "p": self._priority,
            "d": self._due,
            "e": self._estimate,
            "s": self._split,
            "o": self._criteria,
            "g": self._delegate,
            "x": self._drop,
        }

    def run(self) -> Tally:
        try:
            for position, task_id in enumerate(self.task_ids, 1):
                if not self._one(position, task_id):
                    break
        except KeyboardInterrupt:
            self.tally.interrupted = True
            self._leave(decided_only=True)
        return self.tally

    def _leave(self, skipped: bool = False, decided_only: bool = False) -> None:
        """Count the task being left: decided if any decision was made on it."""
        if self._decided_here:
            self.tally.decided += 1
        elif decided_only:
            return
        elif skipped:
            self.tally.skipped += 1
        self.tally.visited += 1
        self._decided_here = False

    def _one(self, position: int, task_id: int) -> bool:
        """Walk one task; False when the user quits."""
        from microtask.render.triage import error, help_table, message, task_screen
        from microtask.services.triage import current_item, keep

        item = current_item(self.app, task_id)
        if item is None or not item.reasons:  # changed meanwhile: nothing to decide
            self._leave()
            return True
        self.io.show(task_screen(item, position, len(self.task_ids), self.app.now()))
        while True:
            key = self.io.key()
            if key is None or key in QUIT_KEYS:
                self._leave(decided_only=True)
                return False
            if key in SKIP_KEYS:
                self._leave(skipped=True)
                return True
            if key in KEEP_KEYS:
                if not self._decided_here:
                    keep(self.app, task_id)
                    self._decided_here = True
                self._leave()
                return True
            if key == "?":
                self.io.show(help_table())
                continue
            handler = self.handlers.get(key)
            if handler is None:
                self.io.show(message(f"Unknown key {visible(key)!r}: press ? for the keys", "dim"))
                continue
            try:
                decided = handler(item)
            except MicrotaskError as problem:
                self.io.show(error(visible(str(problem))))
                continue
            if not decided:
                self.io.show(message("Cancelled: nothing changed.", "dim"))
                continue
            self._decided_here = True
            fresh = current_item(self.app, task_id)
            if fresh is None or not fresh.reasons:
                self._leave()
                return True
            item = fresh  # it still needs a decision (e.g. an estimate set, still overdue)
            self.io.show(task_screen(item, position, len(self.task_ids), self.app.now()))

    # -- the decisions: True when one was made ---------------------------------------------

    def _decide(self, task_id: int, use_case: Callable[[], Any]) -> Any:
        """Run the matching command's use case; the same transaction marks the task triaged."""
        from microtask.services.triage import decide

        return decide(self.app, task_id, use_case)

    def _edit(self, task_id: int, **values: Any) -> None:
        from microtask.services import TaskFields, edit_task

        fields = TaskFields(**values)
        self._decide(task_id, lambda: edit_task(self.app, task_id, fields))

    def _ask(self, prompt: str, parse: Callable[[str], Any]) -> tuple[bool, Any]:
        """Ask until ``parse`` accepts the answer: (False, None) when cancelled (empty line
        or end of input), (True, value) otherwise; a bad answer shows why and asks again."""
        from microtask.render.triage import error

        while True:
            text = self.io.line(prompt)
            if text is None or not text.strip():
                return False, None
            try:
                return True, parse(text.strip())
            except InvalidInputError as problem:
                self.io.show(error(visible(str(problem))))

    def _priority(self, item: TriageItem) -> bool:
        from microtask.domain.model import Priority
        from microtask.render.triage import message

        self.io.show(message("Priority: u urgent · h high · m medium · l low · other key cancels"))
        key = self.io.key()
        if key is None or key.lower() not in PRIORITY_KEYS:
            return False
        priority = Priority(PRIORITY_KEYS[key.lower()])
        self._edit(item.task.id, priority=priority)
        self.io.show(message(f"Priority: {priority.value}", "green"))
        return True

    def _due(self, item: TriageItem) -> bool:
        from microtask.domain.dates import parse_when
        from microtask.format import relative_time
        from microtask.render.triage import message

        def parse(text: str) -> Any:
            return (
                None
                if text == "-"
                else parse_when(text, self.app.now(), order=self.app.config.date_order)
            )

        given, due = self._ask(
            "Due (tomorrow 17:00, fri, in 3 days; - clears; empty cancels): ", parse
        )
        if not given:
            return False
        if due is None:
            self._edit(item.task.id, clear_due=True)
            self.io.show(message("Due date cleared", "green"))
        else:
            self._edit(item.task.id, due=due)
            when = due.astimezone().strftime("%a %d %b %H:%M")
            self.io.show(message(f"Due {when} ({relative_time(due, self.app.now())})", "green"))
        return True

    def _estimate(self, item: TriageItem) -> bool:
        from microtask.domain.durations import parse_duration
        from microtask.format import exact_duration
        from microtask.render.triage import message

        def parse(text: str) -> Any:
            return None if text == "-" else parse_duration(text)

        given, seconds = self._ask("Estimate (25m, 1h30m; - clears; empty cancels): ", parse)
        if not given:
            return False
        if seconds is None:
            self._edit(item.task.id, clear_estimate=True)
            self.io.show(message("Estimate cleared", "green"))
        else:
            self._edit(item.task.id, estimate_seconds=seconds)
            self.io.show(message(f"Estimate {exact_duration(seconds)}", "green"))
        return True

    def _split(self, item: TriageItem) -> bool:
        from microtask.domain.steps import Step, parse_step
        from microtask.format import counted, exact_duration
        from microtask.render.triage import error, message
        from microtask.services import split_task
        from microtask.services.tasks import tasks_by_id

        self.io.show(
            message(
                "Steps, one a line ('Draft outline ~20m' carries its estimate); an empty line ends:"
            )
        )
        steps: list[Step] = []
        while True:
            text = self.io.line(f"  step {len(steps) + 1}: ")
            if text is None or not text.strip():
                break
            try:
                step = parse_step(text)
            except InvalidInputError as problem:
                self.io.show(error(visible(str(problem))))
                continue
            if step is not None:
                steps.append(step)
        if not steps:
            return False
        task_id = item.task.id
        result = self._decide(task_id, lambda: split_task(self.app, task_id, steps))
        created = tasks_by_id(self.app, result.step_ids)
        self.io.show(message(f"Split into {counted(len(created), 'step')}:", "green"))
        for step_task in created:
            estimate = (
                f"  ~{exact_duration(step_task.estimate_seconds)}"
                if step_task.estimate_seconds
                else ""
            )
            self.io.show(message(f"  {step_task.id}: {visible(step_task.title)}{estimate}"))
        return True

    def _criteria(self, item: TriageItem) -> bool:
        from microtask.domain.model import DIRECTIONS, parse_hours_per_week
        from microtask.render.triage import CRITERIA_KEYS, criteria_menu, criterion_line, message

        criteria = item.task.criteria
        current: dict[str, Any] = {
            attribute: getattr(criteria, attribute) for _, attribute, _ in CRITERIA_KEYS
        }
        labels = {key: (attribute, label) for key, attribute, label in CRITERIA_KEYS}
        changed: dict[str, Any] = {}
        self.io.show(criteria_menu(criteria))
        while True:
            key = self.io.key()
            if key is None or key in CANCEL_KEYS:
                return False
            if key in KEEP_KEYS:
                break
            if key not in labels:
                self.io.show(
                    message("r t c k d h change a criterion; Enter saves, Esc cancels", "dim")
                )
                continue
            attribute, label = labels[key]
            value = current[attribute]
            if attribute == "directions":
                cycle: list[Any] = [None, *DIRECTIONS]
                value = cycle[(cycle.index(value) + 1) % len(cycle)]
            elif attribute == "hours_per_week":
                given, hours = self._ask(
                    "Hours of this work a week (e.g. 2.5; - unknown; empty keeps it): ",
                    lambda text: None if text == "-" else parse_hours_per_week(text),
                )
                if not given:
                    continue
                value = hours
            else:
                value = {None: True, True: False, False: None}[value]
            current[attribute] = changed[attribute] = value
            self.io.show(criterion_line(label, value))
        if not changed:
            return False
        from microtask.domain.edits import CriteriaChanges

        self._edit(item.task.id, criteria=CriteriaChanges(**changed))
        self.io.show(
            message(f"Outsourcing criteria saved (see `microtask score {item.task.id}`)", "green")
        )
        return True

    def _delegate(self, item: TriageItem) -> bool:
        from microtask.domain.durations import parse_duration
        from microtask.render.triage import message
        from microtask.services.delegation import (
            DEFAULT_CHECK_IN_SECONDS,
            delegate,
            provider_records,
        )

        names = [r.provider.name for r in provider_records(self.app)]
        if not names:
            raise InvalidInputError(
                "no providers yet: add one with `microtask provider add NAME`, then delegate"
            )
        known = {name.lower(): name for name in names}

        def provider(text: str) -> str:
            if text.lower() not in known:
                raise InvalidInputError(
                    f"no provider named {quote_typed(text)}: one of "
                    + ", ".join(visible(n) for n in names)
                )
            return known[text.lower()]

        shown = ", ".join(visible(n) for n in names[:8]) + (" ..." if len(names) > 8 else "")
        given, name = self._ask(f"Provider ({shown}; empty cancels): ", provider)
        if not given:
            return False
        text = self.io.line("Check in after (empty: 2h): ")
        check_in = DEFAULT_CHECK_IN_SECONDS
        if text is None:
            return False
        if text.strip():
            check_in = parse_duration(text.strip())
        task_id = item.task.id
        result = self._decide(task_id, lambda: delegate(self.app, task_id, name, check_in))
        self.io.show(message(f"Delegated to {visible(result.delegation.provider.name)}", "green"))
        for warning in result.warnings:
            self.io.show(message("Warning: " + visible(warning), "yellow"))
        return True

    def _drop(self, item: TriageItem) -> bool:
        from microtask.format import counted
        from microtask.render.triage import message
        from microtask.services import drop_tasks

        task_id = item.task.id
        _, count = self._decide(task_id, lambda: drop_tasks(self.app, [task_id]))
        steps = count - 1
        extra = f" and {counted(steps, 'open step')}" if steps > 0 else ""
        self.io.show(message(f"Dropped task {task_id}{extra}", "green"))
        return True
