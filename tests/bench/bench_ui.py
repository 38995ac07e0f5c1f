"""UI benchmark: filter the children table and open a child card on a 10,000-family database.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_ui.py [--db PATH | --families 10000] [--repeat 9] [--quick]

Without `--db` it takes the cached demo database of that size (`benchkit.demo_database`). Qt runs
offscreen. For each action it reports the wall time until the result is painted and the CPU
time the GUI thread spent (the part that could make the window stutter), each the median of
`--repeat` runs after a warm-up, next to a baseline made in the same run:

- filtering: our lazy `ChildTableModel` (count + first page in SQL on the worker) against a
  bare `QTableView` + `QStandardItemModel` filled with every matching row by the same
  service query on the GUI thread, and against `QSortFilterProxyModel` over all children;
- opening a card (overview tab; plan tab with its charts): our `ChildCard` against a bare
  widget of labels filled from a synchronous `get_child` on the GUI thread.

Targets: < 100 ms for each action. Also prints the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QTableView, QWidget
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.db.engine import engine_for_path
from caseroom.i18n import set_language
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.child_list import ChildFilters, count_children, list_children
from caseroom.services.people.children import get_child
from caseroom.services.people.staff import list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.models.child_table import ChildTableModel
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.tasks import TaskRunner

TARGET_MS = 100.0


class Navigator:
    """A navigator that goes nowhere (the bench never leaves the page)."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def wait_for(signal: object, start: Callable[[], None], timeout_ms: int = 30_000) -> None:
    """Run `start`, then block in an event loop (idle, no busy wait) until `signal`."""
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def timed(action: Callable[[], None], repeat: int) -> tuple[float, float]:
    """Median (wall ms, GUI-thread CPU ms) of `action` after one warm-up."""
    action()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def row_items(row: object) -> list[QStandardItem]:
    values = (
        row.case_number,  # type: ignore[attr-defined]
        row.full_name,  # type: ignore[attr-defined]
        str(row.grade),  # type: ignore[attr-defined]
        ", ".join(row.sen_categories),  # type: ignore[attr-defined]
        row.status,  # type: ignore[attr-defined]
        str(row.last_session_on),  # type: ignore[attr-defined]
    )
    return [QStandardItem(value) for value in values]


