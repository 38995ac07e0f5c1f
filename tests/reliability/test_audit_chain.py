"""Point 7 (second half) of the privacy promise: the audit trail shows tampering.

Each event is chained to the one before by a SHA-256 digest; `caseroom check` verifies the
chain and names the first broken event, whatever was done to the file with the sqlite3 shell.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.audit_chain import GENESIS, event_digest, verify_connection
from caseroom.db.health import check_database
from caseroom.db.models import AuditEvent
from caseroom.services.common import SYSTEM, audit


def _write_events(engine: Engine, count: int) -> None:
    with Session(engine) as session:
        for number in range(count):
            audit(
                session,
                actor=SYSTEM,
                action="view",
                entity="child",
                entity_id=uuid.uuid4(),
                details={"number": number, "reason": "Тест"},
            )
        session.commit()


def _shell(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _report(path: Path) -> tuple[int, str | None, int | None]:
    connection = sqlite3.connect(path)
    try:
        report = verify_connection(connection)
    finally:
        connection.close()
    broken = report.broken
    return report.events, broken.reason if broken else None, broken.seq if broken else None


def test_events_written_in_one_and_in_several_transactions_form_one_chain(
    engine: Engine, db_path: Path
) -> None:
    _write_events(engine, 3)
    _write_events(engine, 2)
    with Session(engine) as session:
        rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    previous = GENESIS
    for row in rows:
        previous = event_digest(
            previous,
            seq=row.seq or 0,
            at=row.at,
            actor_id=row.actor_id,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            details=row.details,
        )
        assert row.chain == previous
    assert _report(db_path) == (5, None, None)


@pytest.mark.parametrize(
    ("statement", "reason", "seq"),
    [
        ("DELETE FROM audit_event WHERE seq = 1", "missing", 2),
        ("DELETE FROM audit_event WHERE seq = 3", "missing", 4),
        ("UPDATE audit_event SET action = 'export' WHERE seq = 2", "changed", 2),
        ("UPDATE audit_event SET details = '{\"number\": 9}' WHERE seq = 4", "changed", 4),
        ("UPDATE audit_event SET at = '2020-01-01 00:00:00.000000' WHERE seq = 3", "changed", 3),
        (
            "INSERT INTO audit_event (id, at, action, entity, details) VALUES "
            "('00000000000000000000000000000001', '2026-01-01 00:00:00.000000', 'view', "
            "'child', '{}')",
            "unplaced",
            None,
        ),
    ],
)
def test_the_sqlite3_shell_breaks_the_chain_where_it_touched(
    engine: Engine, db_path: Path, statement: str, reason: str, seq: int | None
) -> None:
    _write_events(engine, 5)
    engine.dispose()
    _shell(db_path, statement)
    _events, found_reason, found_seq = _report(db_path)
    assert (found_reason, found_seq) == (reason, seq)
    report = check_database(db_path)
    assert not report.healthy
    assert any("chain is broken" in problem for problem in report.problems)


def test_check_exits_1_and_names_the_first_broken_event(
    engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_events(engine, 4)
    engine.dispose()
    assert main(["check", "--db", str(db_path)]) == 0
    assert "4 events, the chain holds" in capsys.readouterr().out
    _shell(db_path, "DELETE FROM audit_event WHERE seq = 2")
    assert main(["check", "--db", str(db_path)]) == 1
    output = capsys.readouterr()
    assert "events before event 3" in output.out + output.err
