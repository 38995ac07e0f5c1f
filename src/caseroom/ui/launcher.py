"""Opening a database in the app, step by step, off the GUI thread.

1. **Claim** the file: take the writer lock, or open read-only when another copy of
   caseroom holds it, the file is on a network share or the folder is not writable
   (`db.lock.claim_database`); the person is told who holds it and chooses.
2. **Unlock** an encrypted file (a key file beside it): user name and password, or the
   database passphrase (`ui.unlock.UnlockDialog`).
3. **Check** it (`db.health.startup_check`, a fast path for large files): a damaged file
   gets a clear screen offering the newest good backup.
4. **Open** it (upgrade after a backup), read the room, staff and whether accounts exist.
5. **First run** (no room yet), or **sign in** (accounts exist; skipped when step 2 already
   proved the same user name and password), or act as the remembered staff member.
6. **Attach** the window; with an account, the window can lock (Ctrl+L, idle minutes).

The data stack (SQLAlchemy, sqlmodel, the models, the services of the first pages) is
imported on a thread of its own from step 1 on (`ui.preload`), while the lock is taken, the
key unwrapped, SQLite's integrity check of a plain file runs (`db.early_check`) and the
window paints; the GUI thread never imports it before the window is attached.

While open, a backup goes to the chosen folder once a day, the first one a little after the
window is attached so that it never delays the first page, and when the app closes
(`db.rotation`, rotated and verified). Restoring a backup and encrypting the file close
the database, do their work and run the steps again from 3.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.ui.launcher_files import (
    backup_folders,
    close_backup_work,
    daily_backup_work,
    early_check_work,
    is_empty_plain_file,
)
from caseroom.ui.main_window import LANGUAGE_KEY, LAST_DB_KEY, MainWindow
from caseroom.ui.new_database import discard_new_database, files_before_opening
from caseroom.ui.opening import (
    Encrypted,
    Opened,
    actor_key,
    backup_folder_key,
    encrypt_file,
    encryption_message,
    enrol_account_key,
    open_and_read,
    pick_actor,
)
from caseroom.ui.preload import Preload
from caseroom.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from caseroom.db.early_check import Integrity
    from caseroom.db.health import StartupCheck
    from caseroom.db.lock import Access
    from caseroom.db.rotation import BackupInfo
    from caseroom.services.accounts.accounts import LoginResult
    from caseroom.services.common import Actor
    from caseroom.ui.context import AppContext
    from caseroom.ui.first_run import FirstRunDialog, FirstRunResult
    from caseroom.ui.login import LoginDialog
    from caseroom.ui.unlock import UnlockDialog

log = logging.getLogger(__name__)

DAILY_CHECK_MS = 30 * 60 * 1000
"""How often the app checks whether today's automatic backup is still to be made."""
FIRST_BACKUP_DELAY_MS = 20 * 1000
"""How long after the window is attached the day's first automatic backup is made (the
first page's reads go first)."""


