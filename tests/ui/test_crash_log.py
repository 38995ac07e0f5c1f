"""The app's crash handler and its logger write the same private log file as the command
line: created 0600, holding exception types and frames, never a child's name."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from caseroom.ui import crash

NAME = "Seitkali Aigerim"


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The log folder of this test (platformdirs reads these on Linux)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(str(args[2])))
    monkeypatch.setattr(crash, "_shown", False)
    return tmp_path / "state"


def _the_log(folder: Path) -> Path:
    found = list(folder.rglob("caseroom.log"))
    assert found, "no log file was written"
    return found[0]


def _fail_with_a_name() -> None:
    secret = NAME  # a local holding a name: locals are never logged either
    raise ValueError(f"cannot store {secret!r}")


def test_an_unexpected_exception_is_logged_privately_and_without_the_name(
    log_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        _fail_with_a_name()
    except ValueError:
        crash._handle(*sys.exc_info())  # type: ignore[arg-type]

    log = _the_log(log_folder)
    content = log.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert "ValueError" in content and "_fail_with_a_name" in content
    assert NAME not in content and "cannot store" not in content
    assert NAME not in capsys.readouterr().err


def test_an_older_wider_log_file_is_made_private(log_folder: Path) -> None:
    try:
        _fail_with_a_name()
    except ValueError:
        crash._handle(*sys.exc_info())  # type: ignore[arg-type]
    log = _the_log(log_folder)
    os.chmod(log, 0o644)
    try:
        _fail_with_a_name()
    except ValueError:
        crash._handle(*sys.exc_info())  # type: ignore[arg-type]
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


def test_the_apps_logger_writes_tracebacks_without_messages(
    log_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger = logging.getLogger("caseroom")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_crash_handler()
    try:
        _fail_with_a_name()
    except ValueError:
        logging.getLogger("caseroom.ui.pages").error("report batch failed", exc_info=True)

    content = _the_log(log_folder).read_text(encoding="utf-8")
    assert "report batch failed" in content and "ValueError" in content
    assert NAME not in content and "cannot store" not in content


def test_a_failed_report_batch_logs_no_name(log_folder: Path) -> None:
    from caseroom.ui.pages.reports.batch import _Worker

    class Failing:
        def run(self, progress: object) -> list[object]:
            _fail_with_a_name()
            return []

    ended: list[object] = []
    worker = _Worker(Failing())  # type: ignore[arg-type]
    worker.ended.connect(lambda outcomes, error: ended.append(error))
    worker.run()  # on this thread: the same code the batch's thread runs

    log = _the_log(log_folder)
    content = log.read_text(encoding="utf-8")
    assert ended and "report batch failed" in content and "ValueError" in content
    assert NAME not in content and "cannot store" not in content
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
