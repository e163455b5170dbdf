"""Timewarrior's ``timew export``: a JSON list of intervals ``{id, start, end, tags,
annotation}`` (times as ``20261123T090000Z``). An interval becomes a session on the first
task titled as one of its tags, else on a task titled as all of them (made under the
project ``imported`` when there is none; untagged time goes to "Untagged time"); the
annotation is the session's note. The interval still
open (no ``end``) is left out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import clean_title
from microtask.domain.transfer import Interval, IntervalReading, Problem
from microtask.importers.taskwarrior import parse_time

UNTAGGED = "Untagged time"


def _interval(record: Any, where: str) -> Interval | None:
    if not isinstance(record, dict) or "start" not in record:
        raise InvalidInputError("an interval needs a start")
    if "end" not in record:
        return None
    start, end = parse_time(record["start"]), parse_time(record["end"])
    if end <= start:
        raise InvalidInputError("it ends before it starts")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidInputError("tags must be a list of text")
    note = record.get("annotation")
    if note is not None and not isinstance(note, str):
        raise InvalidInputError("an annotation must be text")
    label = clean_title(" ".join(tags)) if tags else UNTAGGED
    return Interval(start, end, label, tuple(tags), note, where, names=tuple(tags))


def read(text: str, now: datetime) -> IntervalReading:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"not Timewarrior's export JSON: {error.msg} at line {error.lineno}"
        ) from None
    if not isinstance(records, list):
        raise InvalidInputError("not Timewarrior's export JSON: a list of intervals was expected")
    reading = IntervalReading()
    for number, record in enumerate(records, 1):
        where = f"interval {number}"
        try:
            found = _interval(record, where)
        except InvalidInputError as error:
            reading.problems.append(Problem(where, str(error)))
            continue
        if found is None:
            reading.skipped["still running (no end)"] += 1
        elif found.end > now:
            reading.skipped["ends in the future"] += 1
        else:
            reading.intervals.append(found)
    return reading
