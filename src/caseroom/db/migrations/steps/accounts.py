"""Migration step: Staff accounts, roles, confidentiality levels and access audit."""

from __future__ import annotations


def upgrade() -> None:
    """Create what this area adds."""


def downgrade() -> None:
    """Remove what this area added."""
