"""Record a consent (Law of RK No. 94-V on personal data) as written on the signed form.

Whose consent it is: a child's (signed by a legal representative of the family, by the
child, or by another person whose name is typed) or a caregiver's own (signed by her,
e.g. to screening of her own wellbeing). The form names what the consent is for, how it
was given (psychological diagnostics only in writing), the day, the term, the operator,
what data are collected, third parties and whether data leave the country. The staff
member who records it is the acting one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.parents.consents import (
    NAME_MAX,
    TEXT_MAX,
    ConsentInput,
    ConsentRead,
    record_consent,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.vocab import ConsentForm, ConsentScope, label

CHANGES = frozenset({"consent"})

CHILD_SCOPES: tuple[ConsentScope, ...] = (
    ConsentScope.DATA_PROCESSING,
    ConsentScope.SEN_ASSESSMENT,
    ConsentScope.SPECIAL_SUPPORT,
    ConsentScope.PSYCH_DIAGNOSTICS,
    ConsentScope.SHARE_NOTES,
)
"""What a consent about a child can be for."""

CAREGIVER_SCOPES: tuple[ConsentScope, ...] = (
    ConsentScope.PARENT_SCREENING,
    ConsentScope.DATA_PROCESSING,
)
"""What a caregiver's consent about her own data can be for."""

SIGNER_CHILD = "child"
SIGNER_OTHER = "other"


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def end_of_school_year(day: date) -> date:
    """The 31 May that ends the school year `day` falls in (a default term)."""
    return date(day.year + (1 if day.month >= 6 else 0), 5, 31)


@dataclass(frozen=True, slots=True)
class ConsentSubject:
    """Whose consent the form records, who may sign it and the operator to suggest.

    Exactly one of `child_id` and `caregiver_id`. `signers` are (caregiver id, name) of
    those who may sign: the family's legal representatives for a child, herself for a
    caregiver.
    """

    name: str
    child_id: uuid.UUID | None = None
    caregiver_id: uuid.UUID | None = None
    signers: tuple[tuple[uuid.UUID, str], ...] = ()
    operator: str | None = None


