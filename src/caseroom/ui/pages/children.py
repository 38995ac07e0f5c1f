"""The Children page: a filtered, sorted table of the room's children, and the child card.

The table pages through SQL (`ChildTableModel`); typing in the search box waits a moment
(debounce) before asking again. Enter or a double click opens the child's card in the same
page; "Back" (Alt+Left) returns to the table with the child still selected.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from babel.numbers import format_decimal
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language, ngettext
from caseroom.services.people.child_list import ChildFilters
from caseroom.services.people.children import ChildRead
from caseroom.services.people.sen_categories import SenCategoryRead, list_sen_categories
from caseroom.services.people.staff import StaffRead, full_name, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import ChildForm
from caseroom.ui.dialogs.roster_entry import may_import_roster, offer_roster_import
from caseroom.ui.models.child_table import ID_ROLE, SORT_KEYS, ChildTableModel, Column
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.parts import heading
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.line_edits import name_clear_button
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S
from caseroom.vocab import ChildStatus, label

SEARCH_DELAY_MS = 250
"""Typing pauses this long before the table is asked again."""

LIST_CHANGES = frozenset({"child", "session", "family", "plan", "sen_category"})
"""Kinds of change that can alter what the table shows."""


def _uuid(data: object) -> uuid.UUID | None:
    # Combo boxes hold ids as text: QComboBox.findData cannot match equal UUID objects.
    return uuid.UUID(data) if isinstance(data, str) else None


def count_text(count: int) -> str:
    """ "1 240 children" with the language's digit grouping and plural form."""
    number = format_decimal(count, locale=current_language())
    return ngettext("{n} child", "{n} children", count).format(n=number)


