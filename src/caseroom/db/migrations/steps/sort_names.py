"""Migration step: Sortable name keys so lists follow the alphabet of the language.

Children, caregivers and families get a `sort_name` column holding
`caseroom.names.sort_key` of their name; rows already stored get theirs computed here in
Python (SQLite cannot compute it), then the column is indexed for the lists' ORDER BY.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from caseroom.names import sort_key

_NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "family": ("display_name",),
    "caregiver": ("last_name", "first_name", "patronymic"),
    "child": ("last_name", "first_name", "patronymic"),
}
"""Each table given a sort key, and the name columns the key is made of, in order."""

_BATCH = 2000


def _backfill(table_name: str, columns: tuple[str, ...]) -> None:
    """Compute the sort key of every stored row of `table_name`."""
    table = sa.table(
        table_name,
        sa.column("id", sa.Uuid()),
        sa.column("sort_name", sa.Text()),
        *(sa.column(name, sa.Text()) for name in columns),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, *(table.c[name] for name in columns))).all()
    update = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(sort_name=sa.bindparam("key"))
    )
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start : start + _BATCH]
        connection.execute(update, [{"row_id": row[0], "key": sort_key(*row[1:])} for row in chunk])


def upgrade() -> None:
    """Add `sort_name` to families, caregivers and children, fill it in and index it."""
    for table_name, columns in _NAME_COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("sort_name", sa.Text(), server_default="", nullable=False)
            )
        _backfill(table_name, columns)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f(f"ix_{table_name}_sort_name"), ["sort_name"], unique=False
            )


def downgrade() -> None:
    """Drop the sort keys and their indexes."""
    for table_name in reversed(_NAME_COLUMNS):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table_name}_sort_name"))
            batch_op.drop_column("sort_name")
