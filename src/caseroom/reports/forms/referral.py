"""A referral letter (PDF, A4) from the support room to another service."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from caseroom.dates import format_date, format_long_date
from caseroom.reports.data import ExtraRole, Signatory
from caseroom.reports.forms.common import FormWriter, gap, write_lines
from caseroom.reports.forms.data import ReferralFormData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import long_text, para
from caseroom.reports.styles import styles


def write_referral_form(data: ReferralFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the referral letter of `data` as a PDF to `out`."""
    _ReferralForm(data, ReportLanguage(language)).write(out)


class _ReferralForm(FormWriter):
    def __init__(self, data: ReferralFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("Referral")

    def footer(self) -> str:
        return self.child_footer(self.data.child)

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        to = data.to
        address = [(_("Addressed to"), to.name)]
        place = ", ".join(part for part in (to.address, to.town) if part)
        if place:
            address.append((_("Address"), place))
        if to.phone:
            address.append((_("Phone"), to.phone))
        if to.hours:
            address.append((_("Hours"), to.hours))
        story: list[Flowable] = [self.details(address), gap()]
        if data.child is not None:
            who = _(
                "The support room of {school} refers {child}, born {birth}, to you for "
                "consultation and help."
            ).format(
                school=data.header.school,
                child=data.child.full_name,
                birth=format_date(data.child.birth_date),
            )
        else:
            who = _(
                "The support room of {school} refers {person} to you for consultation and help."
            ).format(
                school=data.header.school,
                person=data.caregiver.name if data.caregiver else "—",
            )
        story.append(para(who))
        rows = []
        if data.child is not None:
            rows += self.child_rows(data.child)
        rows += [
            (_("Parent or legal representative"), self.person_text(data.caregiver)),
            (_("Parent's phone"), (data.caregiver.phone if data.caregiver else None) or "—"),
            (_("Referred on"), format_long_date(data.referred_on, self.lang.code)),
        ]
        story.append(self.details(rows))
        story.append(self.heading(_("Reason for the referral")))
        story += long_text(data.reason) if data.reason else [write_lines(3)]
        if to.directions:
            story += [para(_("How to get there"), styles().subheading), *long_text(to.directions)]
        story.append(self.heading(_("Reply to the support room")))
        story.append(
            para(
                _(
                    "Please tell us what was done and what you recommend, so that we can "
                    "go on helping the child together."
                )
            )
        )
        contact = data.specialist
        if contact is not None and contact.phone:
            story.append(
                para(
                    _("Contact: {name}, phone {phone}").format(
                        name=contact.name, phone=contact.phone
                    )
                )
            )
        story.append(write_lines(3))
        signers = [Signatory(contact.role, contact.name)] if contact and contact.role else []
        signers.append(Signatory(ExtraRole.DIRECTOR))
        return self.signed(story, signers)
