"""The outsourcing advisor's use cases: score a task, rank the candidates, the weekly list.

The judgement is ``domain/outsourcing.py``; here the answers are gathered: what the founder
said (stored on the task), else what the history suggests (done tasks with a similar title
in the last 8 weeks, focus recorded in the last 4 weeks, the due date and priority).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from microtask.domain.errors import InvalidInputError, NotFoundError
from microtask.domain.model import Status, Task, TaskFilter
from microtask.domain.text import quote_typed
from microtask.domain.views.outsourcing import Scored
from microtask.services.app import App, founder_only, require_task

if TYPE_CHECKING:
    from microtask.db.outsource_repo import OutsourceRepo
    from microtask.db.store import Repos
    from microtask.domain.delegation import ProviderRecord
    from microtask.domain.outsourcing import Assessment, Criteria, Verdict
    from microtask.domain.similar import Answer, Category
    from microtask.domain.steps import Step
    from microtask.domain.views.outsourcing import CandidateRow, CandidateWeek

HISTORY = timedelta(weeks=8)
FOCUS_WINDOW = timedelta(weeks=4)


class _DoneTitles:
    """Titles of tasks done in the last 8 weeks, indexed so that finding the ones like a
    task's title costs a few dictionary lookups, not a comparison with every done task.

    The index gives, for each word, the titles holding it, and for each pair of leading
    words, the titles starting with them: :func:`similar_words`'s two rules (same first two
    words, or enough words in common), counted instead of compared. Answers are kept by
    title words: recurring chores share their titles.
    """

    def __init__(self, titles: Sequence[str]) -> None:
        from microtask.domain.similar import words

        self.titles = list(titles)
        word_lists = [words(title) for title in self.titles]
        self.sizes = [len(set(title_words)) for title_words in word_lists]
        self.index: dict[str, list[int]] = {}
        self.leading: dict[tuple[str, ...], list[int]] = {}
        for position, title_words in enumerate(word_lists):
            for word in set(title_words):
                self.index.setdefault(word, []).append(position)
            if len(title_words) >= 2:
                self.leading.setdefault(title_words[:2], []).append(position)
        self._answers: dict[tuple[str, ...], list[str]] = {}

    def like(self, title: str) -> list[str]:
        """The done titles similar to ``title``, in the order they were given."""
        from microtask.domain.similar import SIMILARITY_THRESHOLD, words

        mine = words(title)
        if mine in self._answers:
            return self._answers[mine]
        found: set[int] = set()
        if mine:
            shared: dict[int, int] = {}
            for word in set(mine):
                for position in self.index.get(word, ()):
                    shared[position] = shared.get(position, 0) + 1
            size = len(set(mine))
            found = {
                position
                for position, common in shared.items()
                if common / (size + self.sizes[position] - common) >= SIMILARITY_THRESHOLD
            }
            if len(mine) >= 2:
                found.update(self.leading.get(mine[:2], ()))
        answer = [self.titles[position] for position in sorted(found)]
        self._answers[mine] = answer
        return answer


def _record_of(repo: OutsourceRepo, name: str) -> ProviderRecord:
    found = repo.provider_named(name)
    if found is None:
        raise NotFoundError(f"no provider named {quote_typed(name)}: see `microtask provider list`")
    return next(r for r in repo.records() if r.provider.id == found.id)


class Advisor:
    """The settings and the history, loaded once, to score many tasks."""

    def __init__(
        self, app: App, repos: Repos, now: datetime, provider_name: str | None = None
    ) -> None:
        from microtask.domain.outsourcing import Rates, Thresholds, Weights

        settings = app.config.outsourcing
        self.repo = repos.outsourcing
        self.series_repo = repos.series
        self.series_focus: dict[int, float] = {}
        """Median focus per done instance of each series scored (issue 13)."""
        self.track_record = None
        rate = settings.provider_rate
        if provider_name is not None:
            record = _record_of(self.repo, provider_name)
            self.track_record = record.track_record(now)
            if record.provider.rate is not None:
                rate = record.provider.rate
        self.weights = Weights(**dict(settings.weights))
        self.rates = Rates(settings.founder_hourly, rate)
        self.thresholds = Thresholds(
            min_weekly_hours=settings.min_weekly_hours,
            full_benefit_hours=max(10.0, settings.min_weekly_hours * 5),
        )
        self.now = now
        # History up to ``now`` only: a past week's list must not see what came after it.
        self.done = _DoneTitles(
            self.repo.done_titles_since(int((now - HISTORY).timestamp()), int(now.timestamp()))
        )
        # What depends only on a title's words and tags is worked out once for every task
        # that shares them: recurring work shares its title.
        self._by_words: dict[
            tuple[tuple[str, ...], tuple[str, ...]], tuple[Answer[bool], bool]
        ] = {}

    def _from_title(self, task: Task) -> tuple[Answer[bool], bool]:
        """The repetitive answer and rule-likeness of ``task``'s title and tags."""
        from microtask.domain.similar import looks_rule_like, repetitive_from, words

        key = (words(task.title), task.tags)
        known = self._by_words.get(key)
        if known is None:
            # like() finds exactly the similar done titles (a test holds it to the pairwise
            # comparison), so counting them is infer_repetitive without comparing again.
            known = (
                repetitive_from(len(self.done.like(task.title))),
                looks_rule_like(task.title, task.tags),
            )
            self._by_words[key] = known
        return known

    def criteria(self, task: Task, focus_last_4_weeks: float) -> Criteria:
        from microtask.domain.outsourcing import Criteria, Directions
        from microtask.domain.similar import (
            UNKNOWN,
            infer_hours_per_week,
            infer_time_sensitive,
            prefer,
        )

        said = task.criteria
        like = self.done.like(task.title)
        times_per_week = len(like) / (HISTORY.days / 7) if like else None
        repetitive, rule_like = self._from_title(task)
        hours = infer_hours_per_week(focus_last_4_weeks, task.estimate_seconds, times_per_week)
        directions: Answer[Directions] = UNKNOWN
        if task.series is not None:  # recurring work: what its series says (issue 13)
            from microtask.domain.similar import from_series

            repetitive, series_hours, written = from_series(
                task.series, self.series_focus.get(task.series.id), task.estimate_seconds
            )
            hours = series_hours if series_hours.value is not None else hours
            directions = written if written.value is not None else directions
        return Criteria(
            repetitive=prefer(said.repetitive, repetitive),
            time_sensitive=prefer(
                said.time_sensitive, infer_time_sensitive(task.due, task.priority, self.now)
            ),
            critical=prefer(said.critical, UNKNOWN),
            directions=prefer(
                None if said.directions is None else Directions(said.directions),
                directions,
            ),
            know_how=prefer(said.know_how, UNKNOWN),
            hours_per_week=prefer(said.hours_per_week, hours),
            rule_like=rule_like,
        )

    def score(self, tasks: Sequence[Task], explain_flips: bool = False) -> list[Scored]:
        from microtask.domain.outsourcing import assess
        from microtask.domain.similar import Category, categorize, words

        focus = self.repo.focus_since(
            [t.id for t in tasks],
            (self.now - FOCUS_WINDOW).timestamp(),
            self.now.timestamp(),
        )
        series_ids = sorted({t.series.id for t in tasks if t.series is not None})
        if series_ids:
            self.series_focus.update(self.series_repo.median_focus(series_ids))
        scored = []
        # The judgement depends on the answers and the category alone: tasks alike (most of
        # them say nothing, or the same things) share one assessment instead of each paying
        # for its own. The category depends on the title's words, the tags and the project:
        # worked out once for the tasks that share them.
        assessed: dict[tuple[Criteria, Category], Assessment] = {}
        categories: dict[tuple[tuple[str, ...], tuple[str, ...], str | None], tuple[Category, str]]
        categories = {}
        for task in tasks:
            if task.criteria.category is not None:
                category, why = Category(task.criteria.category), "you said so"
            else:
                key = (words(task.title), task.tags, task.project)
                found = categories.get(key)
                if found is None:
                    found = categories[key] = categorize(task.title, task.tags, task.project)
                category, why = found
            criteria = self.criteria(task, focus.get(task.id, 0.0))
            assessment = assessed.get((criteria, category))
            if assessment is None:
                assessment = assess(
                    criteria,
                    self.weights,
                    self.rates,
                    self.thresholds,
                    category,
                    self.track_record,
                    explain_flips=explain_flips,
                )
                assessed[(criteria, category)] = assessment
            scored.append(Scored(task, assessment, why))
        return scored


