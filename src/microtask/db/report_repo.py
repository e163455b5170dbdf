"""The sums behind `report`, computed by the database (GROUP BY over indexed ranges).

Sessions are found through ``ix_sessions_start``: those starting in the period, plus those
that started up to ``lookback`` seconds earlier (the longest session ever recorded, or the
age of a session still running), so a five-year history is never scanned for one week.

A session that crosses a boundary (midnight, the period's end) counts on each side in
proportion to the time it spent there: its focus is spread evenly over its span, as the
agenda does. A session still running spans until now. Portable SQL only (no SQLite
functions): the same queries serve a PostgreSQL store.

Tasks done in a period are found by their done time (``ix_tasks_done``); the status test
is written ``(status || '') = 'done'`` so SQLite cannot pick the status index instead and
walk every done task there ever was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from microtask.db.engine import Conn, Row
from microtask.domain.record import record
from microtask.domain.report import Flow

# The focus of session `s` that falls within [lo, hi): its focus spread evenly over its
# span (start .. end, or now while running). A zero-length session counts where it starts.
_END = "COALESCE(s.end_ts, :now)"
_FOCUS_IN = (
    "s.focus_seconds * CASE"
    f" WHEN {_END} <= s.start_ts THEN"
    "  CASE WHEN s.start_ts >= {lo} AND s.start_ts < {hi} THEN 1.0 ELSE 0.0 END"
    f" WHEN {_END} <= {{lo}} OR s.start_ts >= {{hi}} THEN 0.0"
    f" ELSE ((CASE WHEN {_END} < {{hi}} THEN {_END} ELSE {{hi}} END)"
    "  - (CASE WHEN s.start_ts > {lo} THEN s.start_ts ELSE {lo} END))"
    f"  / ({_END} - s.start_ts)"
    " END"
)
_COMPLETED = "CASE WHEN s.kind = 'pomodoro' AND s.outcome = 'completed'{extra} THEN 1 ELSE 0 END"
_INTERRUPTED = (
    "CASE WHEN s.kind = 'pomodoro' AND s.outcome = 'interrupted'{extra} THEN 1 ELSE 0 END"
)


def focus_in(lo: str, hi: str) -> str:
    """The SQL expression for a session's focus within ``[lo, hi)`` (SQL expressions)."""
    return _FOCUS_IN.format(lo=lo, hi=hi)


@record
class DayRow:
    index: int
    focus_seconds: float
    completed: int
    interrupted: int


@record
class GroupRow:
    key: str | None
    label: str | None
    focus_seconds: float
    sessions: int
    completed: int


@record
class FinishedRow:
    task_id: int
    title: str
    estimate_seconds: int | None
    actual_seconds: float


