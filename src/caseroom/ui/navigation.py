"""How views ask the main window to show something else, without knowing the window.

Pages and dialogs receive a `Navigator` and call it; the main window implements it.
Each page module in `ui/pages/` exposes one page class built as
`SomePage(context: AppContext, navigator: Navigator, parent: QWidget | None = None)`
with a `refresh()` method the window calls when the page is shown, and listens to
`context.changed` to refresh only when what it shows has changed.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol


class Navigator(Protocol):
    """What any view may ask of the main window."""

    def open_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        """Show the child card (tab: overview, plan, sessions, parents, history)."""

    def open_family(self, family_id: uuid.UUID) -> None:
        """Show the family on the Families page."""

    def open_group(self, group_id: uuid.UUID) -> None:
        """Show the parent support group on the Groups page."""

    def open_journal(self, day: date | None = None) -> None:
        """Show the journal on `day` (today when None)."""

    def log_session(
        self,
        *,
        child_id: uuid.UUID | None = None,
        session_id: uuid.UUID | None = None,
        practice_id: uuid.UUID | None = None,
    ) -> None:
        """Open the session dialog: a new session (for a child) or an existing one (with
        the home practice `practice_id` given at it to correct, the focus on it)."""

    def show_page(self, name: str) -> None:
        """Switch to a page: today, children, families, journal, groups, reports, settings."""
