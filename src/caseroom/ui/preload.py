"""Importing the data stack on a thread of its own while the window starts.

The window paints before SQLAlchemy, sqlmodel and the models are imported (they take most
of a second on a modest laptop). `Preload` imports them on a background thread from the
moment the launcher has claimed the file, while the window paints and the person types a
passphrase, then the services and page modules of the first screens while the worker
checks and opens the file (SQLite's work, which leaves Python free). Nothing is built:
only modules are imported, which Python allows from any thread.

Two threads must never import the same package at once (pydantic's lazy attributes and
PySide6's import hook then see half-made modules), so: the worker waits for `STACK`
(`wait_stack`, queued on it right after the claim) before it touches the database, and the
GUI thread waits for everything (`wait`) before it imports data modules itself. An import
that fails here is left to fail again where the module is really needed.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

STACK: tuple[str, ...] = (
    "sqlalchemy.orm",
    "sqlmodel",
    "caseroom.db.models",
    "caseroom.db.health",
    "caseroom.db.engine",
    "caseroom.db.open",
    "caseroom.db.migrate",
    "caseroom.db.rotation",
    "caseroom.services.permissions",
    "caseroom.services.accounts.accounts",
    "caseroom.services.accounts.settings_store",
    "caseroom.services.people.rooms",
    "caseroom.services.people.staff",
    "caseroom.services.people.overview",
    "caseroom.ui.opening",
)
"""What the worker needs to check, unlock and open the file and read who is there."""

PAGES: tuple[str, ...] = (
    "caseroom.ui.context",
    "caseroom.ui.drafts",
    "caseroom.ui.pages.today",
    "caseroom.ui.pages.children",
)
"""What the window needs once the file is open: the first pages and their services."""


class Preload:
    """Imports `stack`, then `pages`, once, on a daemon thread, from `start()` on."""

    def __init__(self, stack: tuple[str, ...] = STACK, pages: tuple[str, ...] = PAGES) -> None:
        self.stack = stack
        self.pages = pages
        self.imported: list[str] = []
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stack_ready = threading.Event()

    def start(self) -> None:
        """Begin importing (from any thread; only the first call does anything)."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="caseroom-preload", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._import(self.stack)
        finally:
            self._stack_ready.set()
        self._import(self.pages)

    def _import(self, names: tuple[str, ...]) -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # imported again, and reported, where it is used
                log.debug("preloading %s failed", name, exc_info=True)
                continue
            self.imported.append(name)

    def wait_stack(self) -> None:
        """Return once the data stack is imported (at once if never started)."""
        with self._lock:
            started = self._thread is not None
        if started:
            self._stack_ready.wait()

    def wait(self) -> None:
        """Return once every module has been imported (at once if never started)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()
