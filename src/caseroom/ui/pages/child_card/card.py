"""The child card: a header and five tabs, each built and read when first shown.

Opening a card reads the child and the visible tab in one unit of work on the worker; the
other tabs are read when the person turns to them. A tab's widgets (and its module, with
the services it needs) are made only when it is first shown, so a card opened on its
overview holds the overview alone. After any write (`context.changed`), the visible tab is
read again and the others are marked stale.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.people.children import ChildRead, get_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveButton
from caseroom.ui.models.child_table import grade_text, status_text
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.parts import SPACE_L, SPACE_M, CardTab, heading, muted

if TYPE_CHECKING:  # each tab's module is imported when the tab is first shown
    from caseroom.ui.pages.child_card.history import HistoryTab
    from caseroom.ui.pages.child_card.overview import OverviewTab
    from caseroom.ui.pages.child_card.parents import ParentsTab
    from caseroom.ui.pages.child_card.plan import PlanTab
    from caseroom.ui.pages.child_card.sessions import SessionsTab

TABS = ("overview", "plan", "sessions", "parents", "history")
"""Tab names, as `Navigator.open_child(tab=...)` gives them."""
TAB_CLASSES = ("OverviewTab", "PlanTab", "SessionsTab", "ParentsTab", "HistoryTab")
"""Each tab's class, in `caseroom.ui.pages.child_card.<tab name>`."""


