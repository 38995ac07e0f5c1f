"""Families: find a family by name (Cyrillic or Latin), see its caregivers, children in the
room, barriers and circumstances, and add or change them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.people.families import BarrierRead, FamilyRead, get_family, list_barriers
from caseroom.services.people.family_list import FamilyRow, count_families, list_families
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveButton
from caseroom.ui.dialogs.barrier_form import BarrierForm
from caseroom.ui.dialogs.caregiver_form import CaregiverForm
from caseroom.ui.dialogs.family_form import FamilyForm
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.line_edits import name_clear_button
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, page_margins, set_role
from caseroom.vocab import BarrierKind, CaregiverRelation, VulnerabilityMarker, label

PAGE_SIZE = 200
WATCHED = frozenset({"family", "caregiver", "barrier", "child"})
_ID = Qt.ItemDataRole.UserRole


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _label_of(kind: type[Any], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def family_text(row: FamilyRow) -> str:
    """A line of the families list: the name and the town, and below them what tells
    same-name families apart: the caregivers' first names and the street."""
    first = row.display_name if not row.locality else f"{row.display_name} · {row.locality}"
    names = ", ".join(row.caregiver_names)
    if names and row.caregivers > len(row.caregiver_names):
        names = f"{names} +{row.caregivers - len(row.caregiver_names)}"
    street = (row.address or "").strip()
    if row.locality and street.startswith(row.locality):  # the town is on the first line
        street = street[len(row.locality) :].lstrip(" ,;")
    second = " · ".join(part for part in (names, street) if part)
    return f"{first}\n{second}" if second else first


def _tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setAccessibleName(name)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    return tree


