"""The row-level rule of the repositories (issue 16): an assistant's repositories see only
the tasks delegated to them and their steps; everyone else's see every task."""

from __future__ import annotations

import pytest

from microtask.domain.clock import FixedClock
from microtask.domain.model import Status, TaskFilter
from microtask.domain.steps import Step
from microtask.services import App
from microtask.services.delegation import add_provider, delegate
from tests.factories import add, split_steps


@pytest.fixture
def shared(app: App, location: str, clock: FixedClock) -> App:
    """Tasks 1 (steps 3, 4; step 4 split into 5) delegated to Ana (user ana); 2 not; the
    App of ana on the same store."""
    add(app, "Venue")
    add(app, "Hiring plan")
    split_steps(app, 1, [Step("Shortlist", None), Step("Book", None)])
    split_steps(app, 4, [Step("Pay the deposit", None)])
    add_provider(app, "Ana", "va", None, None, user="ana")
    delegate(app, 1, "Ana")
    return App(location, clock, app.config, user="ana")


def test_the_assistant_repositories_see_the_delegated_tree_only(shared: App) -> None:
    with shared.reading() as repos:
        tasks = repos.tasks
        everything = TaskFilter(statuses=None)
        assert {t.id for t in tasks.find(everything)} == {1, 3, 4, 5}
        assert tasks.count(everything) == 4
        assert {t.id for t in tasks.find(everything, limit=2)} <= {1, 3, 4, 5}
        assert tasks.get(2) is None
        assert [t.id for t in tasks.get_many([2, 5, 1])] == [5, 1]
        assert set(tasks.statuses([1, 2])) == {1}
    shared.close()


def test_the_founder_repositories_see_every_task(app: App, shared: App) -> None:
    with app.reading() as repos:
        assert repos.assistant_of is None
        assert repos.tasks.count(TaskFilter(statuses=None)) == 5
        assert repos.tasks.get(2) is not None
    with shared.reading() as repos:
        assert repos.assistant_of is not None
        # her delegated work is her open work
        assert {t.status for t in repos.tasks.find(TaskFilter())} == {Status.DELEGATED}
        assert repos.tasks.count(TaskFilter()) == 4
    shared.close()
