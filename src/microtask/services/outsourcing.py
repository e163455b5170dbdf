"""The outsourcing advisor's use cases: score a task, rank the candidates, the weekly list.

The judgement is ``domain/outsourcing.py``; here the answers are gathered: what the founder
said (stored on the task), else what the history suggests (done tasks with a similar title
in the last 8 weeks, focus recorded in the last 4 weeks, the due date and priority).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from microtask.domain.errors import InvalidInputError, NotFoundError
from microtask.domain.model import RankingFacts, Status, Task, TaskFilter
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
    from microtask.domain.views.outsourcing import CandidateList, CandidateRow, CandidateWeek

from microtask.domain.similar import words as _words

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
        self._word_lists = word_lists
        self.sizes: list[int] = []
        self.index: dict[str, list[int]] = {}
        self.leading: dict[tuple[str, ...], list[int]] = {}
        self._answers: dict[tuple[str, ...], list[str]] | None = None
        # count(): the same rules over each distinct set of words once, weighted by how
        # many done titles have it (chores done again share their words).
        set_ids: dict[frozenset[str], int] = {}
        self._sets: list[frozenset[str]] = []
        self._set_weights: list[int] = []
        self._set_index: dict[str, list[int]] = {}
        """Each word -> the done sets holding it."""
        self._pair_index: dict[tuple[str, str], list[int]] = {}
        """Each two words (in order) -> the done sets holding both."""
        leading_counts: dict[tuple[str, ...], dict[int, int]] = {}
        for title_words in word_lists:
            if not title_words:
                continue
            key = frozenset(title_words)
            set_id = set_ids.get(key)
            if set_id is None:
                set_id = set_ids[key] = len(self._set_weights)
                self._sets.append(key)
                self._set_weights.append(0)
                ordered = sorted(key)
                for at, word in enumerate(ordered):
                    self._set_index.setdefault(word, []).append(set_id)
                    for later in ordered[at + 1 :]:
                        self._pair_index.setdefault((word, later), []).append(set_id)
            self._set_weights[set_id] += 1
            if len(title_words) >= 2:
                by_set = leading_counts.setdefault(title_words[:2], {})
                by_set[set_id] = by_set.get(set_id, 0) + 1
        self._set_leading = {pair: list(by_set.items()) for pair, by_set in leading_counts.items()}
        self._counts: dict[tuple[str, ...], int] = {}
        self._by_title: dict[str, int] = {}

    def _index_titles(self) -> dict[tuple[str, ...], list[str]]:
        """like()'s index, built the first time it is asked (count() needs none of it)."""
        if self._answers is None:
            self._answers = {}
            for position, title_words in enumerate(self._word_lists):
                self.sizes.append(len(set(title_words)))
                for word in set(title_words):
                    self.index.setdefault(word, []).append(position)
                if len(title_words) >= 2:
                    self.leading.setdefault(title_words[:2], []).append(position)
        return self._answers

    def count(self, title: str) -> int:
        """How many done titles are like ``title`` (``len(like(title))``), worked out once
        for each distinct set of words rather than for each done title."""
        known = self._by_title.get(title)
        if known is None:
            known = self._by_title[title] = self._count(_words(title))
        return known

    def _count(self, mine: tuple[str, ...]) -> int:
        known = self._counts.get(mine)
        if known is not None:
            return known
        from itertools import chain

        from microtask.domain.similar import SIMILARITY_THRESHOLD as AT_LEAST

        found = 0
        if mine:
            mine_set = frozenset(mine)
            size, sets, index = len(mine_set), self._sets, self._set_index
            # A done set like this one shares at least ``need`` of its words (c / size is
            # the best c shared words can do), so it holds one of any size - need + 1 of
            # them, and two of any size - need + 2: only the sets holding one of the
            # rarest words (or two of the rarest, when two must be shared) are compared.
            need = next(c for c in range(1, size + 1) if c / size >= AT_LEAST)
            rarest = sorted(mine_set, key=lambda w: len(index.get(w, ())))
            if need == 1:
                postings = [index.get(w, ()) for w in rarest[: size - need + 1]]
            else:
                some = sorted(rarest[: size - need + 2])
                pairs = self._pair_index
                postings = [
                    pairs.get((word, later), ())
                    for at, word in enumerate(some)
                    for later in some[at + 1 :]
                ]
            close = set()
            for set_id in set(chain.from_iterable(postings)):
                other = sets[set_id]
                common = len(mine_set & other)
                if common / (size + len(other) - common) >= AT_LEAST:
                    close.add(set_id)
            found = sum(self._set_weights[set_id] for set_id in close)
            if len(mine) >= 2:  # same first two words: alike whatever else they say
                found += sum(
                    n for set_id, n in self._set_leading.get(mine[:2], ()) if set_id not in close
                )
        self._counts[mine] = found
        return found

    def like(self, title: str) -> list[str]:
        """The done titles similar to ``title``, in the order they were given."""
        from microtask.domain.similar import SIMILARITY_THRESHOLD, words

        answers = self._index_titles()
        mine = words(title)
        if mine in answers:
            return answers[mine]
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
        answers[mine] = answer
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
                repetitive_from(self.done.count(task.title)),
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
        like = self.done.count(task.title)
        times_per_week = like / (HISTORY.days / 7) if like else None
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
                assessment = self._assess(criteria, category, explain_flips)
                assessed[(criteria, category)] = assessment
            scored.append(Scored(task, assessment, why))
        return scored

    @property
    def pressing_by(self) -> datetime:
        """A task due by then is time-sensitive (:func:`infer_time_sensitive`)."""
        from microtask.domain.similar import TIME_SENSITIVE_WITHIN

        return self.now + TIME_SENSITIVE_WITHIN

    def rank(self, repos: Repos, facts: Sequence[RankingFacts]) -> list[Ranked]:
        """Every task's place in the ranking, best first, without building the tasks: a
        task the founder said nothing about (no answer, no series) is judged from its
        facts, the history and the focus recorded, and tasks judged alike share one
        assessment; the others are loaded and scored in full (:meth:`score`)."""
        from microtask.domain.similar import MIN_SIMILAR_DONE, hours_per_week_value

        focus = self.repo.focus_between(
            (self.now - FOCUS_WINDOW).timestamp(), self.now.timestamp()
        ).get
        weeks, count = HISTORY.days / 7, self.done.count
        judged: dict[tuple[bool | None, bool | None, float | None], Assessment] = {}
        ranked: list[Ranked] = []
        told: list[int] = []
        for fact in facts:
            if not fact.plain:
                told.append(fact.id)
                continue
            like = count(fact.title)
            key = (
                True if like >= MIN_SIMILAR_DONE else None,
                True if fact.pressing else None,  # as infer_time_sensitive says
                hours_per_week_value(
                    focus(fact.id, 0.0), fact.estimate_seconds, like / weeks if like else None
                ),
            )
            assessment = judged.get(key)
            if assessment is None:
                assessment = judged[key] = self._assess_values(*key)
            ranked.append(
                Ranked(-assessment.score, -(assessment.weekly_savings or 0.0), fact.id, assessment)
            )
        for start in range(0, len(told), LOAD_CHUNK):
            tasks = repos.tasks.get_many(told[start : start + LOAD_CHUNK])
            ranked += (Ranked.of(scored) for scored in self.score(tasks))
        ranked.sort()  # best first: score, then savings, then the older task
        return ranked

    def _assess_values(
        self, repetitive: bool | None, time_sensitive: bool | None, hours: float | None
    ) -> Assessment:
        """The assessment of a plain task with these inferred answers and no others: its
        score and verdict follow from the answers' values alone (their reasons and the
        category are worked out for the rows shown)."""
        from microtask.domain.outsourcing import Criteria
        from microtask.domain.similar import UNKNOWN, Category, inferred

        criteria = Criteria(
            repetitive=UNKNOWN if repetitive is None else inferred(repetitive, ""),
            time_sensitive=UNKNOWN if time_sensitive is None else inferred(time_sensitive, ""),
            critical=UNKNOWN,
            directions=UNKNOWN,
            know_how=UNKNOWN,
            hours_per_week=UNKNOWN if hours is None else inferred(hours, ""),
            rule_like=False,  # decides only with simple directions: never a plain task's
        )
        return self._assess(criteria, Category.VA, False)

    def _assess(self, criteria: Criteria, category: Category, explain_flips: bool) -> Assessment:
        from microtask.domain.outsourcing import assess

        return assess(
            criteria,
            self.weights,
            self.rates,
            self.thresholds,
            category,
            self.track_record,
            explain_flips=explain_flips,
        )

    def in_full(self, repos: Repos, chosen: Sequence[Ranked]) -> list[Scored]:
        """The ranked tasks as loaded and scored in full, in the order given."""
        missing = [r.task_id for r in chosen if r.scored is None]
        done: dict[int, Scored] = {}
        for start in range(0, len(missing), LOAD_CHUNK):
            tasks = repos.tasks.get_many(missing[start : start + LOAD_CHUNK])
            done.update((s.task.id, s) for s in self.score(tasks))
        return [done[r.task_id] if r.scored is None else r.scored for r in chosen]


