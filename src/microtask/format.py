"""The shown forms every output shares, for people (``render/``) and for files (``exporters/``).

Stdlib and :mod:`microtask.domain` only: no Rich, no services, nothing heavy, so the
exporters and the lean ``list`` path can use it.
"""

from __future__ import annotations

from datetime import datetime

__all__ = ["relative_time"]


def _counted(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def relative_time(due: datetime, now: datetime) -> str:
    """How far ``due`` is from ``now``: ``in 25m``, ``in 5h``, ``in 3 days``, ``overdue 2 days``.

    Units: minutes under an hour, hours under 48 hours, days under 14 days, weeks
    beyond. Counts are floored, so never ``in 0m``; under a minute either way is
    ``now``. Stdlib only: this runs for every row of ``list``.
    """
    delta = (due - now).total_seconds()
    distance = abs(delta)
    if distance < 60:
        return "now"
    if distance < 3600:
        amount = f"{int(distance // 60)}m"
    elif distance < 48 * 3600:
        amount = f"{int(distance // 3600)}h"
    elif distance < 14 * 86400:
        amount = _counted(int(distance // 86400), "day")
    else:
        amount = _counted(int(distance // (7 * 86400)), "week")
    return f"in {amount}" if delta > 0 else f"overdue {amount}"
