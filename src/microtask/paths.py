"""Where data and configuration live: ``$MICROTASK_HOME``, else the platform's user dirs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "microtask"
DB_FILENAME = "microtask.db"
CONFIG_FILENAME = "config.toml"


def data_dir() -> Path:
    home = os.environ.get("MICROTASK_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    explicit = os.environ.get("MICROTASK_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("MICROTASK_HOME")
    if home:
        return Path(home).expanduser() / CONFIG_FILENAME
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def database_location(explicit: str | None = None) -> str:
    """``--db``, else ``$MICROTASK_DB``, else the data dir's database file.

    The answer is a file path or a SQLAlchemy URL (anything containing ``://``).
    """
    chosen = explicit or os.environ.get("MICROTASK_DB")
    if chosen:
        return chosen if "://" in chosen else str(Path(chosen).expanduser())
    return str(data_dir() / DB_FILENAME)
