"""The fonts every report embeds: DejaVu Sans, which covers Kazakh and Russian letters.

The TTF files ship in `resources/fonts` (with their licence) and are found through
`caseroom.paths.resource_path`, so a checkout, an installed wheel and a frozen bundle
all find them the same way. Registration is idempotent and thread-safe.
"""

from __future__ import annotations

import threading
from pathlib import Path

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans"

_FILES: dict[str, str] = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def font_file(name: str) -> Path:
    """Where the TTF file of `name` (FONT or FONT_BOLD) is expected."""
    return resource_path("fonts", _FILES[name])


def register_fonts() -> None:
    """Register DejaVu Sans regular and bold as one family with reportlab (once).

    Raises `UserError` naming the missing file when the installation lacks a font.
    """
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        for name in (FONT, FONT_BOLD):
            path = font_file(name)
            if not path.is_file():
                raise UserError(
                    _("The report font is missing: {path}. Reinstall caseroom.").format(
                        path=str(path)
                    )
                )
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as error:
                raise UserError(
                    _("The report font cannot be read: {path}. Reinstall caseroom.").format(
                        path=str(path)
                    )
                ) from error
        # Paragraph markup <b> and <i> look up the family; there is no italic: use regular.
        addMapping(FAMILY, 0, 0, FONT)
        addMapping(FAMILY, 1, 0, FONT_BOLD)
        addMapping(FAMILY, 0, 1, FONT)
        addMapping(FAMILY, 1, 1, FONT_BOLD)
        _registered = True
