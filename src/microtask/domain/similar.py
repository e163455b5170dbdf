"""The outsourcing advisor's answers, and where they come from when the user gave none.

An :class:`Answer` holds a criterion's value, its source (the user, inferred, unknown) and why.

Inferred from the task's words and history: similar titles (repetitive), due date and
priority (time-sensitive), focus time or estimate (hours), keywords (category, rule-like).
Every inferred answer says why, so the user can see it and override it.

Two titles are *similar* (the same kind of task done again) when, after normalising them,
their word sets overlap by a Jaccard index of at least 0.6, or they share the same first two
words ("Send invoice #123 to ACME" ~ "Send invoice #124 to Beta Corp": same verb and object).
Normalising lowercases, splits on anything that is not a letter, drops numbers, dates, month
and weekday names and short filler words, and strips a plural ``s``, so what is left says what
the task *is*, not which instance of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from microtask.domain.model import MAX_HOURS_PER_WEEK, Priority, Series
from microtask.domain.record import record

if TYPE_CHECKING:
    from microtask.domain.outsourcing import Directions

SIMILARITY_THRESHOLD = 0.6
MIN_SIMILAR_DONE = 3
"""Done tasks like it in the last 8 weeks that make a task count as repetitive."""
TIME_SENSITIVE_WITHIN = timedelta(hours=48)
T = TypeVar("T")


class Source(StrEnum):
    USER = "user"
    INFERRED = "inferred"
    UNKNOWN = "unknown"


class Category(StrEnum):
    BPO = "BPO"
    KPO = "KPO"
    TSO = "TSO"
    VA = "VA"


@record
class Answer(Generic[T]):
    """One criterion: its value (None when unknown), where it came from, and why."""

    value: T | None = None
    source: Source = Source.UNKNOWN
    detail: str = ""

    def __post_init__(self) -> None:
        if (self.value is None) != (self.source is Source.UNKNOWN):
            raise ValueError(f"an answer is unknown exactly when it has no value: {self!r}")


UNKNOWN: Answer[Any] = Answer()
"""Not known: one shared answer (answers are immutable), for every criterion."""


def said(value: T, detail: str = "you said so") -> Answer[T]:
    return Answer(value, Source.USER, detail)


def inferred(value: T, detail: str) -> Answer[T]:
    return Answer(value, Source.INFERRED, detail)


def prefer(user_value: T | None, fallback: Answer[T]) -> Answer[T]:
    """The user's answer when they gave one, else the inferred (or unknown) ``fallback``."""
    return fallback if user_value is None else said(user_value)


