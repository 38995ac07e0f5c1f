"""The demo's parents' voice: every meeting form this year, help offered, lifted barriers,
a peer-support parent per group and feedback slips, the same for the same seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.db.models import GroupMeeting, ParentGroup
from caseroom.db.models_groups_voice import GroupFeedback, PeerSupportParent
from caseroom.demo.build import make_demo
from caseroom.services.common import SYSTEM
from caseroom.services.parents.reach import help_effects

TODAY = date(2026, 11, 23)


def _made(folder: Path) -> tuple[list[tuple[object, ...]], list[object], int, int]:
    engine = engine_for_path(folder / "demo.sqlite3")
    upgrade(engine)
    with Session(engine) as session:
        make_demo(session, today=TODAY, families=30, seed=5, lang="en")
        session.flush()
        meetings = session.execute(
            select(
                col(GroupMeeting.held_on),
                col(GroupMeeting.meeting_format),
                col(GroupMeeting.help_offered),
            ).order_by(col(GroupMeeting.held_on), col(GroupMeeting.meeting_format))
        ).all()
        slips = list(
            session.execute(
                select(col(GroupFeedback.answers)).order_by(col(GroupFeedback.id))
            ).scalars()
        )
        peers = len(session.execute(select(PeerSupportParent)).all())
        groups = list(session.execute(select(col(ParentGroup.id))).scalars())
        lifted = sum(
            1
            for group_id in groups
            for effect in help_effects(session, actor=SYSTEM, group_id=group_id)
            if effect.meetings_with and effect.with_help.whole
        )
    engine.dispose()
    return [tuple(row) for row in meetings], slips, peers, lifted


def test_the_demo_has_every_form_help_peers_and_feedback_and_is_repeatable(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    meetings, slips, peers, lifted = _made(tmp_path / "a")
    this_year = {form for day, form, _help in meetings if day >= date(2026, 9, 1)}
    assert this_year == {"in_person", "online", "phone", "mixed"}
    assert any(help for _day, _form, help in meetings)
    assert peers == 2 and lifted >= 1
    assert len(slips) >= 3 and all(
        set(s) <= {"welcome", "useful", "suited", "easy_to_come", "come_again"} for s in slips
    )
    assert _made(tmp_path / "b") == (meetings, slips, peers, lifted)
