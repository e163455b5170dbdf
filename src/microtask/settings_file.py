"""Reading and changing the settings file by key (``config get|set|edit``, issue 14).

A key is ``table.name`` (``pomodoro.work``, ``urgency.tag.next``). ``set`` rewrites the file
with tomlkit, so the user's comments and layout stay; every new text is checked by the
same loader as the file (:func:`microtask.config.parse_config`) before it replaces the old
one, atomically. tomlkit is imported only here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from microtask.config import TABLES, parse_config
from microtask.domain.errors import InvalidInputError
from microtask.domain.record import fields


def defaults() -> dict[str, Any]:
    """Every known key with its default, as it would be written in the file."""
    from microtask.domain.durations import format_duration
    from microtask.domain.timer_config import TimerConfig
    from microtask.domain.urgency import UrgencyCoefficients

    coefficients = UrgencyCoefficients()
    timer = TimerConfig()
    known: dict[str, Any] = {}
    for item in fields(UrgencyCoefficients):
        value = getattr(coefficients, item.name)
        if isinstance(value, dict):
            known.update({f"urgency.{item.name}.{k}": v for k, v in value.items()})
        else:
            known[f"urgency.{item.name}"] = value
    known.update(
        {
            "pomodoro.work": format_duration(int(timer.work_seconds)),
            "pomodoro.short_break": format_duration(int(timer.short_break_seconds)),
            "pomodoro.long_break": format_duration(int(timer.long_break_seconds)),
            "pomodoro.long_every": timer.long_every,
            "pomodoro.cycles": timer.cycles,
            "pomodoro.notify": True,
            "pomodoro.bell": True,
            "pomodoro.daily_goal": 8,
            "plan.day_start": "09:00",
            "plan.day_end": "17:00",
            "plan.min_chunk": "10m",
            "outsourcing.founder_hourly": 100.0,
            "outsourcing.provider_rate": 25.0,
            "outsourcing.min_weekly_hours": 2.0,
            "report.week_start": "monday",
            "dates.order": None,
            "user.name": None,
        }
    )
    return known


_OPEN_MAPS = ("urgency.tag.", "urgency.project_bonus.", "outsourcing.weights.")
"""Tables whose keys are names the user picks (a tag, a project, a criterion)."""


def check_key(key: str) -> list[str]:
    """``pomodoro.work`` -> ``["pomodoro", "work"]``; an unknown key names the closest one."""
    parts = key.strip().split(".")
    known = defaults()
    if key in known or (any(key.startswith(m) for m in _OPEN_MAPS) and len(parts) == 3):
        return parts
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise InvalidInputError(
        f"unknown setting {key!r}{hint}: keys are table.name, such as pomodoro.work; "
        f"the tables are {', '.join(TABLES)}"
    )


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read config {path}: {error}") from None


def get(path: Path, key: str) -> tuple[Any, bool]:
    """The value of ``key`` and whether the file sets it (else: the default)."""
    import tomllib

    parts = check_key(key)
    text = read_text(path)
    parse_config(text.encode("utf-8"), path)  # a broken file is said so, not half read
    node: Any = tomllib.loads(text)
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return defaults().get(key), False
        node = node[part]
    return node, True


def shown(value: Any) -> str:
    """A value as ``config get`` prints it: strings bare, booleans as TOML writes them."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def typed_value(text: str) -> Any:
    """``25m`` -> the string; ``4`` -> 4; ``true`` -> True; ``"x"`` -> x (TOML literals)."""
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def set_value(path: Path, key: str, text: str) -> Any:
    """Write ``key = text`` into the file (made if missing), keeping everything else as it
    was; refused, with the file untouched, when the loader would refuse the result."""
    import tomlkit

    parts = check_key(key)
    value = typed_value(text)
    document = tomlkit.parse(read_text(path))
    node: Any = document
    for part in parts[:-1]:
        if part not in node:
            node[part] = tomlkit.table()
        node = node[part]
    node[parts[-1]] = value
    write_checked(path, tomlkit.dumps(document))
    return value


def write_checked(path: Path, text: str) -> None:
    """Replace the file with ``text`` if the loader accepts it (atomically, mode 0600)."""
    import tempfile

    parse_config(text.encode("utf-8"), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(name, path)
    except BaseException:
        os.unlink(name)
        raise


def line_of(text: str, message: str) -> int | None:
    """The line a loader message is about: TOML's own ``at line N``, or the line setting
    the ``[table] key`` it names."""
    found = re.search(r"at line (\d+)", message)
    if found:
        return int(found[1])
    named = re.search(r"\[([\w.]+)\] (\w+)", message)
    if not named:
        return None
    table, key = named[1], named[2]
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[([\w.]+)\]", line)
        if header:
            current = header[1]
        elif current == table and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None
