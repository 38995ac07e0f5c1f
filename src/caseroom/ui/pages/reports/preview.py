"""Painting a report page (`reports.preview.PageDrawing`) into an image, and the preview pane.

The page's drawing steps are in PDF points with y going up; `render_page` maps them onto a
white image of the requested width, drawing text with the same DejaVu Sans files the PDF
embeds, so what is previewed is what prints.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from caseroom.i18n import _
from caseroom.reports.fonts import FONT_BOLD, font_file
from caseroom.reports.preview import Matrix, PageDrawing, Shape, TextRun
from caseroom.ui.widgets.style import SPACE_S, set_role

_TEXT_SCALE = 20.0
"""Text is laid out at 20× its size and scaled down: Qt font sizes are whole pixels."""

_families: dict[str, str] = {}


def _family(font: str) -> str:
    """The Qt family name of a report font (loading its file once)."""
    if font not in _families:
        loaded = QFontDatabase.addApplicationFont(str(font_file(font)))
        names = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
        _families[font] = names[0] if names else "DejaVu Sans"
    return _families[font]


def _qt(matrix: Matrix) -> QTransform:
    a, b, c, d, e, f = matrix
    return QTransform(a, b, c, d, e, f)


def _color(rgb: tuple[float, float, float]) -> QColor:
    return QColor.fromRgbF(*(min(max(part, 0.0), 1.0) for part in rgb))


def render_page(drawing: PageDrawing, width: int) -> QImage:
    """The page drawn on a white image `width` pixels wide (height keeps the A4 ratio)."""
    scale = width / drawing.width
    image = QImage(width, round(drawing.height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    page = QTransform(scale, 0, 0, -scale, 0, drawing.height * scale)  # points, y up
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        for item in drawing.items:
            if isinstance(item, TextRun):
                _draw_text(painter, item, page)
            else:
                _draw_shape(painter, item, page)
    finally:
        painter.end()
    return image


def _draw_text(painter: QPainter, run: TextRun, page: QTransform) -> None:
    font = QFont(_family(run.font))
    font.setBold(run.font == FONT_BOLD)
    font.setPixelSize(max(1, round(run.size * _TEXT_SCALE)))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    upright = QTransform(1 / _TEXT_SCALE, 0, 0, -1 / _TEXT_SCALE, 0, 0)  # glyphs y down
    painter.setTransform(upright * _qt(run.matrix) * page)
    painter.setFont(font)
    painter.setPen(_color(run.color))
    painter.drawText(QPointF(0, 0), run.text)


def _draw_shape(painter: QPainter, shape: Shape, page: QTransform) -> None:
    path = QPainterPath()
    for step in shape.steps:
        kind, *values = step
        if kind == "M":
            path.moveTo(values[0], values[1])
        elif kind == "L":
            path.lineTo(values[0], values[1])
        elif kind == "C":
            path.cubicTo(*values)
        elif kind == "Z":
            path.closeSubpath()
        elif kind == "R":
            path.addRect(QRectF(*values))
    if shape.even_odd:
        path.setFillRule(Qt.FillRule.OddEvenFill)
    painter.setTransform(_qt(shape.matrix) * page)
    if shape.stroke is not None:
        pen = QPen(_color(shape.stroke))
        pen.setWidthF(max(shape.line_width, 0.1))
        if shape.dash and shape.line_width > 0:
            pen.setDashPattern([max(value / shape.line_width, 0.1) for value in shape.dash])
        painter.setPen(pen)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(
        QBrush(_color(shape.fill)) if shape.fill is not None else Qt.BrushStyle.NoBrush
    )
    painter.drawPath(path)


class PreviewPane(QWidget):
    """The first page of a report, fitted to the pane's width, with a caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawing: PageDrawing | None = None
        self._repaint_queued = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        self.caption = set_role(QLabel(_("Preview"), self), "heading")
        self.caption.setAccessibleName(_("Preview"))
        layout.addWidget(self.caption)
        self.scroller = QScrollArea(self)
        self.scroller.setAccessibleName(_("First page of the report"))
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image = QLabel(self.scroller)
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setWordWrap(True)
        self.image.setAccessibleName(_("First page of the report"))
        self.scroller.setWidget(self.image)
        layout.addWidget(self.scroller, 1)
        self.show_message(
            _("Choose the period and children, then press Preview to see the first page.")
        )

    def show_message(self, text: str) -> None:
        """Show `text` instead of a page."""
        self.drawing = None
        self.image.setPixmap(QPixmap())
        self.image.setText(text)
        self.caption.setText(_("Preview"))

    def show_drawing(self, drawing: PageDrawing, name: str) -> None:
        """Show the first page of `name`'s report."""
        self.drawing = drawing
        self.caption.setText(
            _("Preview: {name}, page 1 of {total}").format(name=name, total=drawing.pages)
        )
        self.image.setAccessibleDescription(drawing.text()[:500])
        self._paint()

    def _paint(self) -> None:
        if self.drawing is None:
            return
        bar = self.scroller.verticalScrollBar().sizeHint().width()
        width = max(self.scroller.width() - 2 * self.scroller.frameWidth() - bar - 4, 200)
        ratio = self.devicePixelRatioF()
        image = render_page(self.drawing, round(width * ratio))
        image.setDevicePixelRatio(ratio)
        self.image.setText("")
        self.image.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Refit the page to the new width (once the scroll area has its new size)."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.drawing is not None and not self._repaint_queued:
            self._repaint_queued = True
            QTimer.singleShot(0, self._repaint)

    def _repaint(self) -> None:
        self._repaint_queued = False
        self._paint()