class ChildrenPage(QWidget):
    """The children table with filters, "Add child", and the child card."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.navigator = navigator
        self.today: Callable[[], date] = date.today
        self.model = ChildTableModel(context, self)
        self._stale = False
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.list_view = QWidget(self.stack)
        self._build_list(self.list_view)
        self.stack.addWidget(self.list_view)
        self.card = ChildCard(context, navigator, lambda: self.today(), self.stack)
        self.card.back_requested.connect(self.show_list)
        self.stack.addWidget(self.card)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.grade, self.sen, self.status, self.specialist):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.show_archived.toggled.connect(lambda _on: self.apply_filters())
        self.model.loaded.connect(self._loaded)
        context.changed.connect(self._changed)
        self._staff_loaded = False
        self.add_form: ChildForm | None = None
        self.import_form: QWidget | None = None
        self.roster_wizard: QWidget | None = None

    # --- building ------------------------------------------------------------------------------

    def _build_list(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        layout.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.addWidget(heading(_("Children"), page, level=1))
        self.count = QLabel(_("Loading…"), page)
        self.count.setAccessibleName(_("Number of children"))
        top.addSpacing(SPACE_M)
        top.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        top.addSpacing(SPACE_L)
        # on the heading's row, not the filters': the filter bar is already as wide as a
        # 1366 px screen allows in Russian and Kazakh
        self.show_archived = QCheckBox(_("Show arc&hived"), page)
        self.show_archived.setAccessibleName(_("Show archived children"))
        top.addWidget(self.show_archived, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.add_button = QPushButton(_("&Add child…"), page)
        self.add_button.setAccessibleName(_("Add a child"))
        self.add_button.clicked.connect(self.add_child)
        top.addWidget(self.add_button)
        self.import_button = QPushButton(_("&Import a transferred child…"), page)
        self.import_button.setAccessibleName(_("Import a child's file from another room"))
        self.import_button.clicked.connect(self.import_transferred)
        top.addWidget(self.import_button)
        self.roster_button = QPushButton(_("Import a &roster…"), page)
        self.roster_button.setAccessibleName(_("Import a roster of children and families"))
        self.roster_button.clicked.connect(self.import_roster)
        self.roster_button.setVisible(may_import_roster(self.context.actor))
        top.addWidget(self.roster_button)
        layout.addLayout(top)

        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.search = QLineEdit(page)
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search, _("Clear the search"))
        self.search.setPlaceholderText(_("Name in Cyrillic or Latin, case number or IIN"))
        self.search.setMinimumWidth(160)
        self._filter(bar, _("&Search"), self.search, _("Search children"), stretch=2)
        self.grade = QComboBox(page)
        self.grade.addItem(_("All grades"), None)
        self.grade.addItem(_("pre-school"), 0)
        for grade in range(1, 13):
            self.grade.addItem(str(grade), grade)
        self._filter(bar, _("&Grade"), self.grade, _("Grade"))
        self.sen = QComboBox(page)
        self.sen.addItem(_("All categories"), None)  # the room's categories arrive later
        self.sen.setMinimumContentsLength(16)
        self.sen.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._filter(bar, _("SEN &category"), self.sen, _("SEN category"))
        self.status = QComboBox(page)
        self.status.addItem(_("All statuses"), None)
        for code in ChildStatus:
            self.status.addItem(label(code), code.value)
        self._filter(bar, _("S&tatus"), self.status, _("Status"))
        self.specialist = QComboBox(page)
        self.specialist.addItem(_("All specialists"), None)
        self._filter(bar, _("S&pecialist"), self.specialist, _("Specialist"))
        # Long category and status names would make the bar wider than a 1366 px screen in
        # Russian or Kazakh: the combos show about a dozen letters, their lists show all.
        for combo, letters in (
            (self.grade, 14),  # "Барлық сыныптар" whole
            (self.sen, 14),
            (self.status, 10),
            (self.specialist, 12),
        ):
            combo.setMinimumContentsLength(letters)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        layout.addLayout(bar)

        self.results = QStackedWidget(page)
        self.table = QTableView(self.results)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Children"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (Column.CASE_NUMBER, 120),
            (Column.NAME, 300),
            (Column.GRADE, 90),
            (Column.STATUS, 110),
            (Column.LAST_SESSION, 110),
        ):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # Room for the sort arrow next to a title that is long in some languages.
            needed = header.fontMetrics().horizontalAdvance(title) + 36
            header.resizeSection(column, max(width, needed))
        header.setSectionResizeMode(Column.SEN, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.table.activated.connect(self._activated)
        self.results.addWidget(self.table)
        self.empty = EmptyState(
            _("No children yet. Add the first child to start their record."),
            _("Add the first child…"),
            self.add_child,
            self.results,
        )
        self.results.addWidget(self.empty)
        if may_import_roster(self.context.actor):
            offer_roster_import(self.empty, self.import_roster)
        self.no_match = EmptyState(
            _("No children match these filters."),
            _("Clear the filters"),
            self.clear_filters,
            self.results,
        )
        self.results.addWidget(self.no_match)
        layout.addWidget(self.results, 1)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), page)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)

    def _filter(
        self, bar: QHBoxLayout, text: str, widget: QWidget, accessible: str, stretch: int = 0
    ) -> None:
        title = QLabel(text, widget.parentWidget())
        title.setBuddy(widget)
        widget.setAccessibleName(accessible)
        bar.addWidget(title)
        bar.addWidget(widget, stretch)
        bar.addSpacing(SPACE_S)

    # --- the page's contract -------------------------------------------------------------------

    def refresh(self) -> None:
        """Called when the page is shown: first load, or catch up with changes."""
        if not self._staff_loaded:
            self._staff_loaded = True
            self.context.call(list_staff, self._staff_arrived)
            self.context.call(list_sen_categories, self._categories_arrived)
        if not self.model.ever_loaded:
            self.apply_filters(force=True)
        elif self._stale:
            self._stale = False
            self.model.reload()
        if self.stack.currentWidget() is self.card:
            self.card.reload()

    def show_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        """Open the child card (the navigator's `open_child` lands here)."""
        self.stack.setCurrentWidget(self.card)
        self.card.open_child(child_id, tab)
        self.card.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown_child_id(self) -> uuid.UUID | None:
        """The child whose card is shown (None while the list is)."""
        return self.card.child_id if self.stack.currentWidget() is self.card else None

    def show_list(self) -> None:
        """Back to the table, the child last opened still selected."""
        self.stack.setCurrentWidget(self.list_view)
        if not self.model.ever_loaded:
            self.apply_filters(force=True)
        elif self._stale:
            self._stale = False
            self.model.reload()
        child_id = self.card.child_id
        row = self.model.row_of(child_id) if child_id else None
        if row is not None:
            index = self.model.index(row, Column.NAME)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- filters -------------------------------------------------------------------------------

    def filters(self) -> ChildFilters:
        """The filters the bar shows."""
        return ChildFilters(
            text=self.search.text().strip() or None,
            grade=self.grade.currentData(),
            sen_category=self.sen.currentData(),
            status=self.status.currentData(),
            specialist_id=_uuid(self.specialist.currentData()),
            include_archived=self.show_archived.isChecked(),
        )

    def apply_filters(self, force: bool = False) -> None:
        """Ask the model for the children matching the bar (at once)."""
        self._search_timer.stop()
        filters = self.filters()
        if force and self.model.ever_loaded and filters == self.model.filters:
            self.model.reload()
        else:
            self.model.set_filters(filters)

    def clear_filters(self) -> None:
        """Show every child again."""
        for combo in (self.grade, self.sen, self.status, self.specialist):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.show_archived.blockSignals(True)
        self.show_archived.setChecked(False)
        self.show_archived.blockSignals(False)
        self.apply_filters()
        self.search.setFocus()

    def _categories_arrived(self, categories: list[SenCategoryRead]) -> None:
        """Offer the room's active SEN categories, keeping the one chosen if still there."""
        chosen = self.sen.currentData()
        self.sen.blockSignals(True)
        while self.sen.count() > 1:
            self.sen.removeItem(1)
        for category in categories:
            self.sen.addItem(category.label, category.code)
            self.sen.setItemData(self.sen.count() - 1, category.label, Qt.ItemDataRole.ToolTipRole)
        self.sen.setCurrentIndex(max(self.sen.findData(chosen), 0))
        view = self.sen.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.sen.blockSignals(False)
        if self.sen.currentData() != chosen:
            self.apply_filters()  # the chosen category was archived

    def _staff_arrived(self, staff: list[StaffRead]) -> None:
        self.specialist.blockSignals(True)
        for member in staff:
            self.specialist.addItem(
                full_name(member.last_name, member.first_name, member.patronymic), str(member.id)
            )
        view = self.specialist.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.specialist.blockSignals(False)

    def _loaded(self, count: int) -> None:
        self.count.setText(count_text(count))
        filtered = self.model.filters != ChildFilters()
        if count:
            self.results.setCurrentWidget(self.table)
        else:
            self.results.setCurrentWidget(self.no_match if filtered else self.empty)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        header.blockSignals(False)
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, Column.NAME))

    def _sort_clicked(self, column: int, _order: Qt.SortOrder) -> None:
        if self.model.sort_column != column and column not in SORT_KEYS:
            # This column cannot be sorted in the database: keep the indicator honest.
            QTimer.singleShot(0, self._restore_indicator)

    def _restore_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        header.blockSignals(False)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- actions -------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        child_id = index.data(ID_ROLE)
        if isinstance(child_id, uuid.UUID):
            self.show_child(child_id)

    def add_child(self) -> None:
        """Open the form to enrol a child; open the new child's card once saved."""
        form = ChildForm(self.context, today=self.today(), parent=self)
        form.result_saved.connect(self._child_added)
        self.add_form = form
        form.open()

    def import_roster(self) -> QWidget:
        """Open the roster import wizard (the table reloads when it has imported)."""
        from caseroom.ui.dialogs.roster_import import RosterImportWizard

        wizard = RosterImportWizard(self.context, self)
        self.roster_wizard = wizard
        wizard.open()
        return wizard

    def import_transferred(self) -> QWidget:
        """Open the form that takes in a transferred child's file; then open the child."""
        from caseroom.ui.dialogs.transfer_dialogs import TransferImportForm

        form = TransferImportForm(self.context, today=self.today(), parent=self)
        form.result_saved.connect(self._transfer_taken)
        self.import_form = form
        form.open()
        return form

    def _transfer_taken(self, done: object) -> None:
        child_id = getattr(done, "child_id", None)
        if child_id is not None:
            self.show_child(child_id)

    def _child_added(self, child: object) -> None:
        if isinstance(child, ChildRead):
            self.show_child(child.id)

    def _changed(self, what: frozenset[str]) -> None:
        if "sen_category" in what and self._staff_loaded:
            self.context.call(list_sen_categories, self._categories_arrived)
        if not what & LIST_CHANGES:
            return
        if self.isVisible() and self.stack.currentWidget() is self.list_view:
            self.model.reload()
        else:
            self._stale = True
