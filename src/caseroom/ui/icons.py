"""Monochrome icons from `resources/icons/*.svg`, drawn in the palette's text colour.

The SVG files draw with `currentColor`; `icon("today")` replaces it with the colour of the
current scheme (light or dark) and renders crisp pixmaps for normal and high-DPI screens.
Call `icon()` again after the scheme changes (icons are cached per colour).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from caseroom.paths import resource_path
from caseroom.ui.widgets.style import colors

NAMES: tuple[str, ...] = (
    "today",
    "children",
    "families",
    "journal",
    "notes",
    "timetable",
    "groups",
    "reports",
    "settings",
    "search",
    "add",
)
"""Every icon shipped in resources/icons."""

_SIZES = (16, 24, 32, 48, 64)


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=128)
def _icon(name: str, color: str) -> QIcon:
    renderer = QSvgRenderer(QByteArray(_svg_text(name).replace("currentColor", color).encode()))
    result = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def icon(name: str, color: str | None = None) -> QIcon:
    """The icon `name` (one of `NAMES`) in `color`, by default the scheme's text colour."""
    if name not in NAMES:
        raise ValueError(f"unknown icon: {name!r}")
    return _icon(name, color or colors().text)
