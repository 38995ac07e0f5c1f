"""Point 11 of the privacy promise, everywhere text is stored: one rule for text.

Every writer that the first round of the text rule left out now follows it: the room's
"where to get help" text and folder setting, user names (and the name a failed sign-in
typed, kept in the audit trail), the data files a room loads (feedback questions,
screening instruments), a centre's name from its key file, and on the centre's side its
own name, a room's names from its key file and every value taken from a bundle. A control
character is refused with a translated message, and nothing is written.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlmodel import Session
from tests.services.account_fixtures import PASSWORD, add_account, add_staff, fast_hashing

from caseroom.bundles.keys import CENTRE, ROOM, PublicKeyFile, new_signing_key
from caseroom.bundles.room_bundle import BundleDamagedError
from caseroom.centre import schema
from caseroom.centre.database import centre_engine, connected
from caseroom.centre.payload import checked_children, checked_period_name, checked_room_name
from caseroom.centre.setup import add_room, init_centre
from caseroom.db.models import AuditEvent, Room, Setting
from caseroom.db.models_accounts import Account
from caseroom.db.models_exchange import TrustedCentre
from caseroom.errors import UserError, ValidationError
from caseroom.i18n import set_language
from caseroom.paths import resource_path
from caseroom.services.accounts.accounts import authenticate
from caseroom.services.accounts.passwords import username_problem
from caseroom.services.accounts.settings_store import BACKUP_FOLDER, set_setting
from caseroom.services.common import Actor
from caseroom.services.exchange.bundle_keys import trust_centre
from caseroom.services.parents.feedback_questions import feedback_file, parse_feedback_questions
from caseroom.services.reporting.wellbeing import HELP_TEXT_KEY, set_help_text
from caseroom.services.wellbeing.instrument_files import InstrumentFileError, parse_instrument

REFUSED = ["\x1b", "\x00", "\x7f", "\x85", "\u2028"]
CONTROL = "control character"

pytestmark = pytest.mark.usefixtures("fast_hashing")
_ = fast_hashing  # the fixture is used by name


@pytest.fixture
def admin(session: Session, room: Room) -> Actor:
    """An administrator with the room's first account."""
    member = add_staff(session, room, "administrator", "Admin")
    add_account(session, member, "admin")
    return Actor(member.id, member.role)


