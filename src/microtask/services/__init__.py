"""Use cases: one function a user action, one transaction each (repo + domain + clock).

``app`` holds what they share; ``tasks``, ``focus`` and ``blocks`` hold the use cases.
"""

from microtask.services.app import App, Change
from microtask.services.tasks import (
    DoneResult,
    TaskFields,
    add_task,
    complete_tasks,
    drop_tasks,
    edit_task,
    facts_of,
    list_tasks,
    next_task,
    remove_tasks,
    reopen_task,
    show_task,
    split_task,
    subtree_sizes,
    undo,
)

__all__ = [
    "App",
    "Change",
    "DoneResult",
    "TaskFields",
    "add_task",
    "complete_tasks",
    "drop_tasks",
    "edit_task",
    "facts_of",
    "list_tasks",
    "next_task",
    "remove_tasks",
    "reopen_task",
    "show_task",
    "split_task",
    "subtree_sizes",
    "undo",
]
