"""A chart from `caseroom.reports.charts` shown on screen, drawn exactly as in the PDFs.

The reportlab Drawing is turned into SVG bytes off the GUI thread (`chart_svg`, called
inside a worker task); the GUI thread only hands the bytes to a `QSvgWidget`. reportlab is
imported lazily, so opening the app does not pay for it (docs/architecture.md, rule 11).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from caseroom.services.plans.plans import GoalRead

CHART_WIDTH = 300.0
"""Width of a goal's chart in points (the SVG scales to the widget keeping its shape)."""
CHART_HEIGHT = 104.0
SCREEN_SCALE = 1.25
"""Charts are drawn a little larger on screen than their size in points."""

_CLIP = re.compile(rb"<clipPath\b.*?</clipPath>\s*", re.DOTALL)
_CLIP_USE = re.compile(rb"\s*clip-path:\s*url\(#[^)]*\);?")


def screen_svg(svg: bytes) -> bytes:
    """reportlab's SVG made safe for QtSvg.

    reportlab clips the whole drawing with a `<clipPath>` rectangle; QtSvg draws that
    rectangle as a black box over the chart instead. The clip only trims at the drawing's
    own edges, so it is dropped.
    """
    return _CLIP_USE.sub(b"", _CLIP.sub(b"", svg))


def goal_chart_svgs(
    goals: Sequence[GoalRead], language: str, *, width: float = CHART_WIDTH
) -> dict[uuid.UUID, bytes]:
    """One progress chart (SVG bytes) per goal, keyed by goal id. Runs on the worker.

    Every chart shades the plan's checkpoints alike and numbers its goal as the screen
    does (goal 1, 2, … in plan order).
    """
    from caseroom.reports.charts import checkpoints_in_order, drawing_to_svg, goal_progress_chart
    from caseroom.reports.data import GoalLine, RatingPoint
    from caseroom.reports.language import ReportLanguage
    from caseroom.vocab import Checkpoint, GoalStatus, Rating

    lines = [
        GoalLine(
            description=goal.description,
            status=GoalStatus(goal.status),
            baseline=goal.baseline,
            target=goal.target,
            criterion=goal.criterion,
            ratings=tuple(
                RatingPoint(Checkpoint(r.checkpoint), Rating(r.rating), r.rated_on)
                for r in goal.ratings
            ),
        )
        for goal in goals
    ]
    checkpoints = checkpoints_in_order(lines)
    lang = ReportLanguage(language)
    found: dict[uuid.UUID, bytes] = {}
    for number, (goal, line) in enumerate(zip(goals, lines, strict=True), start=1):
        if not line.ratings:
            continue
        drawing = goal_progress_chart(
            [line],
            lang,
            first_number=number,
            checkpoints=checkpoints,
            width=width,
            height=CHART_HEIGHT,
        )
        found[goal.id] = screen_svg(drawing_to_svg(drawing))
    return found


class SvgChart(QSvgWidget):
    """Shows one SVG chart, scaled to fit and keeping its proportions."""

    def __init__(self, svg: bytes | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The charts are drawn black on white for paper; keep them on white in a dark palette.
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self._natural = QSize(int(CHART_WIDTH * SCREEN_SCALE), int(CHART_HEIGHT * SCREEN_SCALE))
        if svg is not None:
            self.set_svg(svg)

    def set_svg(self, svg: bytes) -> None:
        """Show `svg` (bytes of an SVG document)."""
        self.load(QByteArray(svg))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        size = self.renderer().defaultSize()
        if size.isValid():
            self._natural = size * SCREEN_SCALE
        self.setFixedHeight(self._natural.height())
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The chart's own size (points drawn as pixels at 96 dpi)."""
        return self._natural