def _count(session: Session, model: type[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the room ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", REFUSED)
def test_the_help_text_refuses_a_control_character(
    session: Session, admin: Actor, char: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        set_help_text(session, actor=admin, text=f"Trust line{char} 150")
    assert CONTROL in raised.value.problems["help_text"]
    assert session.get(Setting, HELP_TEXT_KEY) is None
    assert set_help_text(session, actor=admin, text="Trust line 150\nRoom 12") == (
        "Trust line 150\nRoom 12"
    )


@pytest.mark.parametrize("char", REFUSED)
def test_the_backup_folder_refuses_a_control_character(
    session: Session, admin: Actor, char: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        set_setting(session, actor=admin, key=BACKUP_FOLDER, value=f"/media/usb{char}/backups")
    assert CONTROL in raised.value.problems[BACKUP_FOLDER.key]
    assert session.get(Setting, BACKUP_FOLDER.key) is None


@pytest.mark.parametrize("char", REFUSED)
def test_a_user_name_with_a_control_character_is_refused_under_its_own_message(
    session: Session, admin: Actor, room: Room, char: str
) -> None:
    from caseroom.services.accounts.accounts import create_account

    member = add_staff(session, room, "psychologist", "Omarova")
    before = _count(session, Account)
    with pytest.raises(ValidationError) as raised:
        create_account(
            session, actor=admin, staff_id=member.id, username=f"da{char}na", password=PASSWORD
        )
    assert CONTROL in raised.value.problems["username"]
    assert _count(session, Account) == before
    set_language("ru")
    problem = username_problem(f"da{char}na")
    assert problem is not None and "control" not in problem  # translated


def test_the_name_a_failed_sign_in_typed_reaches_the_audit_trail_without_control_characters(
    session: Session, admin: Actor
) -> None:
    result = authenticate(session, username="adm\x1bin\x00", password="wrong password")
    assert not result.ok
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "login_failed")  # type: ignore[arg-type]
    ).one()
    assert event.details["username"] == "adm\ufffdin\ufffd"


# --- data files a room loads ---------------------------------------------------------------


def _feedback_doc() -> dict[str, Any]:
    return json.loads(feedback_file().read_text(encoding="utf-8"))


@pytest.mark.parametrize("char", REFUSED)
def test_a_feedback_questions_file_with_a_control_character_is_refused(char: str) -> None:
    doc = _feedback_doc()
    parse_feedback_questions(copy.deepcopy(doc))  # the shipped file is fine
    doc["questions"][0]["text"]["ru"] = f"Было{char} полезно?"
    with pytest.raises(ValueError, match=CONTROL):
        parse_feedback_questions(doc)


def test_a_feedback_questions_file_version_is_one_short_line() -> None:
    doc = _feedback_doc()
    doc["version"] = "2\x1b"
    with pytest.raises(ValueError, match="version"):
        parse_feedback_questions(doc)
    doc["version"] = "9" * 33
    with pytest.raises(ValueError, match="version"):
        parse_feedback_questions(doc)


def _instrument_doc() -> dict[str, Any]:
    path = Path(resource_path("instruments")) / "who5.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("where", ["title", "item", "version"])
def test_an_instrument_file_with_a_control_character_is_refused(char: str, where: str) -> None:
    doc = _instrument_doc()
    parse_instrument(copy.deepcopy(doc), "who5.json")
    if where == "title":
        doc["title"]["ru"] = f"Индекс{char}WHO"
    elif where == "item":
        doc["items"][0]["text"]["ru"] = f"Я{char}чувствовал"
    else:
        doc["version"] = f"1{char}2"
    with pytest.raises(InstrumentFileError, match=CONTROL):
        parse_instrument(doc, "who5.json")


# --- key files and bundles -----------------------------------------------------------------


def _key_file(kind: str, name: str, **extra: str) -> bytes:
    return PublicKeyFile(kind, uuid.uuid4(), name, new_signing_key()[1], extra).to_bytes()


@pytest.mark.parametrize("char", REFUSED)
def test_a_centre_key_file_whose_name_holds_a_control_character_is_refused(
    session: Session, admin: Actor, char: str
) -> None:
    with pytest.raises(UserError, match="centre's public key file"):
        trust_centre(session, actor=admin, key_file=_key_file(CENTRE, f"Regional{char} centre"))
    assert _count(session, TrustedCentre) == 0
    trust_centre(session, actor=admin, key_file=_key_file(CENTRE, "Regional centre"))
    assert _count(session, TrustedCentre) == 1


@pytest.fixture
def centre_url(tmp_path: Path) -> str:
    """A SQLite centre database (the rule is the same on PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'centre.sqlite3'}"


@pytest.mark.parametrize("char", REFUSED)
def test_the_centre_refuses_a_control_character_in_its_own_name(centre_url: str, char: str) -> None:
    engine = centre_engine(centre_url)
    with pytest.raises(UserError, match=CONTROL), connected(engine) as connection:
        init_centre(connection, name=f"Regional{char} centre", passphrase="a long passphrase here")
    with connected(engine) as connection:
        assert inspect(connection).get_table_names() == []  # not even the tables


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("field", ["name", "school_name", "room_name", "locality", "region"])
def test_the_centre_refuses_a_room_key_file_with_a_control_character_in_a_name(
    centre_url: str, char: str, field: str
) -> None:
    engine = centre_engine(centre_url)
    with connected(engine) as connection:
        init_centre(connection, name="Regional centre", passphrase="a long passphrase here")
    names = {"name": "School 7", "school_name": "School 7", "room_name": "Room 12"}
    names.update({"locality": "Taraz", "region": "Zhambyl"})
    names[field] = f"Bad{char}name"
    name = names.pop("name")
    if field == "name":  # the key's own name is taken only when no school is named
        del names["school_name"]
    with pytest.raises(UserError, match="room's public key file"), connected(engine) as connection:
        add_room(connection, _key_file(ROOM, name, **names))
    with connected(engine) as connection:
        assert connection.execute(select(func.count()).select_from(schema.room)).scalar() == 0


def _child(**changes: Any) -> dict[str, Any]:
    child: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "birth_year": 2017,
        "sex": "F",
        "grade": 3,
        "status": "active",
        "categories": ["hearing"],
        "enrolled_year": 2024,
        "left_year": None,
        "sessions_attended": 12,
        "plan_in_effect": True,
        "pmpk_in_effect": False,
        "identity": None,
    }
    child.update(changes)
    return child


def test_a_bundle_child_that_follows_the_rule_is_taken() -> None:
    (row,) = checked_children({"children": [_child()]}, identified=False)
    assert row["status"] == "active" and row["categories"] == ["hearing"]


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("field", ["sex", "status", "categories", "identity"])
def test_a_bundle_value_with_a_control_character_is_damage_and_nothing_is_taken(
    char: str, field: str
) -> None:
    identity = {
        "case_number": "A-1",
        "last_name": "Omarova",
        "first_name": "Dana",
        "patronymic": None,
        "birth_date": "2017-05-02",
        "iin": None,
    }
    bad: dict[str, Any] = {
        "sex": char,
        "status": f"act{char}ive",
        "categories": [f"hear{char}ing"],
        "identity": {**identity, "last_name": f"Oma{char}rova"},
    }
    payload = {"children": [_child(), _child(**{field: bad[field]})]}
    with pytest.raises(BundleDamagedError):
        checked_children(payload, identified=True)
    assert checked_children({"children": [_child(identity=identity)]}, identified=True)


@pytest.mark.parametrize("char", REFUSED)
def test_a_bundle_period_or_school_name_with_a_control_character_is_damage(char: str) -> None:
    with pytest.raises(BundleDamagedError):
        checked_period_name(f"2026{char}-2027")
    with pytest.raises(BundleDamagedError):
        checked_room_name({"room": {"school_name": f"School{char} 7"}})
    assert checked_period_name("2026-2027") == "2026-2027"
