"""What every stored table shares: the `Record` base columns, the naming convention that
lets Alembic's batch mode find constraints, and the common column sizes.

`models.py`, `models_accounts.py` and `models_wellbeing.py` build their tables on it.
"""

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from caseroom.db.types import UTCDateTime, utcnow

NAME = 100
CODE = 32

# Named constraints let Alembic's batch mode (SQLite) find and alter them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Record(SQLModel):
    """Columns shared by every stored record."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
