"""The one chart module for the app and the PDFs: reportlab Drawings.

A Drawing is a flowable in a PDF story, and `drawing_to_svg` turns it into SVG bytes the
desktop app shows with QtSvg, so a chart looks the same on screen and on paper.
Black-and-white friendly: fills are greys with black outlines, series are also told apart
by their order and legend, and every figure is printed as text next to the chart too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from caseroom.reports.data import GoalLine
from caseroom.reports.fonts import FONT, register_fonts
from caseroom.reports.language import ReportLanguage
from caseroom.reports.styles import BLACK, FRAME_WIDTH, GREY_MID, SERIES_FILLS
from caseroom.vocab import Checkpoint, Rating

RATING_LEVEL: dict[Rating, int | None] = {
    Rating.NONE: 1,
    Rating.MINIMAL: 2,
    Rating.MODERATE: 3,
    Rating.HIGH: 4,
    Rating.NOT_ASSESSED: None,
}
"""Bar height of each rating ("no change" still shows a low bar; "not assessed" none)."""

_SCALE = (Rating.NONE, Rating.MINIMAL, Rating.MODERATE, Rating.HIGH)


def series_fills(count: int) -> list[Color]:
    """`count` greys from white to dark, in time order: lighter is earlier.

    Up to five series use the fixed steps of `SERIES_FILLS`; more are spread evenly, so
    neighbours stay apart on a black-and-white printer (bars also keep their order).
    """
    if count <= len(SERIES_FILLS):
        return list(SERIES_FILLS[:count])
    return [Color(*(1 - 0.9 * index / (count - 1),) * 3) for index in range(count)]


def drawing_to_svg(drawing: Drawing) -> bytes:
    """The drawing as an SVG document (UTF-8 bytes)."""
    register_fonts()
    return renderSVG.drawToString(drawing).encode("utf-8")


def checkpoints_in_order(goals: Sequence[GoalLine]) -> list[Checkpoint]:
    """The checkpoints rated in any goal, ordered by the first date each was rated."""
    first_seen: dict[Checkpoint, tuple[date, int]] = {}
    order = list(Checkpoint)
    for goal in goals:
        for point in goal.ratings:
            key = (point.rated_on, order.index(point.checkpoint))
            if point.checkpoint not in first_seen or key < first_seen[point.checkpoint]:
                first_seen[point.checkpoint] = key
    return sorted(first_seen, key=first_seen.__getitem__)


MAX_BARS_PER_CHART = 42
"""More bars than this in one chart get too thin to read: split the goals."""


def goal_progress_chart(
    goals: Sequence[GoalLine],
    lang: ReportLanguage,
    *,
    first_number: int = 1,
    checkpoints: Sequence[Checkpoint] | None = None,
    width: float = FRAME_WIDTH,
    height: float = 150,
) -> Drawing:
    """Grouped bars: one group per goal (numbered 1… as in the report), one bar per checkpoint.

    Bar height is the rating on the dynamics scale no change → high; a goal not assessed
    at a checkpoint has no bar there. Long plans are drawn as several charts: pass
    `first_number` (the number of the first goal) and the `checkpoints` of the whole plan,
    so every chart numbers goals as the report does and shades checkpoints alike.
    """
    register_fonts()
    if checkpoints is None:
        checkpoints = checkpoints_in_order(goals)
    scale_labels = [""] + [lang.label(rating) for rating in _SCALE]
    axis_width = max(stringWidth(text, FONT, 8) for text in scale_labels) + 8
    legend_labels = [lang.label(checkpoint) for checkpoint in checkpoints]
    legend_width = max((stringWidth(t, FONT, 8) for t in legend_labels), default=0) + 26

    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x = axis_width
    chart.y = 18
    room = max(width - axis_width - legend_width - 12, 60)
    bars = max(len(goals) * len(checkpoints), 1)
    chart.width = min(room, max(bars * 24 + len(goals) * 14, 160))  # no bloated bars
    chart.height = height - 28
    series: list[list[float | None]] = []
    for checkpoint in checkpoints:
        row: list[float | None] = []
        for goal in goals:
            rated = [p for p in goal.ratings if p.checkpoint == checkpoint]
            row.append(RATING_LEVEL[rated[-1].rating] if rated else None)
        series.append(row)
    chart.data = series or [[None] * max(len(goals), 1)]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 4
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = lambda value: scale_labels[round(value)]
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GREY_MID
    chart.valueAxis.gridStrokeWidth = 0.25
    chart.valueAxis.gridStrokeDashArray = (1, 2)
    chart.categoryAxis.categoryNames = [
        str(number) for number in range(first_number, first_number + len(goals))
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.barSpacing = 1
    chart.groupSpacing = 8
    chart.bars.strokeColor = BLACK
    chart.bars.strokeWidth = 0.6
    fills = series_fills(len(checkpoints))
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
    drawing.add(chart)

    legend = Legend()
    legend.x = chart.x + chart.width + 12
    legend.y = chart.y + chart.height
    legend.alignment = "right"
    legend.fontName = FONT
    legend.fontSize = 8
    legend.strokeColor = BLACK
    legend.strokeWidth = 0.6
    legend.dx = 9
    legend.dy = 9
    legend.deltay = 12
    legend.columnMaximum = 8
    legend.colorNamePairs = list(zip(fills, legend_labels, strict=True))
    drawing.add(legend)
    return drawing


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    width: float = FRAME_WIDTH,
    value_text: Sequence[str] | None = None,
    max_value: float | None = None,
    font_size: float = 8,
) -> Drawing:
    """Horizontal bars for a small table: a label (wrapped, never cut: a long label makes
    its row taller) and a bar with its value printed.

    `value_text` overrides how each value is written (for example "40%").
    """
    register_fonts()
    label_width = width * 0.42
    value_width = 40.0
    bar_space = width - label_width - value_width - 8
    leading = font_size + 2
    wrapped = [simpleSplit(label, FONT, font_size, label_width - 6) or [""] for label, _ in rows]
    row_heights = [max(len(lines) * leading + 6, 16) for lines in wrapped]
    height = sum(row_heights) + 4
    top_value = max_value or max((value for _, value in rows), default=0) or 1
    drawing = Drawing(width, height)
    y = height - 2
    for (_label, value), lines, row_height, text in zip(
        rows,
        wrapped,
        row_heights,
        value_text or [_number(value) for _, value in rows],
        strict=True,
    ):
        y -= row_height
        middle = y + row_height / 2
        text_top = middle + (len(lines) - 1) * leading / 2 - font_size * 0.35
        for index, line in enumerate(lines):
            drawing.add(
                String(0, text_top - index * leading, line, fontName=FONT, fontSize=font_size)
            )
        bar_length = bar_space * min(max(value / top_value, 0), 1)
        bar_height = min(row_height - 6, 10)
        drawing.add(
            Rect(
                label_width,
                middle - bar_height / 2,
                bar_length,
                bar_height,
                fillColor=GREY_MID,
                strokeColor=BLACK,
                strokeWidth=0.6,
            )
        )
        drawing.add(
            String(
                label_width + bar_length + 4,
                middle - font_size * 0.35,
                text,
                fontName=FONT,
                fontSize=font_size,
            )
        )
    drawing.add(Line(label_width, 2, label_width, height - 2, strokeColor=BLACK, strokeWidth=0.6))
    return drawing


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
