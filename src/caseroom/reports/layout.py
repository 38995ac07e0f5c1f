"""Page furniture and building blocks shared by the PDF reports.

- `escape` / `para`: user text goes into reportlab's paragraph markup escaped, so
  `<`, `>` and `&` print as typed; `long_text` lays out a text that may be long (a note
  of many pages) as several paragraphs (`split_long_text`), since reportlab splits one
  paragraph across pages in time growing with the square of its length;
- `PageDecor` + `build_pdf`: a running header (school, room, period) and a
  "Page x of y" footer, drawn after the whole story is laid out so the total is known;
- `signature_block`: lines to sign on.

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

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.styles import (
    BLACK,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
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

    `page_text` holds `{page}` and `{total}` placeholders (already translated).
    """

    header_left: str
    header_right: str
    footer_left: str
    page_text: str

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        """Draw the header and footer of one page."""
        width, height = PAGE_SIZE
        canvas.saveState()
        canvas.setFillColor(BLACK)
        canvas.setStrokeColor(BLACK)
        top = height - 12 * mm
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.drawString(MARGIN_X, top, _fit(self.header_left, FONT_BOLD, 8.5, FRAME_WIDTH * 0.6))
        canvas.setFont(FONT, 8.5)
        canvas.drawRightString(
            width - MARGIN_X, top, _fit(self.header_right, FONT, 8.5, FRAME_WIDTH * 0.38)
        )
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)
        bottom = 10 * mm
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, bottom, _fit(self.footer_left, FONT, 8, FRAME_WIDTH * 0.7))
        canvas.drawRightString(
            width - MARGIN_X, bottom, self.page_text.format(page=page, total=total)
        )
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` points (header and footer lines)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


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
    """Lay out `story` on A4 pages with `decor`, and write the PDF to `out`.

    A path is written whole or not at all (through a temporary file in the same folder).
    """
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
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


def signature_block(
    lines: Sequence[tuple[str, str]], *, signature_word: str, date_word: str
) -> Table:
    """Signature lines: role, printed name, a line to sign on and a line for the date.

    `lines` holds (role, name) pairs; an empty name leaves a line to write it by hand.
    """
    st = styles()
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for role, name in lines:
        line_row = len(rows)
        # columns: role | name | gap | signature | gap | date (gaps keep the lines apart)
        rows.append([para(role, st.cell_bold), para(name, st.cell), "", "", "", ""])
        rows.append(["", "", "", para(signature_word, st.small), "", para(date_word, st.small)])
        commands += [
            ("TOPPADDING", (0, line_row), (-1, line_row), 18),
            ("LINEBELOW", (3, line_row), (3, line_row), 0.5, BLACK),
            ("LINEBELOW", (5, line_row), (5, line_row), 0.5, BLACK),
        ]
        if not name:  # a line to write the name on by hand
            commands.append(("LINEBELOW", (1, line_row), (1, line_row), 0.5, BLACK))
    gap = 5 * mm
    # The role column fits the longest single word of a role in kk and ru
    # ("Психологиялық-педагогикалық", 59 mm in bold 9 pt): narrower, it is cut mid-word.
    widths = [FRAME_WIDTH * 0.37, FRAME_WIDTH * 0.27, gap, FRAME_WIDTH * 0.18, gap]
    widths.append(FRAME_WIDTH - sum(widths))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(commands)
    return table
