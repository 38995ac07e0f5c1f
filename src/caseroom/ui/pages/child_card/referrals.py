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
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QPushButton,
    QTreeWidgetItem,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.parents.referrals import ReferralRead, list_referrals
from caseroom.services.people.children import ChildRead
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject
from caseroom.ui.pages.child_card.parts import day
from caseroom.ui.widgets.record_list import RecordListSection
from caseroom.vocab import Confidentiality, ReferralStatus, label


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


class ReferralsSection(RecordListSection):
    """The child's referrals, with "Add referral…" and "Edit…" per referral."""

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        actor = context.actor
        super().__init__(
            title=_("Referrals"),
            button_text=_("Add re&ferral…"),
            button_name=_("Add a referral of the child"),
            columns=[_("To whom"), _("Date"), _("Status"), _("Who may see it"), _("Action")],
            empty_text=_("No referrals recorded yet."),
            may_edit=allowed(actor, Permission.EDIT_RECORDS),
            parent=parent,
        )
        self.context, self.today = context, today
        self.child: ChildRead | None = None
        self.form: ReferralForm | None = None
        self.referrals: list[ReferralRead] = []
        self.setVisible(allowed(actor, Permission.VIEW_NOTES))
        self.add_button.clicked.connect(self.add)
        self.enable_archive(context, "referral")
        self.table.itemActivated.connect(lambda item, _column: self._activated(item))
        self.table.hide()

    @property
    def edit_buttons(self) -> dict[uuid.UUID, QPushButton]:
        """Each listed referral's "Edit…" button, by the referral's id."""
        return self.row_buttons

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
        self.clear_rows()
        for referral in referrals:
            level = _label(Confidentiality, referral.confidentiality)
            item = self.add_row(
                referral.id,
                [referral.to_whom, day(referral.referred_on), status_text(referral), level],
            )
            item.setToolTip(0, referral.reason or referral.to_whom)
            item.setToolTip(2, status_text(referral))
            if self.may_edit:
                self.add_row_button(
                    item,
                    _("Edit…"),
                    _("Edit the referral to {whom}").format(whom=referral.to_whom),
                    partial(self.edit, referral),
                )
        self.finish_rows()

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
