"""Screenshots of caseroom's screens for the README gallery (a maintainer's tool).

    .venv/bin/python tools/screenshots.py --lang kk --out docs/screenshots SCREEN...
    .venv/bin/python tools/screenshots.py --list

Makes a demo database (`caseroom demo`, in the chosen language), opens the main window on
it at 1366×768 acting as the demo's psychologist (or its administrator, for the screens
only she may use), drives it to each named screen with the keyboard or the page's own
slots, and saves `<screen>-<lang>.png` into `--out`: the window and every dialog, menu or
window standing over it, painted where they stand. `all` names every screen.

Where it runs: with an X display (`DISPLAY` set) it uses it; else, when `Xvfb` is
installed, it starts one at 1366×768 for the run (Qt's xcb platform, the fonts the system
has, dialogs centred over the window as a person would see them); else Qt's offscreen
platform (the same fonts through fontconfig, but dialogs are not centred). Each screen
starts from a fresh copy of the demo database, so what one screen saves never shows in
another. A window that grew larger than 1366×768 (its contents do not fit) is reported.
The PNGs are written as they are; shrink them before committing (`optipng -o2`, or
`--quantize`, which keeps 256 colours with Pillow).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIZE = (1366, 768)
"""The screen the gallery is taken at (a common school laptop)."""

TITLE_BAR = 28
"""The height of the title bar painted over a dialog (Xvfb has no window manager to)."""

sys.path.insert(0, str(Path(__file__).resolve().parent))  # screenshot_screens beside it


@contextmanager
def display() -> Iterator[str]:
    """An X display for Qt: the one there is, a private Xvfb, or none (offscreen)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("DISPLAY"):
        yield os.environ.get("QT_QPA_PLATFORM", "xcb")
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen"
        return
    number = 90 + os.getpid() % 400
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        os.environ["DISPLAY"] = f":{number}"
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        yield "xcb"
    finally:
        server.terminate()
        server.wait(timeout=10)


def make_demo(folder: Path, lang: str) -> Path:
    """A demo database made by `caseroom demo` in `lang`."""
    path = folder / f"demo-{lang}.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "caseroom", "demo", "--db", str(path), "--lang", lang],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


@dataclass
class Shot:
    """A screen being taken: the window on its own demo database, and helpers to drive it."""

    window: Any  # caseroom.ui.main_window.MainWindow
    context: Any  # caseroom.ui.context.AppContext
    lang: str

    def wait(self, ms: int = 200) -> None:
        """Let Qt run for `ms` milliseconds (painting, timers, worker results)."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)

    def settle(self, rounds: int = 3) -> None:
        """Wait until the database worker has delivered all it was asked for."""
        for _round in range(rounds):
            done = self.context.runner.run(lambda: None)
            self.until(done.done, 15_000)
            self.wait(120)

    def until(self, test: Callable[[], object], timeout_ms: int = 5000) -> Any:
        """Run Qt until `test()` is true (its value), or fail after `timeout_ms`."""
        end = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < end:
            found = test()
            if found:
                return found
            self.wait(30)
        raise TimeoutError("the screen did not get where it was driven")

    def modal(self, kind: type | None = None) -> Any:
        """The modal dialog (of `kind`) once it stands over the window."""
        from PySide6.QtWidgets import QApplication

        def found() -> Any:
            widget = QApplication.activeModalWidget()
            if widget is not None and (kind is None or isinstance(widget, kind)):
                return widget
            return None

        dialog = self.until(found)
        dialog.activateWindow()
        self.until(dialog.isActiveWindow)
        self.settle()
        return dialog

    def key(self, key: Any, modifier: Any = None, widget: Any = None) -> None:
        """Press `key` (a Qt.Key) on `widget`, else on the widget with the focus."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        target = widget or QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)
        self.wait(100)

    def type(self, text: str) -> None:
        """Type `text` into the widget with the focus."""
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        QTest.keyClicks(QApplication.focusWidget() or self.window, text)
        self.wait(100)

    def page(self, name: str) -> Any:
        """Show the page called `name` and wait for it to load."""
        self.window.show_page(name)
        self.settle()
        return self.window.page(name)

    def card(self, tab: str, child_id: Any = None) -> Any:
        """The demo child's card (see `screenshot_screens.showcase_child`) on `tab`."""
        from screenshot_screens import showcase_child

        self.window.open_child(child_id or showcase_child(self.context), tab)
        self.settle(4)
        return self.window.page("children").card


