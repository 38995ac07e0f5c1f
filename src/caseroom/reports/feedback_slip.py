"""The paper feedback slip a mother fills in after a support-group meeting (A4, PDF).

Two slips a page, with a dashed line to cut along: the group and the meeting's day (or a
line to write it on), the questions with boxes to tick (1 to 5, or yes and no), lines
for a free comment and an optional name, so the slip stays anonymous unless she signs.
The questions arrive in the slip's language (from the questions file); the report layer
never reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import PageDecor, build_pdf, para
from caseroom.reports.styles import FRAME_WIDTH, styles

SLIPS_PER_PAGE = 2
BOX = 7 * mm


@dataclass(frozen=True, slots=True)
class SlipQuestion:
    """One question as printed: its text and whether it is answered yes or no."""

    text: str
    yes_no: bool


@dataclass(frozen=True, slots=True)
class FeedbackSlipData:
    """What a page of slips prints (texts already in the slip's language)."""

    school: str
    room: str
    group: str
    title: str
    instructions: str
    low: str
    """What 1 means on the scale."""
    high: str
    """What 5 means on the scale."""
    questions: tuple[SlipQuestion, ...]
    comment: str
    meeting_on: date | None = None
    """The meeting's day, or None for a line to write it on."""


def write_feedback_slip(
    data: FeedbackSlipData, out: Path | BinaryIO, *, language: str, pages: int = 1
) -> None:
    """Write `pages` A4 pages of slips (two to a page) as a PDF to `out`."""
    lang = ReportLanguage(language)
    _ = lang.gettext
    decor = PageDecor(
        header_left=_("{school} · {room}").format(school=data.school, room=data.room),
        header_right=data.group,
        footer_left=_("Feedback slip · cut along the dashed line"),
        page_text=_("Page {page} of {total}"),
    )
    story: list[Flowable] = []
    for number in range(pages * SLIPS_PER_PAGE):
        if number:
            story += [_CutLine()] if number % 2 else [_PageBreak()]
        story.append(KeepTogether(_slip(data, lang)))
    build_pdf(out, story, decor, title=data.title, language=language)


class _PageBreak(CondPageBreak):  # reportlab has no type hints
    def __init__(self) -> None:
        super().__init__(10_000)


class _CutLine(Flowable):  # reportlab has no type hints: Flowable is Any
    """A dashed line across the frame, with a little room above and below."""

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return FRAME_WIDTH, 8 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setDash(3, 3)
        canvas.setLineWidth(0.5)
        canvas.line(0, 4 * mm, FRAME_WIDTH, 4 * mm)
        canvas.restoreState()


@cache
def _centred() -> ParagraphStyle:
    return ParagraphStyle("centred", parent=styles().small, alignment=TA_CENTER)


def _boxes(labels: list[str]) -> Table:
    """A row of boxes, each with its answer printed in it, to tick or circle."""
    table = Table(
        [[para(label, _centred()) for label in labels]],
        colWidths=[12 * mm] * len(labels),
        rowHeights=[BOX],
    )
    style = TableStyle(
        [
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.8, "black"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    table.setStyle(style)
    return table


def _slip(data: FeedbackSlipData, lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    st = styles()
    day = format_date(data.meeting_on) if data.meeting_on is not None else "____________"
    parts: list[Flowable] = [
        para(data.title, st.heading),
        para(_("Group: {group} · Meeting of {date}").format(group=data.group, date=day), st.body),
        para(
            " ".join(
                [data.instructions, _("1 = {low}, 5 = {high}").format(low=data.low, high=data.high)]
            ),
            st.small,
        ),
    ]
    rows: list[list[Any]] = []
    for number, question in enumerate(data.questions, start=1):
        labels = [_("Yes"), _("No")] if question.yes_no else [str(n) for n in range(1, 6)]
        rows.append([para(f"{number}. {question.text}", st.body), _boxes(labels)])
    grid = Table(rows, colWidths=[FRAME_WIDTH - 66 * mm, 66 * mm], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, "grey"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    parts += [
        grid,
        Spacer(1, 2 * mm),
        para(data.comment + ":", st.body),
        _Lines(2),
        para(_("Name (only if you wish): ____________________________"), st.small),
    ]
    return parts


class _Lines(Flowable):  # reportlab has no type hints: Flowable is Any
    """`count` ruled lines to write on."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return FRAME_WIDTH, self.count * 7 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.4)
        for line in range(self.count):
            y = line * 7 * mm + 1 * mm
            canvas.line(0, y, FRAME_WIDTH, y)
