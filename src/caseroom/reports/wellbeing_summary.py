"""A caregiver's own wellbeing summary (PDF, A4): her scores over time, in plain words.

Printed for the caregiver herself, in the language she chooses. Each instrument gets a
table of her check-ins, a bar per check-in, and one plain sentence about the latest
change. A screen is not a diagnosis, and the page ends with where to get help (the room's
own text, or a generic line since local numbers vary).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from caseroom.reports.charts import bar_chart
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import PageDecor, build_pdf, key_values, para
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles
from caseroom.reports.wellbeing_data import (
    InstrumentHistory,
    WellbeingSummaryData,
    default_help_text,
)


def write_wellbeing_summary(
    data: WellbeingSummaryData, out: Path | BinaryIO, *, language: str
) -> None:
    """Write the caregiver's wellbeing summary as a PDF to `out` (a path or a stream)."""
    lang = ReportLanguage(language)
    _ = lang.gettext
    title = _("Your wellbeing check-ins")
    decor = PageDecor(
        header_left=_("{school} · {room}").format(school=data.school, room=data.room),
        header_right=_("Made on {date}").format(date=format_date(data.made_on)),
        footer_left=_("Personal: for {name} only").format(name=data.caregiver_name),
        page_text=_("Page {page} of {total}"),
    )
    build_pdf(out, _story(data, lang, title), decor, title=title, language=language)


def _story(data: WellbeingSummaryData, lang: ReportLanguage, title: str) -> list[Flowable]:
    _ = lang.gettext
    st = styles()
    story: list[Flowable] = [
        para(title, st.title),
        key_values([(_("For"), data.caregiver_name), (_("Made on"), format_date(data.made_on))]),
        Spacer(1, 3 * mm),
        para(
            _(
                "These are the answers you gave about how you have been feeling. They help "
                "you and the specialist notice changes over time. A questionnaire is not a "
                "diagnosis."
            )
        ),
    ]
    if not data.histories:
        story.append(para(_("You have no check-ins on record yet.")))
    for history in data.histories:
        story += _instrument(history, lang)
    story += [
        para(_("Where to get help"), st.heading),
        para(data.help_text or default_help_text(lang.gettext)),
    ]
    return story


def _instrument(history: InstrumentHistory, lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    st = styles()
    rows: list[list[Any]] = [
        [para(_("Date"), st.cell_bold), para(_("Score"), st.cell_bold_right),
         para(_("What it means"), st.cell_bold)],
    ]  # fmt: skip
    for point in history.points:
        rows.append(
            [
                para(format_date(point.given_on), st.cell),
                para(
                    _("{score} of {max}").format(score=point.score, max=history.max_score),
                    st.cell_right,
                ),
                para(point.band_label or "—", st.cell),
            ]
        )
    grid = Table(rows, colWidths=[35 * mm, 30 * mm, FRAME_WIDTH - 65 * mm], hAlign="LEFT")
    grid.setStyle(grid_table_style())
    chart = bar_chart(
        [(format_date(p.given_on), float(p.score)) for p in history.points],
        max_value=float(history.max_score),
    )
    return [
        KeepTogether(
            [
                para(history.title, st.heading),
                para(_plain_words(history, lang)),
                Spacer(1, 2 * mm),
                grid,
                Spacer(1, 3 * mm),
                chart,
            ]
        )
    ]


def _plain_words(history: InstrumentHistory, lang: ReportLanguage) -> str:
    """One sentence about the latest score and the change since the one before."""
    _ = lang.gettext
    latest = history.points[-1]
    values = {
        "date": format_date(latest.given_on),
        "score": latest.score,
        "max": history.max_score,
    }
    if len(history.points) == 1:
        return _("On {date} your score was {score} of {max}.").format(**values)
    before = history.points[-2]
    change = latest.score - before.score
    values |= {"previous": format_date(before.given_on), "change": abs(change)}
    if change == 0:
        return _("On {date} your score was {score} of {max}, the same as on {previous}.").format(
            **values
        )
    if change > 0 and history.higher_is_better:
        message = _(
            "On {date} your score was {score} of {max}: {change} higher than on {previous}, "
            "which means you were feeling better."
        )
    elif change > 0:
        message = _(
            "On {date} your score was {score} of {max}: {change} higher than on {previous}, "
            "which means more difficulties than before."
        )
    elif history.higher_is_better:
        message = _(
            "On {date} your score was {score} of {max}: {change} lower than on {previous}, "
            "which means you were feeling less well."
        )
    else:
        message = _(
            "On {date} your score was {score} of {max}: {change} lower than on {previous}, "
            "which means fewer difficulties than before."
        )
    return message.format(**values)
