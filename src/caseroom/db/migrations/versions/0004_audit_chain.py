"""the audit trail becomes a hash chain

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caseroom.db.audit_chain import GENESIS, event_digest

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_audit_event_seq"), ["seq"])
    connection = op.get_bind()
    # SQLite numbers events in the order they were written (rowid); other engines (a new
    # PostgreSQL database, which has no events yet) order by time, then by id.
    key = "rowid" if connection.dialect.name == "sqlite" else "id"
    rows = connection.execute(
        sa.text(
            f"SELECT {key}, at, actor_id, action, entity, entity_id, details FROM audit_event "
            f"ORDER BY at, {key}"
        )
    ).all()
    previous = GENESIS
    for seq, (rowid, at, actor_id, action, entity, entity_id, details) in enumerate(rows, 1):
        previous = event_digest(
            previous,
            seq=seq,
            at=at,
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
        )
        connection.execute(
            sa.text(f"UPDATE audit_event SET seq = :seq, chain = :chain WHERE {key} = :key"),
            {"seq": seq, "chain": previous, "key": rowid},
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_column("chain")
        batch_op.drop_column("seq")