LOAD_CHUNK = 1000
"""Tasks loaded at once: id lists stay bounded."""


class Ranked(NamedTuple):
    """A task's place in the outsourcing ranking: ordered as tuples, best first (higher
    score, then higher savings, then the older task); its assessment filters it."""

    minus_score: int
    minus_savings: float
    task_id: int
    assessment: Assessment
    scored: Scored | None = None
    """Its full assessment (reasons, category) when it was worked out already."""

    @classmethod
    def of(cls, scored: Scored) -> Ranked:
        a = scored.assessment
        return cls(-a.score, -(a.weekly_savings or 0.0), scored.task.id, a, scored)


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
    return list(candidate_list(app, min_score, verdict, provider).shown)


def candidate_list(
    app: App,
    min_score: int | None = None,
    verdict: Verdict | None = None,
    provider: str | None = None,
    top: int | None = None,
) -> CandidateList:
    """Open tasks ranked by score (best first), filtered by score and verdict; the best
    ``top`` (every one without it) in full, the totals over all of them."""
    from microtask.domain.views.outsourcing import CandidateList

    with app.reading() as repos:
        founder_only(repos, "outsource")
        advisor = Advisor(app, repos, app.now(), provider)
        ranked = [
            r
            for r in advisor.rank(repos, repos.tasks.ranking_facts(_OPEN, advisor.pressing_by))
            if (min_score is None or r.assessment.score >= min_score)
            and (verdict is None or r.assessment.verdict is verdict)
        ]
        shown = advisor.in_full(repos, ranked if top is None else ranked[:top])
    return CandidateList(
        shown=tuple(shown),
        total=len(ranked),
        hours_per_week=sum(r.assessment.hours_per_week or 0.0 for r in ranked),
        weekly_savings=sum(r.assessment.weekly_savings or 0.0 for r in ranked),
    )


_OPEN = TaskFilter(statuses=(Status.OPEN,))


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
        advisor = Advisor(app, repos, as_of)
        ranked = advisor.rank(repos, repos.tasks.ranking_facts(_OPEN, advisor.pressing_by))
        handed = [r for r in ranked if r.assessment.verdict is not Verdict.KEEP]
        chosen = advisor.in_full(repos, handed)
        steps = repos.tasks.children_titles([s.task.id for s in chosen])
        rows = tuple(candidate_row(s, steps.get(s.task.id, [])) for s in chosen)
    return CandidateWeek(year=year, week=week, start=start, end=end, candidates=rows, generated=now)
