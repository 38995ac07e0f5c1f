"""The caregivers' own referrals on the parents tab: list, add, correct, record the outcome.

A referral of a caregiver (made by hand here, or by a safety follow-up that referred her)
is listed with the caregiver's name, to whom, the date and where it stands; "Refer a
caregiver…" adds one and "Edit…" on a row (or Enter on it) corrects it, moves it on
(planned → sent → completed or declined) and records its outcome, which closes it. The
form is the child's referral form, on the caregiver. Delete (or the row's context menu)
archives a referral with a reason.

The service lists only the levels the reader may see (a caregiver's referral is her own
data by default: specialists see it, each read audited); the section shows for roles that
may read specialists' records and is read on the worker each time the tab shows a family.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem, QWidget
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.parents.referrals import ReferralRead, list_referrals
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject
from caseroom.ui.pages.child_card.parts import day
from caseroom.ui.pages.child_card.referrals import status_text
from caseroom.ui.widgets.record_list import RecordListSection


def caregivers_referrals(
    session: Session, *, actor: Actor, caregiver_ids: Sequence[uuid.UUID]
) -> list[ReferralRead]:
    """The referrals of these caregivers, each caregiver's newest first."""
    found: list[ReferralRead] = []
    for caregiver_id in caregiver_ids:
        found.extend(list_referrals(session, actor=actor, caregiver_id=caregiver_id))
    return found


class CaregiverReferralsSection(RecordListSection):
    """The family's caregivers' referrals, with "Refer a caregiver…" and "Edit…" per row."""

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        actor = context.actor
        super().__init__(
            title=_("Caregivers' referrals"),
            button_text=_("R&efer a caregiver…"),
            button_name=_("Add a referral of a caregiver"),
            columns=[_("Caregiver"), _("To whom"), _("Date"), _("Status"), _("Action")],
            empty_text=_("No referrals of the caregivers recorded yet."),
            may_edit=allowed(actor, Permission.EDIT_RECORDS),
            parent=parent,
        )
        self.context, self.today = context, today
        self.caregivers: list[tuple[uuid.UUID, str]] = []
        self.referrals: list[ReferralRead] = []
        self.form: ReferralForm | None = None
        self.setVisible(allowed(actor, Permission.VIEW_NOTES))
        self.add_button.clicked.connect(self.add)
        self.enable_archive(context, "referral")
        self.table.itemActivated.connect(lambda item, _column: self._activated(item))
        self.table.hide()

    def show_caregivers(self, caregivers: list[tuple[uuid.UUID, str]]) -> None:
        """Read the referrals of `caregivers` ((id, name) in the family's order) and list them."""
        self.caregivers = list(caregivers)
        self.add_button.setEnabled(bool(caregivers))
        if not allowed(self.context.actor, Permission.VIEW_NOTES):
            return
        ids = [caregiver_id for caregiver_id, _name in caregivers]

        def done(found: list[ReferralRead]) -> None:
            if [caregiver_id for caregiver_id, _name in self.caregivers] == ids:
                self.show_referrals(found)

        self.context.call(caregivers_referrals, done, parent=self, caregiver_ids=ids)

    def reload(self) -> None:
        """Read the list again (after a save)."""
        self.show_caregivers(self.caregivers)

    def show_referrals(self, referrals: Sequence[ReferralRead]) -> None:
        """List `referrals`, each with its "Edit…" button."""
        names = dict(self.caregivers)
        self.referrals = list(referrals)
        self.clear_rows()
        for referral in referrals:
            who = names.get(referral.caregiver_id, "—") if referral.caregiver_id else "—"
            item = self.add_row(
                referral.id,
                [who, referral.to_whom, day(referral.referred_on), status_text(referral)],
            )
            item.setToolTip(1, referral.reason or referral.to_whom)
            item.setToolTip(3, status_text(referral))
            if self.may_edit:
                self.add_row_button(
                    item,
                    _("Edit…"),
                    _("Edit the referral of {name} to {whom}").format(
                        name=who, whom=referral.to_whom
                    ),
                    partial(self._edit_row, referral),
                )
        self.finish_rows()

    def _subject(self, caregiver_id: uuid.UUID) -> ReferralSubject:
        name = dict(self.caregivers).get(caregiver_id, "")
        return ReferralSubject(None, name, caregiver_id=caregiver_id)

    def add(self, caregiver_id: uuid.UUID | None = None) -> ReferralForm | None:
        """A new referral of a caregiver: the one named, else the one of the row the keyboard
        is on, else the family's first."""
        if not self.caregivers or not self.may_edit:
            return None
        current = self.table.currentItem()
        on_row = next(
            (
                r.caregiver_id
                for r in self.referrals
                if current is not None and r.id == current.data(0, Qt.ItemDataRole.UserRole)
            ),
            None,
        )
        chosen = caregiver_id or on_row or self.caregivers[0][0]
        return self._open(
            ReferralForm(self.context, self._subject(chosen), today=self.today(), parent=self)
        )

    def edit(self, referral: ReferralRead) -> ReferralForm | None:
        """The form on `referral`: correct it, move it on, record its outcome."""
        if referral.caregiver_id is None or not self.may_edit:
            return None
        subject = self._subject(referral.caregiver_id)
        form = ReferralForm(self.context, subject, referral, today=self.today(), parent=self)
        return self._open(form)

    def _edit_row(self, referral: ReferralRead) -> None:
        self.edit(referral)

    def _activated(self, item: QTreeWidgetItem) -> None:
        referral_id = item.data(0, Qt.ItemDataRole.UserRole)
        found = next((r for r in self.referrals if r.id == referral_id), None)
        if found is not None:
            self.edit(found)

    def _open(self, form: ReferralForm) -> ReferralForm:
        self.form = form
        form.result_saved.connect(lambda _saved: self.reload())
        form.open()
        return form