class ConsentRecordForm(FormDialog):
    """A new consent of a child or of a caregiver; the acting staff member records it."""

    def __init__(
        self,
        context: AppContext,
        subject: ConsentSubject,
        *,
        today: date,
        scope: ConsentScope | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Record a consent"), parent, context=context)
        self.subject, self.today = subject, today
        self.for_caregiver = subject.caregiver_id is not None
        whose = QLabel(subject.name, self)
        whose.setWordWrap(True)
        self.add_field("subject", _("Whose consent"), whose)
        self.scope = self.add_field("scope", _("&Consent for"), QComboBox(self))
        for code in CAREGIVER_SCOPES if self.for_caregiver else CHILD_SCOPES:
            self.scope.addItem(label(code), code.value)
        if scope is not None:
            self.scope.setCurrentIndex(max(self.scope.findData(scope.value), 0))
        self.signer = self.add_field("signer", _("Signed &by"), QComboBox(self))
        for caregiver_id, name in subject.signers:
            self.signer.addItem(name, str(caregiver_id))
        if not self.for_caregiver:
            self.signer.addItem(_("the child"), SIGNER_CHILD)
            self.signer.addItem(_("another person (type the name)"), SIGNER_OTHER)
        self.signer.setEnabled(self.signer.count() > 1)
        for combo in (self.scope, self.signer):  # long labels must not push the field down
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.signer_name = self.add_field(
            "signer_name", _("Signer's &name"), QLineEdit(self), accessible=_("Signer's name")
        )
        self.signer_name.setMaxLength(NAME_MAX + 50)
        self.form_combo = self.add_field(
            "form", _("&How it was given"), QComboBox(self), accessible=_("How it was given")
        )
        for form in ConsentForm:
            self.form_combo.addItem(label(form), form.value)
        self.given_on = self.add_field("given_on", _("&Given on"), date_edit(self, today, ""))
        self.has_term = self.add_field(
            "has_term",
            _("&Term"),
            QCheckBox(_("It ends on a date"), self),
            accessible=_("The consent ends on a date"),
        )
        self.valid_until = self.add_field(
            "valid_until", _("Valid &until"), date_edit(self, end_of_school_year(today), "")
        )
        self.operator = self.add_field("operator", _("&Operator"), QLineEdit(self), column=1)
        self.operator.setPlaceholderText(_("The school that keeps the data"))
        self.operator.setText(subject.operator or "")
        self.data_collected = self.add_field(
            "data_collected", _("&Data collected"), QPlainTextEdit(self), column=1
        )
        self.third_parties = self.add_field(
            "third_parties", _("Third &parties"), QPlainTextEdit(self), column=1
        )
        for text in (self.data_collected, self.third_parties):
            text.setTabChangesFocus(True)
            text.setFixedHeight(72)
        self.data_collected.setPlaceholderText(
            _("e.g. name, date of birth, results of the assessment")
        )
        self.third_parties.setPlaceholderText(_("e.g. PMPK, the class teacher; or none"))
        self.cross_border = self.add_field(
            "cross_border",
            _("Abroad"),
            QCheckBox(_("Data &leave Kazakhstan"), self),
            column=1,
            accessible=_("Data leave Kazakhstan"),
        )
        self.signer.currentIndexChanged.connect(self._show_signer_name)
        self.has_term.toggled.connect(self._show_term)
        self._show_signer_name()
        self._show_term()
        self.resize(900, 0)
        self.undoable("consent")
        self.ready()

    def _show_signer_name(self) -> None:
        other = self.signer.currentData() == SIGNER_OTHER
        self.signer_name.setVisible(other)
        self.form().labelForField(self.signer_name).setVisible(other)

    def _show_term(self) -> None:
        self.valid_until.setEnabled(self.has_term.isChecked())

    def consent_input(self) -> ConsentInput:
        """The consent as the service takes it."""
        signer = self.signer.currentData()
        signer_id: uuid.UUID | None = None
        signer_name: str | None = None
        if signer == SIGNER_CHILD:
            signer_name = self.subject.name
        elif signer == SIGNER_OTHER:
            signer_name = self.signer_name.text()
        elif signer:
            signer_id = uuid.UUID(signer)
        return ConsentInput(
            scope=self.scope.currentData(),
            given_on=self.given_on.value(),
            child_id=self.subject.child_id,
            caregiver_id=self.subject.caregiver_id,
            signer_caregiver_id=signer_id,
            signer_name=signer_name,
            form=self.form_combo.currentData(),
            operator=self.operator.text() or None,
            data_collected=self.data_collected.toPlainText() or None,
            third_parties=self.third_parties.toPlainText() or None,
            cross_border=self.cross_border.isChecked(),
            valid_until=self.valid_until.value() if self.has_term.isChecked() else None,
        )

    def local_problems(self) -> dict[str, str]:
        """The service's checks that need no database, as the user types."""
        data = self.consent_input()
        problems: dict[str, str] = {}
        if data.signer_caregiver_id is None and not (data.signer_name or "").strip():
            field = "signer_name" if self.signer.currentData() == SIGNER_OTHER else "signer"
            problems[field] = _("Choose the caregiver who signed, or type the signer's name")
        elif len((data.signer_name or "").strip()) > NAME_MAX:
            problems["signer_name"] = _("The name is too long (at most {limit} characters)").format(
                limit=NAME_MAX
            )
        if data.scope == ConsentScope.PSYCH_DIAGNOSTICS and data.form != ConsentForm.WRITTEN:
            problems["form"] = _("Consent to psychological diagnostics must be given in writing")
        if data.given_on > self.today:
            problems["given_on"] = _("The consent date {date} is in the future").format(
                date=_d(data.given_on)
            )
        if data.valid_until is not None and data.valid_until < data.given_on:
            problems["valid_until"] = _(
                "The consent cannot end on {until}, before it was given on {given}"
            ).format(until=_d(data.valid_until), given=_d(data.given_on))
        for name, value, limit in (
            ("operator", data.operator, NAME_MAX),
            ("data_collected", data.data_collected, TEXT_MAX),
            ("third_parties", data.third_parties, TEXT_MAX),
        ):
            if value is not None and len(value.strip()) > limit:
                problems[name] = _("The text is too long (at most {limit} characters)").format(
                    limit=limit
                )
        return problems

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """A problem with a typed signer's name goes under the name field."""
        if "signer" in problems and self.signer.currentData() == SIGNER_OTHER:
            problems = dict(problems)
            problems["signer_name"] = problems.pop("signer")
        return problems

    def save(self) -> None:
        """Record the consent; the acting staff member is the one who recorded it."""
        data, today = self.consent_input(), self.today

        def work(session: Any, actor: Actor) -> ConsentRead:
            return record_consent(session, actor=actor, data=data, today=today)

        self.run(work, set(CHANGES))
