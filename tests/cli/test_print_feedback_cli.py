"""`caseroom print feedback` and the support groups in `caseroom report summary`, as
docs/command-line.md states them, on a demo database."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import GroupMeeting, ParentGroup
from caseroom.services.parents.feedback_questions import feedback_file


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contract's demo: 40 families, seed 7."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "40", "--seed", "7"]) == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database for one test."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(demo_db, path)
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _group(db: Path) -> tuple[str, str]:
    engine = engine_for_path(db)
    with Session(engine) as session:
        group = (
            session.execute(select(ParentGroup).order_by(col(ParentGroup.name))).scalars().first()
        )
        assert group is not None
        day = (
            session.execute(
                select(col(GroupMeeting.held_on))
                .where(col(GroupMeeting.group_id) == group.id)
                .order_by(col(GroupMeeting.held_on).desc())
            )
            .scalars()
            .first()
        )
        name = group.name
    engine.dispose()
    assert day is not None
    return name, day.isoformat()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_slip_prints_the_questions_in_the_language(
    db: Path, tmp_path: Path, language: str
) -> None:
    name, day = _group(db)
    out = tmp_path / f"slip-{language}.pdf"
    code = main(
        [
            "print",
            "feedback",
            "--db",
            str(db),
            "--group",
            name.upper(),
            "--lang",
            language,
            "--out",
            str(out),
            "--date",
            day,
        ]
    )
    assert code == 0
    text = _text(out)
    doc = json.loads(feedback_file().read_text(encoding="utf-8"))
    first = doc["questions"][0]["text"][language]
    assert text.count(first[:20]) == 2  # two slips on the page
    assert text.count("\f") == 1  # one page
    assert ".".join(reversed(day.split("-"))) in text


def test_unknown_group_or_date_and_a_centres_questions(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "slip.pdf"
    assert main(["print", "feedback", "--db", str(db), "--group", "Nobody", "--out", str(out)]) == 2
    assert "No support group" in capsys.readouterr().err
    name, _day = _group(db)
    code = main(
        [
            "print",
            "feedback",
            "--db",
            str(db),
            "--group",
            name,
            "--out",
            str(out),
            "--date",
            "2020-01-01",
        ]
    )
    assert code == 2 and not out.exists()
    doc = json.loads(feedback_file().read_text(encoding="utf-8"))
    doc["questions"] = [
        {
            "id": "tea",
            "kind": "yes_no",
            "text": {"en": "Was the tea hot?", "ru": "Чай?", "kk": "Шай?"},
        }
    ]
    own = tmp_path / "ours.json"
    own.write_text(json.dumps(doc), encoding="utf-8")
    code = main(
        [
            "print",
            "feedback",
            "--db",
            str(db),
            "--group",
            name,
            "--lang",
            "en",
            "--out",
            str(out),
            "--questions",
            str(own),
        ]
    )
    assert code == 0 and "Was the tea hot?" in _text(out)


def test_the_summary_shows_the_support_groups(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    code = main(
        [
            "report",
            "summary",
            "--db",
            str(db),
            "--period",
            "2026-2027",
            "--lang",
            "en",
            "--format",
            "pdf",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    text = _text(out).lower()
    assert "feedback" in text and "online" in text
    assert "support-group meetings by form" in text
    assert "barriers lifted" in text
    resources = feedback_file().parents[1]
    assert any(
        p.is_file() and "feedback" in str(p.relative_to(resources)) for p in resources.rglob("*")
    )
