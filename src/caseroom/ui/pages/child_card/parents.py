"""The child card's parents tab: caregivers, their involvement and own goals, barriers,
and (for roles that may see it) each caregiver's own wellbeing check-ins."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _, current_language, pgettext
from caseroom.services.common import Actor
from caseroom.services.parents.goals import ParentGoalRead, list_parent_goals
from caseroom.services.parents.involvement import InvolvementFigures, involvement_trend
from caseroom.services.parents.practice import PracticeRead, list_practice
from caseroom.services.people.children import ChildRead
from caseroom.services.people.families import FamilyRead, get_family
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, allowed
from caseroom.services.plans.calendar import QuarterRead, current_quarter, school_year_of
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.caregiver_referrals import CaregiverReferralsSection
from caseroom.ui.pages.child_card.parent_goals import ParentGoalsSection
from caseroom.ui.pages.child_card.parts import (
    SPACE_L,
    SPACE_M,
    SPACE_XL,
    CardTab,
    Loader,
    clear_layout,
    day,
    fit_rows,
    heading,
    muted,
)
from caseroom.ui.pages.child_card.practice import SHOWN, PracticeSection
from caseroom.ui.pages.child_card.wellbeing import (
    CaregiverWellbeing,
    WellbeingPart,
    load_wellbeing,
)
from caseroom.ui.widgets.archived_list import ArchivedList
from caseroom.vocab import BarrierKind, CaregiverRelation, ParentGoalStatus, label


@dataclass(frozen=True, slots=True)
class ParentsData:
    """The family, this quarter, the year's quarters with figures, the caregivers' goals."""

    family: FamilyRead
    quarter: QuarterRead
    quarters: tuple[QuarterRead, ...]
    trend: tuple[InvolvementFigures | None, ...]
    goals: dict[uuid.UUID, tuple[ParentGoalRead, ...]]
    wellbeing: dict[uuid.UUID, CaregiverWellbeing] | None = None
    """Each caregiver's check-ins; None when the role may not see a caregiver's own data."""
    practice: list[PracticeRead] | None = None
    """The child's home practice, newest first; None when the role may not read it."""


def parents_loader(today: date) -> Loader:
    """A loader for the family's caregivers, involvement by quarter, parents' goals and
    (when allowed) their wellbeing check-ins."""
    language = current_language()

    def load(session: Session, actor: Actor, child: ChildRead) -> ParentsData:
        family = get_family(session, actor=actor, family_id=child.family_id)
        quarter = current_quarter(session, today=today)
        year = school_year_of(session, today)
        begun = [q for q in year.quarters if q.starts_on <= today]
        figures = involvement_trend(
            session,
            actor=actor,
            family_id=family.id,
            periods=[(q.starts_on, min(q.ends_on, today)) for q in begun],
            child_id=child.id,
        )
        trend = tuple(figures) + (None,) * (len(year.quarters) - len(begun))
        goals = {
            carer.id: tuple(list_parent_goals(session, actor=actor, caregiver_id=carer.id))
            for carer in family.caregivers
        }
        wellbeing = load_wellbeing(session, actor, family.caregivers, today, language)
        practice = (
            list_practice(session, actor=actor, child_id=child.id, limit=SHOWN)
            if allowed(actor, Permission.VIEW_NOTES)
            else None
        )
        return ParentsData(family, quarter, year.quarters, trend, goals, wellbeing, practice)

    return load


def ratio(part: int, whole: int) -> str:
    """ "2 of 3 (67%)", or a dash when nothing was offered."""
    if whole == 0:
        return "—"
    return _("{part} of {whole} ({percent}%)").format(
        part=part, whole=whole, percent=round(100 * part / whole)
    )


QUARTERS = 4
"""Quarters of a school year (the table's columns until the calendar says otherwise)."""

TITLE_WIDTH = 160
"""The involvement table's narrowest title column, before the quarters' columns shrink."""
QUARTER_NARROWEST = 40
"""A quarter's narrowest column (its text elided, in full in the tooltip)."""

Measure = Callable[[InvolvementFigures], tuple[int, int]]


def measures() -> list[tuple[str, Measure]]:
    """The involvement figures shown: a title and (part, whole) of the figures."""
    return [
        (
            _("Consultations attended of offered"),
            lambda f: (f.consultations_attended, f.consultations_offered),
        ),
        (
            _("Joint parent–child sessions attended of offered"),
            lambda f: (f.joint_attended, f.joint_offered),
        ),
        (
            _("A caregiver present at the child's sessions, of those held"),
            lambda f: (f.caregiver_present, f.child_sessions_held),
        ),
        (_("Home practice done of given"), lambda f: (f.practice_done, f.practice_given)),
        (
            _("Group meetings attended of held"),
            lambda f: (f.group_meetings_attended, f.group_meetings_held),
        ),
    ]


def _label(
    kind: type[CaregiverRelation] | type[BarrierKind] | type[ParentGoalStatus], code: str
) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


