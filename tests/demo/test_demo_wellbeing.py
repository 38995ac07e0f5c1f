"""Demo wellbeing data: consented mothers, check-ins over the year, one open flag."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.db.engine import engine_for_path
from caseroom.db.models_wellbeing import WellbeingCheckin
from caseroom.demo.build import make_demo
from caseroom.services.common import SYSTEM
from caseroom.services.wellbeing.checkins import (
    list_checkins,
    open_flags,
    screening_consent_holds,
    trend_series,
)
from caseroom.services.wellbeing.instruments import builtin_instruments, score

TODAY = date(2026, 11, 23)


def _demo(template_db: Path, folder: Path, name: str, seed: int = 5) -> Session:
    path = folder / name
    shutil.copyfile(template_db, path)
    session = Session(engine_for_path(path))
    summary = make_demo(session, today=TODAY, families=12, seed=seed, lang="kk")
    session.commit()
    assert summary.wellbeing_checkins == 10
    return session


def _dispose(session: Session) -> None:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    engine.dispose()


def test_demo_mothers_have_consented_checkins_and_flags(template_db: Path, tmp_path: Path) -> None:
    session = _demo(template_db, tmp_path, "demo.sqlite3")
    try:
        checkins = list(session.execute(select(WellbeingCheckin)).scalars())
        mothers = {c.caregiver_id for c in checkins}
        assert len(mothers) == 4
        catalog = builtin_instruments()
        for checkin in checkins:
            assert screening_consent_holds(
                session, caregiver_id=checkin.caregiver_id, on=checkin.given_on
            )
            assert date(2026, 9, 1) <= checkin.given_on <= TODAY
            result = score(
                catalog[checkin.instrument_id], {int(k): v for k, v in checkin.answers.items()}
            )
            assert (result.total, result.scaled_total, result.band) == (
                checkin.total,
                checkin.scaled_total,
                checkin.band,
            )
        flags = open_flags(session, actor=SYSTEM)
        assert len(flags) == 1 and flags[0].items == (9,) and flags[0].children
        assert flags[0].raised_on == date(2026, 11, 21)
        per_mother = sorted(
            len(list_checkins(session, actor=SYSTEM, caregiver_id=m)) for m in mothers
        )
        assert per_mother == [1, 3, 3, 3]
        series = trend_series(session, actor=SYSTEM, caregiver_id=flags[0].caregiver_id)
        assert [p.scaled_total for p in series[0].points] == [15, 11, 7]  # getting better
    finally:
        session.close()
        _dispose(session)


def test_demo_wellbeing_is_deterministic(template_db: Path, tmp_path: Path) -> None:
    one = _demo(template_db, tmp_path, "a.sqlite3")
    two = _demo(template_db, tmp_path, "b.sqlite3")
    try:
        query = select(
            col(WellbeingCheckin.id), col(WellbeingCheckin.answers), col(WellbeingCheckin.given_on)
        ).order_by(col(WellbeingCheckin.id))
        assert one.execute(query).all() == two.execute(query).all()
    finally:
        for session in (one, two):
            session.close()
            _dispose(session)