class FamiliesPage(QWidget):
    """The list of families on the left, the family chosen on the right."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator = context, navigator
        self.family: FamilyRead | None = None
        self.barriers: list[BarrierRead] = []
        self._wanted: uuid.UUID | None = None
        self._stale = True
        self._empties: dict[QTreeWidget, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        splitter = QSplitter(self)
        layout.addWidget(splitter)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_view())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 800])
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        context.changed.connect(self._on_changed)

    # --- building -----------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, SPACE_M, 0)
        column.setSpacing(SPACE_S)
        title = set_role(QLabel(_("Families"), box), "title")
        column.addWidget(title)
        self.search_edit = QLineEdit(box)
        self.search_edit.setPlaceholderText(_("Find a family or caregiver by name"))
        self.search_edit.setAccessibleName(_("Find a family"))
        self.search_edit.setClearButtonEnabled(True)
        name_clear_button(self.search_edit, _("Clear the search"))
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._focus_list)
        column.addWidget(self.search_edit)
        self.show_archived = QCheckBox(_("Show arc&hived"), box)
        self.show_archived.setAccessibleName(_("Show archived families"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        column.addWidget(self.show_archived)
        self.list = QListWidget(box)
        self.list.setAccessibleName(_("Families"))
        # Two lines a family; a long street wraps inside the list rather than scrolling it.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._chosen)
        column.addWidget(self.list, 1)
        self.count_label = set_role(QLabel(box), "muted")
        self.count_label.setWordWrap(True)
        column.addWidget(self.count_label)
        self.new_button = QPushButton(_("&New family"), box)
        self.new_button.setAccessibleName(_("New family"))
        self.new_button.clicked.connect(self.new_family)
        column.addWidget(self.new_button)
        return box

    def _build_view(self) -> QWidget:
        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            _("No families yet"), _("Add &family"), self.new_family, parent=self.stack
        )
        self.stack.addWidget(self.empty)
        scroll = QScrollArea(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        view = QWidget(scroll)
        column = QVBoxLayout(view)
        column.setContentsMargins(SPACE_L, 0, 0, 0)
        column.setSpacing(SPACE_M)
        head = QHBoxLayout()
        self.name_label = set_role(QLabel(view), "title")
        self.name_label.setAccessibleName(_("Family"))
        self.name_label.setWordWrap(True)
        head.addWidget(self.name_label, 1)
        self.edit_button = QPushButton(_("&Edit family"), view)
        self.edit_button.setAccessibleName(_("Edit family"))
        self.edit_button.clicked.connect(self.edit_family)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.archive_button = ArchiveButton(
            self.context, "family", view, archive_text=_("Archi&ve family…")
        )
        head.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.facts_label = QLabel(view)
        self.facts_label.setWordWrap(True)
        self.facts_label.setAccessibleName(_("About the family"))
        column.addWidget(self.facts_label)

        column.addLayout(
            self._heading(view, _("Caregivers"), _("Add &caregiver"), self.add_caregiver)
        )
        self.caregiver_tree = _tree(
            view, _("Caregivers"), [_("Name"), _("Relation"), _("Phone"), _("Legal representative")]
        )
        self.caregiver_tree.itemActivated.connect(lambda item, _c: self.edit_caregiver(item))
        self.caregiver_archive = ArchiveButton(
            self.context, "caregiver", view, archive_text=_("Archive care&giver…")
        )
        self.caregiver_tree.currentItemChanged.connect(self._caregiver_chosen)
        caregivers_row = QHBoxLayout()
        caregivers_row.addStretch(1)
        caregivers_row.addWidget(self.caregiver_archive)
        column.addWidget(self.caregiver_tree)
        column.addWidget(self._empty_line(view, self.caregiver_tree, _("No caregivers yet.")))
        column.addLayout(caregivers_row)
        column.addLayout(self._heading(view, _("Children in the room"), None, None))
        self.children_tree = _tree(view, _("Children in the room"), [_("Name"), _("Case")])
        self.children_tree.itemActivated.connect(
            lambda item, _c: self.navigator.open_child(item.data(0, _ID))
        )
        column.addWidget(self.children_tree)
        column.addWidget(
            self._empty_line(view, self.children_tree, _("No children of this family in the room."))
        )
        barriers = self._heading(
            view, _("Barriers to taking part"), _("Add &barrier"), self.add_barrier
        )
        self.resolve_button = QPushButton(_("&Resolved…"), view)
        self.resolve_button.setAccessibleName(_("Mark the barrier as resolved"))
        self.resolve_button.clicked.connect(self.resolve_barrier)
        barriers.addWidget(self.resolve_button)
        column.addLayout(barriers)
        self.barrier_tree = _tree(
            view, _("Barriers"), [_("Barrier"), _("Noted"), _("Resolved"), _("Note")]
        )
        self.barrier_tree.currentItemChanged.connect(self._barrier_chosen)
        column.addWidget(self.barrier_tree)
        column.addWidget(self._empty_line(view, self.barrier_tree, _("No barriers noted.")))
        column.addStretch(1)
        scroll.setWidget(view)
        self.stack.addWidget(scroll)
        self.view = scroll
        return self.stack

    def _empty_line(self, parent: QWidget, tree: QTreeWidget, text: str) -> QLabel:
        line = set_role(QLabel(text, parent), "muted")
        line.hide()
        self._empties[tree] = line
        return line

    def _heading(self, parent: QWidget, text: str, action: str | None, slot: Any) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(set_role(QLabel(text, parent), "heading"), 1)
        if action is not None:
            button = QPushButton(action, parent)
            button.setAccessibleName(action.replace("&", ""))
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again (the window calls this when the page is shown)."""
        text, archived = self.search_edit.text(), self.show_archived.isChecked()

        def work(db: Any) -> tuple[list[FamilyRow], int]:
            actor = self.context.actor
            rows = list_families(
                db, actor=actor, text=text, include_archived=archived, limit=PAGE_SIZE
            )
            return rows, count_families(db, actor=actor, text=text, include_archived=archived)

        self._stale = False
        self.context.run(work, self._listed)

    def _listed(self, result: tuple[list[FamilyRow], int]) -> None:
        rows, total = result
        wanted = self._wanted
        keep = wanted or (self.family.id if self.family else None)
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for row in rows:
            shown = family_text(row)
            if row.archived:
                shown = _("{family} (archived)").format(family=shown)
            item = QListWidgetItem(shown, self.list)
            item.setData(_ID, row.id)
            item.setToolTip(
                ngettext("{n} child in the room", "{n} children in the room", row.children).format(
                    n=row.children
                )
            )
            if row.id == keep:
                chosen = item
        self.list.blockSignals(False)
        if total > len(rows):
            self.count_label.setText(
                _("Showing {shown} of {total} families: type to narrow the list.").format(
                    shown=len(rows), total=total
                )
            )
        else:
            self.count_label.setText(ngettext("{n} family", "{n} families", total).format(n=total))
        if not rows and not self.search_edit.text().strip():
            self.stack.setCurrentWidget(self.empty)
            return
        if chosen is None and wanted is not None:
            self.show_family(wanted)  # asked for, though the search hides it
        elif rows:
            self.list.setCurrentItem(chosen or self.list.item(0))

    def _focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.show_family(item.data(_ID))

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            self.refresh()

    # --- the family -----------------------------------------------------------------------

    def show_family(self, family_id: uuid.UUID) -> None:
        """Show one family (the navigator's `open_family`)."""
        self._wanted = family_id
        if self._stale:
            self.refresh()
            return

        def work(db: Any) -> tuple[FamilyRead, list[BarrierRead]]:
            actor = self.context.actor
            family = get_family(db, actor=actor, family_id=family_id)
            barriers = list_barriers(db, actor=actor, family_id=family_id, include_resolved=True)
            return family, barriers

        self.context.run(work, self._shown)

    def _shown(self, result: tuple[FamilyRead, list[BarrierRead]]) -> None:
        family, self.barriers = result
        if self._wanted is not None and family.id != self._wanted:
            return
        self._wanted = None
        self.family = family
        self.stack.setCurrentWidget(self.view)
        self.name_label.setText(_("{name} family").format(name=family.display_name))
        self.facts_label.setText(self._facts(family))
        self.archive_button.show_record(
            family.id,
            _("{name} family").format(name=family.display_name),
            archived=family.archived_at is not None,
        )
        self.caregiver_tree.clear()
        for person in family.caregivers:
            item = QTreeWidgetItem(
                [
                    person.full_name,
                    _label_of(CaregiverRelation, person.relation),
                    person.phone or "—",
                    _("yes") if person.is_legal_representative else _("no"),
                ]
            )
            item.setData(0, _ID, person.id)
            self.caregiver_tree.addTopLevelItem(item)
        self.children_tree.clear()
        for child in family.children:
            item = QTreeWidgetItem([child.full_name, child.case_number])
            item.setData(0, _ID, child.id)
            item.setToolTip(0, _("Enter opens the child's card"))
            self.children_tree.addTopLevelItem(item)
        self.barrier_tree.clear()
        for barrier in self.barriers:
            item = QTreeWidgetItem(
                [
                    _label_of(BarrierKind, barrier.kind),
                    _day(barrier.noted_on),
                    _day(barrier.resolved_on) if barrier.resolved_on else "—",
                    barrier.note or "",
                ]
            )
            item.setData(0, _ID, barrier.id)
            item.setDisabled(barrier.resolved_on is not None)
            self.barrier_tree.addTopLevelItem(item)
        for tree, empty in self._empties.items():
            rows = tree.topLevelItemCount()
            tree.setVisible(rows > 0)
            empty.setVisible(rows == 0)
            tree.setFixedHeight(tree.header().height() + max(rows, 1) * 26 + 8)
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
                tree.setColumnWidth(column, tree.columnWidth(column) + SPACE_L)
        self._barrier_chosen()
        self._caregiver_chosen()

    def _caregiver_chosen(self, *_args: object) -> None:
        """The caregiver archive button stands for the chosen (or first) caregiver."""
        item = self.caregiver_tree.currentItem() or self.caregiver_tree.topLevelItem(0)
        if item is None:
            self.caregiver_archive.show_record(None, "", archived=False)
            return
        self.caregiver_archive.show_record(item.data(0, _ID), item.text(0), archived=False)

    def _facts(self, family: FamilyRead) -> str:
        parts = [family.address or ""]
        if family.locality and family.locality not in parts[0]:
            parts.insert(0, family.locality)
        parts = [part for part in parts if part]
        if family.children_count:
            parts.append(
                ngettext(
                    "{n} child in the family", "{n} children in the family", family.children_count
                ).format(n=family.children_count)
            )
        if family.is_large:
            parts.append(_("large family"))
        parts += [_label_of(VulnerabilityMarker, marker) for marker in family.vulnerability]
        return " · ".join(parts) or _("No details yet.")

    def _barrier_chosen(self, *_args: object) -> None:
        open_barrier = self._current_barrier()
        self.resolve_button.setEnabled(open_barrier is not None)

    def _current_barrier(self) -> BarrierRead | None:
        item = self.barrier_tree.currentItem()
        if item is None:
            return next((b for b in self.barriers if b.resolved_on is None), None)
        wanted = item.data(0, _ID)
        return next((b for b in self.barriers if b.id == wanted and b.resolved_on is None), None)

    # --- actions --------------------------------------------------------------------------

    def new_family(self) -> None:
        """Add a family."""
        form = FamilyForm(self.context, None, self)
        form.accepted.connect(lambda: self._after_new(form))
        form.open()

    def _after_new(self, form: FamilyForm) -> None:
        if form.result_family is not None:
            self._wanted = form.result_family.id

    def edit_family(self) -> None:
        """Change the family shown."""
        if self.family is not None:
            FamilyForm(self.context, self.family, self).open()

    def add_caregiver(self) -> None:
        """Add a caregiver to the family shown."""
        if self.family is not None:
            CaregiverForm(self.context, self.family.id, None, self).open()

    def edit_caregiver(self, item: QTreeWidgetItem) -> None:
        """Change the caregiver of a row."""
        if self.family is None:
            return
        wanted = item.data(0, _ID)
        person = next((c for c in self.family.caregivers if c.id == wanted), None)
        if person is not None:
            CaregiverForm(self.context, self.family.id, person, self).open()

    def add_barrier(self) -> None:
        """Note a barrier of the family shown."""
        if self.family is not None:
            BarrierForm(self.context, self.family.id, None, self).open()

    def resolve_barrier(self) -> None:
        """Mark the chosen open barrier as resolved."""
        barrier = self._current_barrier()
        if self.family is not None and barrier is not None:
            BarrierForm(self.context, self.family.id, barrier, self).open()
