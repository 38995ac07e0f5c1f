"""Lines to sign on at the end of a progress report or a form: role, printed name,
signature, date; and the last section kept on their page (`keep_with_signatures`), so a
page holding only signatures can never be put after another document's pages.

A role or a name wraps at spaces only, never inside a word (a long Kazakh role such as
"Психологиялық-педагогикалық" or a double surname): the columns share their room by
the longest words, and what still does not fit is set in smaller type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.layout import para
from caseroom.reports.styles import BLACK, FRAME_WIDTH, ParagraphStyle, styles


def signature_block(
    lines: Sequence[tuple[str, str]], *, signature_word: str, date_word: str
) -> Table:
    """Signature lines: role, printed name, a line to sign on and a line for the date.

    `lines` holds (role, name) pairs; an empty name leaves a line to write it by hand.
    Roles and names wrap at spaces only: the name column widens (taking from the role
    column, down to its own longest word) to fit a name's longest word, and if even that
    is too narrow the names' type gets smaller (`signature_widths`).
    """
    st = styles()
    widths, role_style, name_style = signature_widths(
        [role for role, _name in lines], [name for _role, name in lines]
    )
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), _SIGN_PAD_LEFT),
        ("RIGHTPADDING", (0, 0), (-1, -1), _SIGN_PAD_RIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for role, name in lines:
        line_row = len(rows)
        # columns: role | name | gap | signature | gap | date (gaps keep the lines apart)
        rows.append([para(role, role_style), para(name, name_style), "", "", "", ""])
        rows.append(["", "", "", para(signature_word, st.small), "", para(date_word, st.small)])
        commands += [
            ("TOPPADDING", (0, line_row), (-1, line_row), 18),
            ("LINEBELOW", (3, line_row), (3, line_row), 0.5, BLACK),
            ("LINEBELOW", (5, line_row), (5, line_row), 0.5, BLACK),
        ]
        if not name:  # a line to write the name on by hand
            commands.append(("LINEBELOW", (1, line_row), (1, line_row), 0.5, BLACK))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(commands)
    return table


_SIGN_PAD_LEFT = 2
_SIGN_PAD_RIGHT = 10


def _longest_word(texts: Sequence[str], font: str, size: float) -> float:
    return max(
        (stringWidth(word, font, size) for text in texts for word in text.split()), default=0.0
    )


def signature_widths(
    roles: Sequence[str], names: Sequence[str]
) -> tuple[list[float], ParagraphStyle, ParagraphStyle]:
    """The signature table's column widths and the role and name styles, so that no
    role or name is split inside a word.

    The role and name columns share 64 % of the frame (37 % and 27 % by default; the
    role column fits "Психологиялық-педагогикалық", bold 9 pt, 59 mm). A name whose
    longest word is wider than its column takes room from the role column, down to the
    role's own longest word; what still does not fit is set in smaller type (to 6 pt).
    """
    st = styles()
    pad = _SIGN_PAD_LEFT + _SIGN_PAD_RIGHT
    shared = FRAME_WIDTH * 0.64
    role_need = _longest_word(roles, FONT_BOLD, st.cell_bold.fontSize) + pad
    name_need = _longest_word(names, FONT, st.cell.fontSize) + pad
    role_width = FRAME_WIDTH * 0.37
    if name_need > shared - role_width:
        role_width = max(shared - name_need, min(role_need, role_width))
    name_width = shared - role_width
    role_style = _shrunk(st.cell_bold, role_need - pad, role_width - pad)
    name_style = _shrunk(st.cell, name_need - pad, name_width - pad)
    gap = 5 * mm
    widths = [role_width, name_width, gap, FRAME_WIDTH * 0.18, gap]
    widths.append(FRAME_WIDTH - sum(widths))
    return widths, role_style, name_style


def _shrunk(style: ParagraphStyle, need: float, room: float) -> ParagraphStyle:
    """`style` that never splits a word, in type small enough (to 6 pt) for a word `need`
    points wide at its size to fit in `room`."""
    size = style.fontSize
    if need > room > 0:
        size = max(size * room / need * 0.99, 6.0)
    return ParagraphStyle(
        f"{style.name}-{size:.2f}-whole-words",
        parent=style,
        fontSize=size,
        leading=style.leading * size / style.fontSize,
        splitLongWords=0,
    )


def keep_with_signatures(
    story: Sequence[Flowable], signatures: Sequence[Flowable]
) -> list[Flowable]:
    """`story` followed by `signatures` (their heading and lines), its last section (from
    its last heading on) kept on the same page as them.

    A last section that fits on a page moves to the next page whole with the signatures
    rather than leave them alone there; a longer one flows on from where it starts, its
    last paragraph or table still kept with the signatures.
    """
    heading = styles().heading.name
    starts = [
        index
        for index, flowable in enumerate(story)
        if isinstance(flowable, Paragraph) and flowable.style.name == heading
    ]
    start = starts[-1] if starts else max(len(story) - 1, 0)
    tail = list(story[start:])
    return [*story[:start], _KeptIfItFits([*tail, *signatures], last=len(signatures) + 1)]


class _KeptIfItFits(KeepTogether):  # reportlab has no type hints: KeepTogether is Any
    """Kept together on one page when it fits on one; longer, laid out from where it is
    (reportlab's `KeepTogether` would start it on a new page and leave this one short)
    with only its `last` flowables kept together.

    Its content holds no `KeepTogether` of its own: reportlab measures one as endless."""

    def __init__(self, flowables: list[Flowable], *, last: int) -> None:
        super().__init__(flowables)
        self._last = last

    def split(self, width: float, height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (width, height):
            self.wrap(width, height)
        frame = getattr(self, "_frame", None)
        needed = self._H
        if frame is not None and needed > frame._height - frame._topPadding - frame._bottomPadding:
            content = list(self._content)
            return [*content[: -self._last], KeepTogether(content[-self._last :])]
        return list(super().split(width, height))
