"""The command-line tests read messages in English: commands otherwise speak the room's
language (`CASEROOM_LANG` chooses, as a person's environment may)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English unless a test unsets this."""
    monkeypatch.setenv("CASEROOM_LANG", "en")
