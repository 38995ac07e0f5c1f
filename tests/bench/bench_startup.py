"""Start-up benchmark: caseroom's window against a bare PySide6 window, in the same run.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_startup.py [--db PATH | --families 60] [--repeat 5]

Without `--db` it builds a demo database with `caseroom demo` in a temporary folder. Each
measurement is a fresh process (Qt offscreen, its own HOME so no preferences are shared),
timed from just before the process is started to the moment an event arrives in it:

- **bare**: a QMainWindow holding one QTableView, to its first paint; resident memory then;
- **caseroom**: `caseroom.app.run_app` on the database, to the main window's first paint
  (the skeleton), then to "data shown" (the Children page's table filled with its first
  rows), then the child card of the first child opened and loaded; resident memory then.

Medians of `--repeat` runs (bare and caseroom alternate, after one warm-up of each so the
files are in the page cache) and the ratios are printed; the target is first paint within
2x the bare window (docs/architecture.md, rule 11).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.0
TIMEOUT_S = 60


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


def child_caseroom(db: str) -> int:
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

    return run_app(db=db, lang="ru")


# --- the parent ---------------------------------------------------------------------------------


def measure(mode: str, db: Path | None, home: Path) -> dict[str, float]:
    """Start one measured process; its figures as seconds since it was started."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    command = [sys.executable, __file__, "--child", mode]
    if db is not None:
        command += ["--db", str(db)]
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


def make_demo(folder: Path, families: int) -> Path:
    """A demo database of `families` families."""
    from caseroom.cli import main as caseroom

    path = folder / f"demo-{families}.sqlite3"
    with contextlib.redirect_stdout(io.StringIO()):
        status = caseroom(["demo", "--db", str(path), "--families", str(families)])
    if status != 0:
        raise SystemExit(f"caseroom demo failed with status {status}")
    return path


def _median(runs: list[dict[str, float]], name: str) -> float:
    return statistics.median(run[name] for run in runs)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the medians and ratios; status 1 when first paint misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--families", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=("bare", "caseroom"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "bare":
        return child_bare()
    if args.child == "caseroom":
        return child_caseroom(str(args.db))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        db = args.db or make_demo(folder, args.families)
        home = folder / "home"
        home.mkdir()
        bare: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        measure("bare", None, home)  # warm-up: the libraries into the page cache
        measure("caseroom", db, home)
        for _ in range(args.repeat):
            bare.append(measure("bare", None, home))
            ours.append(measure("caseroom", db, home))
    bare_paint = _median(bare, "first_paint")
    first_paint = _median(ours, "first_paint")
    print(f"database: {db.name if args.db else f'demo, {args.families} families'}")
    print(f"runs: {args.repeat} of each (medians), Qt offscreen")
    print(f"bare window + table, first paint   {bare_paint * 1000:7.0f} ms")
    print(f"caseroom, first paint (skeleton)   {first_paint * 1000:7.0f} ms")
    print(f"caseroom, database attached        {_median(ours, 'attached') * 1000:7.0f} ms")
    print(f"caseroom, children list shown      {_median(ours, 'data_shown') * 1000:7.0f} ms")
    print(f"caseroom, child card shown         {_median(ours, 'card_shown') * 1000:7.0f} ms")
    print(f"resident memory: bare {_median(bare, 'rss_mb'):.0f} MB; caseroom at first paint "
          f"{_median(ours, 'rss_first_paint_mb'):.0f} MB, list {_median(ours, 'rss_data_mb'):.0f}"
          f" MB, after the child card {_median(ours, 'rss_card_mb'):.0f} MB")  # fmt: skip
    ratio = first_paint / bare_paint
    data_ratio = _median(ours, "data_shown") / bare_paint
    print(f"ratio first paint / bare: {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x)")
    print(f"ratio data shown / bare:  {data_ratio:.2f}x")
    memory = _median(ours, "rss_card_mb") / _median(bare, "rss_mb")
    print(f"ratio memory after card / bare: {memory:.2f}x")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