_WORD = re.compile(r"[^\W_]*\d[^\W_]*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _terms(text: str) -> tuple[str, ...]:
    """A comma-separated list of keywords (words or phrases) as a tuple."""
    return tuple(term.strip() for term in text.split(",") if term.strip())


_FILLER = frozenset(
    _terms(
        "a, an, and, at, by, for, from, in, into, of, on, or, the, to, with, about, my, our, "
        "your, up, out, off, down, over, before, after"
    )
)
_CALENDAR = frozenset(
    _terms(
        """jan, january, feb, february, mar, march, apr, april, may, jun, june, jul, july,
        aug, august, sep, sept, september, oct, october, nov, november, dec, december, mon,
        monday, tue, tues, tuesday, wed, wednesday, thu, thur, thurs, thursday, fri, friday,
        sat, saturday, sun, sunday, today, tomorrow"""
    )
)


def _stem(word: str) -> str:
    """A crude singular: ``invoices`` -> ``invoice``, ``leads`` -> ``lead``; ``ss`` is kept."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[str, ...]:
    """The meaningful words of ``text`` in order: lowercased, singular, no numbers or dates.

    Cached: ranking thousands of tasks compares each title with many others."""
    kept = []
    for token in _WORD.findall(text.lower()):
        if not token.isalpha() and any(ch.isdigit() for ch in token):
            continue  # "#123", "2024-05-01", "q3", "v2": which instance, not what task
        if token in _FILLER or token in _CALENDAR:
            continue
        token = token.replace("\u2019", "'").removesuffix("'s")
        kept.append(_stem(token))
    return tuple(kept)


def similar_title(a: str, b: str) -> bool:
    """Whether two titles name the same kind of task (see the module docstring)."""
    return similar_words(words(a), words(b))


def similar_words(words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """:func:`similar_title` on titles already split by :func:`words`."""
    if not words_a or not words_b:
        return False
    if len(words_a) >= 2 and len(words_b) >= 2 and words_a[:2] == words_b[:2]:
        return True
    set_a, set_b = set(words_a), set(words_b)
    return len(set_a & set_b) / len(set_a | set_b) >= SIMILARITY_THRESHOLD


def keyword_hits(text: str, keywords: Iterable[str]) -> list[str]:
    """The ``keywords`` (single words or phrases) found in ``text`` as whole words, in order.

    Both sides go through :func:`words`, so case, punctuation and plurals do not matter.
    """
    return list(_hits(words(text), tuple(keywords)))


@lru_cache(maxsize=65_536)
def _hits(text_words: tuple[str, ...], keywords: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`keyword_hits` by the text's words: titles and tags repeat, and ranking tens of
    thousands of tasks asks the same question many times."""
    haystack = f" {' '.join(text_words)} "
    return tuple(keyword for keyword in keywords if (n := _needle(keyword)) and n in haystack)


@lru_cache(maxsize=4096)
def _needle(keyword: str) -> str:
    joined = " ".join(words(keyword))
    return f" {joined} " if joined else ""


CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    # Business process: well-described, repeatable office work.
    "BPO": _terms(
        """data entry, lead list, lead, crm, invoice, invoicing, billing, bookkeeping,
        receipt, expense, reply, replies, reminder, follow up, support, ticket, order,
        refund, customer, listing, spreadsheet, transcribe, transcription, payroll,
        newsletter, social media"""
    ),
    # Knowledge process: research and analysis with clear acceptance criteria.
    "KPO": _terms(
        """research, analysis, analyse, analyze, analytics, market, competitor, survey, study,
        benchmark, report, summary, summarize, summarise, literature, forecast, metrics,
        insight, evaluate, compare, comparison, pricing"""
    ),
    # Technical setup and maintenance.
    "TSO": _terms(
        """setup, set up, install, configure, deploy, server, backup, back up, update,
        upgrade, maintenance, maintain, website, wordpress, dns, domain, ssl, certificate,
        migrate, migration, bug, fix, hosting, database, integration, api, script,
        monitoring, security, plugin"""
    ),
    # Virtual assistant: calendar, inbox, calls, admin.
    "VA": _terms(
        """calendar, schedule, scheduling, meeting, inbox, email, mail, call, phone,
        voicemail, book, booking, travel, flight, hotel, appointment, admin, errand,
        filing, paperwork, reservation, rsvp, gift"""
    ),
}
"""Words that suggest each outsourcing category (matched as whole words, plurals folded)."""

RULE_LIKE_WORDS = _terms(
    """copy, export, import, sync, backup, back up, archive, convert, rename, reminder,
        invoice, invoicing, report, reconcile, upload, download, automate, automation"""
)
"""Words of work a script could do: moving, copying or generating data by fixed rules."""


TAG_WEIGHT, PROJECT_WEIGHT, TITLE_WEIGHT = 3, 2, 1


def categorize(title: str, tags: Sequence[str], project: str | None) -> tuple[Category, str]:
    """The kind of provider that fits a task, and why (the words that decided it).

    A tag naming a category (``va``, ``KPO`` ...) decides outright. Otherwise each keyword
    hit counts 3 in a tag, 2 in the project name and 1 in the title; the highest total wins,
    ties going to the first of BPO, KPO, TSO, VA. With no hit at all the answer is VA: a
    general virtual assistant is the usual first hire and takes mixed admin work.
    """
    for tag in tags:
        if tag.strip().upper() in Category.__members__:
            return Category(tag.strip().upper()), f"tagged {tag.strip()}"
    sources = [("tag", t, TAG_WEIGHT) for t in tags]
    sources += [("project word", project, PROJECT_WEIGHT)] if project else []
    sources.append(("title word", title, TITLE_WEIGHT))
    found = [(label, text, weight, _category_hits(words(text))) for label, text, weight in sources]
    best: tuple[int, Category, list[str]] | None = None
    for index, category in enumerate(Category):
        total, evidence = 0, []
        for label, text, weight, hits_by_category in found:
            hits = hits_by_category[index]
            if hits:
                total += weight * len(hits)
                evidence += [f"{label} {text if label == 'tag' else hit!r}" for hit in hits]
        if total and (best is None or total > best[0]):
            best = (total, category, evidence)
    if best is None:
        return Category.VA, "no keyword matched: VA, the generalist, by default"
    return best[1], "; ".join(best[2])


