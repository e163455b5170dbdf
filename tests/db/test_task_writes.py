"""The columns a new task writes: its UUID in particular."""

from __future__ import annotations

import uuid

from microtask.db.task_writes import new_uuid


def test_new_uuids_are_version_7_unique_and_in_the_order_they_were_made() -> None:
    made = [new_uuid() for _ in range(10_000)]

    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert all(uuid.UUID(u).version == 7 and str(uuid.UUID(u)) == u for u in made)
