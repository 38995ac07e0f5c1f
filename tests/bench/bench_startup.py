"""Start-up benchmark: caseroom's window against a bare PySide6 window, in the same run.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_startup.py [--db PATH | --families 2000 10000]
                                                  [--encrypted] [--repeat 5] [--quick]

Without `--db` it takes the cached demo databases (`benchkit.demo_database`), plain and,
with `--encrypted`, encrypted too (the key unwrapped with the demo passphrase at the moment
the app would ask for it). Each measurement is a fresh process (Qt offscreen, its own HOME
so no preferences are shared, compiled bytecode kept in the bench cache as an installed app
keeps it), timed from just before the process is started to the moment an event arrives:

- **bare**: a QMainWindow holding one QTableView, to its first paint; resident memory then;
- **stack**: the same window, then the data stack imported (sqlmodel, SQLAlchemy ORM,
  sqlcipher3) and the children list's first page read with raw sqlite3 into the table,
  to its paint; resident memory then (the baseline of "data shown" and of memory);
- **caseroom**: `caseroom.app.run_app` on the database, to the main window's first paint
  (the skeleton), then to "data shown" (the Children page's table filled with its first
  rows), then the child card of the first child opened and loaded; resident memory then.

Medians of `--repeat` runs (alternating, after one warm-up of each so the files are in the
page cache) and the ratios are printed (aims: each within 1.3x its baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

TARGET_RATIO = 1.3
TIMEOUT_S = 120


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; else the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _report(**figures: Any) -> None:
    print("BENCH " + json.dumps(figures), flush=True)


# --- the measured processes -------------------------------------------------------------------


def child_bare() -> int:
    """A bare window with one table: print the time of its first paint, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    table = QTableView(window)
    table.setModel(QStandardItemModel(20, 6, table))
    window.setCentralWidget(table)
    window.resize(1366, 768)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                app.removeEventFilter(self)
                _report(first_paint=time.time(), rss_mb=rss_mb())
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    return app.exec()


_RAW_PAGE = (
    "SELECT case_number, last_name, first_name, patronymic, grade, class_letter, status, "
    "last_session_on FROM child WHERE archived_at IS NULL "
    "ORDER BY last_name, first_name, patronymic, case_number, id LIMIT 50"
)


def child_stack(db: str, passphrase: str | None) -> int:
    """The bare window, the data stack imported and the first page read with raw sqlite3."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    table = QTableView(window)
    model = QStandardItemModel(0, 8, table)
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1366, 768)

    class Filled(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and model.rowCount():
                app.removeEventFilter(self)
                _report(data_shown=time.time(), rss_mb=rss_mb())
                QTimer.singleShot(0, app.quit)
            return False

    def fill() -> None:
        import sqlalchemy.orm  # noqa: F401 - the data stack, as caseroom loads it
        import sqlcipher3
        import sqlmodel  # noqa: F401

        if passphrase is None:
            connection = sqlite3.connect(db)
        else:
            from caseroom.db.crypto import unlock

            key = unlock(Path(db), passphrase)
            connection = sqlcipher3.connect(db)
            connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for values in connection.execute(_RAW_PAGE).fetchall():
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in values])
        connection.close()
        table.viewport().update()

    watcher = Filled()
    app.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(0, fill)
    return app.exec()


def _unlock_at_once(passphrase: str) -> None:
    """Make the app's unlock step unwrap the key with `passphrase` instead of asking
    (the same work on the worker, without a person typing)."""
    from caseroom.db.crypto import is_encrypted, unlock
    from caseroom.ui.launcher import Launcher

    def step(self: Any) -> None:
        if self.key is not None or not is_encrypted(self.path):
            self._check()
            return
        path = self.path

        def unlocked(key: bytes) -> None:
            self.key = key
            self._check()

        self.runner.run(lambda: unlock(path, passphrase), unlocked, self._failed)

    Launcher._unlock_step = step  # type: ignore[method-assign]


def child_caseroom(db: str, passphrase: str | None = None) -> int:
    """caseroom's own start-up (`run_app`), watched from an application event filter."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)  # run_app takes this one
    figures: dict[str, float] = {}

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (
                "first_paint" not in figures
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QObject)
                and hasattr(watched, "window")
                and isinstance(watched.window(), QMainWindow)
            ):
                figures["first_paint"] = time.time()
                figures["rss_first_paint_mb"] = rss_mb()
            return False

    watcher = Watcher()
    app.installEventFilter(watcher)
    state: dict[str, Any] = {"step": "attach"}

    def poll() -> None:
        windows = [w for w in app.topLevelWidgets() if w.objectName() == "MainWindow"]
        window: Any = windows[0] if windows else None
        if window is None or window.context is None:
            return
        if state["step"] == "attach":
            figures["attached"] = time.time()
            window.show_page("children")
            state["step"] = "rows"
            return
        page = window.page("children")
        if state["step"] == "rows":
            model = page.model
            if model.ever_loaded and model.rowCount() and model.child_id(0) is not None:
                page.table.viewport().repaint()
                figures["data_shown"] = time.time()
                figures["rss_data_mb"] = rss_mb()
                state["child"] = model.child_id(0)
                page.show_child(state["child"])
                state["step"] = "card"
            return
        card = page.card
        if state["step"] == "card" and getattr(card, "child", None) is not None:
            figures["card_shown"] = time.time()
            figures["rss_card_mb"] = rss_mb()
            state["step"] = "done"
            _report(**figures)
            timer.stop()
            QTimer.singleShot(0, app.quit)

    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(poll)
    timer.start()
    from caseroom.app import run_app

    if passphrase is not None:
        _unlock_at_once(passphrase)
    return run_app(db=db, lang="ru")


