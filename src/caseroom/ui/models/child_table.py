"""The children table: ids and rows fetched page by page from SQL, never all at once.

The model knows how many children match (`count_children`) and keeps the pages of rows it
has been shown (`list_children`, `PAGE_SIZE` rows each) keyed by page number. A row whose
page has not arrived shows an ellipsis and asks the worker for its page; when the page
arrives, `dataChanged` repaints it. Filtering and sorting re-run the query in SQL (never a
QSortFilterProxyModel: docs/architecture.md, rule 13). Every query carries a generation number so a
late answer to an old question is dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.people.child_list import (
    ChildFilters,
    ChildRow,
    count_children,
    list_children,
)
from caseroom.ui.context import AppContext
from caseroom.vocab import ChildStatus, label

PAGE_SIZE = 200
"""Rows fetched per query: about six screens of a table."""

ID_ROLE = Qt.ItemDataRole.UserRole
"""Data role giving the child's id (uuid.UUID) of a row."""

_Index = QModelIndex | QPersistentModelIndex


class Column:
    """Column numbers of the children table."""

    CASE_NUMBER = 0
    NAME = 1
    GRADE = 2
    SEN = 3
    STATUS = 4
    LAST_SESSION = 5
    COUNT = 6


SORT_KEYS: dict[int, str] = {
    Column.CASE_NUMBER: "case_number",
    Column.NAME: "name",
    Column.GRADE: "grade",
    Column.SEN: "sen",
    Column.STATUS: "status",
    Column.LAST_SESSION: "last_session_on",
}
"""Columns the database can sort by, and the `list_children` sort each uses."""


@dataclass(frozen=True, slots=True)
class _Query:
    filters: ChildFilters
    sort: str
    descending: bool


@dataclass(frozen=True, slots=True)
class FirstPage:
    """How many children match, and the first rows (plus any other pages asked for)."""

    count: int
    pages: dict[int, list[ChildRow]]


