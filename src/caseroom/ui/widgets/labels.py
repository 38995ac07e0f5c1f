"""Small building blocks every page uses: section titles, secondary text, short lists."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTreeWidget, QWidget

from caseroom.ui.widgets.style import set_role


def heading(text: str, parent: QWidget, *, level: int = 2) -> QLabel:
    """A section title (level 2) or a page title (level 1), styled by the app's sheet."""
    title = set_role(QLabel(text, parent), "title" if level == 1 else "heading")
    title.setAccessibleName(text)
    return title


def muted(text: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    """Secondary text in the palette's placeholder colour (word-wrapped unless told)."""
    found = set_role(QLabel(text, parent), "muted")
    found.setWordWrap(wrap)
    return found


def fit_rows(view: QTreeWidget | QTableWidget, *, least: int = 3) -> None:
    """Make a short list exactly as tall as its rows (at least `least` rows)."""
    frame = 2 * view.frameWidth() + 2
    if isinstance(view, QTableWidget):
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + view.verticalHeader().length() + frame)
        return
    rows = view.topLevelItemCount()
    row = view.sizeHintForRow(0) if rows else view.fontMetrics().height() + 6
    # A row holding a button ("Withdraw…") is as tall as the button once it is styled,
    # which a list filled before it is shown does not know yet (3 of 4 rows showed).
    for number in range(rows):
        item = view.topLevelItem(number)
        for column in range(view.columnCount()):
            widget = view.itemWidget(item, column) if item is not None else None
            if widget is not None:
                widget.ensurePolished()
                row = max(row, widget.sizeHint().height())
    view.setFixedHeight(view.header().sizeHint().height() + max(rows, least) * row + frame)
