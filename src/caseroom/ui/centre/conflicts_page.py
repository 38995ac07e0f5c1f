"""The centre window's conflicts: each field two sources disagree on, and the decision.

The table lists the open conflicts by number; below it "Keep the kept value", "Take the
other value" and "Enter a value…" decide the selected one (each asks to confirm first,
and who decides is the computer's login name). The decision itself runs on the worker
thread (`work.resolve`); the window then reads the centre again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.centre.tables import fill, make_table

Decide = Callable[[int, str, Any], None]
"""What the page calls to decide: conflict number, `kept` / `other` / `value`, the value."""


def shown(value: Any) -> str:
    """A value as the conflicts list shows it."""
    return json.dumps(value, ensure_ascii=False)


class ConflictsPage(QWidget):
    """The open conflicts and the buttons that decide the selected one."""

    def __init__(self, decide: Decide) -> None:
        super().__init__()
        self._decide = decide
        self.items: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = make_table(
            _("Conflicts"),
            [
                _("No."),
                _("Period"),
                _("Record"),
                _("Field"),
                _("Kept value"),
                _("Kept from"),
                _("Other value"),
                _("Other from"),
            ],
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.keep_button = QPushButton(_("Keep the &kept value"))
        self.keep_button.setAccessibleName(_("Keep the kept value of the selected conflict"))
        self.other_button = QPushButton(_("Take the &other value"))
        self.other_button.setAccessibleName(_("Take the other value of the selected conflict"))
        self.value_button = QPushButton(_("Enter a &value…"))
        self.value_button.setAccessibleName(
            _("Enter a value of your own for the selected conflict")
        )
        for button in (self.keep_button, self.other_button, self.value_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.keep_button.clicked.connect(lambda: self.decide_selected("kept"))
        self.other_button.clicked.connect(lambda: self.decide_selected("other"))
        self.value_button.clicked.connect(lambda: self.decide_selected("value"))
        self.table.itemSelectionChanged.connect(self._enable)
        self._enable()

    def show_conflicts(self, items: list[Any]) -> None:
        """List `items` (`centre.conflicts.Conflict`), the first one selected."""
        self.items = list(items)
        fill(
            self.table,
            [
                [
                    c.id,
                    c.period,
                    str(c.record_id),
                    c.field,
                    shown(c.kept_value),
                    c.kept_source,
                    shown(c.other_value),
                    c.other_source,
                ]
                for c in self.items
            ],
        )
        if self.items:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> Any | None:
        """The conflict of the selected row, or None."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        (row,) = rows
        return self.items[row] if 0 <= row < len(self.items) else None

    def _enable(self) -> None:
        on = self.selected() is not None
        for button in (self.keep_button, self.other_button, self.value_button):
            button.setEnabled(on)

    def ask_value(self, item: Any) -> str | None:
        """The value typed for `item`'s field; None: cancelled."""
        text, ok = QInputDialog.getText(
            self,
            _("A value of your own"),
            _('&Value for {field} (as listed, e.g. 3 or "m"):').format(field=item.field),
            text=shown(item.kept_value),
        )
        return text if ok else None

    def confirm(self, item: Any, value: Any) -> bool:
        """Whether the person confirms deciding `item` for `value`."""
        answer = QMessageBox.question(
            self,
            _("Decide the conflict"),
            _(
                "Conflict No. {number}: {field} becomes {value}. Both values stay in the "
                "centre's history. Decide so?"
            ).format(number=item.id, field=item.field, value=shown(value)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def decide_selected(self, keep: str) -> None:
        """Decide the selected conflict for `keep` (asking the value and confirmation)."""
        item = self.selected()
        if item is None:
            return
        value: Any = None
        if keep == "kept":
            chosen = item.kept_value
        elif keep == "other":
            chosen = item.other_value
        else:
            text = self.ask_value(item)
            if text is None:
                return
            from caseroom.centre.decisions import parse_value

            chosen = value = parse_value(text)
        if self.confirm(item, chosen):
            self._decide(item.id, keep, value)
