"""Settings from a TOML file; every value has its default here, in code."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from microtask.domain.errors import InvalidInputError
from microtask.domain.urgency import UrgencyCoefficients


@dataclass(frozen=True)
class Config:
    urgency: UrgencyCoefficients = field(default_factory=UrgencyCoefficients)
    source: Path | None = None


def _urgency_from(table: dict[str, Any], path: Path) -> UrgencyCoefficients:
    defaults = UrgencyCoefficients()
    known = {f.name for f in fields(UrgencyCoefficients)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise InvalidInputError(
                f"{path}: unknown setting [urgency] {key}; known: {', '.join(sorted(known))}"
            )
        if key in ("tag", "project_bonus"):
            if not isinstance(value, dict) or not all(
                isinstance(v, int | float) for v in value.values()
            ):
                raise InvalidInputError(f"{path}: [urgency.{key}] must map names to numbers")
            merged = dict(getattr(defaults, key))
            merged.update({str(k): float(v) for k, v in value.items()})
            values[key] = merged
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInputError(f"{path}: [urgency] {key} must be a number, not {value!r}")
        else:
            values[key] = float(value)
    return UrgencyCoefficients(**values)


def load_config(path: Path) -> Config:
    """Defaults, overridden by whatever the file at ``path`` sets (a missing file is fine)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise InvalidInputError(f"cannot read config {path}: {error.strerror}") from None
    import tomllib  # only when there is a file: start-up time

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"{path} is not valid TOML: {error}") from None
    urgency_table = data.get("urgency", {})
    if not isinstance(urgency_table, dict):
        raise InvalidInputError(f"{path}: [urgency] must be a table")
    return Config(urgency=_urgency_from(urgency_table, path), source=path)
