"""Hand-offs whose check-in is due, which ``list`` and ``next`` mention after their output.

Most stores have no open hand-off at all: one indexed lookup says so, and the hand-off code
does not load (``next`` and ``list`` run many times a day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation
    from microtask.services.app import App


def check_ins_due(app: App) -> list[Delegation]:
    """Open hand-offs whose first check-in is due and not recorded, earliest due first."""
    with app.reading() as repos:
        if not repos.any_open_handoff():
            return []
        from microtask.services.assist import overdue_check_ins

        return overdue_check_ins(repos, app.now())
