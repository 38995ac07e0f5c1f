"""Page furniture and building blocks shared by the PDF reports.

- `escape` / `para`: user text goes into reportlab's paragraph markup escaped, so
  `<`, `>` and `&` print as typed; `long_text` lays out a text that may be long (a note
  of many pages) as several paragraphs (`split_long_text`), since reportlab splits one
  paragraph across pages in time growing with the square of its length;
- `PageDecor` + `build_pdf`: a running header (school, room, period) and a
  "Page x of y" footer, drawn after the whole story is laid out so the total is known;
- `fitted_lines`: a header or footer text wrapped, or in smaller type, never cut.

The lines to sign on are in `signatures.py`.

`build_pdf` uses reportlab's `invariant` mode: the same story gives the same bytes, except
the creation date, which is the real time unless `SOURCE_DATE_EPOCH` fixes it (the
reproducible-builds convention; the tests set it).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from caseroom.reports.document import report_doc
from caseroom.reports.fonts import FONT, FONT_BOLD, register_fonts
from caseroom.reports.styles import (
    BLACK,
    FRAME_WIDTH,
    MARGIN_X,
    PAGE_SIZE,
    ParagraphStyle,
    key_value_table_style,
    styles,
)


def escape(text: str) -> str:
    """`text` made safe for paragraph markup; line breaks are kept."""
    escaped = _xml_escape(text)
    return "<br/>".join(escaped.splitlines()) if "\n" in escaped else escaped


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain (user or translated) text, escaped."""
    return Paragraph(escape(text), style or styles().body)


LONG_TEXT_PIECE = 2000
"""About how many characters `split_long_text` puts in one paragraph."""


def _line_parts(line: str, limit: int) -> list[str]:
    """`line` cut after a space before every `limit` characters (anywhere if it has none)."""
    parts: list[str] = []
    start = 0
    while len(line) - start > limit:
        cut = line.rfind(" ", start, start + limit)
        end = cut + 1 if cut > start else start + limit
        parts.append(line[start:end])
        start = end
    if start < len(line):
        parts.append(line[start:])
    return parts


def split_long_text(text: str, limit: int = LONG_TEXT_PIECE) -> list[str]:
    """`text` in pieces of at most about `limit` characters, joined back by `"".join`.

    Pieces end at line breaks (kept at the end of the piece) where they can; a longer line
    is cut after a space (or, with none, anywhere). Every character stays, in order.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        for part in _line_parts(line, limit):
            if size and size + len(part) > limit:
                pieces.append("".join(current))
                current, size = [], 0
            current.append(part)
            size += len(part)
    if current:
        pieces.append("".join(current))
    return pieces


def long_text(text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
    """Plain text that may run over many pages, as paragraphs of `split_long_text` pieces
    (laid out in time linear in its length; `para` for one long paragraph is not)."""
    pieces = split_long_text(text)
    return [para(piece, style) for piece in pieces] if pieces else [para(text, style)]


def bold_para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text printed bold."""
    return Paragraph(f"<b>{escape(text)}</b>", style or styles().body)


