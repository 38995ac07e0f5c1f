"""Referrals on the child card's overview: the child's referrals (to whom, date, status,
who may see them) with "Add referral…", and per referral "Edit…" (which also marks it
sent, completed or declined). Enter or a double click on a row opens it too.

Only roles that may read specialists' records see the section (the service lists
referrals to them alone, leaving out levels they may not see); adding and editing need
EDIT_RECORDS. The list is read on the worker each time the overview shows the child.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.children import ChildRead
from caseroom.services.permissions import Permission, allowed
from caseroom.services.referrals import ReferralRead, list_referrals
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject
from caseroom.ui.pages.child_card_parts import SPACE_M, day, fit_rows, heading, muted
from caseroom.vocab import Confidentiality, ReferralStatus, label

_EDIT_COLUMN = 4


def _label(kind: type[ReferralStatus] | type[Confidentiality], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def status_text(referral: ReferralRead) -> str:
    """Where the referral stands, with its outcome when there is one."""
    status = _label(ReferralStatus, referral.status)
    if referral.outcome:
        return _("{status}: {outcome}").format(status=status, outcome=referral.outcome)
    return status


class ReferralsSection(QWidget):
    """The child's referrals, with "Add referral…" and "Edit…" per referral."""

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.today = context, today
        self.child: ChildRead | None = None
        self.form: ReferralForm | None = None
        self.referrals: list[ReferralRead] = []
        actor = context.actor
        self.setVisible(allowed(actor, Permission.VIEW_NOTES))
        self.may_edit = allowed(actor, Permission.EDIT_RECORDS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.addWidget(heading(_("Referrals"), self))
        top.addStretch(1)
        self.add_button = QPushButton(_("Add re&ferral…"), self)
        self.add_button.setAccessibleName(_("Add a referral of the child"))
        self.add_button.setVisible(self.may_edit)
        self.add_button.clicked.connect(self.add)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setAccessibleName(_("Referrals"))
        self.table.setHeaderLabels(
            [_("To whom"), _("Date"), _("Status"), _("Who may see it"), _("Action")]
        )
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in (1, 2, 3, _EDIT_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(_EDIT_COLUMN, not self.may_edit)
        self.table.itemActivated.connect(lambda item, _column: self._activated(item))
        layout.addWidget(self.table)
        self.empty = muted(_("No referrals recorded yet."), self)
        layout.addWidget(self.empty)
        self.edit_buttons: dict[uuid.UUID, QPushButton] = {}
        self.table.hide()

    def show_child(self, child: ChildRead) -> None:
        """Read the child's referrals on the worker and list them."""
        self.child = child
        if not allowed(self.context.actor, Permission.VIEW_NOTES):
            return
        child_id = child.id

        def done(found: list[ReferralRead]) -> None:
            if self.child is not None and self.child.id == child_id:
                self.show_referrals(found)

        self.context.call(list_referrals, done, parent=self, child_id=child_id)

    def show_referrals(self, referrals: Sequence[ReferralRead]) -> None:
        """List `referrals` (newest first), each with its "Edit…" button."""
        self.referrals = list(referrals)
        self.table.clear()
        self.edit_buttons = {}
        for referral in referrals:
            level = _label(Confidentiality, referral.confidentiality)
            item = QTreeWidgetItem(
                [
                    referral.to_whom,
                    day(referral.referred_on),
                    status_text(referral),
                    level,
                    "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, referral.id)
            item.setToolTip(0, referral.reason or referral.to_whom)
            item.setToolTip(2, status_text(referral))
            self.table.addTopLevelItem(item)
            if self.may_edit:
                button = QPushButton(_("Edit…"), self.table)
                button.setAccessibleName(
                    _("Edit the referral to {whom}").format(whom=referral.to_whom)
                )
                button.clicked.connect(lambda _checked=False, r=referral: self.edit(r))
                self.table.setItemWidget(item, _EDIT_COLUMN, button)
                self.edit_buttons[referral.id] = button
        fit_rows(self.table)
        self.table.setVisible(bool(referrals))
        self.empty.setVisible(not referrals)

    def _subject(self) -> ReferralSubject | None:
        child = self.child
        return None if child is None else ReferralSubject(child.id, child.full_name)

    def add(self) -> None:
        """Open the form for a new referral of the child shown."""
        subject = self._subject()
        if subject is not None and self.may_edit:
            self._open(ReferralForm(self.context, subject, today=self.today(), parent=self))

    def edit(self, referral: ReferralRead) -> None:
        """Open the form on `referral` (to correct it or move it on)."""
        subject = self._subject()
        if subject is not None and self.may_edit:
            form = ReferralForm(self.context, subject, referral, today=self.today(), parent=self)
            self._open(form)

    def _activated(self, item: QTreeWidgetItem) -> None:
        referral_id = item.data(0, Qt.ItemDataRole.UserRole)
        found = next((r for r in self.referrals if r.id == referral_id), None)
        if found is not None:
            self.edit(found)

    def _open(self, form: ReferralForm) -> None:
        self.form = form
        form.open()
