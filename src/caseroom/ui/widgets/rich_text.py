"""Rich text in lists: matched words in bold, the rest escaped, and a delegate to paint it.

Note text is the user's own: it is escaped before any markup is added, so a note that
holds "<b>" shows those characters and never turns bold by itself.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from caseroom.names import fold_text

HTML_ROLE = Qt.ItemDataRole.UserRole + 7
"""The item data role that holds an item's rich text (its display text stays plain)."""

_WORD = re.compile(r"[^\W_]+")


def _terms(query: str) -> list[tuple[str, str]]:
    return [(word, fold_text(word)) for word in _WORD.findall(query.casefold())]


def highlighted(text: str, query: str) -> str:
    """`text` as escaped HTML with each word that starts like a word of `query` in bold
    (in any case, and folded as the notes search folds words)."""
    terms = _terms(query)
    parts: list[str] = []
    position = 0
    for word in _WORD.finditer(text):
        written = word.group().casefold()
        folded = fold_text(written)
        if any(
            written.startswith(term) or (fold and folded.startswith(fold)) for term, fold in terms
        ):
            parts.append(html.escape(text[position : word.start()]))
            parts.append(f"<b>{html.escape(word.group())}</b>")
            position = word.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's `HTML_ROLE` text (falling back to its plain display text)."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        source = index.data(HTML_ROLE)
        if source is None:
            document.setPlainText(str(index.data() or ""))
        else:
            document.setHtml(str(source).replace("\n", "<br>"))
        width = option.rect.width()
        document.setTextWidth(width if width > 0 else 600)
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw the item's background as the style does, then its rich text."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        document = self._document(item, index)
        item.text = ""
        style = item.widget.style() if item.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(role))
        painter.save()
        rect = item.rect
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """As tall as the wrapped rich text."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        document = self._document(item, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 4)
