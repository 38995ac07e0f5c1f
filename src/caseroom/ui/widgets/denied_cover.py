"""A permission a service refused, shown in words over the part of a window that asked.

Used by the task runner's error path (`ui/context.py`) and by the page registry.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from caseroom.ui.widgets.empty_state import EmptyState

_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


class DeniedCover(EmptyState):
    """A permission refused by a service: covers the part that asked, says why in words.

    The covered widget's own children are disabled, so Tab never lands behind the cover.
    """

    def __init__(self, text: str, target: QWidget) -> None:
        super().__init__(text, parent=target)
        self.setObjectName("permissionDenied")
        self.setAutoFillBackground(True)
        for child in target.findChildren(QWidget, options=_DIRECT):
            if child is not self:
                child.setEnabled(False)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Keep covering the target as it is resized."""
        target = self.parentWidget()
        if target is not None and watched is target and event.type() == QEvent.Type.Resize:
            self.setGeometry(target.rect())
        return False


def show_denied(target: QWidget | None, message: str) -> bool:
    """Cover `target` with `message` (a translated `PermissionDeniedError`).

    Returns False when `target` is a window (a dialog or the main window): the caller then
    shows a message box, as for any other refused action. Repeated refusals reuse the
    cover, so a page that asks many times never stacks message boxes.
    """
    if target is None or target.isWindow():
        return False
    cover = target.findChild(DeniedCover, options=_DIRECT)
    if cover is None:
        DeniedCover(message, target)
    else:
        cover.set_text(message)
        cover.raise_()
    return True
