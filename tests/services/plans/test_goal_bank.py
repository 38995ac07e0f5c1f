"""The goal bank: 60+ shipped goals in kk/ru/en, search by words and domain, the room's own
goals, export and an all-or-nothing import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.db.models_plan_history import BankGoal
from caseroom.errors import UserError
from caseroom.paths import resource_path
from caseroom.services.common import Actor
from caseroom.services.plans.goal_bank import (
    FIELDS,
    LANGUAGES,
    BankEntry,
    add_room_goal,
    document,
    export_room_goals,
    import_entries,
    read_bank_file,
    search_bank,
    shipped_goals,
)
from caseroom.vocab import Domain


def _own(key: str = "room-quiet-voice", domain: str = "social_emotional") -> BankEntry:
    wording = {
        "description": {"ru": "Говорит тихим голосом в классе", "en": "Uses a quiet voice"},
        "baseline": {"ru": "Кричит на уроке"},
        "target": {},
        "criterion": {},
    }
    return BankEntry(key, domain, wording, False)


def test_the_shipped_bank_is_a_goal_data_file_over_5_kb() -> None:
    files = list(resource_path("goals").glob("goal*.json"))
    assert files and all(path.stat().st_size > 5 * 1024 for path in files)


def test_at_least_60_goals_across_every_domain_each_field_in_three_languages() -> None:
    goals = shipped_goals()
    assert len(goals) >= 60
    assert {goal.domain for goal in goals} == {domain.value for domain in Domain}
    assert len({goal.key for goal in goals}) == len(goals)
    for goal in goals:
        for field in FIELDS:
            for language in LANGUAGES:
                assert goal.wording[field][language].strip(), (goal.key, field, language)
        # Kazakh and Russian are their own wording, not a copy of the English.
        assert goal.wording["description"]["kk"] != goal.wording["description"]["ru"]
        assert goal.wording["description"]["en"] != goal.wording["description"]["ru"]


def test_search_by_words_in_the_users_language_and_by_domain(
    session: Session, actor: Actor
) -> None:
    found = search_bank(session, actor=actor, words="ножниц", language="ru")
    assert [goal.key for goal in found] == ["fine-scissors"]
    assert found[0].text("target", "ru").startswith("Разрезает")
    kk = search_bank(session, actor=actor, words="қайшы", language="kk")
    assert [goal.key for goal in kk] == ["fine-scissors"]
    speech = search_bank(session, actor=actor, domain=Domain.SPEECH, language="en")
    assert len(speech) >= 6 and {goal.domain for goal in speech} == {"speech"}
    assert search_bank(session, actor=actor, words="scissors", domain="speech", language="en") == []
    both = search_bank(session, actor=actor, words="ball catch", language="en")
    assert [goal.key for goal in both] == ["gross-catch-ball"]


def test_a_rooms_own_goal_is_found_first_and_falls_back_to_another_language(
    session: Session, actor: Actor
) -> None:
    add_room_goal(session, actor=actor, entry=_own())
    found = search_bank(session, actor=actor, domain="social_emotional", language="kk")
    assert found[0].key == "room-quiet-voice" and not found[0].shipped
    assert found[0].text("description", "kk") == "Говорит тихим голосом в классе"
    by_word = search_bank(session, actor=actor, words="тихим", language="kk")
    assert [goal.key for goal in by_word] == ["room-quiet-voice"]


def test_export_then_import_round_trips_and_updates_by_id(
    session: Session, actor: Actor, tmp_path: Path
) -> None:
    add_room_goal(session, actor=actor, entry=_own())
    out = tmp_path / "bank.json"
    assert export_room_goals(session, actor=actor, path=out) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["goals"][0]["id"] == "room-quiet-voice"
    data["goals"][0]["description"]["kk"] = "Сыныпта ақырын дауыспен сөйлейді"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = import_entries(session, actor=actor, entries=read_bank_file(out))
    assert (result.created, result.updated) == (0, 1)
    row = session.scalars(select(BankGoal)).one()
    assert row.wording["description"]["kk"] == "Сыныпта ақырын дауыспен сөйлейді"


def test_a_file_with_any_fault_is_refused_whole_naming_each_fault(tmp_path: Path) -> None:
    good = document([_own("good-one")])["goals"][0]
    bad_domain = {**good, "id": "bad-domain", "domain": "astrology"}
    no_text = {**good, "id": "no-text", "description": {}}
    path = tmp_path / "bank.json"
    doc = {"format": "caseroom-goal-bank", "version": 1, "goals": [good, bad_domain, no_text]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_bank_file(path)
    message = str(caught.value)
    assert "nothing was changed" in message
    assert "goal 2: unknown domain" in message and "goal 3: the goal has no description" in message
    assert "goal 1" not in message


def test_an_export_with_no_goals_of_the_rooms_own_is_refused(
    session: Session, actor: Actor, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="no goals of its own"):
        export_room_goals(session, actor=actor, path=tmp_path / "x.json")
    assert session.execute(select(func.count()).select_from(BankGoal)).scalar_one() == 0


def test_a_file_whose_text_holds_a_control_character_is_refused_whole(
    session: Session, actor: Actor, tmp_path: Path
) -> None:
    good = document([_own("good-one")])["goals"][0]
    escape = {**good, "id": "escape", "description": {"ru": "Говорит\x1b[31m тихо"}}
    nul = {**good, "id": "nul", "baseline": {"en": "Shouts\x00 in class"}}
    lines = {**good, "id": "lines", "criterion": {"en": "Three times\n\tin a week"}}
    path = tmp_path / "bank.json"
    doc = {"format": "caseroom-goal-bank", "version": 1, "goals": [good, escape, nul, lines]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_bank_file(path)
    message = str(caught.value)
    assert "goal 2: “description” in ru: This note holds a control character" in message
    assert "goal 3: “baseline” in en: This note holds a control character" in message
    assert "goal 1" not in message and "goal 4" not in message  # newline and tab are fine
    with pytest.raises(UserError, match="control character"):
        add_room_goal(
            session,
            actor=actor,
            entry=BankEntry(
                "room-escape", "social_emotional", {"description": {"en": "Quiet\x07 voice"}}, False
            ),
        )
    assert session.execute(select(func.count()).select_from(BankGoal)).scalar_one() == 0