def bullets(items: Sequence[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    """One bulleted paragraph per item."""
    base = style or styles().body
    hanging = ParagraphStyle(f"{base.name}-bullet", parent=base, leftIndent=12, bulletIndent=0)
    return [Paragraph(escape(item), hanging, bulletText="•") for item in items]


def key_values(rows: Sequence[tuple[str, str]], *, label_width: float = 45 * mm) -> Table:
    """Label / value lines (labels bold), without a grid."""
    st = styles()
    data = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in rows]
    table = Table(data, colWidths=[label_width, FRAME_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(key_value_table_style())
    return table


@dataclass(frozen=True, slots=True)
class PageDecor:
    """What every page repeats: the header lines and the footer texts.

    `page_text` holds `{page}` and `{total}` placeholders (already translated). No text
    is ever cut: a long school or room name (or a child's long name in the footer) wraps
    onto a second line, and if two lines are not enough its type gets smaller
    (`fitted_lines`); the header's rule moves down below it, still above the text frame.
    """

    header_left: str
    header_right: str
    footer_left: str
    page_text: str
    page_size: tuple[float, float] = PAGE_SIZE
    """The page (A4 portrait unless a report, such as the timetable, turns it)."""
    margin_x: float = MARGIN_X
    """The left and right margins, of the header and footer as of the text."""

    @property
    def frame_width(self) -> float:
        """The width between the margins."""
        return float(self.page_size[0] - 2 * self.margin_x)

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        """Draw the header and footer of one page."""
        width, height = self.page_size
        frame, margin = self.frame_width, self.margin_x
        canvas.saveState()
        canvas.setFillColor(BLACK)
        canvas.setStrokeColor(BLACK)
        gap = 6 * mm
        right_width = min(stringWidth(self.header_right, FONT, HEADER_SIZE) + 2, frame * 0.4)
        left = fitted_lines(self.header_left, frame - right_width - gap, bold=True)
        right = fitted_lines(self.header_right, right_width, align_right=True)
        top = height - HEADER_TOP
        used = _draw_block(canvas, left, margin, top)
        used = max(used, _draw_block(canvas, right, width - margin - right_width, top))
        rule = top - used - 1.5 * mm
        canvas.setLineWidth(0.6)
        canvas.line(margin, rule, width - margin, rule)
        canvas.setLineWidth(0.4)
        canvas.line(margin, FOOTER_RULE, width - margin, FOOTER_RULE)
        page_text = self.page_text.format(page=page, total=total)
        page_width = min(stringWidth(page_text, FONT, FOOTER_SIZE) + 2, frame * 0.3)
        footer = fitted_lines(self.footer_left, frame - page_width - gap, size=FOOTER_SIZE)
        numbers = fitted_lines(page_text, page_width, size=FOOTER_SIZE, align_right=True)
        below = FOOTER_RULE - 1.5 * mm
        _draw_block(canvas, footer, margin, below)
        _draw_block(canvas, numbers, width - margin - page_width, below)
        canvas.restoreState()


HEADER_SIZE = 8.5
FOOTER_SIZE = 8.0
HEADER_TOP = 9 * mm
"""From the top of the page to the top of the header's text."""
FOOTER_RULE = 14 * mm
"""From the bottom of the page to the footer's rule; the footer's text is below it."""
SMALLEST_SIZE = 6.0
"""The smallest type a header or footer line shrinks to before it takes more lines."""


@dataclass(frozen=True, slots=True)
class FittedText:
    """A text laid out in a width: its paragraph, the lines it took, its height and size."""

    paragraph: Paragraph
    lines: int
    height: float
    size: float


def fitted_lines(
    text: str,
    width: float,
    *,
    size: float = HEADER_SIZE,
    bold: bool = False,
    align_right: bool = False,
    max_lines: int = 2,
) -> FittedText:
    """`text` wrapped at spaces into `width` points: at `size` if it takes at most
    `max_lines` lines and its longest word fits, else in type 0.5 pt smaller each time
    (down to `SMALLEST_SIZE`, where it takes the lines it needs). Nothing is ever cut,
    and a word is never split."""
    register_fonts()
    steps = max(round((size - SMALLEST_SIZE) / 0.5), 0)
    for step in range(steps + 1):
        attempt = _laid_out(text, width, size - 0.5 * step, bold, align_right)
        if attempt.lines <= max_lines and _widest_word(text, attempt.size, bold) <= width:
            return attempt
    return attempt


def _laid_out(text: str, width: float, size: float, bold: bool, right: bool) -> FittedText:
    style = ParagraphStyle(
        f"decor-{size}-{int(bold)}-{int(right)}",
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.2,
        alignment=TA_RIGHT if right else TA_LEFT,
        splitLongWords=0,
    )
    paragraph = Paragraph(escape(text), style)
    _width, height = paragraph.wrap(width, 1000)
    return FittedText(paragraph, len(paragraph.blPara.lines), float(height), size)


def _widest_word(text: str, size: float, bold: bool) -> float:
    font = FONT_BOLD if bold else FONT
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _draw_block(canvas: Canvas, fitted: FittedText, x: float, top: float) -> float:
    """Draw `fitted` with its top at `top`; returns its height."""
    fitted.paragraph.drawOn(canvas, x, top - fitted.height)
    return fitted.height


class _DecoratedCanvas(Canvas):  # reportlab has no type hints: Canvas is Any
    """Keeps every page until the end, then draws header and footer with the page total."""

    def __init__(
        self, *args: Any, decor: PageDecor, created: datetime | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if created is not None:  # invariant mode would stamp 2000-01-01 otherwise
            stamp = created.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
            self.setDateFormatter(lambda *_parts: stamp)
        self._decor = decor
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._decor.draw(self, number, total)
            super().showPage()
        super().save()


def build_pdf(
    out: Path | BinaryIO,
    story: list[Flowable],
    decor: PageDecor,
    *,
    title: str,
    language: str,
) -> None:
    """Lay out `story` on the pages of `decor` (A4 unless it says otherwise), and write
    the PDF to `out`.

    A path is written whole or not at all (through a temporary file in the same folder).
    """
    buffer = io.BytesIO()
    doc = report_doc(
        buffer,
        pagesize=decor.page_size,
        margin_x=decor.margin_x,
        title=title,
        author="caseroom",
        creator="caseroom",
        producer="caseroom",
        lang=language,
        invariant=1,
    )
    created = None if os.environ.get("SOURCE_DATE_EPOCH") else datetime.now(UTC)
    doc.build(story, canvasmaker=partial(_DecoratedCanvas, decor=decor, created=created))
    write_bytes(out, buffer.getvalue())


def write_bytes(out: Path | BinaryIO, payload: bytes) -> None:
    """Write `payload` to a stream, or to a path atomically (temporary file, then replace)."""
    if not isinstance(out, Path):
        out.write(payload)
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
