"""The psychological-pedagogical presentation of a child for the PMPK (PDF, A4): the
child's development by domain with ratings over time, the support given, the current
conclusion, and the recommendations the room asks for."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from caseroom.dates import format_date
from caseroom.reports.data import DomainGoals, GoalLine
from caseroom.reports.forms.common import FormWriter, cells, write_lines
from caseroom.reports.forms.data import PmpkFormData
from caseroom.reports.language import ReportLanguage, sentence
from caseroom.reports.layout import bullets, long_text, para
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles


def write_pmpk_form(data: PmpkFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the presentation of `data` as a PDF to `out`."""
    _PmpkForm(data, ReportLanguage(language)).write(out)


class _PmpkForm(FormWriter):
    def __init__(self, data: PmpkFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("Psychological-pedagogical presentation for the PMPK")

    def footer(self) -> str:
        return self.child_footer(self.data.child)

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        rows = self.child_rows(data.child)
        if data.school_name:
            rows.append((_("School"), data.school_name))
        rows.append((_("In the support room since"), format_date(data.since)))
        if data.conclusion is not None:
            rows.append(
                (
                    _("PMPK conclusion"),
                    _("No. {number} of {issued}").format(
                        number=data.conclusion.number,
                        issued=format_date(data.conclusion.issued_on),
                    ),
                )
            )
        story: list[Flowable] = [self.details(rows)]
        story.append(self.heading(_("Development by domain")))
        if not data.domains:
            story.append(para(_("No goals have been set yet.")))
        for domain in data.domains:
            story += self._domain(domain)
        story += self._support()
        story.append(self.heading(_("Recommendations asked for")))
        story += self._earlier()
        story.append(para(_("What the room asks the PMPK to consider:"), styles().subheading))
        story.append(write_lines(4))
        return self.signed(story, data.signatories)

    def _earlier(self) -> list[Flowable]:
        """The current conclusion's recommendations: conditions, specialists, programme, other."""
        _, data, sub = self._, self.data, styles().subheading
        story: list[Flowable] = []
        if data.earlier_conditions:
            story.append(para(_("Conditions of education the PMPK set:"), sub))
            story += long_text(data.earlier_conditions)
        if data.earlier_specialists:
            story.append(para(_("Specialists the PMPK recommended:"), sub))
            story += bullets(data.earlier_specialists)
        if data.earlier_programme:
            story.append(para(_("Programme the PMPK set:"), sub))
            story += long_text(data.earlier_programme)
        if data.earlier_recommendations:
            story.append(para(_("The PMPK's earlier recommendations:"), sub))
            story += long_text(data.earlier_recommendations)
        return story

    def _ratings(self, goal: GoalLine) -> str:
        _ = self._
        if not goal.ratings:
            return _("not rated yet")
        return "\n".join(
            _("{checkpoint} ({date}): {rating}").format(
                checkpoint=sentence(self.lang.label(point.checkpoint)),
                date=format_date(point.rated_on),
                rating=self.lang.label(point.rating),
            )
            for point in goal.ratings
        )

    def _domain(self, domain: DomainGoals) -> list[Flowable]:
        _ = self._
        st = styles()
        rows = [cells((_("Goal"), _("Baseline"), _("Ratings at checkpoints")), st.cell_bold)]
        for goal in domain.goals:
            rows.append(
                cells((goal.description, goal.baseline or "—", self._ratings(goal)), st.cell)
            )
        widths = [FRAME_WIDTH * 0.38, FRAME_WIDTH * 0.27, FRAME_WIDTH * 0.35]
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(grid_table_style())
        return [para(sentence(self.lang.label(domain.domain)), st.subheading), table]

    def _support(self) -> list[Flowable]:
        _ = self._
        st = styles()
        story: list[Flowable] = [self.heading(_("Support given"))]
        people = [self.person_text(person) for person in self.data.specialists]
        if people:
            story += bullets(people)
        if not self.data.sessions:
            return [*story, para(_("No sessions were held in this period."))]
        rows = [cells((_("Kind of session"), _("Held"), _("Attended")), st.cell_bold)]
        for count in self.data.sessions:
            rows.append(
                cells(
                    (sentence(self.lang.label(count.kind)), str(count.held), str(count.attended)),
                    st.cell,
                )
            )
        table = Table(rows, colWidths=[80 * mm, 30 * mm, 30 * mm], hAlign="LEFT")
        table.setStyle(grid_table_style(numeric_from_col=1))
        return [*story, table]
