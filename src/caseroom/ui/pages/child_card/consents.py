"""Consents on the child card: the overview's list ("Record consent…", "Withdraw…" per
row) and, on the parents tab, a caregiver's own consent to screening of her wellbeing
("Record her consent…", "Withdraw her consent…").

Recording and withdrawing need the EDIT_RECORDS permission; for other roles the buttons
are not shown. Before a form opens, who may sign and the operator to suggest (the room's
school) are read on the worker; after a save the card reloads (`context.changed`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentRead, list_consents
from caseroom.services.people.children import ChildRead
from caseroom.services.people.families import CaregiverRead, get_family
from caseroom.services.people.overview import room_overview
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.consent_form import ConsentRecordForm, ConsentSubject
from caseroom.ui.dialogs.consent_withdraw import ConsentWithdrawForm
from caseroom.ui.pages.child_card.parts import SPACE_S, day, muted
from caseroom.ui.widgets.record_list import RecordListSection
from caseroom.vocab import ConsentForm, ConsentScope, label


def consent_state(consent: ConsentRead, today: date) -> str:
    """Whether a consent holds today, in words."""
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return _("withdrawn on {date}").format(date=day(consent.withdrawn_on))
    if consent.valid_until is not None and consent.valid_until < today:
        return _("expired on {date}").format(date=day(consent.valid_until))
    if consent.valid_until is not None:
        return _("valid until {date}").format(date=day(consent.valid_until))
    return _("valid")


def holds(consent: ConsentRead, on: date) -> bool:
    """Whether the consent is in effect on `on` (as `services.consents.has_consent`)."""
    return (
        consent.archived_at is None
        and consent.given_on <= on
        and (consent.valid_until is None or consent.valid_until >= on)
        and (consent.withdrawn_on is None or consent.withdrawn_on > on)
    )


def holding_screening(
    session: Session, actor: Actor, caregiver_id: uuid.UUID, on: date
) -> ConsentRead | None:
    """The newest consent of the caregiver to her own screening in effect on `on`."""
    if not allowed(actor, Permission.VIEW_NOTES):
        return None
    consents = list_consents(session, actor=actor, caregiver_id=caregiver_id)
    return next(
        (c for c in consents if c.scope == ConsentScope.PARENT_SCREENING and holds(c, on)), None
    )


def child_subject(session: Session, actor: Actor, child: ChildRead) -> ConsentSubject:
    """A child's consent: the family's legal representatives may sign; the school suggested."""
    family = get_family(session, actor=actor, family_id=child.family_id)
    signers = tuple(
        (carer.id, carer.full_name) for carer in family.caregivers if carer.is_legal_representative
    )
    school = child.school or room_overview(session, actor=actor).school_name
    return ConsentSubject(child.full_name, child_id=child.id, signers=signers, operator=school)


def caregiver_subject(session: Session, actor: Actor, carer: CaregiverRead) -> ConsentSubject:
    """A caregiver's own consent: signed by her; the room's school suggested."""
    return ConsentSubject(
        carer.full_name,
        caregiver_id=carer.id,
        signers=((carer.id, carer.full_name),),
        operator=room_overview(session, actor=actor).school_name,
    )


def _scope_and_form(consent: ConsentRead) -> tuple[str, str]:
    try:
        return label(ConsentScope(consent.scope)), label(ConsentForm(consent.form))
    except ValueError:
        return consent.scope, consent.form


class ConsentOpener:
    """Opens the record and withdraw forms over `owner`; remembers the last one opened."""

    def __init__(self, context: AppContext, owner: QWidget, today: Callable[[], date]) -> None:
        self.context, self.owner, self.today = context, owner, today
        self.form: ConsentRecordForm | None = None
        self.withdraw_form: ConsentWithdrawForm | None = None

    @property
    def may_edit(self) -> bool:
        """Whether the acting staff member may record and withdraw consents."""
        return allowed(self.context.actor, Permission.EDIT_RECORDS)

    def record(
        self,
        subject: Callable[[Session, Actor], ConsentSubject],
        scope: ConsentScope | None = None,
    ) -> None:
        """Read who may sign on the worker, then open the form."""
        today = self.today()

        def opened(found: ConsentSubject) -> None:
            self.form = ConsentRecordForm(
                self.context, found, today=today, scope=scope, parent=self.owner.window()
            )
            self.form.open()

        actor = self.context.actor
        self.context.run(lambda session: subject(session, actor), opened, parent=self.owner)

    def withdraw(self, consent: ConsentRead) -> None:
        """Open the withdraw form on `consent`."""
        self.withdraw_form = ConsentWithdrawForm(
            self.context, consent, today=self.today(), parent=self.owner.window()
        )
        self.withdraw_form.open()


class ConsentsSection(RecordListSection):
    """The child's consents with "Record consent…" and, per consent in effect, "Withdraw…"."""

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            title=_("Consents"),
            button_text=_("Record co&nsent…"),
            button_name=_("Record a consent for the child"),
            columns=[_("Consent"), _("Given"), _("Signed by"), _("State"), _("Action")],
            empty_text=_("No consents recorded yet."),
            may_edit=allowed(context.actor, Permission.EDIT_RECORDS),
            parent=parent,
        )
        self.opener = ConsentOpener(context, self, today)
        self.today = today
        self.child: ChildRead | None = None
        self.record_button = self.add_button
        self.consents = self.table
        self.no_consents = self.empty
        self.record_button.clicked.connect(self.record)
        self.enable_archive(context, "consent")

    @property
    def withdraw_buttons(self) -> dict[uuid.UUID, QPushButton]:
        """Each consent in effect's "Withdraw…" button, by the consent's id."""
        return self.row_buttons

    def show_consents(
        self, child: ChildRead, consents: Sequence[ConsentRead], staff: dict[uuid.UUID, str]
    ) -> None:
        """List the child's consents; who recorded each is in the signer's tooltip."""
        self.child = child
        today = self.today()
        self.clear_rows()
        for consent in consents:
            scope, form = _scope_and_form(consent)
            item = self.add_row(
                consent.id,
                [
                    scope,
                    _("{date}, {form}").format(date=day(consent.given_on), form=form),
                    consent.signer_name,
                    consent_state(consent, today),
                ],
            )
            item.setToolTip(0, scope)
            item.setToolTip(
                2, _("Recorded by {name}").format(name=staff.get(consent.recorded_by_id, "?"))
            )
            if self.opener.may_edit and consent.withdrawn_on is None and holds(consent, today):
                self.add_row_button(
                    item,
                    _("Withdraw…"),
                    _("Withdraw the consent: {scope}").format(scope=scope),
                    partial(self.opener.withdraw, consent),
                )
        self.finish_rows()

    def record(self) -> None:
        """Open the form for a new consent of the child shown."""
        child = self.child
        if child is not None:
            self.opener.record(lambda session, actor: child_subject(session, actor, child))


