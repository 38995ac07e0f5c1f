"""Paragraph and table styles shared by the PDF reports.

Made for a black-and-white office printer: black text, greys only for shading, rules for
structure; nothing is told apart by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from caseroom.reports.fonts import FONT, FONT_BOLD, register_fonts
from caseroom.reports.hyphenation import allow_cyrillic_words

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm  # room for the running header
MARGIN_BOTTOM = 18 * mm  # room for the footer
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

BLACK = colors.black
WHITE = colors.white
GREY_LIGHT = colors.Color(0.90, 0.90, 0.90)
GREY_MID = colors.Color(0.62, 0.62, 0.62)
GREY_DARK = colors.Color(0.30, 0.30, 0.30)

SERIES_FILLS = (WHITE, GREY_LIGHT, GREY_MID, GREY_DARK, colors.Color(0.08, 0.08, 0.08))
"""Bar fills told apart in black and white, lightest first (always with black outlines)."""


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles a report uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold_right: ParagraphStyle


def _heading(
    name: str, body: ParagraphStyle, *, size: float, leading: float, before: float, after: float
) -> ParagraphStyle:
    """A bold heading style kept on the page with what follows it."""
    return ParagraphStyle(
        name,
        parent=body,
        fontName=FONT_BOLD,
        fontSize=size,
        leading=leading,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
    )


def _cell(
    name: str, body: ParagraphStyle, *, bold: bool = False, right: bool = False
) -> ParagraphStyle:
    """A table cell's text style: 9 pt, no space after; bold and right-aligned if told."""
    extra: dict[str, object] = {}
    if bold:
        extra["fontName"] = FONT_BOLD
    if right:
        extra["alignment"] = TA_RIGHT
    return ParagraphStyle(name, parent=body, fontSize=9, leading=11.5, spaceAfter=0, **extra)


@cache
def styles() -> Styles:
    """The report styles (fonts registered on first use).

    Every style inherits from `body` the rule for long words: one is broken only after a
    hyphen of its own, never inside (`hyphenation`)."""
    register_fonts()
    allow_cyrillic_words()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10,
        leading=13.5,
        spaceAfter=3,
        splitLongWords=0,
        embeddedHyphenation=2,
        hyphenationLang="",
    )
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6
        ),
        heading=_heading("heading", body, size=12, leading=15, before=10, after=5),
        subheading=_heading("subheading", body, size=10, leading=13, before=6, after=3),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        cell=_cell("cell", body),
        cell_bold=_cell("cell_bold", body, bold=True),
        cell_right=_cell("cell_right", body, right=True),
        cell_bold_right=_cell("cell_bold_right", body, bold=True, right=True),
    )


def grid_table_style(*, header_rows: int = 1, numeric_from_col: int | None = None) -> TableStyle:
    """A plain grid: header row shaded light grey and bold, thin black rules."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY_LIGHT),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
        ]
    if numeric_from_col is not None:
        commands.append(("ALIGN", (numeric_from_col, 0), (-1, -1), "RIGHT"))
    return TableStyle(commands)


def key_value_table_style() -> TableStyle:
    """Label / value rows without a grid (the child's details block)."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
