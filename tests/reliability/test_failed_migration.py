"""A migration that fails half-way leaves the database exactly as it was.

The packaged migrations are copied to a throwaway folder together with a revision 9999
after the real head that creates a table, adds a column and then fails;
`caseroom.db.migrate` is pointed at it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from caseroom.db import migrate
from caseroom.db.backup import verify_database_file
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import HEAD_REVISION, current_revision, upgrade
from caseroom.db.models import Child
from caseroom.db.open import open_database

FAILING_REVISION = textwrap.dedent(
    '''
    """a migration that breaks half-way"""

    import sqlalchemy as sa
    from alembic import op

    revision = "9999"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))
        with op.batch_alter_table("child") as batch_op:
            batch_op.add_column(sa.Column("nickname", sa.String(length=50), nullable=True))
        raise RuntimeError("migration 9999 failed half-way")


    def downgrade() -> None:
        pass
    '''
)


@pytest.fixture
def failing_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the migrations whose head, 9999, fails after changing the schema."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    revision = FAILING_REVISION.replace("{head}", migrate.HEAD_REVISION)
    (folder / "versions" / "9999_breaks.py").write_text(revision, encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999")
    return folder


def test_a_new_database_is_left_without_any_table(failing_migrations: Path, tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "new.sqlite3")

    with pytest.raises(RuntimeError, match="failed half-way"):
        upgrade(engine)

    assert inspect(engine).get_table_names() == []
    assert current_revision(engine) is None
    engine.dispose()


def test_a_database_with_records_keeps_its_schema_and_data_and_gets_a_backup(
    failing_migrations: Path, db_path: Path, engine: Engine, session: Session, child: Child
) -> None:
    session.commit()
    session.close()
    engine.dispose()

    with pytest.raises(RuntimeError, match="failed half-way"):
        open_database(db_path)

    after = engine_for_path(db_path)
    tables = inspect(after).get_table_names()
    columns = {column["name"] for column in inspect(after).get_columns("child")}
    assert "scratch" not in tables
    assert "child" in tables
    assert "nickname" not in columns
    assert current_revision(after) == HEAD_REVISION
    with after.connect() as connection:
        assert connection.exec_driver_sql("SELECT case_number FROM child").all() == [
            ("SR-2026-0001",)
        ]
    after.dispose()

    copies = list((db_path.parent / "backups").iterdir())
    assert len(copies) == 1
    pattern = rf"caseroom-before-upgrade-{HEAD_REVISION}-\d{{8}}-\d{{6}}\.sqlite3"
    assert re.fullmatch(pattern, copies[0].name)
    assert verify_database_file(copies[0]).counts["child"] == 1
