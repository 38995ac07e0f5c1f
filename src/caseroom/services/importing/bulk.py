"""Inserting many rows of one table fast, with the values SQLAlchemy would bind.

SQLAlchemy Core's `executemany` builds a parameter dictionary for every row and runs each
value through its column type's bind processor; for an import of tens of thousands of
records that bookkeeping costs more than SQLite's own writing. Here each column's bind
processor (the same one Core uses: `dialect_impl(dialect).bind_processor(dialect)`) is
looked up once, a value equal by identity to the previous row's (the import's one `now`,
its room, a family's id) is processed once, and the rows go to the driver's `executemany`
as tuples. Stored values are exactly those Core would store.

Only a positional driver (SQLite's `qmark`) with every column given takes this path;
anything else goes through Core as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

Record = dict[str, Any]
_Processor = Callable[[Any], Any]


def _processors(table: Table, connection: Connection) -> list[tuple[str, _Processor | None]]:
    dialect = connection.dialect
    return [
        (column.key, column.type.dialect_impl(dialect).bind_processor(dialect))
        for column in table.columns
    ]


def _fast(table: Table, connection: Connection, rows: Sequence[Record]) -> bool:
    keys = set(table.columns.keys())
    return connection.dialect.positional and all(row.keys() == keys for row in rows)


def _values(columns: list[tuple[str, _Processor | None]], rows: Sequence[Record]) -> list[Any]:
    """Each row as a tuple of bound values, in the order of `columns`."""
    out: list[list[Any]] = [[] for _row in rows]
    for key, process in columns:
        if process is None:
            for values, row in zip(out, rows, strict=True):
                values.append(row[key])
            continue
        last_in: Any = object()
        last_out: Any = None
        for values, row in zip(out, rows, strict=True):
            value = row[key]
            if value is not last_in:
                last_in, last_out = value, process(value)
            values.append(last_out)
    return [tuple(values) for values in out]


def insert_rows(connection: Connection, table: Table, rows: Sequence[Record]) -> None:
    """Insert `rows` (dictionaries of column values) into `table` in the connection's
    transaction: one driver `executemany`, or Core's when the fast path does not apply."""
    if not rows:
        return
    statement = insert(table)
    if not _fast(table, connection, rows):
        connection.execute(statement, list(rows))
        return
    columns = _processors(table, connection)
    compiled = statement.compile(dialect=connection.dialect, column_keys=[k for k, _p in columns])
    order = compiled.positiontup or []
    if order != [key for key, _p in columns]:  # not in table order: bind by the statement's
        by_key = dict(columns)
        columns = [(key, by_key[key]) for key in order]
    connection.exec_driver_sql(str(compiled), _values(columns, rows))
