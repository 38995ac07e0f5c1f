"""Migration step: Caregiver wellbeing check-ins, answers, safety flags and follow-ups."""

from __future__ import annotations


def upgrade() -> None:
    """Create what this area adds."""


def downgrade() -> None:
    """Remove what this area added."""