class ReportRepo:
    def __init__(self, conn: Conn, start: datetime, end: datetime, now: datetime) -> None:
        self.conn = conn
        self.lo = start.timestamp()
        self.hi = end.timestamp()
        self.now = now.timestamp()
        self.lookback = self._lookback()

    def _lookback(self) -> float:
        """How far before a day's start a session overlapping it may have started."""
        from microtask.db.sql import longest_session

        longest = longest_session(self.conn)
        row = self.conn.one("SELECT min(start_ts) FROM sessions WHERE outcome = 'running'")
        if row and row[0] is not None:
            longest = max(longest, self.lo - float(row[0]))
        return longest

    def _row(self, sql: str, params: dict[str, float]) -> Row:
        """The one row an aggregate query returns."""
        row = self.conn.one(sql, params)
        assert row is not None  # an aggregate without GROUP BY always returns a row
        return row

    def _params(self) -> dict[str, float]:
        return {
            "lo": self.lo,
            "hi": self.hi,
            "now": self.now,
            "earliest": self.lo - self.lookback,
        }

    def days(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[DayRow]:
        """Focus and pomodoros of each local day (``bounds``: its first instant and the next
        day's); pomodoros count on the day they started. Days with nothing are left out."""
        if not bounds:
            return []
        # Literal numbers computed here, not user text: a long range must not hit the
        # driver's limit on the number of parameters.
        values = ", ".join(
            f"({index}, {lo.timestamp()!r}, {hi.timestamp()!r})"
            for index, (lo, hi) in enumerate(bounds)
        )
        started = " AND s.start_ts >= d.lo"
        sql = (
            f"WITH days (idx, lo, hi) AS (VALUES {values}) "
            f"SELECT d.idx, SUM({focus_in('d.lo', 'd.hi')}),"
            f" SUM({_COMPLETED.format(extra=started)}),"
            f" SUM({_INTERRUPTED.format(extra=started)})"
            " FROM days d JOIN sessions s"
            " ON s.start_ts >= d.lo - :lookback AND s.start_ts < d.hi"
            " GROUP BY d.idx ORDER BY d.idx"
        )
        rows = self.conn.all(sql, {"now": self.now, "lookback": self.lookback})
        return [DayRow(int(r[0]), float(r[1] or 0.0), int(r[2] or 0), int(r[3] or 0)) for r in rows]

    def groups(self, by: str) -> list[GroupRow]:
        """Focus, sessions and completed pomodoros in the period per task, tag or project."""
        key, label, join = {
            "task": ("s.task_id", "MAX(t.title)", ""),
            "project": ("t.project", "t.project", ""),
            "tag": ("tt.tag", "tt.tag", " LEFT JOIN task_tags tt ON tt.task_id = s.task_id"),
        }[by]
        started = " AND s.start_ts >= :lo"
        sql = (
            f"SELECT {key}, {label}, SUM({focus_in(':lo', ':hi')}), COUNT(*),"
            f" SUM({_COMPLETED.format(extra=started)})"
            f" FROM sessions s LEFT JOIN tasks t ON t.id = s.task_id{join}"
            " WHERE s.start_ts >= :earliest AND s.start_ts < :hi"
            f" AND ({_END} > :lo OR s.start_ts >= :lo)"
            f" GROUP BY {key}"
        )
        rows = self.conn.all(sql, self._params())
        return [
            GroupRow(
                None if r[0] is None else str(r[0]),
                None if r[1] is None else str(r[1]),
                float(r[2] or 0.0),
                int(r[3]),
                int(r[4] or 0),
            )
            for r in rows
        ]

    def finished(self) -> list[FinishedRow]:
        """Tasks done in the period, with all the focus ever recorded on each."""
        rows = self.conn.all(
            "SELECT t.id, t.title, t.estimate_seconds,"
            " (SELECT SUM(s.focus_seconds) FROM sessions s WHERE s.task_id = t.id)"
            " FROM tasks t WHERE t.done_ts >= :lo AND t.done_ts < :hi AND (t.status || '') = 'done'"
            " ORDER BY t.id",
            {"lo": self.lo, "hi": self.hi},
        )
        return [
            FinishedRow(
                int(r[0]), str(r[1]), None if r[2] is None else int(r[2]), float(r[3] or 0.0)
            )
            for r in rows
        ]

    def flow(self) -> Flow:
        """Created, done and dropped in the period; overdue at its end (or now, if sooner).

        Dropping keeps no time of its own: a dropped task counts by its last change.
        "Overdue" is judged as of that cutoff: created and due before it, and not yet done
        or dropped then.
        """
        cutoff = min(self.hi, self.now)
        params = {"lo": self.lo, "hi": self.hi, "cutoff": cutoff}
        created = self._row(
            "SELECT COUNT(*) FROM tasks WHERE created_ts >= :lo AND created_ts < :hi", params
        )
        done = self._row(
            "SELECT COUNT(*), AVG(done_ts - created_ts),"
            " SUM(CASE WHEN due_ts IS NOT NULL AND due_ts < done_ts THEN 1 ELSE 0 END)"
            " FROM tasks WHERE done_ts >= :lo AND done_ts < :hi AND (status || '') = 'done'",
            params,
        )
        dropped = self._row(
            "SELECT COUNT(*) FROM tasks WHERE status = 'dropped'"
            " AND updated_ts >= :lo AND updated_ts < :hi",
            params,
        )
        overdue = self._overdue_at(params)
        return Flow(
            created=int(created[0]),
            done=int(done[0]),
            dropped=int(dropped[0]),
            average_age_seconds=None if done[1] is None else float(done[1]),
            overdue=int(overdue[0]),
            done_late=int(done[2] or 0),
        )

    def _overdue_at(self, params: dict[str, float]) -> Row:
        """How many tasks were overdue at ``:cutoff``: created and due before it, and not
        done or dropped then.

        Counted as the open and delegated ones due before the cutoff (in the (status, due)
        index alone), less those of them made after it, plus those done or dropped since.
        Each correction is read by whichever index holds fewer rows to look at: for this
        week, the tasks made or done since the cutoff (a few); for a period long past, the
        tasks due before it (one pass with row lookups over every done task with a due
        date took a quarter of `report week` at 100,000 tasks).
        """
        sooner = self._row(
            "SELECT (SELECT COUNT(*) FROM tasks WHERE created_ts >= :cutoff),"
            " (SELECT COUNT(*) FROM tasks WHERE done_ts >= :cutoff),"
            " (SELECT COUNT(*) FROM tasks WHERE status IN ('open', 'delegated', 'done')"
            " AND due_ts < :cutoff)",
            params,
        )
        made_after, done_after, due_before = (int(n or 0) for n in sooner)
        by_time = "{at} >= :cutoff AND (status || '') {is_} AND due_ts + 0 < :cutoff"
        by_due = "{at} + 0 >= :cutoff AND status {is_} AND due_ts < :cutoff"
        made = (by_time if made_after < due_before else by_due).format(
            at="created_ts", is_="IN ('open', 'delegated')"
        )
        done = (by_time if done_after < due_before else by_due).format(at="done_ts", is_="= 'done'")
        return self._row(
            "SELECT (SELECT COUNT(*) FROM tasks"
            " WHERE status IN ('open', 'delegated') AND due_ts < :cutoff)"
            f" - (SELECT COUNT(*) FROM tasks WHERE {made})"
            f" + (SELECT COUNT(*) FROM tasks WHERE {done} AND created_ts + 0 < :cutoff)"
            " + (SELECT COUNT(*) FROM tasks WHERE status = 'dropped' AND due_ts < :cutoff"
            "    AND updated_ts >= :cutoff AND created_ts < :cutoff)",
            params,
        )
