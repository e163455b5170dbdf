"""Watson's ``frames`` file: a JSON list of frames ``[start, stop, project, id, tags,
updated]`` (times in seconds since the epoch). A frame becomes a session on the task
titled as its project (made under the project ``imported`` when there is none); its
tags and id go into the session's note."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import clean_title
from microtask.domain.transfer import Interval, IntervalReading, Problem


def default_path() -> Path:
    """Where Watson keeps its frames: ``$WATSON_DIR/frames``, else its config folder."""
    folder = os.environ.get("WATSON_DIR")
    if folder:
        return Path(folder) / "frames"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "watson" / "frames"


def _frame(frame: Any) -> Interval:
    if not isinstance(frame, list) or len(frame) < 3:
        raise InvalidInputError("a frame must be [start, stop, project, id, tags, updated]")
    start, stop, project = frame[0], frame[1], frame[2]
    if not all(isinstance(t, int | float) and not isinstance(t, bool) for t in (start, stop)):
        raise InvalidInputError("start and stop must be numbers of seconds")
    if not isinstance(project, str):
        raise InvalidInputError("the project must be text")
    if stop <= start:
        raise InvalidInputError("it stops before it starts")
    tags = frame[4] if len(frame) > 4 and isinstance(frame[4], list) else []
    if not all(isinstance(t, str) for t in tags):
        raise InvalidInputError("tags must be a list of words")
    ident = frame[3] if len(frame) > 3 and isinstance(frame[3], str) else None
    note = " ".join([*(f"+{t}" for t in tags), f"(watson {ident})" if ident else ""]).strip()
    try:
        begun = datetime.fromtimestamp(start, UTC)
        ended = datetime.fromtimestamp(stop, UTC)
    except (OverflowError, OSError, ValueError):
        raise InvalidInputError("a time out of range") from None
    return Interval(begun, ended, clean_title(project), tuple(tags), note or None, "")


def read(text: str, now: datetime) -> IntervalReading:
    try:
        frames = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"not Watson's frames: {error.msg} at line {error.lineno}"
        ) from None
    if not isinstance(frames, list):
        raise InvalidInputError("not Watson's frames: a JSON list of frames was expected")
    reading = IntervalReading()
    for number, frame in enumerate(frames, 1):
        where = f"frame {number}"
        try:
            found = _frame(frame)
        except InvalidInputError as error:
            reading.problems.append(Problem(where, str(error)))
            continue
        if found.end > now:
            reading.skipped["ends in the future"] += 1
            continue
        reading.intervals.append(
            Interval(found.start, found.end, found.label, found.tags, found.note, where)
        )
    return reading
