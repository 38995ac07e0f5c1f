"""Demo rooms for the child transfer tests: each its own database file, filled by the demo."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from caseroom.bundles.transfer_format import TEST_KDF
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Child, Goal, GoalRating, PmpkConclusion, SupportPlan
from caseroom.demo.build import make_demo
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.exchange.transfer_export import TransferExport, export_child

DEMO_TODAY = date(2026, 12, 1)
PASSPHRASE = "told by phone 2026"

RoomMaker = Callable[[str, int], Engine]


@pytest.fixture
def make_room(template_db: Path, tmp_path: Path) -> Iterator[RoomMaker]:
    """Make a demo room in its own database file (`name`, demo `seed`)."""
    engines: list[Engine] = []

    def make(name: str, seed: int) -> Engine:
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(template_db, path)
        engine = engine_for_path(path)
        engines.append(engine)
        with Session(engine) as session:
            make_demo(session, today=DEMO_TODAY, families=3, seed=seed, lang="ru")
            session.commit()
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def richest_child(session: Session) -> uuid.UUID:
    """The child with the most goal ratings who also has a PMPK conclusion."""
    with_pmpk = select(col(PmpkConclusion.child_id))
    row = session.execute(
        select(col(Child.id), func.count(col(GoalRating.id)))
        .join(SupportPlan, col(SupportPlan.child_id) == col(Child.id))
        .join(Goal, col(Goal.plan_id) == col(SupportPlan.id))
        .join(GoalRating, col(GoalRating.goal_id) == col(Goal.id))
        .where(col(Child.id).in_(with_pmpk))
        .group_by(col(Child.id))
        .order_by(func.count(col(GoalRating.id)).desc(), col(Child.case_number))
        .limit(1)
    ).first()
    assert row is not None and row[1] > 0, "the demo gives some child rated goals and a PMPK"
    return row[0]


def export_file(engine: Engine, child_id: uuid.UUID, *, actor: Actor = SYSTEM) -> TransferExport:
    """Export the child's transfer file from the room on `DEMO_TODAY` and commit it.

    The sending room then keeps the child marked transferred, as after a real export.
    """
    with Session(engine) as session:
        made = export_child(
            session,
            actor=actor,
            child_id=child_id,
            passphrase=PASSPHRASE,
            today=DEMO_TODAY,
            kdf=TEST_KDF,
        )
        session.commit()
    return made
