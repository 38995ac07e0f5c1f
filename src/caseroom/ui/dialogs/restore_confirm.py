"""How a backup is described on screen, and the question asked before restoring one.

The question names the backup's date and what it holds, says that everything written
since then is replaced and that a safety copy of the current database is kept first.
Cancel is the default answer: Enter alone never replaces a database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from caseroom.dates import format_date_time, format_number
from caseroom.i18n import _, pgettext

if TYPE_CHECKING:
    from caseroom.db.rotation import BackupInfo

_KIB = 1024
_MIB = 1024 * 1024


def reason_text(reason: str) -> str:
    """Why a backup was made, in words."""
    reasons = {
        "close": pgettext("backup made", "On closing"),
        "daily": pgettext("backup made", "Daily"),
        "manual": pgettext("backup made", "By hand"),
        "before-upgrade": pgettext("backup made", "Before an update"),
        "before-restore": pgettext("backup made", "Before a restore"),
    }
    return reasons.get(reason, pgettext("backup made", "Other copy"))


def size_text(size: int) -> str:
    """A file size in kilobytes or megabytes, in the local number form."""
    if size < _MIB:
        return _("{size} KB").format(size=format_number(max(1, round(size / _KIB))))
    return _("{size} MB").format(size=format_number(size / _MIB, decimals=1))


def when_text(info: BackupInfo) -> str:
    """When a backup was made, as a local date and time (`23.11.2026 14:05`)."""
    return format_date_time(info.taken_at.astimezone())


def counts_text(info: BackupInfo) -> str:
    """What a backup holds, in one line (or that it could not be read)."""
    counts = info.counts
    if counts is None:
        return _("What it holds could not be read.")
    return _("Children: {children}, families: {families}, sessions: {sessions}.").format(
        children=format_number(counts.children),
        families=format_number(counts.families),
        sessions=format_number(counts.sessions),
    )


def restore_question(parent: QWidget | None, info: BackupInfo, safety_folder: Path) -> QMessageBox:
    """The question before restoring `info` (not shown yet; Cancel is the default)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Restore a backup"))
    box.setText(_("Restore the database from the backup of {when}?").format(when=when_text(info)))
    box.setInformativeText(
        "\n\n".join(
            (
                counts_text(info),
                _(
                    "Everything written since then is replaced by the backup. "
                    "A safety copy of the database as it is now is kept first, in {folder}."
                ).format(folder=safety_folder),
                _("caseroom closes the database, restores it and opens it again."),
            )
        )
    )
    restore = box.addButton(_("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
    restore.setObjectName("restore")
    restore.setAccessibleName(_("Restore"))
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setAccessibleName(_("Cancel"))
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAccessibleName(_("Restore a backup"))
    return box


def confirm_restore(parent: QWidget | None, info: BackupInfo, safety_folder: Path) -> bool:
    """Ask before restoring `info`; True when the user chose Restore."""
    box = restore_question(parent, info, safety_folder)
    box.exec()
    chosen = box.clickedButton()
    return chosen is not None and chosen.objectName() == "restore"
