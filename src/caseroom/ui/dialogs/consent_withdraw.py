"""Withdraw a consent: from which day, and a note (the consent stays on record)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.parents.consents import TEXT_MAX, ConsentRead, withdraw_consent
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.consent_form import CHANGES
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.vocab import ConsentForm, ConsentScope, label


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def consent_title(consent: ConsentRead) -> str:
    """ "Psychological diagnostics, given on 01.09.2026 in writing by Ivanova A. B." """
    try:
        scope = label(ConsentScope(consent.scope))
        form = label(ConsentForm(consent.form))
    except ValueError:
        scope, form = consent.scope, consent.form
    return _("{scope}: given on {date} {form} by {signer}").format(
        scope=scope, date=_d(consent.given_on), form=form, signer=consent.signer_name
    )


class ConsentWithdrawForm(FormDialog):
    """Record that `consent` was withdrawn from a day (today unless changed)."""

    def __init__(
        self,
        context: AppContext,
        consent: ConsentRead,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Withdraw a consent"), parent, context=context)
        self.consent, self.today = consent, today
        what = QLabel(consent_title(consent), self)
        what.setWordWrap(True)
        self.add_field("consent", _("Consent"), what)
        self.withdrawn_on = self.add_field(
            "withdrawn_on", _("Withdrawn &on"), date_edit(self, today, "")
        )
        self.note = self.add_field("note", _("&Note"), QPlainTextEdit(self))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)
        self.note.setPlaceholderText(_("e.g. how it was withdrawn: a written request"))
        self.save_button.setText(_("&Withdraw"))
        self.save_button.setAccessibleName(_("Withdraw the consent"))
        self.resize(520, 0)
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """Not before the consent was given, not in the future, a note of sensible length."""
        day, given = self.withdrawn_on.value(), self.consent.given_on
        problems: dict[str, str] = {}
        if day < given:
            problems["withdrawn_on"] = _(
                "The withdrawal date {date} is before the consent was given on {given}"
            ).format(date=_d(day), given=_d(given))
        elif day > self.today:
            problems["withdrawn_on"] = _("The withdrawal date {date} is in the future").format(
                date=_d(day)
            )
        if len(self.note.toPlainText().strip()) > TEXT_MAX:
            problems["note"] = _("The text is too long (at most {limit} characters)").format(
                limit=TEXT_MAX
            )
        return problems

    def save(self) -> None:
        """Withdraw the consent from the chosen day."""
        consent_id, day, today = self.consent.id, self.withdrawn_on.value(), self.today
        note = self.note.toPlainText() or None

        def work(session: Any, actor: Actor) -> ConsentRead:
            return withdraw_consent(
                session,
                actor=actor,
                consent_id=consent_id,
                withdrawn_on=day,
                today=today,
                note=note,
            )

        self.run(work, set(CHANGES))
