"""The window's one search box: children, families and caregivers, Cyrillic or Latin.

Typing waits a moment, then asks `services.search.global_search` on the worker; hits show in
a list under the box. Up and Down choose a hit, Enter opens it through the Navigator,
Escape closes the list (a second Escape clears the box). Keyboard focus never leaves the
box while the list is open, so typing goes on undisturbed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from caseroom.i18n import _, ngettext
from caseroom.ui.icons import icon
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.accessible_popup import announce, follow_current_item
from caseroom.ui.widgets.line_edits import name_action, name_clear_button

if TYPE_CHECKING:  # the data stack is imported after the window has painted
    from caseroom.services.people.families import CaregiverRead
    from caseroom.services.people.search import SearchHit
    from caseroom.ui.context import AppContext

DELAY_MS = 180
"""How long typing must pause before a search runs."""
LIMIT = 20
_HIT = Qt.ItemDataRole.UserRole
_KIND_ICONS = {"child": "children", "family": "families", "caregiver": "groups"}


def _kind_label(kind: str) -> str:
    return {"child": _("Child"), "family": _("Family"), "caregiver": _("Caregiver")}.get(kind, kind)


class SearchBox(QLineEdit):
    """A line edit with a popup list of hits; `set_context` enables it."""

    def __init__(self, navigator: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.navigator = navigator
        self.context: AppContext | None = None
        self.setObjectName("globalSearch")
        self.setClearButtonEnabled(True)
        self.search_icon = self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(280)
        self.setEnabled(False)
        self._asked = ""
        self._open_when_ready = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setUniformItemSizes(False)
        self.results.itemClicked.connect(self._open_item)
        self.results.hide()
        follow_current_item(self.results)  # a screen reader hears the hit Up/Down choose
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.setPlaceholderText(_("Search children, families, caregivers (Ctrl+K)"))
        self.setAccessibleName(_("Search"))
        self.setToolTip(_("Names in Cyrillic or Latin, a case number or an IIN"))
        self.results.setAccessibleName(_("Search results"))
        name_clear_button(self, _("Clear the search"))
        name_action(self.search_icon, _("Search"))

    def set_context(self, context: AppContext) -> None:
        """Start searching in this context's database."""
        self.context = context
        self.setEnabled(True)

    def hits(self) -> list[SearchHit]:
        """The hits now listed."""
        found = []
        for row in range(self.results.count()):
            hit = self.results.item(row).data(_HIT)
            if hit is not None:
                found.append(hit)
        return found

    # --- searching -----------------------------------------------------------------------

    def _search(self) -> None:
        from caseroom.services.people.search import global_search

        text = self.text().strip()
        if self.context is None or not text:
            self._asked = ""
            self.hide_results()
            return
        self._asked = text

        def show(hits: list[SearchHit]) -> None:
            self._show(text, hits)

        self.context.call(global_search, show, text=text, limit=LIMIT)

    def _show(self, asked: str, hits: list[SearchHit]) -> None:
        if asked != self._asked or asked != self.text().strip():
            return  # an answer to an older question
        self.results.clear()
        for hit in hits:
            text = _("{title}\n{kind} · {details}").format(
                title=hit.title, kind=_kind_label(hit.kind), details=hit.subtitle
            )
            item = QListWidgetItem(icon(_KIND_ICONS.get(hit.kind, "search")), text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ", "))
            item.setData(_HIT, hit)
            self.results.addItem(item)
        if hits and self._open_when_ready:
            self._open_when_ready = False
            self.results.setCurrentRow(0)
            self._open_item(self.results.item(0))
            return
        self._open_when_ready = False
        if not hits:
            item = QListWidgetItem(_("Nothing found for “{text}”").format(text=asked))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self._place_results()
        if hits:
            count = len(hits)
            announce(
                self.results,
                ngettext("{count} match", "{count} matches", count).format(count=count),
            )
            self.results.setCurrentRow(0)  # once shown, so that the first hit is said
        else:
            announce(self.results, self.results.item(0).text())

    def _place_results(self) -> None:
        window = self.window()
        if self.results.parent() is not window:
            self.results.setParent(window)
            window.installEventFilter(self)
        below = self.mapTo(window, QPoint(0, self.height() + 2))
        width = max(self.width(), 420)
        left = min(below.x(), max(0, window.width() - width - 8))
        rows = max(1, self.results.count())
        row_height = self.results.sizeHintForRow(0) if self.results.count() else 40
        height = min(rows * row_height + 12, max(120, window.height() - below.y() - 24))
        self.results.setGeometry(left, below.y(), width, height)
        self.results.show()
        self.results.raise_()

    def hide_results(self) -> None:
        """Close the list of hits."""
        self.results.hide()

    # --- opening -------------------------------------------------------------------------

    def open_current(self) -> None:
        """Open the chosen hit (the first when none is chosen)."""
        if self._timer.isActive():
            self._timer.stop()
            self._open_when_ready = True
            self._search()
            return
        item = self.results.currentItem() or self.results.item(0)
        if item is not None and self.results.isVisible():
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        hit = item.data(_HIT)
        if hit is None:
            return
        self.hide_results()
        if hit.kind == "child":
            self.navigator.open_child(hit.id)
        elif hit.kind == "family":
            self.navigator.open_family(hit.id)
        elif hit.kind == "caregiver" and self.context is not None:
            from caseroom.services.people.families import get_caregiver

            self.context.call(get_caregiver, self._open_caregiver, caregiver_id=hit.id)

    def _open_caregiver(self, caregiver: CaregiverRead) -> None:
        self.navigator.open_family(caregiver.family_id)

    # --- keys and focus --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Up/Down choose a hit, Enter opens it, Escape closes the list or clears."""
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = self.results.currentRow() + step
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        if key == Qt.Key.Key_Escape:
            if self.results.isVisible():
                self.hide_results()
            else:
                self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Close the list when focus moves elsewhere."""
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide_results()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Keep the list under the box when the window is resized."""
        if event.type() == QEvent.Type.Resize and self.results.isVisible():
            self._place_results()
        return False