class Launcher(QObject):
    """Opens the database step by step (see the module docstring) and fills the window."""

    attached = Signal(object)  # the AppContext, once the window shows the database
    failed = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        runner: TaskRunner,
        settings: QSettings,
        path: Path,
        *,
        today: Callable[[], date] = date.today,
        first_backup_delay_ms: int = FIRST_BACKUP_DELAY_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.settings = settings
        self.path = path
        self.today = today
        self.engine: Engine | None = None
        self.context: AppContext | None = None
        self.access: Access | None = None
        self.key: bytes | None = None
        self.encrypted = False
        self.credentials: tuple[str, str] | None = None
        self.backup_folder: Path | None = None
        self.first_run: FirstRunDialog | None = None
        self.login: LoginDialog | None = None
        self.unlock: UnlockDialog | None = None
        self.idle_minutes = 0
        self.preload = Preload()
        self._early: dict[str, Integrity | None] = {}  # for the first check (`_check`) only
        self.first_backup_delay_ms = first_backup_delay_ms
        window.watch(runner)
        window.restore_requested.connect(self.restore_from)
        window.encrypt_requested.connect(self.encrypt_with)
        self._daily = QTimer(self)
        self._daily.setInterval(DAILY_CHECK_MS)
        self._daily.timeout.connect(self.daily_backup)

    @property
    def read_only(self) -> bool:
        """Whether the database is open read-only (another copy writes, a network share...)."""
        from caseroom.db.lock import AccessMode

        return self.access is not None and self.access.mode is AccessMode.READ_ONLY

    # --- 1. claim ----------------------------------------------------------------------

    def start(self) -> None:
        """Claim the database at `self.path` and go through the steps.

        The worker takes the lock and sees whether the file is encrypted; once it has
        imported what it needs for that, the data stack starts loading beside it
        (`ui.preload`)."""
        path, preload, early = self.path, self.preload, self._early
        self.files_before = files_before_opening(path)  # a cancelled first run removes the rest

        def claim() -> tuple[Access, bool]:
            from caseroom.db import early_check, lock  # noqa: F401 - both before the preload
            from caseroom.db.crypto import is_encrypted

            preload.start()  # the lock and the check run beside it
            return lock.claim_database(path), is_encrypted(path)

        self.runner.run(claim, self._claimed, self._failed)
        self.runner.run(early_check_work(path, early))
        # Whatever the worker does next (unlock, check, open) waits for the data stack.
        self.runner.run(preload.wait_stack)

    def _claimed(self, claimed: tuple[Access, bool]) -> None:
        access, self.encrypted = claimed
        self.access = access
        if access.held_by is not None:
            answer = QMessageBox.question(
                self.window,
                _("caseroom"),
                _("{held} You can open it read-only to look things up.").format(
                    held=access.held_by.message()
                ),
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
                QMessageBox.StandardButton.Close,
            )
            if answer != QMessageBox.StandardButton.Open:
                self.window.close()
                return
        self._unlock_step()

    # --- 2. unlock ---------------------------------------------------------------------

    def _unlock_step(self) -> None:
        if self.key is not None or not self.encrypted:
            self._check()
            return
        from caseroom.ui.unlock import UnlockDialog

        self.window.show_sign_in()
        dialog = UnlockDialog(self.runner, self.path, self.window)
        self.unlock = dialog
        dialog.finished.connect(lambda _code: self._unlocked(dialog))
        dialog.open()

    def _unlocked(self, dialog: UnlockDialog) -> None:
        self.unlock = None
        key, self.credentials = dialog.key, dialog.credentials
        dialog.deleteLater()
        if key is None:
            self.window.close()
            return
        self.key = key
        self._check()

    # --- 3. check ----------------------------------------------------------------------

    def _check(self) -> None:
        path, key, early = self.path, self.key, self._early

        def check() -> StartupCheck:
            from caseroom.db.health import startup_check  # imported by the preload

            return startup_check(path, key=key, integrity=early.pop("integrity", None))

        self.runner.run(check, self._checked, self._failed)

    def _checked(self, check: StartupCheck) -> None:
        from caseroom.db.health import StartupStatus

        if check.ok_to_open and not (
            self.read_only and check.status is StartupStatus.NEEDS_UPGRADE
        ):
            self._open()
            return
        if check.ok_to_open:
            message = _(
                "This database was made by an older caseroom and needs an upgrade, which "
                "cannot be done while it is open read-only."
            )
        else:
            message = check.message()
        self.window.show_failure(message)
        self.failed.emit(message)
        if check.status is StartupStatus.DAMAGED:
            self._look_for_backup()

    def _look_for_backup(self) -> None:
        from caseroom.db.health import newest_good_backup

        folders, key = self._backup_folders(), self.key
        self.runner.run(lambda: newest_good_backup(folders, key=key), self._offer_backup)

    def _backup_folders(self) -> list[Path]:
        return backup_folders(self.path, self.settings)

    def _offer_backup(self, found: BackupInfo | None) -> None:
        from caseroom.dates import format_date

        if found is None:
            self.window.show_failure_detail(_("No good backup was found in the backup folders."))
            if self._is_empty_file():
                self._offer_new_room()
            return
        taken = found.taken_at.astimezone()
        button = QPushButton(
            _("&Restore the backup of {date} {time}").format(
                date=format_date(taken.date()), time=taken.strftime("%H:%M")
            )
        )
        button.setAccessibleName(button.text().replace("&", ""))
        button.clicked.connect(lambda: self.restore_from(found.path))
        self.window.show_failure_action(button)

    def _is_empty_file(self) -> bool:
        return is_empty_plain_file(self.path)

    def _offer_new_room(self) -> None:
        """An empty file with no backup holds nothing to lose: offer to start afresh in it."""
        button = QPushButton(_("&Start a new room in this empty file"))
        button.setAccessibleName(button.text().replace("&", ""))
        button.clicked.connect(self.start_in_empty_file)
        self.window.show_failure_action(button)

    def start_in_empty_file(self) -> None:
        """Remove the empty file (after checking again that it is empty) and start anew."""
        if not self._is_empty_file():
            return
        self.path.unlink()
        self._check()

    # --- 4. open -----------------------------------------------------------------------

    def _open(self) -> None:
        path, key, read_only = self.path, self.key, self.read_only
        self.runner.run(
            lambda: open_and_read(path, key=key, read_only=read_only),
            self._opened,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.window.show_failure(str(error))
            self.failed.emit(str(error))
            return
        self.window.show_failure(_("An unexpected error happened; it was written to the log."))
        self.failed.emit(str(error))
        raise error

    def _opened(self, opened: Opened) -> None:
        self.preload.wait()  # from here on the GUI thread imports data modules itself
        self.engine = opened.engine
        self.idle_minutes = opened.idle_minutes
        self.backup_folder = opened.backup_folder
        if opened.room is None:
            self._show_first_run(opened.engine)
            return
        if opened.accounts:
            self._sign_in(opened)
            return
        actor = pick_actor(opened.staff, self.settings.value(actor_key(self.path)))
        self._attach(opened.engine, actor)

    # --- 5. first run or sign in -------------------------------------------------------

    def _sign_in(self, opened: Opened) -> None:
        if self.credentials is None:
            self._show_login(opened)
            return
        from caseroom.services.accounts.accounts import authenticate
        from caseroom.services.common import SYSTEM
        from caseroom.ui.context import AppContext

        username, password = self.credentials
        self.credentials = None  # used once, then forgotten

        def signed_in(result: LoginResult) -> None:
            if result.actor is None or result.account is None or result.must_change_password:
                self._show_login(opened)  # e.g. a reset password: the dialog renews it
                return
            self._attach(opened.engine, result.actor)
            self.enable_lock(result.account.staff_name)

        AppContext(opened.engine, SYSTEM, self.runner).run(
            lambda session: authenticate(session, username=username, password=password),
            signed_in,
            changes={"account"},
        )

    def _show_login(self, opened: Opened) -> None:
        from caseroom.services.common import SYSTEM
        from caseroom.ui.context import AppContext
        from caseroom.ui.login import LoginDialog

        room = opened.room
        where = (
            _("{room} · {school}").format(room=room.room_name, school=room.school_name)
            if room is not None
            else ""
        )
        self.window.show_sign_in()
        dialog = LoginDialog(AppContext(opened.engine, SYSTEM, self.runner), where, self.window)
        self.login = dialog
        dialog.finished.connect(lambda _code: self._login_done(dialog))
        dialog.open()

    def _login_done(self, dialog: LoginDialog) -> None:
        self.login = None
        actor, who, credentials = dialog.actor, dialog.who, dialog.credentials
        dialog.deleteLater()
        if actor is None or self.engine is None:
            self.window.close()  # sign-in cancelled
            return
        if credentials is not None and self.key is not None:
            path, key = self.path, self.key
            self.runner.run(lambda: enrol_account_key(path, key, *credentials))
        self._attach(self.engine, actor)
        self.enable_lock(who)

    def _show_first_run(self, engine: Engine) -> None:
        from caseroom.services.common import SYSTEM
        from caseroom.ui.context import AppContext
        from caseroom.ui.first_run import FirstRunDialog

        context = AppContext(engine, SYSTEM, self.runner)
        self.window.show_setup()
        dialog = FirstRunDialog(context, self.path, self.window, today=self.today)
        self.first_run = dialog
        dialog.finished.connect(lambda _code: self._first_run_done(dialog))
        dialog.open()

    def _first_run_done(self, dialog: FirstRunDialog) -> None:
        self.first_run = None
        result = dialog.result_value
        dialog.deleteLater()
        if result is None:  # set-up cancelled: close, leaving no file made for it behind
            path, before, engine, access = self.path, self.files_before, self.engine, self.access
            self.engine = self.access = None
            self.runner.run(lambda: discard_new_database(path, before, engine, access))
            self.window.close()
            return
        self.settings.setValue(LANGUAGE_KEY, result.language)
        self.window.retranslate()
        self._use_first_run(result)

    def _use_first_run(self, result: FirstRunResult) -> None:
        if result.demo_path is not None:
            self._close_engine()
            self._release_lock()
            self.path = result.demo_path
            self.key = None
            self.window.set_db_path(self.path)
            self.start()
            return
        assert result.actor is not None and self.engine is not None
        if result.encrypt_with is not None and result.credentials is not None:
            self._encrypt_new(result.encrypt_with, result.credentials)
            return
        self._attach(self.engine, result.actor)
        self.enable_lock(result.who)

    def _encrypt_new(self, passphrase: str, credentials: tuple[str, str]) -> None:
        """Encrypt the database just set up; its first account's password opens it too,
        and that person is signed in without being asked again."""
        engine = self._detach(_("Encrypting the database…"))
        path, folders = self.path, self._backup_folders()

        def work() -> Encrypted:
            if engine is not None:
                engine.dispose()
            return encrypt_file(path, passphrase, folders, credentials)

        def done(encrypted: Encrypted) -> None:
            self.key, self.credentials = encrypted.key, credentials
            self._check()

        self.runner.run(work, done, self._failed)

    # --- 6. attach ---------------------------------------------------------------------

    def _attach(self, engine: Engine, actor: Actor) -> None:
        self.preload.wait()  # the GUI thread imports nothing the preload is still importing
        from caseroom.ui.context import AppContext
        from caseroom.ui.drafts import draft_seal_key

        self.settings.setValue(LAST_DB_KEY, str(self.path))
        if actor.staff_id is not None:
            self.settings.setValue(actor_key(self.path), str(actor.staff_id))
        if self.backup_folder is not None:
            self.settings.setValue(backup_folder_key(self.path), str(self.backup_folder))
        self.settings.sync()
        self.context = AppContext(
            engine,
            actor,
            self.runner,
            read_only=self.read_only,
            drafts_key=draft_seal_key(self.key),
        )
        self.window.set_db_path(self.path)
        self.window.attach(self.context)
        if self.read_only and self.access is not None and self.access.reason:
            self.window.show_read_only(self.access.reason)
        else:
            self._daily.start()
            QTimer.singleShot(self.first_backup_delay_ms, self.daily_backup)
        self.context.changed.connect(self._settings_changed)
        self.attached.emit(self.context)

    def enable_lock(self, who: str) -> None:
        """Let the window lock (Ctrl+L, idle minutes) and unlock with `who`'s password."""
        from caseroom.services.accounts.accounts import check_own_password

        context = self.context
        assert context is not None
        actor = context.actor

        def verify(password: str, done: Callable[[str | None], None]) -> None:
            context.run(
                lambda session: check_own_password(session, actor=actor, password=password),
                lambda result: done(None if result.ok else result.message),
                changes={"account"},
            )

        self.window.window_lock.enable(who, verify, self.idle_minutes)

    def _settings_changed(self, kinds: frozenset[str]) -> None:
        from caseroom.services.accounts.settings_store import (
            BACKUP_FOLDER,
            IDLE_LOCK_MINUTES,
            get_setting,
        )

        if "setting" not in kinds or self.context is None:
            return

        def read(session: Session) -> tuple[int, str]:
            return get_setting(session, IDLE_LOCK_MINUTES), get_setting(session, BACKUP_FOLDER)

        self.context.run(read, self._apply_settings)

    def _apply_settings(self, values: tuple[int, str]) -> None:
        minutes, folder = values
        self.idle_minutes = minutes
        self.window.window_lock.set_idle_minutes(minutes)
        self.backup_folder = Path(folder) if folder else None
        if self.backup_folder is not None:
            self.settings.setValue(backup_folder_key(self.path), str(self.backup_folder))

    # --- backups, restore, encryption --------------------------------------------------

    def _backup_folder(self) -> Path:
        from caseroom.db.rotation import default_backup_folder

        return self.backup_folder or default_backup_folder(self.path)

    def daily_backup(self) -> None:
        """Make today's automatic backup if it is not there yet (on the worker)."""
        if self.engine is None or self.read_only:
            return
        work = daily_backup_work(self.path, self._backup_folder(), self.key)
        self.runner.run(work, None, self._backup_failed)

    def _backup_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.window.statusBar().showMessage(
            _("The automatic backup could not be made: {reason}").format(reason=error), 15000
        )

    def _close_backup(self) -> None:
        if self.engine is None or self.context is None or self.read_only:
            return
        self.runner.run(close_backup_work(self.path, self._backup_folder(), self.key))

    def _detach(self, message: str) -> Engine | None:
        self._daily.stop()
        self.window.window_lock.enable("", lambda _p, done: done(None), 0)
        self.window.window_lock.unlock()
        self.window.detach(message)
        self.context = None
        engine, self.engine = self.engine, None
        return engine

    def restore_from(self, backup: Path) -> None:
        """Close the database, restore it from `backup` (keeping a safety copy), reopen."""
        from caseroom.db.restore import restore_database

        engine = self._detach(_("Restoring the database…"))
        path, key = self.path, self.key

        def work() -> object:
            if engine is not None:
                engine.dispose()
            return restore_database(path, backup, key=key)

        self.runner.run(work, self._restored, self._failed)

    def _restored(self, result: object) -> None:
        safety = getattr(result, "safety_copy", None)
        text = (
            _("The database was restored. A copy of it as it was is kept in {path}.").format(
                path=safety
            )
            if safety
            else _("The database was restored.")
        )
        self.window.statusBar().showMessage(text, 30000)
        self._check()

    def encrypt_with(self, passphrase: str) -> None:
        """Close the database, encrypt the file with `passphrase`, reopen it."""
        actor = self.context.actor if self.context is not None else None
        engine = self._detach(_("Encrypting the database…"))
        path, folders = self.path, self._backup_folders()

        def work() -> Encrypted:
            if engine is not None:
                engine.dispose()
            return encrypt_file(path, passphrase, folders)

        def done(encrypted: Encrypted) -> None:
            self.key = encrypted.key
            self.window.statusBar().showMessage(encryption_message(encrypted), 60000)
            if encrypted.backups_left_plain:
                QMessageBox.warning(
                    self.window, _("Encrypt this database"), encryption_message(encrypted)
                )
            if actor is not None and actor.staff_id is not None:
                self.settings.setValue(actor_key(self.path), str(actor.staff_id))
            self._check()

        self.runner.run(work, done, self._failed)

    # --- closing -----------------------------------------------------------------------

    def _close_engine(self) -> None:
        engine, self.engine = self.engine, None
        if engine is not None:
            self.runner.run(engine.dispose)

    def _release_lock(self) -> None:
        if self.access is not None and self.access.lock is not None:
            self.access.lock.release()
        self.access = None

    def shutdown(self) -> None:
        """Back up on close, finish queued work, stop the worker, close and unlock the file."""
        self._daily.stop()
        self._close_backup()
        self.runner.shutdown()
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        self._release_lock()