# --- the parent ---------------------------------------------------------------------------------


def measure(
    mode: str, db: Path | None, home: Path, passphrase: str | None = None
) -> dict[str, float]:
    """Start one measured process; its figures as seconds since it was started."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        # An installed app runs from compiled bytecode: keep it (outside the tree).
        "PYTHONPYCACHEPREFIX": str(benchkit.cache_folder() / "pycache"),
    }
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, __file__, "--child", mode]
    if db is not None:
        command += ["--db", str(db)]
    if passphrase is not None:
        command += ["--passphrase", passphrase]
    started = time.time()
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")]
    if not lines:
        raise RuntimeError(f"{mode} reported nothing:\n{result.stdout}\n{result.stderr}")
    figures: dict[str, float] = json.loads(lines[-1][6:])
    return {
        name: value - started if not name.startswith("rss") else value
        for name, value in figures.items()
    }


def _median(runs: list[dict[str, float]], name: str) -> float:
    return statistics.median(run[name] for run in runs)


def run_one(db: Path, label: str, repeat: int, passphrase: str | None) -> bool:
    """Measure caseroom on `db` against both baselines; print and report; whether met."""
    with tempfile.TemporaryDirectory() as temp:
        home = Path(temp) / "home"
        home.mkdir()
        bare: list[dict[str, float]] = []
        stack: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        measure("bare", None, home)  # warm-up: the libraries into the page cache
        measure("stack", db, home, passphrase)
        measure("caseroom", db, home, passphrase)
        for _ in range(repeat):
            bare.append(measure("bare", None, home))
            stack.append(measure("stack", db, home, passphrase))
            ours.append(measure("caseroom", db, home, passphrase))
    bare_paint = _median(bare, "first_paint")
    stack_shown = _median(stack, "data_shown")
    first_paint = _median(ours, "first_paint")
    shown = _median(ours, "data_shown")
    print(f"\ndatabase: {label}; runs: {repeat} of each (medians), Qt offscreen")
    print(f"bare window + table, first paint   {bare_paint * 1000:7.0f} ms")
    print(f"bare + stack + raw query, shown    {stack_shown * 1000:7.0f} ms")
    print(f"caseroom, first paint (skeleton)   {first_paint * 1000:7.0f} ms")
    print(f"caseroom, database attached        {_median(ours, 'attached') * 1000:7.0f} ms")
    print(f"caseroom, children list shown      {shown * 1000:7.0f} ms")
    print(f"caseroom, child card shown         {_median(ours, 'card_shown') * 1000:7.0f} ms")
    print(f"resident memory: bare {_median(bare, 'rss_mb'):.0f} MB, bare + stack "
          f"{_median(stack, 'rss_mb'):.0f} MB; caseroom at first paint "
          f"{_median(ours, 'rss_first_paint_mb'):.0f} MB, list {_median(ours, 'rss_data_mb'):.0f}"
          f" MB, after the child card {_median(ours, 'rss_card_mb'):.0f} MB")  # fmt: skip
    ratio = first_paint / bare_paint
    data_ratio = shown / stack_shown
    memory = _median(ours, "rss_card_mb") / _median(stack, "rss_mb")
    print(f"ratio first paint / bare: {ratio:.2f}x (aim <= {TARGET_RATIO:.1f}x)")
    print(f"ratio data shown / bare + stack + query: {data_ratio:.2f}x (aim <= {TARGET_RATIO}x)")
    print(f"ratio memory after card / bare + stack: {memory:.2f}x (aim <= {TARGET_RATIO}x)")
    aim = f"<= {TARGET_RATIO}x"
    bench = "startup"
    benchkit.row(
        bench,
        f"first paint ({label})",
        first_paint * 1000,
        "ms",
        baseline="bare window + table",
        baseline_value=bare_paint * 1000,
        aim=aim,
    )
    benchkit.row(
        bench,
        f"children list shown ({label})",
        shown * 1000,
        "ms",
        baseline="bare + stack + raw query",
        baseline_value=stack_shown * 1000,
        aim=aim,
    )
    benchkit.row(bench, f"child card shown ({label})", _median(ours, "card_shown") * 1000, "ms")
    benchkit.row(bench, f"memory after child card ({label})", _median(ours, "rss_card_mb"),
                 "MB", baseline="bare + stack", baseline_value=_median(stack, "rss_mb"),
                 aim=aim)  # fmt: skip
    return max(ratio, data_ratio, memory) <= TARGET_RATIO


def main(argv: list[str] | None = None) -> int:
    """Measure, print the medians and ratios; status 1 when an aim is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--families", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--encrypted", action="store_true", help="encrypted files too")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--passphrase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("bare", "stack", "caseroom"), help=argparse.SUPPRESS)
    benchkit.add_quick(parser)
    args = parser.parse_args(argv)
    if args.child == "bare":
        return child_bare()
    if args.child == "stack":
        return child_stack(str(args.db), args.passphrase)
    if args.child == "caseroom":
        return child_caseroom(str(args.db), args.passphrase)
    if args.quick:
        args.families, args.repeat = [60], 2
    if args.db is not None:
        return 0 if run_one(args.db, args.db.name, args.repeat, None) else 1
    met = True
    for families in args.families:
        for passphrase in (None, benchkit.PASSPHRASE) if args.encrypted else (None,):
            db = benchkit.demo_database(families, passphrase=passphrase)
            kind = "encrypted" if passphrase else "plain"
            met &= run_one(db, f"{families} families, {kind}", args.repeat, passphrase)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
