"""SQL that the engines spell differently, kept in `db/` so services stay engine-neutral.

`joined_text(value, separator)` is the aggregate that joins a group's texts: SQLite's
`group_concat`, PostgreSQL's `string_agg` (which needs its arguments as text).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class joined_text(FunctionElement[str]):  # noqa: N801 — named like the func.* it replaces
    """The texts of a group joined by a separator, in no particular order."""

    type = String()
    inherit_cache = True
    name = "group_concat"  # the label SQLite has always seen

    def __init__(self, value: ColumnElement[Any], separator: str) -> None:
        super().__init__(value, literal(separator, String()))


@compiles(joined_text)
def _sqlite(element: joined_text, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)})"


@compiles(joined_text, "postgresql")
def _postgresql(element: joined_text, compiler: Any, **kw: Any) -> str:
    value, separator = element.clauses
    text = f"CAST({compiler.process(value, **kw)} AS TEXT)"
    return f"string_agg({text}, CAST({compiler.process(separator, **kw)} AS TEXT))"