def capture(window: Any) -> Any:
    """The window with every visible window, dialog and menu over it, as a QImage."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QPainter
    from PySide6.QtWidgets import QApplication

    image = window.grab().toImage()
    origin = window.geometry().topLeft()
    painter = QPainter(image)
    tops = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w is not window and w.width() > 1 and w.height() > 1
    ]
    popup = Qt.WindowType.Popup
    tops.sort(key=lambda w: (w.windowType() == popup, w is QApplication.activeModalWidget()))
    for top in tops:
        place = top.geometry().translated(-origin)
        if top.windowType() != popup:  # a window: dim what is behind, give it a title bar
            painter.fillRect(image.rect(), QColor(0, 0, 0, 70))
            bar = QRect(place.left() - 1, place.top() - TITLE_BAR, place.width() + 2, TITLE_BAR)
            painter.fillRect(bar, QColor("#3b4252"))
            painter.setPen(QColor("white"))
            font = QFont(top.font())
            font.setBold(True)
            painter.setFont(font)
            text = bar.adjusted(12, 0, -12, 0)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, top.windowTitle())
            painter.setPen(QColor("#3b4252"))
            painter.drawRect(place.adjusted(-1, -1, 0, 0))
        painter.drawPixmap(place.topLeft(), top.grab())
    painter.end()
    return image


def take(screen: str, lang: str, demo: Path, folder: Path, out: Path) -> Path:
    """Open the window on a copy of `demo`, drive it to `screen`, save its PNG in `out`."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from screenshot_screens import SCREENS, actor_for

    from caseroom.db.engine import engine_for_path
    from caseroom.ui.context import AppContext
    from caseroom.ui.main_window import MainWindow
    from caseroom.ui.tasks import TaskRunner

    path = folder / f"{screen}-{lang}.sqlite3"
    shutil.copyfile(demo, path)
    engine = engine_for_path(path)
    settings = QSettings(str(folder / "caseroom.ini"), QSettings.Format.IniFormat)
    settings.clear()
    runner = TaskRunner()
    driver = SCREENS[screen]
    context = AppContext(engine, actor_for(engine, driver.role), runner)
    window = MainWindow(Path(f"/home/teacher/caseroom/{demo.name}"), settings)
    window.setGeometry(0, 0, *SIZE)
    window.show()
    window.activateWindow()  # keyboard shortcuts work in the active window only
    shot = Shot(window, context, lang)
    try:
        shot.until(window.isActiveWindow)
        window.attach(context)
        shot.settle()
        driver.drive(shot)
        shot.wait(400)
        if window.width() > SIZE[0] or window.height() > SIZE[1]:  # its minimum size wins
            print(
                f"{screen}-{lang}: the window is {window.width()}×{window.height()}, larger"
                " than the screen: something on it does not fit",
                file=sys.stderr,
            )
        target = out / f"{screen}-{lang}.png"
        if not capture(window).save(str(target)):
            raise OSError(f"could not write {target}")
        return target
    finally:
        for top in QApplication.topLevelWidgets():
            if top is not window and top.isVisible():
                top.hide()
        window.context = None  # closing asks nothing of a database about to go
        window.hide()
        window.deleteLater()
        shot.wait(100)
        runner.shutdown()
        engine.dispose()


def quantize(path: Path) -> None:
    """Keep 256 colours (a third of the size; text stays sharp on a flat UI)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Take the named screens (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("screens", nargs="*", metavar="SCREEN")
    parser.add_argument("--lang", choices=("kk", "ru", "en"), default="en")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--list", action="store_true", help="list the screens and stop")
    parser.add_argument("--quantize", action="store_true", help="save with 256 colours")
    args = parser.parse_args(argv)
    from screenshot_screens import SCREENS

    if args.list or not args.screens:
        for name, driver in SCREENS.items():
            print(f"{name:24} {driver.what}")
        return 0
    names = list(SCREENS) if args.screens == ["all"] else args.screens
    unknown = [name for name in names if name not in SCREENS]
    if unknown:
        parser.error(f"unknown screen(s): {', '.join(unknown)} (see --list)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caseroom-shots-") as temp, display() as platform:
        folder = Path(temp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # never the real preferences
        from PySide6.QtWidgets import QApplication

        from caseroom.i18n import set_language
        from caseroom.ui.qt_translations import install_qt_translations
        from caseroom.ui.widgets.style import apply_style

        app = QApplication.instance() or QApplication([sys.argv[0]])
        assert isinstance(app, QApplication)
        set_language(args.lang)
        install_qt_translations(args.lang)
        apply_style(app)
        demo = make_demo(folder, args.lang)
        failed = 0
        for name in names:
            try:
                saved = take(name, args.lang, demo, folder, args.out)
            except Exception as error:  # report it and go on to the next screen
                failed += 1
                print(f"{name}: failed: {error!r}", file=sys.stderr)
                traceback.print_exc(limit=-2)
                continue
            if args.quantize:
                quantize(saved)
            print(f"{saved} ({platform}, {saved.stat().st_size // 1024} KB)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
