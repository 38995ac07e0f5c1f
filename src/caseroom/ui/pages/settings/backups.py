"""Settings ▸ Backups: where automatic backups go, a backup now, and restoring one.

The folder is kept in the database (the BACKUP_FOLDER setting) and mirrored in this
computer's preferences under `backup_folder_key(db)`, because a damaged database cannot say
where its backups are (`remembered_backup_folders` gives the start-up check where to look).
The list is read fast (counts only), then each backup is checked one after another on the
worker, so other work is never held up for long. Restoring checks the chosen backup fully,
asks, and hands the file to the main window, which closes the database, restores and reopens.
Only roles with the BACKUP permission see "Back up now", "Restore…" and the folder choice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.db.engine import engine_key
from caseroom.db.rotation import (
    BackupInfo,
    default_backup_folder,
    list_backups,
    make_automatic_backup,
    verify_backup,
)
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.accounts.settings_store import BACKUP_FOLDER, get_setting, set_setting
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.restore_confirm import confirm_restore
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages.settings.backup_table import BackupTable
from caseroom.ui.widgets.card import make_card, muted_note, note_row

if TYPE_CHECKING:
    from sqlmodel import Session


def backup_folder_key(path: Path) -> str:
    """The preferences key remembering the backup folder of the database at `path`."""
    digest = hashlib.sha256(str(path.expanduser().resolve()).encode()).hexdigest()[:16]
    return f"backups/folder/{digest}"


def remembered_backup_folders(db_path: Path, settings: QSettings | None = None) -> list[Path]:
    """Where backups of `db_path` may be: the folder last chosen for it on this computer
    (if any), then the default folder beside it."""
    settings = settings or app_settings()
    chosen = str(settings.value(backup_folder_key(db_path), "") or "")
    default = default_backup_folder(db_path)
    folders = [Path(chosen)] if chosen else []
    return [*folders, default] if default not in folders else folders


@dataclass(frozen=True, slots=True)
class FolderListing:
    """The backup folder and what is in it, as read on the worker."""

    folder: Path
    chosen: bool
    """True when a folder was chosen; False for the default beside the database."""
    backups: tuple[BackupInfo, ...]
    problem: str | None = None
    """Why the folder could not be read (missing USB stick, no permission...)."""


def read_folder(folder: Path, *, chosen: bool, key: bytes | None) -> FolderListing:
    """List the backups in `folder` quickly (counts read, not yet checked)."""
    if not folder.is_dir():
        if chosen:
            problem = _(
                "The folder {folder} cannot be found. If it is on a USB stick, plug the stick in."
            ).format(folder=folder)
        else:
            problem = _("There are no backups yet.")
        return FolderListing(folder, chosen, (), problem)
    try:
        backups = list_backups(folder, key=key, verify=False)
    except (OSError, UserError) as error:
        return FolderListing(folder, chosen, (), str(error))
    return FolderListing(folder, chosen, tuple(backups))


class BackupsSection(QFrame):
    """The Backups card of the Settings page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db_path = Path(str(context.engine.url.database))
        self.key = engine_key(context.engine)
        self.may_back_up = allowed(context.actor, Permission.BACKUP)
        self.listing: FolderListing | None = None
        self.infos: dict[Path, BackupInfo] = {}
        self.checked: set[Path] = set()
        self._known: dict[Path, BackupInfo] = {}
        """Full checks already made, reused while a file keeps its size (no re-checking
        every backup each time the page refreshes)."""
        self._generation = 0
        inner = make_card(self, _("Backups"))
        inner.addWidget(
            muted_note(
                self,
                _(
                    "caseroom makes a backup when it closes and once a day, and keeps one for "
                    "each of the last 7 days, 4 weeks and 12 months. A folder on another disk "
                    "or a USB stick keeps them safe when this computer breaks."
                ),
            )
        )
        self._build_folder(inner)
        self._build_list(inner)

    def _build_folder(self, inner: QVBoxLayout) -> None:
        row = QHBoxLayout()
        caption = QLabel(_("Backup folder:"), self)
        self.folder_label = QLabel("", self)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName(_("Backup folder"))
        row.addWidget(caption)
        row.addWidget(self.folder_label, 1)
        self.choose_button = QPushButton(_("C&hoose folder…"), self)
        self.choose_button.setAccessibleName(_("Choose the backup folder"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button = QPushButton(_("Use the de&fault"), self)
        self.default_button.setAccessibleName(_("Use the default backup folder"))
        self.default_button.clicked.connect(lambda: self.set_folder(None))
        row.addWidget(self.choose_button)
        row.addWidget(self.default_button)
        inner.addLayout(row)
        self.folder_note = muted_note(self)
        inner.addWidget(self.folder_note)
        self.backup_note = muted_note(self)
        self.backup_note.setAccessibleName(_("Backup status"))
        self.backup_button = QPushButton(_("Back up no&w"), self)
        self.backup_button.setAccessibleName(_("Back up now into the backup folder"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_button.setEnabled(False)  # until the folder is known
        note_row(inner, self.backup_note, self.backup_button)
        for button in (self.choose_button, self.default_button, self.backup_button):
            button.setVisible(self.may_back_up)
        if not self.may_back_up:
            self.backup_note.setText(_("Your role does not allow making or restoring backups."))

    def _build_list(self, inner: QVBoxLayout) -> None:
        self.table = BackupTable(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item: self.restore_selected())
        inner.addWidget(self.table)
        self.list_note = muted_note(self)
        self.list_note.setAccessibleName(_("Backup list status"))
        self.restore_button = QPushButton(_("Res&tore…"), self)
        self.restore_button.setAccessibleName(_("Restore the chosen backup"))
        self.restore_button.setEnabled(False)
        self.restore_button.setVisible(self.may_back_up)
        self.restore_button.clicked.connect(self.restore_selected)
        note_row(inner, self.list_note, self.restore_button)

    # --- the folder and its list -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the folder setting, then list the folder, on the worker."""
        self._generation += 1
        generation = self._generation
        db_path, key = self.db_path, self.key

        def setting(session: Session) -> str:
            return get_setting(session, BACKUP_FOLDER)

        def listed(stored: str) -> None:
            if generation != self._generation:
                return
            folder = Path(stored) if stored else default_backup_folder(db_path)
            self._remember(stored)
            self.folder_label.setText(str(folder))
            self.folder_note.setText(
                ""
                if stored
                else _("The default folder, beside the database. Choose a folder on another disk.")
            )
            self.list_note.setText(_("Reading the backups…"))
            self.context.runner.run(
                lambda: read_folder(folder, chosen=bool(stored), key=key),
                lambda listing: self._show_listing(listing, generation),
                self._failed,
            )

        self.context.run(setting, listed, on_error=self._failed, parent=self)

    def _remember(self, stored: str) -> None:
        settings = app_settings()
        key = backup_folder_key(self.db_path)
        if str(settings.value(key, "") or "") != stored:
            settings.setValue(key, stored)
            settings.sync()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.list_note.setText(str(error))

    def _show_listing(self, listing: FolderListing, generation: int) -> None:
        if generation != self._generation:
            return
        self.infos = {}
        self.checked = set()
        for listed in listing.backups:
            known = self._known.get(listed.path)
            info = known if known is not None and known.size == listed.size else listed
            if info is known or not info.verified:
                # Checked before, or not even whole and readable (refused without more checks).
                self.checked.add(info.path)
            self.infos[info.path] = info
        listing = replace(listing, backups=tuple(self.infos.values()))
        self.listing = listing
        self.table.show_backups(listing.backups, self.checked)
        self.default_button.setEnabled(listing.chosen)
        self.backup_button.setEnabled(True)
        self._selection_changed()
        if listing.problem:
            self.list_note.setText(listing.problem)
        elif not listing.backups:
            self.list_note.setText(_("There are no backups in this folder yet."))
        self._check_next(generation)

    def _check_next(self, generation: int) -> None:
        """Check the next unchecked backup; one at a time so other work can go between."""
        if generation != self._generation:
            return
        waiting = [path for path in self.infos if path not in self.checked]
        if not waiting:
            self._count_checked()
            return
        path, key = waiting[0], self.key
        self.list_note.setText(
            _("Checking backups: {done} of {total}…").format(
                done=len(self.checked), total=len(self.infos)
            )
        )

        def checked(info: BackupInfo) -> None:
            if generation == self._generation:
                self._update(info)
                self._check_next(generation)

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError | OSError):
                raise error
            if generation == self._generation:
                self._update(replace(self.infos[path], verified=False, problems=(str(error),)))
                self._check_next(generation)

        self.context.runner.run(lambda: verify_backup(path, key=key), checked, failed)

    def _count_checked(self) -> None:
        if self.listing is None or self.listing.problem or not self.infos:
            return
        bad = sum(1 for info in self.infos.values() if not info.verified)
        self.list_note.setText(
            _("All backups checked.")
            if not bad
            else _("Backups with problems: {count}. Restore only from a checked one.").format(
                count=bad
            )
        )

    def _update(self, info: BackupInfo) -> None:
        """Show a backup's full check in its row."""
        self.infos[info.path] = info
        self.checked.add(info.path)
        self._known[info.path] = info
        self.table.update_backup(info)

    def selected_info(self) -> BackupInfo | None:
        """The backup chosen in the list (None when none is)."""
        path = self.table.selected_path()
        return self.infos.get(path) if path is not None else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.may_back_up and self.selected_info() is not None)

    # --- actions -----------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for a folder (a USB stick, say) and keep backups there from now on."""
        start = self.listing.folder if self.listing is not None else self.db_path.parent
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose the backup folder"), str(start if start.is_dir() else Path.home())
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path | None) -> None:
        """Keep backups in `folder` (None: the default folder beside the database)."""
        value = str(folder.absolute()) if folder is not None else ""

        def saved(_result: object) -> None:
            self._remember(value)
            self.backup_note.setText(
                _("Backups now go to {folder}.").format(
                    folder=folder or default_backup_folder(self.db_path)
                )
            )
            self.refresh()

        def failed(error: BaseException) -> None:
            self.backup_note.setText(str(error))

        self.context.call(
            set_setting,
            saved,
            on_error=failed,
            changes={"setting"},
            parent=self,
            key=BACKUP_FOLDER,
            value=value,
        )

    def back_up_now(self) -> None:
        """Make a backup into the folder now (reason "manual"), checked, then list it."""
        listing = self.listing
        if listing is None:
            return
        folder, db_path, key = listing.folder, self.db_path, self.key
        self.backup_button.setEnabled(False)
        self.backup_note.setText(_("Backing up…"))

        def work() -> BackupInfo:
            return make_automatic_backup(
                db_path, folder, now=datetime.now(UTC), reason="manual", key=key
            )

        def done(info: BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.backup_note.setText(
                _("Backup made and checked: {name}").format(name=info.path.name)
            )
            self.refresh()

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            if not isinstance(error, UserError | OSError):
                raise error
            self.backup_note.setText(str(error))

        self.context.runner.run(work, done, failed)

    def restore_selected(self) -> None:
        """Check the chosen backup fully, ask, then ask the window to restore from it."""
        info = self.selected_info()
        if info is None or not self.may_back_up:
            return
        path, key = info.path, self.key
        self.restore_button.setEnabled(False)
        self.list_note.setText(_("Checking the backup before restoring…"))

        def failed(error: BaseException) -> None:
            self._selection_changed()
            if not isinstance(error, UserError | OSError):
                raise error
            self.list_note.setText(str(error))

        self.context.runner.run(lambda: verify_backup(path, key=key), self._restore_checked, failed)

    def _restore_checked(self, info: BackupInfo) -> None:
        self._update(info)
        self._selection_changed()
        self.list_note.setText("")
        if not info.verified:
            QMessageBox.warning(
                self,
                _("Restore a backup"),
                _("This backup cannot be restored: {problems}").format(
                    problems=" ".join(info.problems)
                ),
            )
            return
        if not confirm_restore(self, info, default_backup_folder(self.db_path)):
            return
        window = self.window()
        if isinstance(window, MainWindow):
            window.request_restore(info.path)
