"""The page template every PDF report is laid out on.

reportlab's `SimpleDocTemplate` gives its text frame 6 pt of padding on each side, so the
width a flowable may take is 12 pt less than the page between its margins; a table made as
wide as the margins allow (`styles.FRAME_WIDTH`) then runs past the right margin and the
running header's rule. `report_doc` makes the frame without side padding: its available
width is exactly the page between the margins, the width the reports' tables are made to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from caseroom.reports.styles import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_SIZE

PageCallback = Callable[[Any, Any], None]
"""What reportlab calls on each page with (canvas, doc)."""


def report_doc(
    out: BinaryIO,
    *,
    pagesize: tuple[float, float] = PAGE_SIZE,
    margin_x: float = MARGIN_X,
    margin_top: float = MARGIN_TOP,
    margin_bottom: float = MARGIN_BOTTOM,
    on_page: PageCallback | None = None,
    **info: Any,
) -> BaseDocTemplate:
    """A document on `pagesize` with one frame between the margins, without side padding
    (its width is `pagesize[0] - 2 * margin_x`); `info` is reportlab's document info
    (title, author, lang, invariant, …). `on_page` draws each page's furniture."""
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
        **info,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="normal",
        leftPadding=0,
        rightPadding=0,
    )
    pages = PageTemplate(id="page", frames=[frame], pagesize=pagesize, onPage=on_page or _nothing)
    doc.addPageTemplates([pages])
    return doc


def _nothing(_canvas: Any, _doc: Any) -> None:
    """No page furniture."""
