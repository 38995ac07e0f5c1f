"""A child's progress report (PDF, A4) for the family or for the school consilium.

The language is chosen per report (`language=`), independent of the UI. The parent
version is in plain words and never shows specialists-only notes, SEN categories or the
PMPK conclusion; no caregiver screening score exists in the data to be shown at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from caseroom.reports.charts import (
    MAX_BARS_PER_CHART,
    checkpoints_in_order,
    goal_progress_chart,
)
from caseroom.reports.data import (
    Audience,
    ChildInfo,
    DomainGoals,
    ExtraRole,
    GoalLine,
    ParentSection,
    ProgressReportData,
    Signatory,
)
from caseroom.reports.language import (
    ReportLanguage,
    format_date,
    format_percent,
    period_text,
    sentence,
    sex_context,
)
from caseroom.reports.layout import (
    PageDecor,
    bold_para,
    build_pdf,
    bullets,
    escape,
    key_values,
    long_text,
    para,
)
from caseroom.reports.preview import PageDrawing, first_page
from caseroom.reports.signatures import keep_with_signatures, signature_block
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles


def write_progress_report(data: ProgressReportData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the progress report of `data` as a PDF to `out` (a path or a binary stream)."""
    writer = _ProgressReport(data, ReportLanguage(language))
    build_pdf(out, writer.story(), writer.decor(), title=writer.title(), language=language)


_SOURCE_INTRO = (
    "This report tells you how {name} has progressed in the support room "
    "from {start} to {end}, and what we plan to do next together with you."
)


def progress_report_first_page(data: ProgressReportData, *, language: str) -> PageDrawing:
    """The first page of the report of `data`, as drawing steps for an on-screen preview."""
    writer = _ProgressReport(data, ReportLanguage(language))
    return first_page(writer.story(), writer.decor())


