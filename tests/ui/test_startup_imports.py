"""The window paints before any heavy library is imported (docs/architecture.md, rule 11).

A fresh process runs the `caseroom` entry point on a new file with the launcher held back
(its worker would start importing the data stack beside the paint), and names every heavy
module already imported when the main window first paints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "alembic",
    "multiprocessing",
    "argon2",
    "babel",
    "cryptography",
    "msoffcrypto",
    "openpyxl",
    "psycopg",
    "pydantic",
    "pypdf",
    "pyzipper",
    "reportlab",
    "sqlalchemy",
    "sqlcipher3",
    "sqlmodel",
)
"""Libraries the first window does without: the data stack, reports, crypto, PostgreSQL,
and multiprocessing (only a frozen bundle needs it at start, for its report workers)."""

LATER = ("caseroom.db.models", "caseroom.services", "caseroom.reports", "caseroom.centre")
"""caseroom's own packages that import them."""

_PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

from caseroom.ui.launcher import Launcher

Launcher.start = lambda self: None  # the real start imports the data stack on a thread
app = QApplication(sys.argv)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if (
            "modules" not in seen
            and event.type() == QEvent.Type.Paint
            and hasattr(watched, "window")
            and isinstance(watched.window(), QMainWindow)
        ):
            seen["modules"] = sorted(sys.modules)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
from caseroom.cli import main

status = main(["--db", sys.argv[1], "--lang", "en", "--quit-after-paint"])
print("MODULES " + json.dumps({"status": status, "painted": seen.get("modules")}))
"""


def _heavy(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name.split(".")[0] in HEAVY or any(name == p or name.startswith(p + ".") for p in LATER)
    ]


def _modules_at_first_paint(tmp_path: Path) -> list[str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path / "new.sqlite3")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, done.stdout + done.stderr
    found = json.loads(lines[-1].removeprefix("MODULES "))
    assert found["status"] == 0, done.stderr
    assert found["painted"], "the main window never painted"
    modules: list[str] = found["painted"]
    return modules


def test_the_main_window_paints_before_any_heavy_library_is_imported(tmp_path: Path) -> None:
    modules = _modules_at_first_paint(tmp_path)
    assert "caseroom.ui.main_window" in modules  # the probe watched the real window
    assert _heavy(modules) == []


def test_the_probe_would_see_a_heavy_import() -> None:
    # The filter itself: a library, a submodule of one and caseroom's own data modules.
    found = _heavy(["PySide6.QtCore", "sqlalchemy.orm", "reportlab", "caseroom.db.models"])
    assert found == ["sqlalchemy.orm", "reportlab", "caseroom.db.models"]
    assert _heavy(["caseroom.db.modelsx", "caseroom.ui.main_window", "sqlalchemyx"]) == []
