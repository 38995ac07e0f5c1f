"""The first page of a PDF report as plain drawing steps, for an on-screen preview.

A user's machine has no PDF renderer (no poppler, and Qt's PDF module is not part of
PySide6-Essentials), but it does not need one: caseroom lays the report out itself. So
the preview lays out the same story with the same page furniture, keeps the first page's
content stream (the PDF drawing operators reportlab wrote for it) and reads it back into
`Shape`s and `TextRun`s with their transformation matrices. The UI paints those with any
2-D painter (ui/pages/reports/preview.py uses QPainter). Text is decoded from reportlab's
font subsets back into Unicode, so Kazakh letters preview as they print.

Only the operators reportlab writes are understood (paths, colours, line styles, text);
anything else is skipped, so a preview can miss a detail but never fails on one.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from caseroom.reports.document import report_doc
from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.layout import (
    PageDecor,
    _DecoratedCanvas,  # the same page furniture as the PDF
)

Matrix = tuple[float, float, float, float, float, float]
"""A PDF transformation matrix (a, b, c, d, e, f): x' = a·x + c·y + e, y' = b·x + d·y + f."""

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
RGB = tuple[float, float, float]


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies `first`, then `then` (PDF's `first × then`)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


@dataclass(frozen=True, slots=True)
class Shape:
    """A path in user space (`matrix` maps it to the page, PDF points, y up).

    `steps` are ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x3, y3), ("Z",) and
    ("R", x, y, width, height); `fill` / `stroke` are RGB in 0–1, or None.
    """

    steps: tuple[tuple[Any, ...], ...]
    matrix: Matrix
    fill: RGB | None
    stroke: RGB | None
    line_width: float
    dash: tuple[float, ...] = ()
    even_odd: bool = False


@dataclass(frozen=True, slots=True)
class TextRun:
    """Text drawn with its baseline origin at (0, 0) of `matrix` (text × page space)."""

    text: str
    font: str
    """FONT or FONT_BOLD (caseroom.reports.fonts)."""
    size: float
    matrix: Matrix
    color: RGB


@dataclass(frozen=True, slots=True)
class PageDrawing:
    """One page: its size in points and what is drawn on it, in order."""

    width: float
    height: float
    items: tuple[Shape | TextRun, ...]
    pages: int
    """How many pages the whole report has."""

    def text(self) -> str:
        """The page's text, run by run (what a test or a screen reader can check)."""
        return " ".join(item.text for item in self.items if isinstance(item, TextRun))


class _FirstPageCanvas(_DecoratedCanvas):
    """Lays out every page (for "Page 1 of N"), keeps the first page's code, writes nothing."""

    captured: dict[str, Any]

    def save(self) -> None:
        total = len(self._saved_pages)
        if total:
            self.__dict__.update(self._saved_pages[0])
            self._decor.draw(self, 1, total)
        self.captured.update(code=list(self._code), doc=self._doc, pages=total)


def first_page(story: list[Flowable], decor: PageDecor) -> PageDrawing:
    """Lay `story` out as `layout.build_pdf` does and return its first page's drawing."""
    captured: dict[str, Any] = {}
    canvas_class = type("_Capture", (_FirstPageCanvas,), {"captured": captured})
    doc = report_doc(io.BytesIO(), pagesize=decor.page_size, margin_x=decor.margin_x, invariant=1)
    doc.build(story, canvasmaker=partial(canvas_class, decor=decor))
    fonts = _FontTable(captured["doc"])
    width, height = decor.page_size
    items = _Interpreter(fonts).run(" ".join(str(line) for line in captured["code"]))
    return PageDrawing(float(width), float(height), tuple(items), int(captured["pages"]))


# --- reading the content stream ----------------------------------------------------------