def score_task(app: App, task_id: int, provider: str | None = None) -> Scored:
    """One task's assessment; with ``provider``, as if handed to that provider (their rate,
    their track record lifting the time-sensitive and critical objections)."""
    with app.reading() as repos:
        founder_only(repos, "score")
        task = require_task(repos.tasks, task_id)
        advisor = Advisor(app, repos, app.now(), provider)
        return advisor.score([task], explain_flips=True)[0]


def _ranked(scored: list[Scored]) -> list[Scored]:
    return sorted(
        scored,
        key=lambda s: (-s.assessment.score, -(s.assessment.weekly_savings or 0.0), s.task.id),
    )


def candidates(
    app: App,
    min_score: int | None = None,
    verdict: Verdict | None = None,
    provider: str | None = None,
) -> list[Scored]:
    """Open tasks ranked by score (best first), filtered by score and verdict."""
    with app.reading() as repos:
        founder_only(repos, "outsource")
        tasks = repos.tasks.find(TaskFilter(statuses=(Status.OPEN,)))
        scored = Advisor(app, repos, app.now(), provider).score(tasks)
    return [
        s
        for s in _ranked(scored)
        if (min_score is None or s.assessment.score >= min_score)
        and (verdict is None or s.assessment.verdict is verdict)
    ]