class HerConsent(QWidget):
    """A caregiver's consent to screening of her own wellbeing: in effect (with "Withdraw
    her consent…") or not (with "Record her consent…")."""

    def __init__(
        self,
        context: AppContext,
        carer: CaregiverRead,
        consent: ConsentRead | None,
        in_effect: bool,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.carer, self.consent = carer, consent
        self.opener = ConsentOpener(context, self, today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        name = carer.full_name
        self.record_button = QPushButton(_("Record her consen&t…"), self)
        self.record_button.setAccessibleName(
            _("Record the consent of {name} to screening of her wellbeing").format(name=name)
        )
        self.record_button.clicked.connect(self.record)
        self.record_button.setVisible(self.opener.may_edit and not in_effect)
        layout.addWidget(self.record_button)
        self.state = muted("", self)  # laid out by the owner, on a line of its own
        if in_effect and consent is not None:
            _scope, form = _scope_and_form(consent)
            self.state.setText(
                _("Her consent: given on {date} {form}, {state}").format(
                    date=day(consent.given_on), form=form, state=consent_state(consent, today())
                )
            )
        self.state.setAccessibleName(self.state.text())
        self.state.setVisible(bool(self.state.text()))
        self.withdraw_button = QPushButton(_("&Withdraw her consent…"), self)
        self.withdraw_button.setAccessibleName(
            _("Withdraw the consent of {name} to screening of her wellbeing").format(name=name)
        )
        self.withdraw_button.clicked.connect(self.withdraw)
        self.withdraw_button.setVisible(self.opener.may_edit and in_effect and consent is not None)
        layout.addWidget(self.withdraw_button)

    def record(self) -> None:
        """Open the form on her consent to screening, signed by her."""
        carer = self.carer
        self.opener.record(
            lambda session, actor: caregiver_subject(session, actor, carer),
            ConsentScope.PARENT_SCREENING,
        )

    def withdraw(self) -> None:
        """Open the withdraw form on her consent in effect."""
        if self.consent is not None:
            self.opener.withdraw(self.consent)
