"""The parent's written consent (PDF, A4): one section per activity scope, each to tick and
sign, with the clause on withdrawing it."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether

from caseroom.dates import format_date
from caseroom.reports.data import ExtraRole, Signatory
from caseroom.reports.forms.common import FormWriter, gap
from caseroom.reports.forms.data import ConsentFormData
from caseroom.reports.language import ReportLanguage, sentence
from caseroom.reports.layout import para
from caseroom.reports.styles import styles
from caseroom.vocab import ConsentScope


def write_consent_form(data: ConsentFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the consent form of `data` as a PDF to `out`."""
    _ConsentForm(data, ReportLanguage(language)).write(out)


class _ConsentForm(FormWriter):
    def __init__(self, data: ConsentFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("Written consent of the parent (legal representative)")

    def footer(self) -> str:
        return self.child_footer(self.data.child)

    def _purpose(self, scope: ConsentScope) -> str:
        _ = self._
        texts = {
            ConsentScope.DATA_PROCESSING: _(
                "The room may collect, keep and use the child's and the family's personal "
                "data needed for the support work (names, date of birth, contacts, the "
                "PMPK conclusion, records of sessions and progress), kept on the room's "
                "computer and not given to anyone else without a separate consent."
            ),
            ConsentScope.SEN_ASSESSMENT: _(
                "The room's specialists may assess the child's special educational needs "
                "and tell the parent the results."
            ),
            ConsentScope.SPECIAL_SUPPORT: _(
                "The child may take part in the support room's sessions (individual and "
                "group) under the individual development programme agreed with the parent."
            ),
            ConsentScope.PSYCH_DIAGNOSTICS: _(
                "The school psychologist may carry out psychological diagnostics of the "
                "child; the results are explained to the parent and kept confidential."
            ),
            ConsentScope.PARENT_SCREENING: _(
                "The parent agrees to answer short questionnaires about her own wellbeing; "
                "the answers are her own data and never appear in the child's papers."
            ),
            ConsentScope.SHARE_NOTES: _(
                "The specialists' session notes may go with the child's file when the child "
                "moves to another support room."
            ),
        }
        return texts[scope]

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        signer = data.caregiver.name if data.caregiver else "_" * 40
        rows = [(_("Parent or legal representative"), self.person_text(data.caregiver))]
        if data.child is not None:
            rows = [*self.child_rows(data.child), *rows]
        story: list[Flowable] = [self.details(rows), gap()]
        if data.child is not None:
            intro = _(
                "I, {signer}, the parent (legal representative) of {child}, born {birth}, "
                "have been told what each activity below involves, and give my decision on "
                "each of them."
            ).format(
                signer=signer,
                child=data.child.full_name,
                birth=format_date(data.child.birth_date),
            )
        else:
            intro = _(
                "I, {signer}, have been told what each activity below involves, and give "
                "my decision on each of them."
            ).format(signer=signer)
        story.append(para(intro))
        for number, scope in enumerate(data.scopes, start=1):
            story.append(self._scope(number, scope))
        story += [
            self.heading(_("Withdrawing consent")),
            para(
                _(
                    "I may withdraw any of these consents at any time, in writing or in "
                    "person, at the support room, without giving a reason and without any "
                    "consequence for my child's schooling. Withdrawing stops the activity "
                    "from that day; it does not undo what was lawfully done before. This "
                    "consent is valid until the end of the child's support in the room "
                    "unless I withdraw it."
                )
            ),
        ]
        caregiver = data.caregiver.name if data.caregiver else None
        return self.signed(
            story, (Signatory(ExtraRole.CAREGIVER, caregiver), Signatory(ExtraRole.DIRECTOR))
        )

    def _scope(self, number: int, scope: ConsentScope) -> Flowable:
        _ = self._
        st = styles()
        label = sentence(self.lang.label(scope))
        return KeepTogether(
            [
                para(_("{number}. {label}").format(number=number, label=label), st.subheading),
                para(self._purpose(scope)),
                para("☐ " + _("I agree") + "        ☐ " + _("I do not agree")),
                para(
                    _("Signature: ____________________   Date: ____________"),
                    st.small,
                ),
            ]
        )
