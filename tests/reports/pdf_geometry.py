"""Where reportlab draws tables, in page coordinates: for tests that check a report's tables
stay between its margins (reportlab has no such check; a too-wide table simply runs off)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from reportlab.platypus import Table


@dataclass(frozen=True, slots=True)
class DrawnTable:
    """One table as drawn: its left and right edge on the page (points), the page's width."""

    left: float
    right: float
    page_width: float


@contextmanager
def drawn_tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DrawnTable]]:
    """Record every table drawn while the block runs (nested ones too), in page space."""
    drawn: list[DrawnTable] = []
    original = Table.drawOn

    def recording(self: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        left = self._hAlignAdjust(x, _sW)
        a, _b, _c, _d, e, _f = canvas._currentMatrix
        drawn.append(
            DrawnTable(e + a * left, e + a * (left + self._width), float(canvas._pagesize[0]))
        )
        original(self, canvas, x, y, _sW)

    monkeypatch.setattr(Table, "drawOn", recording)
    yield drawn
    monkeypatch.setattr(Table, "drawOn", original)


def outside(tables: list[DrawnTable], margin: float) -> list[DrawnTable]:
    """The tables that reach past the left or the right margin (by more than 0.01 pt)."""
    return [
        table
        for table in tables
        if table.left < margin - 0.01 or table.right > table.page_width - margin + 0.01
    ]
