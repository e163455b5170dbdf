"""Notes (issue 14): append a stamped line, or put back what an editor made of them. Both
are one undoable change."""

from __future__ import annotations

from dataclasses import replace

from microtask.domain.model import Task
from microtask.domain.notes import annotated
from microtask.services.app import App, require_task, short


def append_note(app: App, task_id: int, text: str) -> Task:
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing(f"note task {task_id}") as change:
        task = require_task(change.tasks, task_id)
        notes = annotated(task.notes, text, now.astimezone())
        change.touch([task_id])
        change.tasks.update(task_id, replace(TaskChanges(notes=notes), updated_at=now))
        change.label = f"note task {task_id} {short(task.title)!r}"
        change.settle()
        return require_task(change.tasks, task_id)


def task_notes(app: App, task_id: int) -> Task:
    with app.reading() as repos:
        return require_task(repos.tasks, task_id)


def replace_notes(app: App, task_id: int, notes: str | None) -> Task:
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing(f"note task {task_id}") as change:
        task = require_task(change.tasks, task_id)
        change.touch([task_id])
        change.tasks.update(task_id, replace(TaskChanges(notes=notes), updated_at=now))
        change.label = f"note --edit task {task_id} {short(task.title)!r}"
        change.settle()
        return require_task(change.tasks, task_id)
