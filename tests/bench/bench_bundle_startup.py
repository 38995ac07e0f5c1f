"""Start-up of the built bundle against a bare PySide6 window, in the same run.

Run on purpose after `python packaging/build.py` (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_bundle_startup.py [--bundle build/dist/caseroom] [--repeat 7]
                                                         [--quick]

Each measurement is a fresh process with offscreen Qt and its own HOME, timed from just before
it starts until it reports its window's first paint:

- **bare**: this Python with PySide6, a QMainWindow holding one QTableView;
- **bundle**: the frozen `caseroom --quit-after-paint` on an empty folder (the first-run
  screen), the path a user's first double-click takes.

Medians of `--repeat` runs (alternating, after one warm-up of each) and their ratio are
printed; the target is the app's own: first paint within 2x the bare window. Without a
built bundle it says so and stops (status 0), so `dev.py bench` runs on.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit  # noqa: E402

TARGET_RATIO = 2.0
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("first paint", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1100, 720)
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


def timed(command: list[str], home: Path) -> float:
    """Seconds from start to exit of `command`, which must print "first paint"."""
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("CASEROOM_DB", None)
    started = time.perf_counter()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "first paint":
                took = time.perf_counter() - started
                break
        else:
            raise SystemExit(f"{command[0]} did not paint")
        process.wait(timeout=120)
    return took


def main() -> int:
    """Measure, print the medians and the ratio; 1 when over the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "build" / "dist" / "caseroom")
    parser.add_argument("--repeat", type=int, default=7)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.repeat = 3
    exe = args.bundle / ("caseroom.exe" if os.name == "nt" else "caseroom")
    if not exe.is_file():
        print(f"no bundle at {args.bundle}: run packaging/build.py first (skipped)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        bundle_cmd = [str(exe), "--db", str(home / "new.sqlite3"), "--quit-after-paint"]
        timed(bare_cmd, home)
        timed(bundle_cmd, home)
        bare, bundle = [], []
        for _ in range(args.repeat):
            bare.append(timed(bare_cmd, home))
            bundle.append(timed(bundle_cmd, home))
    bare_s, bundle_s = statistics.median(bare), statistics.median(bundle)
    ratio = bundle_s / bare_s
    print(
        "BENCH "
        + json.dumps(
            {
                "bare_window_s": round(bare_s, 3),
                "bundle_first_paint_s": round(bundle_s, 3),
                "ratio": round(ratio, 2),
                "target": TARGET_RATIO,
            }
        )
    )
    benchkit.row(
        "bundle_startup",
        "bundle first paint (first-run screen)",
        bundle_s * 1000,
        "ms",
        baseline="bare window + table",
        baseline_value=bare_s * 1000,
        aim=f"<= {TARGET_RATIO}x",
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