class ParentsTab(CardTab):
    """Caregivers, involvement this quarter and over the year, own goals, barriers."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, navigator, today, parent)
        self.data: ParentsData | None = None
        self.wellbeing_parts: dict[uuid.UUID, WellbeingPart] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        self.body = body
        columns = QHBoxLayout(body)
        columns.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        columns.setSpacing(SPACE_XL)
        left = QVBoxLayout()
        left.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.addWidget(heading(_("Caregivers"), body))
        top.addStretch(1)
        self.family_button = QPushButton(_("Open &family"), body)
        self.family_button.setAccessibleName(_("Open the family"))
        self.family_button.clicked.connect(self.open_family)
        top.addWidget(self.family_button)
        left.addLayout(top)
        self.caregivers = QVBoxLayout()
        self.caregivers.setSpacing(SPACE_M)
        left.addLayout(self.caregivers)
        left.addSpacing(SPACE_M)
        left.addWidget(heading(_("Caregivers' own goals"), body))
        self.goals = ParentGoalsSection(context, today, lambda: self.reload_card(), body)
        left.addWidget(self.goals)
        left.addSpacing(SPACE_M)
        self.referrals = CaregiverReferralsSection(context, today, body)
        left.addWidget(self.referrals)
        left.addSpacing(SPACE_M)
        left.addWidget(heading(_("Open barriers"), body))
        self.barriers = QVBoxLayout()
        left.addLayout(self.barriers)
        left.addSpacing(SPACE_M)
        self.archived = ArchivedList(
            context,
            ("practice", "parent_goal", "referral", "checkin"),
            pgettext("child card parents", "Sho&w archived"),
            _("Show the caregivers' archived records"),
            keep=lambda record: record.caregiver_id is not None,
            parent=body,
        )
        left.addWidget(self.archived)
        left.addStretch(1)
        columns.addLayout(left, 5)

        right = QVBoxLayout()
        right.setSpacing(SPACE_M)
        self.quarter_title = heading(_("Involvement this quarter"), body)
        self.quarter_title.setWordWrap(True)  # the quarter's dates run long in kk and ru
        right.addWidget(self.quarter_title)
        self.figures = QFormLayout()
        self.figures.setHorizontalSpacing(SPACE_L)
        self.figure_values: list[QLabel] = []
        for title, _measure in measures():
            value = QLabel("—", body)
            value.setAccessibleName(title)
            self.figures.addRow(muted(title, body, wrap=False), value)
            self.figure_values.append(value)
        right.addLayout(self.figures)
        right.addSpacing(SPACE_M)
        right.addWidget(heading(_("Over the school year"), body))
        # Each measure's title is the first column, and wraps: as a fixed-width row header it
        # took the width the quarters need ("2-я четверть" clipped to "-я четверть").
        self.trend = QTableWidget(len(measures()), 1 + QUARTERS, body)
        self.trend.setAccessibleName(_("Involvement by quarter"))
        self.trend.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trend.verticalHeader().hide()
        self.trend.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.trend.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.trend.setWordWrap(True)
        # A quarter's column is as wide as its text while the table has room, narrower (its
        # text elided, the tooltip saying it in full) when it has not: `_fit_columns`.
        self.trend.setTextElideMode(Qt.TextElideMode.ElideRight)
        for row, (title, _measure) in enumerate(measures()):
            item = QTableWidgetItem(title)
            item.setToolTip(title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.trend.setItem(row, 0, item)
        self.trend.setHorizontalHeaderItem(0, QTableWidgetItem(""))
        # As tall as its rows, which grow when the titles wrap at a narrower width.
        self.trend.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # (after the event: while the header resizes, its length is still the old one).
        header.sectionResized.connect(self._refit_trend)
        self.trend.verticalHeader().sectionResized.connect(self._refit_trend)
        right.addWidget(self.trend)
        right.addSpacing(SPACE_M)
        self.practice = PracticeSection(context, today, body, navigator=navigator)
        right.addWidget(self.practice)
        right.addStretch(1)
        columns.addLayout(right, 6)

    def _print_button(self, carer: Any, family: Any) -> QPushButton:
        """ "Print forms…" on a caregiver: the forms of her family's children (this child
        first), to print and have her sign."""
        name = full_name(carer.last_name, carer.first_name, carer.patronymic)
        button = QPushButton(_("Print forms…"), self.body)
        button.setAccessibleName(_("Print forms for {name} to sign").format(name=name))
        children = [(c.id, c.case_number, c.full_name) for c in family.children]
        children.sort(key=lambda c: self.child is None or c[0] != self.child.id)
        button.clicked.connect(lambda: self.open_print_dialog(children))
        button.setEnabled(bool(children))
        return button

    def open_print_dialog(self, children: list[Any]) -> QWidget:
        """The "Print…" dialog for these children."""
        from caseroom.ui.dialogs.print_form_dialog import PrintFormDialog

        dialog = PrintFormDialog(self.context, children, today=self.today, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def loader(self) -> Loader:
        """Family, quarters, involvement and goals."""
        return parents_loader(self.today())

    def show_data(self, child: ChildRead, data: ParentsData) -> None:
        """Fill caregivers, figures, the year's table, goals and barriers."""
        self.child, self.data = child, data
        family = data.family
        clear_layout(self.caregivers)
        self.wellbeing_parts = {}
        if not family.caregivers:
            self.caregivers.addWidget(
                muted(_("No caregivers recorded for this family."), self.body)
            )
        for carer in family.caregivers:
            facts = [_label(CaregiverRelation, carer.relation)]
            if carer.is_legal_representative:
                facts.append(_("legal representative"))
            if carer.phone:
                facts.append(carer.phone)
            name = QLabel(full_name(carer.last_name, carer.first_name, carer.patronymic), self.body)
            font = name.font()
            font.setBold(True)
            name.setFont(font)
            block = QVBoxLayout()
            block.setSpacing(2)
            block.addWidget(name)
            block.addWidget(muted(", ".join(facts), self.body))
            block.addWidget(self._print_button(carer, family), 0, Qt.AlignmentFlag.AlignLeft)
            self.caregivers.addLayout(block)
            wellbeing = data.wellbeing.get(carer.id) if data.wellbeing is not None else None
            if wellbeing is not None:
                part = WellbeingPart(self.context, carer, wellbeing, self.today, self.body)
                self.wellbeing_parts[carer.id] = part
                self.caregivers.addWidget(part)
        quarter = data.quarter
        self.quarter_title.setText(
            _("Involvement in quarter {number} ({start} – {end})").format(
                number=quarter.number, start=day(quarter.starts_on), end=day(quarter.ends_on)
            )
        )
        current = next(
            (f for q, f in zip(data.quarters, data.trend, strict=True) if q == quarter), None
        )
        for value, (_title, measure) in zip(self.figure_values, measures(), strict=True):
            value.setText(ratio(*measure(current)) if current else "—")
        self._fill_trend(data)
        names = {carer.id: f"{carer.last_name} {carer.first_name}" for carer in family.caregivers}
        self.practice.show_tasks(data.practice, names)
        self._fill_goals(data)
        clear_layout(self.barriers)
        if not family.open_barriers:
            self.barriers.addWidget(muted(_("No open barriers."), self.body))
        for barrier in family.open_barriers:
            text = _("{barrier} (noted {date})").format(
                barrier=_label(BarrierKind, barrier.kind), date=day(barrier.noted_on)
            )
            line = QLabel(text + (f"\n{barrier.note}" if barrier.note else ""), self.body)
            line.setWordWrap(True)
            self.barriers.addWidget(line)

    def _fill_trend(self, data: ParentsData) -> None:
        self.trend.setColumnCount(1 + len(data.quarters))
        for column, quarter in enumerate(data.quarters, start=1):
            title = _("Quarter {number}").format(number=quarter.number)
            header_item = QTableWidgetItem(title)
            header_item.setToolTip(title)
            self.trend.setHorizontalHeaderItem(column, header_item)
            mode = QHeaderView.ResizeMode.Interactive
            self.trend.horizontalHeader().setSectionResizeMode(column, mode)
        for column, figures in enumerate(data.trend, start=1):
            quarter_title = _("Quarter {number}").format(number=data.quarters[column - 1].number)
            for row, (title, measure) in enumerate(measures()):
                if figures is None:
                    text = ""
                else:
                    part, whole = measure(figures)
                    text = _("{part} of {whole}").format(part=part, whole=whole) if whole else "—"
                item = QTableWidgetItem(text)
                if text:
                    item.setToolTip(
                        _("{measure}, {quarter}: {value}").format(
                            measure=title, quarter=quarter_title, value=text
                        )
                    )
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if data.quarters[column - 1] == data.quarter:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.trend.setItem(row, column, item)

        self._fit_columns()
        fit_rows(self.trend)

    def _refit_trend(self, *_resized: int) -> None:
        QTimer.singleShot(0, self, self._fit_trend)

    def _fit_trend(self) -> None:
        self._fit_columns()
        self.trend.resizeRowsToContents()  # the titles wrap anew at the column's new width
        fit_rows(self.trend)

    def _fit_columns(self) -> None:
        """Each quarter as wide as its text, or an equal share of what the titles leave."""
        count = self.trend.columnCount() - 1
        if count <= 0:
            return
        header = self.trend.horizontalHeader()
        share = max((self.trend.viewport().width() - TITLE_WIDTH) // count, QUARTER_NARROWEST)
        for column in range(1, count + 1):
            wanted = max(header.sectionSizeHint(column), self.trend.sizeHintForColumn(column))
            if header.sectionSize(column) != min(wanted, share):
                header.resizeSection(column, min(wanted, share))

    def _fill_goals(self, data: ParentsData) -> None:
        caregivers = [
            (carer.id, full_name(carer.last_name, carer.first_name, carer.patronymic))
            for carer in data.family.caregivers
        ]
        self.goals.show_goals(caregivers, data.goals)
        self.referrals.show_caregivers(caregivers)
        if self.child is not None:
            self.archived.show_child(self.child.id, dict(caregivers))

    def open_family(self) -> None:
        """Show the family on the Families page."""
        if self.child is not None:
            self.navigator.open_family(self.child.family_id)