class _FontTable:
    """Resource names (`F2+0`) back to caseroom's font and the subset's code points."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.names = {internal.lstrip("/"): name for name, internal in doc.fontMapping.items()}

    def resolve(self, resource: str) -> tuple[str, list[int] | None]:
        """(reportlab font name, code points of the subset or None for a standard font)."""
        base, _plus, subset = resource.partition("+")
        name = self.names.get(base, FONT)
        if not subset:
            return name, None
        font = pdfmetrics.getFont(name)
        state = getattr(font, "state", {}).get(self.doc)
        if state is None:
            return name, None
        return name, list(state.subsets[int(subset)])


def decode(raw: bytes, subset: list[int] | None) -> str:
    """A PDF string's bytes as text: through the font subset, else as Latin-1."""
    if subset is None:
        return raw.decode("latin-1")
    return "".join(chr(subset[code]) if code < len(subset) else "\ufffd" for code in raw)


_TOKEN = re.compile(
    rb"\s*(?:(?P<str>\()|(?P<open>\[)|(?P<close>\])|(?P<name>/[^\s/\[\]()<>]+)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))|(?P<op>[A-Za-z'\"*]+))"
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _read_string(data: bytes, start: int) -> tuple[bytes, int]:
    """A `(...)` string from just after its `(`; returns its bytes and the end position."""
    out, depth, pos = bytearray(), 1, start
    while pos < len(data):
        char = data[pos : pos + 1]
        if char == b"\\":
            following = data[pos + 1 : pos + 2]
            octal = re.match(rb"[0-7]{1,3}", data[pos + 1 : pos + 4])
            if octal is not None:
                out.append(int(octal.group(), 8) & 0xFF)
                pos += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(following, following)
            pos += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out += char
        pos += 1
    return bytes(out), pos


def tokens(stream: str) -> list[Any]:
    """Operands and operators of a content stream: floats, names, bytes, lists, op strings."""
    data = stream.encode("latin-1", errors="replace")
    found: list[Any] = []
    stack: list[list[Any]] = [found]
    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:
            pos += 1  # something reportlab does not write for these reports: skip it
            continue
        pos = match.end()
        if match["str"]:
            text, pos = _read_string(data, pos)
            stack[-1].append(text)
        elif match["open"]:
            stack.append([])
        elif match["close"]:
            if len(stack) > 1:
                done = stack.pop()
                stack[-1].append(done)
        elif match["name"]:
            stack[-1].append(("name", match["name"][1:].decode("latin-1")))
        elif match["num"]:
            stack[-1].append(float(match["num"]))
        else:
            stack[-1].append(match["op"].decode("latin-1"))
    return found


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: RGB = (0.0, 0.0, 0.0)
    stroke: RGB = (0.0, 0.0, 0.0)
    line_width: float = 1.0
    dash: tuple[float, ...] = ()
    font: str = FONT
    subset: list[int] | None = None
    size: float = 10.0
    leading: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0


@dataclass
class _Interpreter:
    fonts: _FontTable
    state: _State = field(default_factory=_State)
    saved: list[_State] = field(default_factory=list)
    path: list[tuple[Any, ...]] = field(default_factory=list)
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    items: list[Shape | TextRun] = field(default_factory=list)

    def run(self, stream: str) -> list[Shape | TextRun]:
        operands: list[Any] = []
        for token in tokens(stream):
            if isinstance(token, str):
                self._do(token, operands)
                operands = []
            else:
                operands.append(token)
        return self.items

    def _do(self, op: str, args: list[Any]) -> None:
        st = self.state
        numbers = [arg for arg in args if isinstance(arg, float)]
        if op == "q":
            self.saved.append(_State(**{k: getattr(st, k) for k in st.__dataclass_fields__}))
        elif op == "Q":
            if self.saved:
                self.state = self.saved.pop()
        elif op == "cm" and len(numbers) == 6:
            st.ctm = multiply(tuple(numbers), st.ctm)  # type: ignore[arg-type]
        elif op in ("rg", "RG", "g", "G", "k", "K"):
            color = _color(numbers)
            if op.islower():
                st.fill = color
            else:
                st.stroke = color
        elif op == "w" and numbers:
            st.line_width = numbers[0]
        elif op == "d" and args and isinstance(args[0], list):
            st.dash = tuple(float(value) for value in args[0])
        elif op == "m" and len(numbers) == 2:
            self.path.append(("M", *numbers))
        elif op == "l" and len(numbers) == 2:
            self.path.append(("L", *numbers))
        elif op == "c" and len(numbers) == 6:
            self.path.append(("C", *numbers))
        elif op == "h":
            self.path.append(("Z",))
        elif op == "re" and len(numbers) == 4:
            self.path.append(("R", *numbers))
        elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
            self._paint(op)
        else:
            self._text(op, args, numbers)

    def _paint(self, op: str) -> None:
        st = self.state
        if op != "n" and self.path:
            if op in ("s", "b", "b*"):
                self.path.append(("Z",))
            fills = op in ("f", "F", "f*", "B", "B*", "b", "b*")
            strokes = op in ("S", "s", "B", "B*", "b", "b*")
            self.items.append(
                Shape(
                    steps=tuple(self.path),
                    matrix=st.ctm,
                    fill=st.fill if fills else None,
                    stroke=st.stroke if strokes else None,
                    line_width=st.line_width,
                    dash=st.dash,
                    even_odd=op.endswith("*"),
                )
            )
        self.path = []

    def _text(self, op: str, args: list[Any], numbers: list[float]) -> None:
        st = self.state
        if op == "BT":
            self.text_matrix = self.line_matrix = IDENTITY
        elif op == "Tf" and args and isinstance(args[0], tuple) and numbers:
            st.font, st.subset = self.fonts.resolve(args[0][1])
            st.size = numbers[-1]
        elif op == "TL" and numbers:
            st.leading = numbers[0]
        elif op == "Tc" and numbers:
            st.char_space = numbers[0]
        elif op == "Tw" and numbers:
            st.word_space = numbers[0]
        elif op == "Tm" and len(numbers) == 6:
            self.text_matrix = self.line_matrix = tuple(numbers)  # type: ignore[assignment]
        elif op in ("Td", "TD") and len(numbers) == 2:
            if op == "TD":
                st.leading = -numbers[1]
            self._next_line(numbers[0], numbers[1])
        elif op == "T*":
            self._next_line(0.0, -st.leading)
        elif op == "Tj" and args and isinstance(args[-1], bytes):
            self._show(args[-1])
        elif op == "TJ" and args and isinstance(args[-1], list):
            for part in args[-1]:
                if isinstance(part, bytes):
                    self._show(part)
                elif isinstance(part, float):
                    self._advance(-part / 1000 * st.size)
        elif op in ("'", '"') and args and isinstance(args[-1], bytes):
            self._next_line(0.0, -st.leading)
            self._show(args[-1])

    def _next_line(self, tx: float, ty: float) -> None:
        self.line_matrix = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.line_matrix)
        self.text_matrix = self.line_matrix

    def _advance(self, width: float) -> None:
        self.text_matrix = multiply((1.0, 0.0, 0.0, 1.0, width, 0.0), self.text_matrix)

    def _show(self, raw: bytes) -> None:
        st = self.state
        text = decode(raw, st.subset)
        if text.strip():
            self.items.append(
                TextRun(
                    text=text,
                    font=FONT_BOLD if st.font == FONT_BOLD else FONT,
                    size=st.size,
                    matrix=multiply(self.text_matrix, st.ctm),
                    color=st.fill,
                )
            )
        width = pdfmetrics.stringWidth(text, st.font, st.size)
        width += st.char_space * len(text) + st.word_space * text.count(" ")
        self._advance(width)


def _color(numbers: list[float]) -> RGB:
    if len(numbers) == 1:
        return (numbers[0], numbers[0], numbers[0])
    if len(numbers) == 3:
        return (numbers[0], numbers[1], numbers[2])
    if len(numbers) == 4:  # CMYK, naively
        c, m, y, k = numbers
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)
