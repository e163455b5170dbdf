"""What ``export calendar`` writes: the blocks of a span of days, optionally the focus
sessions recorded in it, and the open tasks due in it."""

from __future__ import annotations

from datetime import datetime

from microtask.domain.model import Task
from microtask.domain.record import record
from microtask.domain.sessions import Block, Session


@record
class CalendarSpan:
    start: datetime
    end: datetime
    zone: str
    """The IANA name of the zone the times are written in."""
    blocks: list[Block]
    sessions: list[Session]
    due: list[Task]
