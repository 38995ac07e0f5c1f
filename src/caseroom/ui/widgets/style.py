"""The look shared by every window: spacing, light and dark palettes, a small stylesheet.

Use the spacing constants for layouts (`layout.setSpacing(SPACE_M)`), `page_margins()` for
a page's outer margins and the `role` property for text styles
(`label.setProperty("role", "title")`: title, heading, muted, error). The palette follows
the system's colour scheme (`QStyleHints.colorScheme`) and changes with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SPACE_XS = 4
SPACE_S = 8
SPACE_M = 12
SPACE_L = 16
SPACE_XL = 24
RAIL_WIDTH = 92
"""Width of the navigation rail (fits the longest page name in kk/ru at 150 %)."""


def page_margins() -> QMargins:
    """Outer margins of a page."""
    return QMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)


@dataclass(frozen=True, slots=True)
class Colors:
    """The colours of one scheme."""

    window: str
    base: str
    alternate: str
    card: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    selection: str
    danger: str
    rail: str
    rail_checked: str


LIGHT = Colors(
    window="#f5f6f8",
    base="#ffffff",
    alternate="#f7f8fa",
    card="#ffffff",
    text="#1f2329",
    muted="#5f6670",
    border="#d9dde3",
    accent="#2f6db5",
    accent_text="#ffffff",
    selection="#d6e4f5",
    danger="#b3261e",
    rail="#eceef2",
    rail_checked="#d6e4f5",
)
DARK = Colors(
    window="#1e2024",
    base="#26292e",
    alternate="#2b2e34",
    card="#26292e",
    text="#e6e8eb",
    muted="#a3a9b2",
    border="#3a3f47",
    accent="#6ea4e6",
    accent_text="#10141a",
    selection="#2f4866",
    danger="#f2837a",
    rail="#181a1d",
    rail_checked="#2f4866",
)


def is_dark() -> bool:
    """Whether the system asks for a dark colour scheme."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def colors() -> Colors:
    """The colours now in use."""
    return DARK if is_dark() else LIGHT


def palette_for(scheme: Colors) -> QPalette:
    """A Qt palette made from a scheme's colours."""
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: scheme.window,
        role.WindowText: scheme.text,
        role.Base: scheme.base,
        role.AlternateBase: scheme.alternate,
        role.Text: scheme.text,
        role.Button: scheme.base,
        role.ButtonText: scheme.text,
        role.ToolTipBase: scheme.base,
        role.ToolTipText: scheme.text,
        role.PlaceholderText: scheme.muted,
        role.Highlight: scheme.accent,
        role.HighlightedText: scheme.accent_text,
        role.Link: scheme.accent,
        role.Mid: scheme.border,
        role.Midlight: scheme.alternate,
        role.Dark: scheme.border,
        role.Light: scheme.base,
        role.BrightText: scheme.danger,
    }
    for color_role, value in pairs.items():
        palette.setColor(color_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for color_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, color_role, QColor(scheme.muted))
    # A disabled field is not white: "User name" under an unticked "Give her an account
    # now" looked ready to type in.
    for color_role in (role.Base, role.Button):
        palette.setColor(disabled, color_role, QColor(scheme.window))
    return palette


def stylesheet_for(scheme: Colors) -> str:
    """The application's small stylesheet for a scheme."""
    return f"""
QLabel[role="title"] {{ font-size: 17pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {scheme.muted}; }}
QLabel[role="error"] {{ color: {scheme.danger}; }}
QFrame#card {{
    background: {scheme.card}; border: 1px solid {scheme.border}; border-radius: 8px;
}}
QFrame#card QListWidget, QFrame#card QTreeWidget {{ border: none; background: transparent; }}
QFrame#card[selected="true"] {{ border: 2px solid {scheme.accent}; }}
QWidget#navRail {{ background: {scheme.rail}; }}
QToolButton[rail="true"] {{
    border: none; border-radius: 8px; padding: 6px 2px; color: {scheme.text};
}}
QToolButton[rail="true"]:hover {{ background: {scheme.border}; }}
QToolButton[rail="true"]:checked {{ background: {scheme.rail_checked}; font-weight: 600; }}
QToolButton[rail="true"]:focus {{ border: 2px solid {scheme.accent}; }}
QPushButton[primary="true"] {{
    background: {scheme.accent}; color: {scheme.accent_text}; border: 2px solid transparent;
    border-radius: 6px; padding: 4px 14px; font-weight: 600;
}}
QPushButton[primary="true"]:focus {{ border: 2px solid {scheme.text}; }}
QPushButton[primary="true"]:disabled {{
    background: {scheme.border}; color: {scheme.muted}; border: 2px solid transparent;
}}
QListWidget#searchResults {{
    border: 1px solid {scheme.border}; border-radius: 6px; background: {scheme.base};
    padding: 4px;
}}
QListWidget::item {{ padding: 4px 6px; }}
QTreeView::item {{ padding: 3px 4px; }}
QStatusBar {{ color: {scheme.muted}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
QScrollBar::handle {{ background: {scheme.border}; border-radius: 4px; }}
QScrollBar::handle:hover {{ background: {scheme.muted}; }}
QScrollBar::handle:vertical {{ min-height: 28px; }}
QScrollBar::handle:horizontal {{ min-width: 28px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
"""


_connected: set[int] = set()


def apply_style(app: QApplication) -> None:
    """Give `app` the Fusion style, the palette of the system's scheme and the stylesheet.

    Called again by itself whenever the system switches between light and dark.
    """
    app.setStyle("Fusion")
    scheme = colors()
    app.setPalette(palette_for(scheme))
    app.setStyleSheet(stylesheet_for(scheme))
    if id(app) not in _connected:
        _connected.add(id(app))
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_style(app))


def set_role(label: QLabel, role: str) -> QLabel:
    """Give a label a text style (title, heading, muted, error); returns the label."""
    label.setProperty("role", role)
    return label


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
