"""What use cases ask the storage layer to write about a series: a new one and the changes
to one (``KEEP`` leaves a field as it is, as in ``edits``)."""

from __future__ import annotations

from datetime import datetime

from microtask.domain.edits import KEEP, Keep
from microtask.domain.record import record


@record
class NewSeries:
    """A series to store: its rule (canonical text), anchor and optional end."""

    rule: str
    anchor: datetime
    created_at: datetime
    until: datetime | None = None
    procedure: str | None = None


@record
class SeriesChanges:
    """Fields to change on a series: ``KEEP`` leaves one as it is, ``None`` clears it."""

    rule: str | Keep = KEEP
    anchor: datetime | Keep = KEEP
    until: datetime | Keep | None = KEEP
    ended_at: datetime | Keep | None = KEEP
    procedure: str | Keep | None = KEEP
