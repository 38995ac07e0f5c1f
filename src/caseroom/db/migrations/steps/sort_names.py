"""Migration step: Sortable name keys so lists follow the alphabet of the language."""

from __future__ import annotations


def upgrade() -> None:
    """Create what this area adds."""


def downgrade() -> None:
    """Remove what this area added."""
