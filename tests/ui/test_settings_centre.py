"""Settings ▸ Centre: "Make a bundle for the centre" writes a bundle the centre can read."""

from __future__ import annotations

import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlmodel import Session
from tests.ui.conftest import settle

from caseroom.bundles.keys import CENTRE, PublicKeyFile, new_encryption_key
from caseroom.bundles.room_bundle import open_payload, read_envelope
from caseroom.services.common import SYSTEM
from caseroom.services.exchange.bundle_keys import trust_centre
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.settings.centre import CentreSection


def _section(window: MainWindow) -> CentreSection:
    found = window.page("settings").findChildren(CentreSection)
    assert len(found) == 1
    return found[0]


def test_make_a_bundle(
    window: MainWindow, qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    window.show_page("settings")
    settle(qtbot, context)
    section = _section(window)
    assert section.button.accessibleName() == "Make a bundle for the centre"
    private, public = new_encryption_key()
    with Session(context.engine) as session:
        trust_centre(
            session,
            actor=SYSTEM,
            key_file=PublicKeyFile(CENTRE, uuid.uuid4(), "C", public).to_bytes(),
        )
        session.commit()
    target = tmp_path / "room.crbundle"
    section.make_bundle(target)
    qtbot.waitUntil(lambda: section.button.isEnabled(), timeout=20000)
    assert target.is_file(), section.note.text()
    payload = open_payload(read_envelope(target.read_bytes()), centre_private=private)
    assert payload["children"]
    assert "written" in section.note.text()


def test_without_a_trusted_centre_it_says_so(
    window: MainWindow, qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    window.show_page("settings")
    settle(qtbot, context)
    section = _section(window)
    section.make_bundle(tmp_path / "none.crbundle")
    qtbot.waitUntil(lambda: section.button.isEnabled(), timeout=20000)
    assert "trusts no centre" in section.note.text()
    assert not (tmp_path / "none.crbundle").exists()