def run(db: Path, repeat: int) -> None:
    set_language("en")
    app = QApplication.instance() or QApplication([])
    engine = engine_for_path(db)
    with Session(engine) as session:
        member = list_staff(session, actor=SYSTEM)[0]
        total = count_children(session, actor=SYSTEM, filters=ChildFilters())
        everyone = list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=total)
    print(f"database: {db} ({total} children)")
    runner = TaskRunner()
    context = AppContext(engine, Actor(member.id, member.role), runner)
    filters = [
        ChildFilters(text="айг"),
        ChildFilters(grade=3),
        ChildFilters(sen_category="speech"),
        ChildFilters(text="aigerim", grade=2),
        ChildFilters(),
    ]
    results: list[tuple[str, float, float, float, float]] = []

    # --- filtering: ours ---------------------------------------------------------------------
    model = ChildTableModel(context)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 640)
    view.show()
    wait_for(model.loaded, lambda: model.set_filters(ChildFilters()))
    turn = [0]

    def ours_filter() -> None:
        turn[0] += 1
        chosen = filters[turn[0] % len(filters)]
        wait_for(model.loaded, lambda: model.set_filters(chosen))
        view.repaint()

    # --- filtering: bare QStandardItemModel filled by the same query on the GUI thread ------
    bare = QStandardItemModel()
    bare_view = QTableView()
    bare_view.setModel(bare)
    bare_view.resize(1200, 640)
    bare_view.show()

    def bare_filter() -> None:
        turn[0] += 1
        chosen = filters[turn[0] % len(filters)]
        with Session(engine) as session:
            rows = list_children(session, actor=SYSTEM, filters=chosen, limit=total)
        bare.clear()
        for row in rows:
            bare.appendRow(row_items(row))
        bare_view.repaint()

    # --- filtering: a proxy over all children (what rule 13 warns against) -----------------
    full = QStandardItemModel()
    for row in everyone:
        full.appendRow(row_items(row))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(full)
    proxy.setFilterKeyColumn(1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy_view = QTableView()
    proxy_view.setModel(proxy)
    proxy_view.resize(1200, 640)
    proxy_view.show()
    words = ["айг", "ерм", "ахм", "сан", ""]

    def proxy_filter() -> None:
        turn[0] += 1
        proxy.setFilterFixedString(words[turn[0] % len(words)])
        proxy_view.repaint()

    wall, cpu = timed(ours_filter, repeat)
    base_wall, base_cpu = timed(bare_filter, repeat)
    results.append(("filter the children table", wall, cpu, base_wall, base_cpu))
    proxy_wall, proxy_cpu = timed(proxy_filter, repeat)
    results.append(("  (vs a proxy over all rows)", wall, cpu, proxy_wall, proxy_cpu))

    # --- opening a card -------------------------------------------------------------------------
    card = ChildCard(context, Navigator(), date.today)
    card.resize(1300, 720)
    card.show()
    ids: list[uuid.UUID] = [row.id for row in everyone[:: max(total // 50, 1)]]

    def open_tab(tab: str) -> Callable[[], None]:
        def action() -> None:
            turn[0] += 1
            child_id = ids[turn[0] % len(ids)]
            wait_for(card.loaded, lambda: card.open_child(child_id, tab))
            card.repaint()

        return action

    bare_card = QWidget()
    form = QFormLayout(bare_card)
    labels = [QLabel(bare_card) for _ in range(12)]
    for index, label in enumerate(labels):
        form.addRow(f"field {index}", label)
    bare_card.resize(1300, 720)
    bare_card.show()

    def bare_open() -> None:
        turn[0] += 1
        with Session(engine) as session:
            child = get_child(session, actor=SYSTEM, child_id=ids[turn[0] % len(ids)])
        values = [
            child.case_number,
            child.full_name,
            str(child.birth_date),
            child.sex or "",
            child.iin or "",
            child.school or "",
            str(child.grade),
            child.class_letter or "",
            child.status,
            str(child.enrolled_on),
            ", ".join(child.sen_categories),
            child.notes or "",
        ]
        for label, value in zip(labels, values, strict=True):
            label.setText(value)
        bare_card.repaint()

    base_wall, base_cpu = timed(bare_open, repeat)
    for tab in ("overview", "plan", "sessions", "parents", "history"):
        wall, cpu = timed(open_tab(tab), repeat)
        results.append((f"open a child card ({tab})", wall, cpu, base_wall, base_cpu))

    runner.shutdown()
    engine.dispose()
    width = max(len(name) for name, *_ in results)
    print()
    print(
        f"{'action':<{width}}  {'wall ms':>8}  {'GUI ms':>7}  {'base wall':>9}  "
        f"{'base GUI':>8}  {'wall x':>6}  {'GUI x':>6}"
    )
    for name, wall, cpu, base_wall, base_cpu in results:
        print(
            f"{name:<{width}}  {wall:8.1f}  {cpu:7.1f}  {base_wall:9.1f}  {base_cpu:8.1f}  "
            f"{wall / base_wall:6.2f}  {cpu / max(base_cpu, 0.01):6.2f}"
        )
    for name, wall, _cpu, base_wall, _base_cpu in results:
        benchkit.row(
            "ui",
            name.strip() + " (wall)",
            wall,
            "ms",
            baseline="bare widget, same query on the GUI thread",
            baseline_value=base_wall,
            aim=f"< {TARGET_MS:.0f} ms",
        )
    slow = [name for name, wall, *_ in results if not name.startswith(" ") and wall > TARGET_MS]
    print()
    print(f"target: each action under {TARGET_MS:.0f} ms wall: ", end="")
    print("met" if not slow else f"missed by {', '.join(slow)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")
    del app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing demo database to use")
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.families, args.repeat = 60, 3
    run(args.db or benchkit.demo_database(args.families), args.repeat)


if __name__ == "__main__":
    main()
