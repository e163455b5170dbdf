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


def database_location(explicit: str | None = None, check: bool = True) -> str:
    """``--db``, else ``$MICROTASK_DB``, else the data dir's database file.

    The answer is a file path or a SQLAlchemy URL (anything containing ``://``). A file
    named on purpose must be in a folder that exists (``check``): a typo in a folder name
    would otherwise make a new, empty store that looks like lost data. The default
    location's folder is made on first use.
    """
    chosen = explicit or os.environ.get("MICROTASK_DB")
    if chosen:
        if "://" in chosen:
            return chosen
        path = Path(chosen).expanduser()
        if check and not path.parent.is_dir():
            from microtask.domain.errors import InvalidInputError

            raise InvalidInputError(
                f"database {chosen}: the folder {path.parent} does not exist (create it first, "
                "or check the path)"
            )
        return str(path)
    return str(data_dir() / DB_FILENAME)