# -- the weekly list --------------------------------------------------------------------


def parse_week(text: str, today: date) -> tuple[int, int]:
    """``this``, ``last``, ``next`` or an ISO week ``2026-W48`` -> (ISO year, week)."""
    value = text.strip().lower()
    offsets = {"this": 0, "last": -1, "next": 1}
    if value in offsets:
        year, week, _ = (today + timedelta(weeks=offsets[value])).isocalendar()
        return year, week
    import re

    match = re.fullmatch(r"(\d{4})-?w(\d{1,2})", value)
    if match:
        year, week = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise InvalidInputError(f"week {text!r} does not exist in {year}") from None
        return year, week
    raise InvalidInputError(f"invalid --week {text!r}: use this, last, next or 2026-W48")


def candidate_row(scored: Scored, steps: Sequence[str]) -> CandidateRow:
    from microtask.domain.outsourcing import time_cap_hours
    from microtask.domain.views.outsourcing import CandidateRow

    task, assessment = scored.task, scored.assessment
    frequency, procedure, cap_per_instance = _recurring(task, assessment.hours_per_week)
    return CandidateRow(
        id=task.id,
        title=task.title,
        verdict=assessment.verdict.value,
        score=assessment.score,
        category=assessment.category.value,
        hours_per_week=assessment.hours_per_week,
        weekly_savings=assessment.weekly_savings,
        monthly_savings=assessment.monthly_savings,
        time_cap_hours=time_cap_hours(assessment.hours_per_week),
        steps=tuple(steps),
        reasons=assessment.reasons,
        acceptance=task.notes,
        confidence=assessment.confidence,
        project=task.project,
        tags=task.tags,
        frequency=frequency,
        procedure=procedure,
        cap_per_instance_hours=cap_per_instance,
    )


def _recurring(
    task: Task, hours_per_week: float | None
) -> tuple[str | None, tuple[Step, ...], float | None]:
    """A recurring task's brief: its procedure as the written instructions, how often,
    and the time cap per instance."""
    from microtask.domain.outsourcing import time_cap_per_instance
    from microtask.domain.recurrence import parse_rule
    from microtask.services.series import procedure_steps

    series = task.series
    if series is None or not series.active:
        return None, (), None
    cap = time_cap_per_instance(hours_per_week, parse_rule(series.rule).per_week())
    return f"every {series.rule}", tuple(procedure_steps(series)), cap


def weekly_candidates(app: App, week_text: str) -> CandidateWeek:
    """The candidates to hand off for an ISO week: every open task not to keep, best first,
    assessed as of the week's end (or now, for the current week)."""
    from microtask.domain.outsourcing import Verdict
    from microtask.domain.views.outsourcing import CandidateWeek
    from microtask.domain.zones import day_bounds

    now = app.now()
    year, week = parse_week(week_text, now.astimezone().date())
    start = day_bounds(date.fromisocalendar(year, week, 1))[0]
    end = day_bounds(date.fromisocalendar(year, week, 7))[1]
    as_of = min(now, end)
    with app.reading() as repos:
        founder_only(repos, "export outsource")
        tasks = repos.tasks.find(TaskFilter(statuses=(Status.OPEN,)))
        scored = Advisor(app, repos, as_of).score(tasks)
        chosen = [s for s in _ranked(scored) if s.assessment.verdict is not Verdict.KEEP]
        rows = tuple(
            candidate_row(s, [child.title for child in repos.tasks.children(s.task.id)])
            for s in chosen
        )
    return CandidateWeek(year=year, week=week, start=start, end=end, candidates=rows, generated=now)