class _ProgressReport:
    """Builds the story of one report in one language."""

    def __init__(self, data: ProgressReportData, lang: ReportLanguage) -> None:
        self.data = data
        self.lang = lang
        self.for_parent = data.audience is Audience.PARENT

    def title(self) -> str:
        _ = self.lang.gettext
        if self.for_parent:
            return _("How your child is doing: progress report")
        return _("Progress report for the school consilium")

    def decor(self) -> PageDecor:
        _ = self.lang.gettext
        data = self.data
        return PageDecor(
            header_left=_("{school} · {room}").format(school=data.school, room=data.room),
            header_right=_("Period: {start} – {end}").format(
                start=format_date(data.period.start), end=format_date(data.period.end)
            ),
            footer_left=_("{name} · case {case}").format(
                name=data.child.full_name, case=data.child.case_number
            ),
            page_text=_("Page {page} of {total}"),
        )

    def story(self) -> list[Flowable]:
        st = styles()
        story: list[Flowable] = [para(self.title(), st.title)]
        story += self._details()
        story += self._goals()
        story += self._chart()
        story += self._sessions()
        story += self._parent(self.data.parent)
        if not self.for_parent:
            story += self._specialist_notes()
        story += self._recommendations()
        signatures = self._signatures()
        return keep_with_signatures(story, signatures) if signatures else story

    # --- sections ---------------------------------------------------------------

    def _details(self) -> list[Flowable]:
        _ = self.lang.gettext
        data = self.data
        child = data.child
        rows = [
            (_("Child"), child.full_name),
            (_("Date of birth"), format_date(child.birth_date)),
            (_("Class"), self._class_text(child)),
            (_("Case number"), child.case_number),
            (_("Period"), period_text(data.period, self.lang)),
            (_("Report date"), format_date(data.made_on)),
        ]
        if not self.for_parent:
            if data.sen_categories:
                names = [self.lang.sen_category(code, own) for code, own in data.sen_categories]
                rows.append((_("Special educational needs"), "; ".join(names)))
            if data.pmpk is not None:
                rows.append((_("PMPK conclusion"), self._pmpk_text()))
        story: list[Flowable] = [key_values(rows)]
        if self.for_parent:
            story.append(Spacer(1, 3 * mm))
            story.append(
                para(
                    self._intro(child).format(
                        name=child.full_name,
                        start=format_date(data.period.start),
                        end=format_date(data.period.end),
                    )
                )
            )
        return story

    def _intro(self, child: ChildInfo) -> str:
        """The parent report's opening line, its verb agreeing with the child's sex."""
        _ = self.lang.gettext
        pgettext = self.lang.pgettext
        neutral = _(
            "This report tells you how {name} has progressed in the support room "
            "from {start} to {end}, and what we plan to do next together with you."
        )
        context = sex_context(child.sex)
        if context == "female":
            gendered = pgettext(
                "female",
                "This report tells you how {name} has progressed in the support room "
                "from {start} to {end}, and what we plan to do next together with you.",
            )
        elif context == "male":
            gendered = pgettext(
                "male",
                "This report tells you how {name} has progressed in the support room "
                "from {start} to {end}, and what we plan to do next together with you.",
            )
        else:
            return neutral
        # A catalogue without the gendered form gives the English back: keep the neutral one.
        return neutral if gendered == _SOURCE_INTRO else gendered

    def _class_text(self, child: ChildInfo) -> str:
        _ = self.lang.gettext
        if child.grade is None:
            return "—"
        if child.grade == 0:
            return _("pre-school class {letter}").format(letter=child.class_letter or "").strip()
        return _("{grade} {letter}").format(grade=child.grade, letter=child.class_letter or "")

    def _pmpk_text(self) -> str:
        _ = self.lang.gettext
        pmpk = self.data.pmpk
        assert pmpk is not None
        if pmpk.valid_until is None:
            return _("No. {number} of {issued}").format(
                number=pmpk.number, issued=format_date(pmpk.issued_on)
            )
        overdue = pmpk.days_overdue(self.data.made_on)
        if overdue:
            return self.lang.ngettext(
                "No. {number} of {issued}, valid until {until} — expired {days} day ago",
                "No. {number} of {issued}, valid until {until} — expired {days} days ago",
                overdue,
            ).format(
                number=pmpk.number,
                issued=format_date(pmpk.issued_on),
                until=format_date(pmpk.valid_until),
                days=overdue,
            )
        return _("No. {number} of {issued}, valid until {until}").format(
            number=pmpk.number,
            issued=format_date(pmpk.issued_on),
            until=format_date(pmpk.valid_until),
        )

    def _goals(self) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        heading = _("What we worked on") if self.for_parent else _("Goals of the support plan")
        story: list[Flowable] = [para(heading, st.heading)]
        if not self.data.goals:
            return [*story, para(_("No goals were set for this period."))]
        number = 0
        for group in self.data.goals:
            table, number = self._domain_table(group, number)
            story.append(
                KeepTogether([para(sentence(self.lang.label(group.domain)), st.subheading), table])
            )
        return story

    def _domain_table(self, group: DomainGoals, number: int) -> tuple[Table, int]:
        _ = self.lang.gettext
        st = styles()
        header = [
            para("№", st.cell_bold),
            para(_("Goal"), st.cell_bold),
            para(_("Ratings at checkpoints"), st.cell_bold),
            para(_("Status"), st.cell_bold),
        ]
        rows: list[list[Any]] = [header]
        for goal in group.goals:
            number += 1
            rows.append(
                [
                    para(str(number), st.cell),
                    self._goal_cell(goal),
                    self._ratings_cell(goal),
                    para(self.lang.label(goal.status), st.cell),
                ]
            )
        widths = [9 * mm, FRAME_WIDTH * 0.44, FRAME_WIDTH * 0.37]
        widths.append(FRAME_WIDTH - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid_table_style())
        return table, number

    def _goal_cell(self, goal: GoalLine) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        if self.for_parent:
            labels = (_("Where we started"), _("What we aim for"), _("How we will know"))
        else:
            labels = (_("Baseline"), _("Target"), _("Criterion"))
        cell: list[Flowable] = [para(goal.description, st.cell_bold)]
        for label, text in zip(labels, (goal.baseline, goal.target, goal.criterion), strict=True):
            if text:
                cell.append(Paragraph(f"<b>{escape(label)}:</b> {escape(text)}", st.cell))
        if goal.revised_on is not None and goal.was:
            revised = _("revised on {date} (was: {wording})").format(
                date=format_date(goal.revised_on), wording=goal.was
            )
            cell.append(para(revised, st.cell))
        return cell

    def _ratings_cell(self, goal: GoalLine) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        if not goal.ratings:
            return [para(_("not rated yet"), st.cell)]
        return [
            para(
                _("{checkpoint} ({date}): {rating}").format(
                    checkpoint=self.lang.label(point.checkpoint),
                    date=format_date(point.rated_on),
                    rating=self.lang.label(point.rating),
                ),
                st.cell,
            )
            for point in goal.ratings
        ]

    def _chart(self) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        goals = self.data.all_goals()
        if not any(goal.ratings for goal in goals):
            return []
        heading = _("How things changed") if self.for_parent else _("Progress over the period")
        caption = _(
            "Each bar is the rating of a goal at a checkpoint, from “no change” to “high”; "
            "the numbers below are the goal numbers in the table above."
        )
        checkpoints = checkpoints_in_order(goals)
        per_chart = max(MAX_BARS_PER_CHART // max(len(checkpoints), 1), 1)
        charts: list[Flowable] = [
            goal_progress_chart(
                goals[start : start + per_chart],
                self.lang,
                first_number=start + 1,
                checkpoints=checkpoints,
            )
            for start in range(0, len(goals), per_chart)
        ]
        return [
            CondPageBreak(60 * mm),
            para(heading, st.heading),
            *charts,
            para(caption, st.small),
        ]

    def _sessions(self) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        story: list[Flowable] = [para(_("Sessions"), st.heading)]
        sessions = self.data.sessions
        if not sessions:
            return [*story, para(_("No sessions were held in this period."))]
        rows: list[list[Any]] = [
            [
                para(_("Kind of session"), st.cell_bold),
                para(_("Held"), st.cell_bold_right),
                para(_("Attended"), st.cell_bold_right),
                para(_("Missed"), st.cell_bold_right),
            ]
        ]
        for row in sessions:
            rows.append(
                [
                    para(sentence(self.lang.label(row.kind)), st.cell),
                    row.held,
                    row.attended,
                    row.missed,
                ]
            )
        rows.append(
            [
                para(_("Total"), st.cell_bold),
                sum(row.held for row in sessions),
                sum(row.attended for row in sessions),
                sum(row.missed for row in sessions),
            ]
        )
        table = Table(
            rows, colWidths=[FRAME_WIDTH * 0.55] + [FRAME_WIDTH * 0.15] * 3, hAlign="LEFT"
        )
        style = grid_table_style(numeric_from_col=1)
        style.add("LINEABOVE", (0, -1), (-1, -1), 1.2, "black")
        table.setStyle(style)
        return [*story, table]

    def _presence_text(self, parent: ParentSection) -> str:
        ngettext = self.lang.ngettext
        return ngettext(
            "{count} session, {joint} of them joint",
            "{count} sessions, {joint} of them joint",
            parent.present_at_sessions,
        ).format(count=parent.present_at_sessions, joint=parent.joint_sessions_attended)

    def _parent(self, parent: ParentSection) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        heading = (
            _("What you did together with us") if self.for_parent else _("Work with the family")
        )
        rows = [
            (_("Consultations"), self._consultations_text(parent)),
            (_("Present at the child's sessions"), self._presence_text(parent)),
            (_("Home practice"), self._practice_text(parent)),
            (_("Parent group meetings attended"), str(parent.group_meetings_attended)),
        ]
        story: list[Flowable] = [para(heading, st.heading), key_values(rows, label_width=60 * mm)]
        if parent.goals:
            own = _("Your own goals") if self.for_parent else _("The parent's own goals")
            story.append(para(own, st.subheading))
            story += bullets(
                [
                    _("{goal} — {status}").format(
                        goal=goal.description, status=self.lang.label(goal.status)
                    )
                    for goal in parent.goals
                ]
            )
        return story

    def _consultations_text(self, parent: ParentSection) -> str:
        _ = self.lang.gettext
        if parent.consultations_offered == 0:
            return _("none offered in this period")
        return _("attended {attended} of {offered} ({percent})").format(
            attended=parent.consultations_attended,
            offered=parent.consultations_offered,
            percent=format_percent(parent.consultations_attended / parent.consultations_offered),
        )

    def _practice_text(self, parent: ParentSection) -> str:
        _ = self.lang.gettext
        if parent.practice_given == 0:
            return _("no tasks given in this period")
        return self.lang.ngettext(
            "{given} task given: {done} done, {partly} partly done, "
            "{not_done} not done, {pending} not checked yet",
            "{given} tasks given: {done} done, {partly} partly done, "
            "{not_done} not done, {pending} not checked yet",
            parent.practice_given,
        ).format(
            given=parent.practice_given,
            done=parent.practice_done,
            partly=parent.practice_partly,
            not_done=parent.practice_not_done,
            pending=parent.practice_pending,
        )

    def _specialist_notes(self) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        notes = self.data.specialist_notes
        if not notes:
            return []
        # A note's heading (its date and author) never ends a page: each note starts on
        # a new page unless its heading and a few lines of its text fit on this one.
        keep = 5 * st.body.leading
        story: list[Flowable] = [
            CondPageBreak(st.heading.leading + st.heading.spaceBefore + keep),
            para(_("Specialists' notes (not for the family)"), st.heading),
        ]
        for index, note in enumerate(notes):
            byline = " · ".join(
                part
                for part in (
                    format_date(note.written_on) if note.written_on else "",
                    note.author or "",
                )
                if part
            )
            if index:
                story.append(CondPageBreak(keep))
            if byline:
                story.append(bold_para(byline, st.small))
            story += long_text(note.text)
        return story

    def _recommendations(self) -> list[Flowable]:
        _ = self.lang.gettext
        st = styles()
        story: list[Flowable] = []
        if self.data.recommendations:
            heading = _("What we recommend") if self.for_parent else _("Recommendations")
            story += [para(heading, st.heading), *bullets(self.data.recommendations)]
        if self.data.next_steps:
            story += [para(_("Next steps"), st.heading), *bullets(self.data.next_steps)]
        return story

    def _signatures(self) -> list[Flowable]:
        """The signature lines' heading and table (kept with the last section by `story`)."""
        _ = self.lang.gettext
        st = styles()
        if not self.data.signatories:
            return []
        lines = [
            (self._role_text(signatory), signatory.name or "")
            for signatory in self.data.signatories
        ]
        block = signature_block(lines, signature_word=_("signature"), date_word=_("date"))
        return [para(_("Signatures"), st.heading), block]

    def _role_text(self, signatory: Signatory) -> str:
        _ = self.lang.gettext
        role = signatory.role
        if role is ExtraRole.CAREGIVER:
            return _("Parent or legal representative")
        if role is ExtraRole.CONSILIUM_CHAIR:
            return _("Chair of the school consilium")
        if role is ExtraRole.DIRECTOR:
            return _("School director")
        return sentence(self.lang.label(role))
