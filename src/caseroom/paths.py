"""Where caseroom keeps its files and finds its resources.

The database defaults to `caseroom.sqlite3` in the platformdirs user data folder; the
`CASEROOM_DB` environment variable overrides that, and `--db` overrides both.
Resources are found the same way in an editable checkout, an installed wheel and a frozen
bundle: see `resource_path`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "caseroom"
DB_FILENAME = "caseroom.sqlite3"
DB_ENV = "CASEROOM_DB"


def user_data_dir() -> Path:
    """The per-user data folder (created on demand)."""
    from platformdirs import user_data_path

    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    """The per-user log folder (created on demand)."""
    from platformdirs import user_log_path

    path = user_log_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The database used when no `--db` is given: `CASEROOM_DB`, else the data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """`--db` wins over `CASEROOM_DB`, which wins over the default location."""
    if cli_value:
        return Path(cli_value).expanduser()
    return default_db_path()


def resources_root() -> Path:
    """The `resources/` folder, wherever caseroom is running from."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:  # PyInstaller bundle: data collected under caseroom/resources
        return Path(frozen_base) / "caseroom" / "resources"
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "resources"  # wheel: force-included into the package
    if installed.is_dir():
        return installed
    return package_dir.parent.parent / "resources"  # editable checkout: <repo>/resources


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder."""
    return resources_root().joinpath(*parts)