@lru_cache(maxsize=65_536)
def _category_hits(text_words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each category's keywords found in these words, in :class:`Category` order: tags,
    projects and title words repeat across tasks, so each is looked up once."""
    return tuple(_hits(text_words, CATEGORY_KEYWORDS[category]) for category in Category)


def looks_rule_like(title: str, tags: Sequence[str] = ()) -> bool:
    """Whether the title or a tag names work a script could do (copy, export, sync ...)."""
    return any(keyword_hits(text, RULE_LIKE_WORDS) for text in (title, *tags))


def infer_repetitive(
    title: str, done_titles_in_last_8_weeks: Sequence[str], *, recurring: bool = False
) -> Answer[bool]:
    """True when the task recurs or 3+ done tasks like it were finished in 8 weeks; else unknown."""
    count = sum(similar_title(title, done) for done in done_titles_in_last_8_weeks)
    return repetitive_from(count, recurring=recurring)


def repetitive_from(similar_done: int, *, recurring: bool = False) -> Answer[bool]:
    """:func:`infer_repetitive` from the count of similar done tasks, found already."""
    count = similar_done
    if recurring:
        return inferred(True, "a recurring task")
    if count >= MIN_SIMILAR_DONE:
        return inferred(True, f"{count} done tasks like it in the last 8 weeks")
    return Answer(detail=f"{count} done task(s) like it in the last 8 weeks: not enough to tell")


def infer_time_sensitive(due: datetime | None, priority: Priority, now: datetime) -> Answer[bool]:
    """True when due within 48 h (or overdue) or urgent; else unknown, never False."""
    if due is not None and due - now <= TIME_SENSITIVE_WITHIN:
        left = (due - now).total_seconds() / 3600
        when = f"due in {left:.0f} h" if left >= 0 else f"overdue by {-left:.0f} h"
        return inferred(True, when)
    if priority is Priority.URGENT:
        return inferred(True, "priority urgent")
    return Answer(detail="not due within 48 h and not urgent: not enough to tell")


def hours_per_week_value(
    focus_seconds_last_4_weeks: float, estimate_seconds: int | None, times_per_week: float | None
) -> float | None:
    """:func:`infer_hours_per_week`'s value alone, without its reason."""
    if focus_seconds_last_4_weeks > 0:
        return min(focus_seconds_last_4_weeks / 3600 / 4, MAX_HOURS_PER_WEEK)
    if estimate_seconds and estimate_seconds > 0 and times_per_week and times_per_week > 0:
        return min(estimate_seconds / 3600 * times_per_week, MAX_HOURS_PER_WEEK)
    return None


def infer_hours_per_week(
    focus_seconds_last_4_weeks: float, estimate_seconds: int | None, times_per_week: float | None
) -> Answer[float]:
    """Tracked focus over the last 4 weeks when there is any, else estimate x frequency."""
    if focus_seconds_last_4_weeks > 0:
        hours = min(focus_seconds_last_4_weeks / 3600 / 4, MAX_HOURS_PER_WEEK)
        return inferred(
            hours, f"{focus_seconds_last_4_weeks / 3600:.1f} h of focus in the last 4 weeks"
        )
    if estimate_seconds and estimate_seconds > 0 and times_per_week and times_per_week > 0:
        hours = min(estimate_seconds / 3600 * times_per_week, MAX_HOURS_PER_WEEK)
        return inferred(
            hours, f"estimate {estimate_seconds / 3600:g} h x {times_per_week:g} a week"
        )
    return Answer(detail="no focus tracked and no estimate x frequency")


def from_series(
    series: Series, median_focus_seconds: float | None, estimate_seconds: int | None
) -> tuple[Answer[bool], Answer[float], Answer[Directions]]:
    """What a task's series says to the advisor, each inferred with source ``series``:
    it repeats; its hours a week are the rule's frequency times the median focus per done
    instance (else its estimate); a written procedure is directions written down."""
    from microtask.domain.outsourcing import Directions
    from microtask.domain.recurrence import parse_rule

    rule = parse_rule(series.rule)
    repetitive = inferred(True, f"series: every {series.rule}")
    per_instance, what = median_focus_seconds, "median focus per instance"
    if not per_instance:
        per_instance, what = estimate_seconds, "estimate"
    hours: Answer[float] = Answer(detail="series: no focus per instance and no estimate")
    if per_instance and per_instance > 0:
        value = min(per_instance / 3600 * rule.per_week(), MAX_HOURS_PER_WEEK)
        hours = inferred(
            value,
            f"series: every {series.rule} ({rule.per_week():.2g} a week) x "
            f"{per_instance / 60:.0f}m {what}",
        )
    directions: Answer[Directions] = Answer()
    if series.procedure:
        count = len([line for line in series.procedure.splitlines() if line.strip()])
        directions = inferred(Directions.SIMPLE, f"series: a written procedure of {count} steps")
    return repetitive, hours, directions
