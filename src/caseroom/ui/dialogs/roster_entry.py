"""Where the roster import wizard is offered: who may use it, and the second button of
the empty Children page of a new room ("Import a roster…" beside "Add the first child…")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.widgets.empty_state import EmptyState


def may_import_roster(actor: Actor) -> bool:
    """Whether `actor` may import a roster (the wizard is offered only then)."""
    return allowed(actor, Permission.IMPORT_ROSTER)


def offer_roster_import(empty: EmptyState, on_import: Callable[[], Any]) -> QPushButton:
    """Add "Import a roster…" under the empty state's own button."""
    button = QPushButton(_("Import a roster from a spreadsheet…"), empty)
    button.setObjectName("emptyRosterImport")
    button.setAccessibleName(_("Import a roster from a spreadsheet"))
    button.clicked.connect(on_import)
    layout = empty.layout()
    assert isinstance(layout, QVBoxLayout)
    position = layout.indexOf(empty.button) + 1 if empty.button is not None else 2
    layout.insertWidget(position, button, 0, Qt.AlignmentFlag.AlignHCenter)
    return button