class ChildCard(QWidget):
    """One child's record in five tabs, with "Back" (Alt+Left) to the list."""

    back_requested = Signal()
    loaded = Signal(str)
    """A tab (by name) has been filled with fresh data."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.navigator = navigator
        self.today = today
        self.child_id: uuid.UUID | None = None
        self.child: ChildRead | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.setSpacing(SPACE_M)
        self.back_button = QPushButton(_("← &Back"), self)
        self.back_button.setAccessibleName(_("Back to the children list"))
        self.back_button.setToolTip(_("Back to the children list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.title = heading("…", self, level=1)
        self.title.setAccessibleName(_("Child"))
        self.subtitle = muted("", self)
        self.subtitle.setAccessibleName(_("Case number, grade and status"))
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        top.addLayout(names, 1)
        self.log_button = QPushButton(_("Log &session…"), self)
        self.log_button.setAccessibleName(_("Log a session for this child"))
        self.log_button.clicked.connect(self._log_session)
        top.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignTop)
        self.report_button = QPushButton(_("&Report…"), self)
        self.report_button.setAccessibleName(_("Make a progress report for this child"))
        self.report_button.clicked.connect(self.open_report_dialog)
        top.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignTop)
        self.print_button = QPushButton(_("Pr&int…"), self)
        self.print_button.setAccessibleName(_("Print a form to sign for this child"))
        self.print_button.clicked.connect(self.open_print_dialog)
        top.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        self.transfer_button = QPushButton(_("Transfer to another roo&m…"), self)
        self.transfer_button.setAccessibleName(_("Transfer this child's file to another room"))
        self.transfer_button.clicked.connect(self.open_transfer_dialog)
        top.addWidget(self.transfer_button, 0, Qt.AlignmentFlag.AlignTop)
        self.archive_button = ArchiveButton(
            context, "child", self, archive_text=_("Archi&ve child…")
        )
        top.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Child card"))
        self.tabs.setDocumentMode(True)
        # One empty holder per tab; the tab itself is made in it when first shown.
        self._holders: list[QWidget] = []
        self._tabs: list[CardTab | None] = [None] * len(TABS)
        titles = (_("Overview"), _("Plan"), _("Sessions"), _("Parents"), _("History"))
        for number, title in enumerate(titles, start=1):
            holder = QWidget(self.tabs)
            holder.setObjectName(f"card_tab_{TABS[number - 1]}")
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders.append(holder)
            self.tabs.addTab(holder, title)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda index=number - 1: self.tabs.setCurrentIndex(index))
        layout.addWidget(self.tabs, 1)
        self._stale: set[int] = set(range(len(TABS)))
        self._generation = [0] * len(TABS)
        self.tabs.currentChanged.connect(self._tab_changed)
        context.changed.connect(self._changed)

    def tab(self, index: int) -> CardTab:
        """The tab at `index`, made now (its module imported) if it was never shown."""
        made = self._tabs[index]
        if made is None:
            module = importlib.import_module(f"caseroom.ui.pages.child_card.{TABS[index]}")
            holder = self._holders[index]
            made = getattr(module, TAB_CLASSES[index])(
                self.context, self.navigator, self.today, holder
            )
            assert isinstance(made, CardTab)
            made.reload_card = self.reload
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(made)
            self._tabs[index] = made
        return made

    def built_tabs(self) -> list[str]:
        """The names of the tabs made so far."""
        return [name for name, tab in zip(TABS, self._tabs, strict=True) if tab is not None]

    @property
    def overview(self) -> OverviewTab:
        """The overview tab (made on first use)."""
        return self.tab(0)  # type: ignore[return-value]

    @property
    def plan(self) -> PlanTab:
        """The plan tab (made on first use)."""
        return self.tab(1)  # type: ignore[return-value]

    @property
    def sessions(self) -> SessionsTab:
        """The sessions tab (made on first use)."""
        return self.tab(2)  # type: ignore[return-value]

    @property
    def parents(self) -> ParentsTab:
        """The parents tab (made on first use)."""
        return self.tab(3)  # type: ignore[return-value]

    @property
    def history(self) -> HistoryTab:
        """The history tab (made on first use)."""
        return self.tab(4)  # type: ignore[return-value]

    @property
    def current_tab(self) -> str:
        """The name of the tab shown."""
        return TABS[self.tabs.currentIndex()]

    def open_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        """Show `child_id` (on `tab`, or the tab last used)."""
        if child_id != self.child_id:
            self.child_id = child_id
            self.child = None
            self.title.setText("…")
            self.subtitle.setText("")
        self._stale = set(range(len(TABS)))
        if tab in TABS:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(TABS.index(tab))
            self.tabs.blockSignals(False)
        self._load(self.tabs.currentIndex())

    def reload(self) -> None:
        """Read the visible tab again; the others when next shown."""
        if self.child_id is None:
            return
        self._stale = set(range(len(TABS)))
        self._load(self.tabs.currentIndex())

    def _changed(self, _what: frozenset[str]) -> None:
        if self.child_id is None:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = set(range(len(TABS)))

    def _tab_changed(self, index: int) -> None:
        if index in self._stale and self.child_id is not None:
            self._load(index)

    def _load(self, index: int) -> None:
        assert self.child_id is not None
        self._generation[index] += 1
        generation, child_id = self._generation[index], self.child_id
        tab, actor = self.tab(index), self.context.actor
        loader = tab.loader()

        def work(session: Session) -> tuple[ChildRead, Any]:
            child = get_child(session, actor=actor, child_id=child_id)
            return child, loader(session, actor, child)

        def done(result: tuple[ChildRead, Any]) -> None:
            if generation != self._generation[index] or child_id != self.child_id:
                return
            child, data = result
            self._show_header(child)
            tab.show_data(child, data)
            self._stale.discard(index)
            self.loaded.emit(TABS[index])

        def failed(error: BaseException) -> None:
            # Only user errors come here (a child archived or erased meanwhile, a locked file).
            if child_id == self.child_id:
                self.title.setText(str(error))
                self.subtitle.setText("")

        self.context.run(work, done, on_error=failed, parent=self)

    def _show_header(self, child: ChildRead) -> None:
        self.child = child
        self.title.setText(child.full_name)
        self.title.setAccessibleName(child.full_name)
        self.subtitle.setText(
            _("Case {case} · grade {grade} · {status}").format(
                case=child.case_number,
                grade=grade_text(child.grade, child.class_letter),
                status=status_text(child.status),
            )
            if child.archived_at is None
            else _("Case {case} · grade {grade} · {status} · archived").format(
                case=child.case_number,
                grade=grade_text(child.grade, child.class_letter),
                status=status_text(child.status),
            )
        )
        self.archive_button.show_record(
            child.id,
            _("{name}, case {case}").format(name=child.full_name, case=child.case_number),
            archived=child.archived_at is not None,
        )

    def open_report_dialog(self) -> QWidget | None:
        """ "Report…": the dialog that writes this child's progress report."""
        if self.child is None:
            return None
        from caseroom.ui.dialogs.child_report_dialog import ChildReportDialog

        dialog = ChildReportDialog(
            self.context,
            self.child.id,
            self.child.case_number,
            self.child.full_name,
            today=self.today,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_print_dialog(self) -> QWidget | None:
        """ "Print…": a form to print and sign for this child (consent, programme, ...)."""
        if self.child is None:
            return None
        from caseroom.ui.dialogs.print_form_dialog import PrintFormDialog

        children = [(self.child.id, self.child.case_number, self.child.full_name)]
        dialog = PrintFormDialog(self.context, children, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_transfer_dialog(self) -> QWidget | None:
        """ "Transfer to another room…": seal the child's file and mark the child transferred."""
        if self.child is None:
            return None
        from caseroom.ui.dialogs.transfer_dialogs import TransferExportForm

        dialog = TransferExportForm(
            self.context,
            self.child.id,
            self.child.case_number,
            self.child.full_name,
            today=self.today(),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _log_session(self) -> None:
        if self.child_id is not None:
            self.navigator.log_session(child_id=self.child_id)
