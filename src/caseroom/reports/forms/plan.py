"""The child's individual development programme, ИПР (PDF, A4): goals by domain with
baseline, target and criterion, the specialists, the schedule, the parent's part, the
review dates and the signature lines."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from caseroom.dates import format_date
from caseroom.reports.data import DomainGoals
from caseroom.reports.forms.common import FormWriter, cells
from caseroom.reports.forms.data import PlanFormData
from caseroom.reports.language import ReportLanguage, sentence
from caseroom.reports.layout import bullets, para
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles


def write_plan_form(data: PlanFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the programme of `data` as a PDF to `out`."""
    _PlanForm(data, ReportLanguage(language)).write(out)


GOAL_COLUMNS = (0.31, 0.23, 0.23, 0.23)
"""The share of the frame each goal column takes: goal, baseline, target, criterion."""


class _PlanForm(FormWriter):
    def __init__(self, data: PlanFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("Individual development programme")

    def footer(self) -> str:
        return self.child_footer(self.data.child)

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        rows = [
            *self.child_rows(data.child),
            (
                _("Period"),
                _("{start} – {end}").format(
                    start=format_date(data.starts_on), end=format_date(data.ends_on)
                ),
            ),
        ]
        story: list[Flowable] = [self.details(rows), self.heading(_("Goals of the support plan"))]
        if not data.goals:
            story.append(para(_("No goals have been set yet.")))
        for domain in data.goals:
            story += self._domain(domain)
        story += self._specialists()
        story += self._schedule()
        story += self._parent_part()
        story += self._reviews()
        return self.signed(story, data.signatories)

    def _domain(self, domain: DomainGoals) -> list[Flowable]:
        _ = self._
        st = styles()
        head = cells((_("Goal"), _("Baseline"), _("Target"), _("Criterion")), st.cell_bold)
        rows = [head]
        for goal in domain.goals:
            rows.append(
                cells(
                    (
                        goal.description,
                        goal.baseline or "—",
                        goal.target or "—",
                        goal.criterion or "—",
                    ),
                    st.cell,
                )
            )
        table = Table(
            rows,
            colWidths=[FRAME_WIDTH * share for share in GOAL_COLUMNS],
            repeatRows=1,
            splitInRow=1,
        )
        table.setStyle(grid_table_style())
        return [para(sentence(self.lang.label(domain.domain)), st.subheading), table]

    def _specialists(self) -> list[Flowable]:
        _ = self._
        people = [self.person_text(person) for person in self.data.specialists]
        return [self.heading(_("Specialists")), *(bullets(people) if people else [para("—")])]

    def _schedule(self) -> list[Flowable]:
        _ = self._
        st = styles()
        story: list[Flowable] = [self.heading(_("Schedule of sessions"))]
        if not self.data.schedule:
            return [*story, para(_("No sessions are planned yet."))]
        rows = [cells((_("When"), _("Kind of session"), _("Specialist")), st.cell_bold)]
        for item in self.data.schedule:
            rows.append(
                cells(
                    (
                        self.time_text(item.on, item.starts_at, item.minutes),
                        sentence(self.lang.label(item.kind)),
                        item.specialist,
                    ),
                    st.cell,
                )
            )
        table = Table(
            rows, colWidths=[62 * mm, 50 * mm, FRAME_WIDTH - 112 * mm], repeatRows=1, splitInRow=1
        )
        table.setStyle(grid_table_style())
        return [*story, table]

    def _parent_part(self) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [self.heading(_("The parent's part"))]
        tasks = [
            _("{task} (by {day})").format(task=t.task, day=format_date(t.due_on))
            if t.due_on
            else t.task
            for t in self.data.parent_part
        ]
        if not tasks:
            return [*story, para(_("Home tasks are agreed with the parent at the sessions."))]
        return [*story, *bullets(tasks)]

    def _reviews(self) -> list[Flowable]:
        _ = self._
        done = ", ".join(format_date(day) for day in self.data.reviewed_on) or "—"
        upcoming = format_date(self.data.next_review_on) if self.data.next_review_on else "—"
        return [
            self.heading(_("Review dates")),
            self.details([(_("Reviewed on"), done), (_("Next review"), upcoming)]),
        ]
