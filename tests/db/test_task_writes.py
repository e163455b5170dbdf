"""The columns a new task writes: its UUID in particular."""

from __future__ import annotations

import uuid

from microtask.db.task_writes import new_uuid


def test_new_uuids_are_version_7_unique_and_in_the_order_they_were_made() -> None:
    made = [new_uuid() for _ in range(10_000)]

    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert all(uuid.UUID(u).version == 7 and str(uuid.UUID(u)) == u for u in made)


def test_new_uuids_carry_random_bits_across_refills_of_the_random_pool() -> None:
    made = [uuid.UUID(new_uuid()) for _ in range(2_000)]  # the pool holds 512 draws

    assert all(u.variant == uuid.RFC_4122 for u in made)
    tails = {u.int & (1 << 62) - 1 for u in made}
    assert len(tails) == len(made)
    assert 0.4 < sum(bin(t).count("1") for t in tails) / (62 * len(made)) < 0.6
