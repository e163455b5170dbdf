"""Tags, projects and saved views (issue 14): the names, with their open-task counts, and
list arguments kept under a name. Adding and removing a view is undoable."""

from __future__ import annotations

from microtask.domain.errors import ConflictError, NotFoundError
from microtask.domain.labels import NameCount, SavedView
from microtask.services.app import App, founder_only


def tag_counts(app: App, every: bool = False) -> list[NameCount]:
    with app.reading() as repos:
        founder_only(repos, "tags")
        return repos.labels.tag_counts(every)


def project_counts(app: App, every: bool = False) -> list[NameCount]:
    with app.reading() as repos:
        founder_only(repos, "projects")
        return repos.labels.project_counts(every)


def saved_views(app: App) -> list[SavedView]:
    with app.reading() as repos:
        return repos.labels.views()


def saved_view(app: App, name: str) -> SavedView:
    with app.reading() as repos:
        view = repos.labels.view(name)
    if view is None:
        raise NotFoundError(f"no saved view named {name!r}: see `microtask view list`")
    return view


def add_view(app: App, name: str, args: tuple[str, ...]) -> SavedView:
    with app.changing(f"view add {name}") as change:
        repo = change.repos.labels
        if repo.view(name) is not None:
            raise ConflictError(
                f"a view named {name!r} exists already: `microtask view rm {name}` first"
            )
        view_id = repo.add_view(name, args, app.now_ts())
        change.journal.created_view(view_id)
    return SavedView(view_id, name, args)


def remove_view(app: App, name: str) -> SavedView:
    with app.changing(f"view rm {name}") as change:
        repo = change.repos.labels
        view = repo.view(name)
        if view is None:
            raise NotFoundError(f"no saved view named {name!r}: see `microtask view list`")
        change.journal.remember_views([view.id])
        repo.remove_view(view.id)
    return view
