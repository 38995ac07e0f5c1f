"""A reminder slip for the parent (PDF, A4, large plain type): the child's next sessions
and the home task, in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from caseroom.dates import format_date
from caseroom.reports.forms.common import FormWriter, gap, write_lines
from caseroom.reports.forms.data import SlipFormData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import bullets, para
from caseroom.reports.styles import ParagraphStyle, styles


def write_slip_form(data: SlipFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the parent's slip of `data` as a PDF to `out`."""
    _SlipForm(data, ReportLanguage(language)).write(out)


def _large() -> ParagraphStyle:
    body = styles().body
    return ParagraphStyle("slip-large", parent=body, fontSize=13, leading=17, spaceAfter=5)


def _large_heading() -> ParagraphStyle:
    heading = styles().heading
    return ParagraphStyle("slip-heading", parent=heading, fontSize=15, leading=19)


class _SlipForm(FormWriter):
    def __init__(self, data: SlipFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("A reminder for the parent")

    def footer(self) -> str:
        return self.child_footer(self.data.child)

    def body(self) -> list[Flowable]:
        _ = self._
        large = _large()
        data = self.data
        greeting = (
            _("Dear {name},").format(name=data.caregiver.name)
            if data.caregiver
            else _("Dear parent,")
        )
        story: list[Flowable] = [
            para(greeting, large),
            para(
                _("Here is what is coming up for {child}.").format(child=data.child.full_name),
                large,
            ),
            para(_("Next sessions"), _large_heading()),
        ]
        if data.sessions:
            story += bullets(
                [
                    _("{when} — {kind}, with {specialist}").format(
                        when=self.time_text(item.on, item.starts_at, item.minutes, long=True),
                        kind=self.lang.label(item.kind),
                        specialist=item.specialist,
                    )
                    for item in data.sessions
                ],
                large,
            )
        else:
            story.append(para(_("We will call you to agree the next session."), large))
        story.append(para(_("Your task at home"), _large_heading()))
        if data.tasks:
            story += bullets(
                [
                    _("{task} (by {day})").format(task=t.task, day=format_date(t.due_on))
                    if t.due_on
                    else t.task
                    for t in data.tasks
                ],
                large,
            )
        else:
            story.append(para(_("No task this time: play and talk together every day."), large))
        story += [
            gap(),
            para(_("Questions or cannot come? Tell us, we will find another time."), large),
            para(_("Notes"), _large_heading()),
            write_lines(3),
        ]
        return story
