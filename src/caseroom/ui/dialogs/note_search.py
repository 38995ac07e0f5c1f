"""Search the notes of sessions: type words, see the sessions whose notes hold them.

The search runs on the worker a moment after the typing stops. Down moves from the
query to the results; Enter (or a double-click) opens the session. Only for roles that
may read notes (the Journal page offers it to them alone; the service refuses others).
A child, a specialist and the dates held narrow it. Meeting notes of parent groups are not searched.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.sessions.writing import NoteHit, search_notes
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.note_search_filters import NoteSearchFilters
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.rich_text import HTML_ROLE, RichTextDelegate, highlighted
from caseroom.vocab import SessionKind, label

DEBOUNCE_MS = 250
_ID = Qt.ItemDataRole.UserRole


def _kind(code: str) -> str:
    try:
        return label(SessionKind(code))
    except ValueError:
        return code


def hit_heading(hit: NoteHit) -> str:
    """The first line of a result: date, kind and children, as plain text."""
    children = ", ".join(hit.child_names) or "—"
    return _("{date} · {kind} · {children}").format(
        date=hit.held_on.strftime("%d.%m.%Y"), kind=_kind(hit.kind), children=children
    )


class NoteSearchDialog(QDialog):
    """A query field and the sessions whose topic, notes or agreements match it."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator = context, navigator
        self.hits: list[NoteHit] = []
        self.asked = ""
        self.setWindowTitle(_("Search notes"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.query = QLineEdit(self)
        self.query.setAccessibleName(_("Words to find in the notes"))
        self.query.setPlaceholderText(_("Words from the topic, notes or agreements"))
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)
        query_label = QLabel(_("&Find:"), self)
        query_label.setBuddy(self.query)
        form.addRow(query_label, self.query)
        self.filter_rows = NoteSearchFilters(context, form, self)
        layout.addLayout(form)
        self.status = QLabel(_("Type a word to search the notes of sessions."), self)
        self.status.setAccessibleName(_("Search result"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.results = QListWidget(self)
        self.results.setAccessibleName(_("Sessions found"))
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setMinimumSize(640, 360)
        self.results.itemActivated.connect(self._open)
        layout.addWidget(self.results, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.filter_rows.changed.connect(self._filters_changed)
        self.filter_rows.load()
        self.query.setFocus()

    def _filters_changed(self) -> None:
        if self.query.text().strip():
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Down (or Enter) in the query field goes to the results."""
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if self.timer.isActive():
                self.timer.stop()
                self.search()
            if self.results.count():
                self.results.setFocus()
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def filters(self) -> dict[str, Any]:
        """The search's arguments besides the text (the filters that are set)."""
        return self.filter_rows.values()

    def search(self) -> None:
        """Search for what the query field holds now (on the worker)."""
        text = self.query.text().strip()
        asked = (text, tuple(sorted(self.filters().items(), key=lambda kv: kv[0])))
        self.asked = repr(asked)
        if not text:
            self._show(repr(asked), [])
            return
        self.context.call(
            search_notes,
            lambda hits: self._show(repr(asked), hits),
            parent=self,
            wanted=lambda: self.asked == repr(asked),
            text=text,
            **self.filters(),
        )

    def _show(self, asked: str, hits: list[NoteHit]) -> None:
        if asked != self.asked:
            return  # the user has typed on; a newer answer is on its way
        self.hits = hits
        self.results.clear()
        text = self.query.text().strip()
        for hit in hits:
            heading = hit_heading(hit)
            item = QListWidgetItem(f"{heading}\n{hit.snippet}")
            item.setData(HTML_ROLE, f"{highlighted(heading, '')}\n{highlighted(hit.snippet, text)}")
            item.setData(_ID, hit.session_id)
            item.setToolTip(hit.snippet)
            self.results.addItem(item)
        if not text:
            self.status.setText(_("Type a word to search the notes of sessions."))
        elif not hits:
            self.status.setText(_("No session notes hold these words."))
        else:
            self.status.setText(
                ngettext("{n} session found", "{n} sessions found", len(hits)).format(n=len(hits))
            )

    def _open(self, item: QListWidgetItem) -> None:
        session_id = item.data(_ID)
        if isinstance(session_id, uuid.UUID):
            self.accept()
            self.navigator.log_session(session_id=session_id)