def first_page(
    session: Session,
    *,
    actor: Actor,
    filters: ChildFilters,
    sort: str,
    descending: bool,
    pages: tuple[int, ...] = (0,),
) -> FirstPage:
    """The count and the given pages of a query, read in one unit of work."""
    count = count_children(session, actor=actor, filters=filters)
    found = {
        page: list_children(
            session,
            actor=actor,
            filters=filters,
            sort=sort,
            descending=descending,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        for page in pages
        if page * PAGE_SIZE < count or page == 0
    }
    return FirstPage(count, found)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def grade_text(grade: int | None, class_letter: str | None) -> str:
    """A grade and class as shown in lists: "3 А", "0 Г" (the pre-school class), "—"."""
    if grade is None:
        return class_letter or "—"
    if class_letter:
        return _("{grade} {letter}").format(grade=grade, letter=class_letter)
    return str(grade)


def status_text(code: str) -> str:
    """The translated label of a child's status code."""
    try:
        return label(ChildStatus(code))
    except ValueError:
        return code


class ChildTableModel(QAbstractTableModel):
    """Children matching the filters, in the chosen order, fetched page by page."""

    loaded = Signal(int)
    """A new query has been answered: the number of children that match."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._wanted = _Query(ChildFilters(), "name", False)
        self._shown = self._wanted
        self._generation = 0  # of queries asked for
        self._epoch = 0  # of the pages held: moves on whenever they are replaced
        self._count = 0
        self._pages: dict[int, list[ChildRow]] = {}
        self._requested: set[int] = set()
        self._loading = False
        self._ever_loaded = False

    # --- what the page asks ----------------------------------------------------------------

    @property
    def filters(self) -> ChildFilters:
        """The filters of the latest query asked for."""
        return self._wanted.filters

    @property
    def sort_column(self) -> int:
        """The column the rows are sorted by."""
        return next(c for c, key in SORT_KEYS.items() if key == self._wanted.sort)

    @property
    def sort_order(self) -> Qt.SortOrder:
        """Ascending or descending."""
        if self._wanted.descending:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

    @property
    def is_loading(self) -> bool:
        """Whether a query is waiting for its answer."""
        return self._loading

    @property
    def ever_loaded(self) -> bool:
        """Whether any query has been answered yet."""
        return self._ever_loaded

    @property
    def total(self) -> int:
        """How many children match the shown query."""
        return self._count

    def set_filters(self, filters: ChildFilters) -> None:
        """Ask for the children matching `filters` (same order)."""
        if filters == self._wanted.filters and self._ever_loaded:
            return
        self._wanted = _Query(filters, self._wanted.sort, self._wanted.descending)
        self._query(keep=False)

    def reload(self) -> None:
        """Read the shown query again (after a change), keeping the pages on screen."""
        self._query(keep=True)

    def child_id(self, row: int) -> uuid.UUID | None:
        """The id of the child on `row`, if its page has arrived."""
        found = self._row(row)
        return found.id if found else None

    def row_of(self, child_id: uuid.UUID) -> int | None:
        """The row showing `child_id` among the pages that have arrived."""
        for page, rows in self._pages.items():
            for offset, item in enumerate(rows):
                if item.id == child_id:
                    return page * PAGE_SIZE + offset
        return None

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Rows of the table (no children under rows)."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Columns of the table."""
        return 0 if parent.isValid() else Column.COUNT

    def headerData(  # noqa: N802 - Qt override
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles (rows have no titles)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < Column.COUNT:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                _("Case"),
                _("Name"),
                _("Grade"),
                _("SEN categories"),
                _("Status"),
                _("Last session"),
            )[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows can be selected, never edited in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, tooltip or the row's child id (`ID_ROLE`)."""
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        item = self._row(index.row())
        if item is None:
            self._ask_for_page(index.row() // PAGE_SIZE)
            if role == Qt.ItemDataRole.DisplayRole and index.column() == Column.NAME:
                return "…"
            return None
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (Column.NAME, Column.SEN):
            return self._text(item, index.column())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by a sortable column (the others keep the current order)."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._wanted.sort, self._wanted.descending):
            return
        self._wanted = _Query(self._wanted.filters, key, descending)
        self._query(keep=False)

    # --- inside ------------------------------------------------------------------------------

    @staticmethod
    def _text(item: ChildRow, column: int) -> str:
        if column == Column.CASE_NUMBER:
            return item.case_number
        if column == Column.NAME:
            return item.full_name
        if column == Column.GRADE:
            return grade_text(item.grade, item.class_letter)
        if column == Column.SEN:
            return ", ".join(item.sen_labels)
        if column == Column.STATUS:
            if item.archived:
                return _("{status}, archived").format(status=status_text(item.status))
            return status_text(item.status)
        return _day(item.last_session_on)

    def _row(self, row: int) -> ChildRow | None:
        rows = self._pages.get(row // PAGE_SIZE)
        if rows is None:
            return None
        offset = row % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _query(self, *, keep: bool) -> None:
        self._generation += 1
        generation, wanted = self._generation, self._wanted
        pages: tuple[int, ...] = (0,)
        if keep and wanted == self._shown:
            pages = tuple(sorted(self._pages)) or (0,)
        self._loading = True
        self._context.call(
            first_page,
            lambda answer: self._answered(generation, wanted, answer),
            filters=wanted.filters,
            sort=wanted.sort,
            descending=wanted.descending,
            pages=pages,
        )

    def _answered(self, generation: int, query: _Query, answer: FirstPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._ever_loaded = True
        self._epoch += 1
        if query == self._shown and answer.count == self._count and self._count:
            # The same rows again (after a change): repaint in place, keep selection.
            self._pages = dict(answer.pages)
            self._requested = set(answer.pages)
            last = self.index(self._count - 1, Column.COUNT - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.beginResetModel()
            self._shown = query
            self._count = answer.count
            self._pages = dict(answer.pages)
            self._requested = set(answer.pages)
            self.endResetModel()
        self.loaded.emit(answer.count)

    def _ask_for_page(self, page: int) -> None:
        if page in self._requested:
            return
        self._requested.add(page)
        epoch, shown = self._epoch, self._shown
        self._context.call(
            list_children,
            lambda rows: self._page_arrived(epoch, page, rows),
            filters=shown.filters,
            sort=shown.sort,
            descending=shown.descending,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
        )

    def _page_arrived(self, epoch: int, page: int, rows: list[ChildRow]) -> None:
        if epoch != self._epoch:
            return
        self._pages[page] = rows
        first = page * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, Column.COUNT - 1))
