"""Use cases: one function a user action, one transaction each (repo + domain + clock).

``app`` holds what they share; ``tasks``, ``focus`` and ``blocks`` hold the use cases.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from microtask.services.app import App, Change
    from microtask.services.tasks import (
        DoneResult,
        TaskFields,
        add_task,
        complete_tasks,
        drop_and_follow,
        drop_tasks,
        edit_task,
        facts_of,
        list_tasks,
        next_task,
        remove_and_follow,
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
    "drop_and_follow",
    "drop_tasks",
    "edit_task",
    "facts_of",
    "list_tasks",
    "next_task",
    "remove_and_follow",
    "remove_tasks",
    "reopen_task",
    "show_task",
    "split_task",
    "subtree_sizes",
    "undo",
]


def __getattr__(name: str) -> Any:
    """Load ``app`` or ``tasks`` only when one of their names is used: `status` needs
    neither the task use cases nor what they import."""
    from importlib import import_module

    if name in ("App", "Change"):
        return getattr(import_module("microtask.services.app"), name)
    if name in __all__:
        return getattr(import_module("microtask.services.tasks"), name)
    raise AttributeError(f"module 'microtask.services' has no attribute {name!r}")
