"""Alt shortcuts (mnemonics) a window offers, found the way Qt finds them.

Qt takes the character after a single `&` of a button's text, a group box's title, a tab's
text or a label's text (when the label has a buddy) and makes Alt+that character, upper
cased, a shortcut of the window. Two visible controls with the same one clash: Alt then
only cycles between them instead of acting.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget


def mnemonic(text: str) -> str | None:
    """The character after the first single `&` of `text`, upper cased (None: there is none)."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        following = text[index + 1]
        if following != "&":
            return following.upper()
        index += 2  # "&&" is a literal ampersand


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return []


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Each Alt character offered by the controls visible in `root`, with their texts."""
    found: dict[str, list[str]] = defaultdict(list)
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        buddy = widget.buddy() if isinstance(widget, QLabel) else None
        if buddy is not None and not buddy.isVisibleTo(root):
            continue
        for text in _texts(widget):
            key = mnemonic(text)
            if key is not None:
                found[key].append(text)
    return dict(found)


def clashes(root: QWidget) -> dict[str, list[str]]:
    """The Alt characters more than one visible control of `root` claims."""
    return {key: texts for key, texts in mnemonics(root).items() if len(texts) > 1}


def assert_claims_alone(root: QWidget, text: str, note: str = "") -> None:
    """`text` has an Alt character and no other visible control of `root` claims it."""
    letter = mnemonic(text)
    assert letter is not None, text
    assert mnemonics(root).get(letter) == [text], note
