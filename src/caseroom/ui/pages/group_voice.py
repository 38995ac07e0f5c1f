"""The parents' voice on a support group's screen: what stands in members' way, whether
lifting it helped, the group's peer-support parents and the feedback trend."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.reports.data import Ratio
from caseroom.services.common import Actor
from caseroom.services.parents.feedback import QuestionTrend, feedback_trend
from caseroom.services.parents.feedback_questions import QuestionKind
from caseroom.services.parents.peer_support import PeerParentRead, list_peer_parents
from caseroom.services.parents.reach import GroupBarriers, HelpEffect, group_barriers, help_effects
from caseroom.ui.widgets.style import SPACE_M, SPACE_S, set_role
from caseroom.vocab import BarrierKind, label

TREND_POINTS = 4
"""How many of the latest meetings the trend shows."""


@dataclass(frozen=True, slots=True)
class VoiceView:
    """What the panel shows about one group."""

    barriers: GroupBarriers
    effects: list[HelpEffect]
    peers: list[PeerParentRead]
    trend: list[QuestionTrend]


def read_voice(db: Any, actor: Actor, group_id: uuid.UUID) -> VoiceView:
    """Read the panel's figures (in the worker)."""
    today = date.today()
    return VoiceView(
        group_barriers(db, actor=actor, group_id=group_id, on=today),
        help_effects(db, actor=actor, group_id=group_id),
        list_peer_parents(db, actor=actor, group_id=group_id, on=today),
        feedback_trend(db, actor=actor, group_id=group_id),
    )


def barriers_text(barriers: GroupBarriers) -> str:
    """ "5 of 12 members: no childcare for other children 5 · transport 3"."""
    if not barriers.members:
        return _("Nobody is registered in the group today.")
    if not barriers.counts:
        return _("None of the {members} members has a barrier recorded.").format(
            members=barriers.members
        )
    kinds = " · ".join(f"{label(kind)} {count}" for kind, count in barriers.counts)
    return ngettext(
        "Barriers of the {members} member: {kinds}",
        "Barriers of the {members} members: {kinds}",
        barriers.members,
    ).format(members=barriers.members, kinds=kinds)


def _rate(ratio: Ratio) -> str:
    value = ratio.value
    if value is None:
        return "—"
    return _("{rate}% ({part} of {whole})").format(
        rate=round(value * 100), part=ratio.part, whole=ratio.whole
    )


def _average(kind: QuestionKind, value: float | None) -> str:
    if value is None:
        return _("<3 answers")
    if kind is QuestionKind.YES_NO:
        return _("{rate}% yes").format(rate=round(value * 100))
    return f"{value:.1f}"


class GroupVoicePanel(QWidget):
    """Barriers, help and attendance, peer-support parents and feedback of one group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACE_S)
        head = QHBoxLayout()
        head.addWidget(set_role(QLabel(_("Reaching the mothers"), self), "heading"), 1)
        self.peer_button = QPushButton(_("Peer-&support parent"), self)
        self.peer_button.setAccessibleName(_("Mark a peer-support parent"))
        self.end_peer_button = QPushButton(_("En&d peer support…"), self)
        self.end_peer_button.setAccessibleName(_("End a peer-support parent's help"))
        self.end_peer_button.setEnabled(False)
        self.feedback_button = QPushButton(_("Enter &feedback"), self)
        self.feedback_button.setAccessibleName(_("Enter a feedback slip"))
        self.slips_button = QPushButton(_("Feedback sl&ips…"), self)
        self.slips_button.setAccessibleName(_("The group's feedback slips"))
        self.slip_button = QPushButton(_("&Print slip"), self)
        self.slip_button.setAccessibleName(_("Print the feedback slip"))
        for button in (
            self.peer_button,
            self.end_peer_button,
            self.feedback_button,
            self.slips_button,
            self.slip_button,
        ):
            head.addWidget(button)
        column.addLayout(head)
        self.barriers_label = QLabel(self)
        self.barriers_label.setWordWrap(True)
        self.barriers_label.setAccessibleName(_("Members' barriers"))
        column.addWidget(self.barriers_label)
        self.peers_label = set_role(QLabel(self), "muted")
        self.peers_label.setWordWrap(True)
        self.peers_label.setAccessibleName(_("Peer-support parents"))
        column.addWidget(self.peers_label)
        row = QHBoxLayout()
        row.setSpacing(SPACE_M)
        self.help_tree = self._tree(
            _("Whether lifting a barrier helped"),
            [_("Help offered"), _("Came, with it"), _("Came, without it")],
        )
        self.trend_tree = self._tree(
            _("Feedback trend"), [_("Question"), _("Answers"), _("Average"), _("Latest meetings")]
        )
        # Half each: the kinds of help are long words in kk and ru, the questions have tooltips.
        row.addWidget(self.help_tree, 1)
        row.addWidget(self.trend_tree, 1)
        column.addLayout(row, 1)

    def _tree(self, name: str, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setAccessibleName(name)
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(headers)
        tree.setAlternatingRowColors(True)
        tree.setWordWrap(True)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree.header().setStretchLastSection(False)
        return tree

    def show_voice(self, view: VoiceView) -> None:
        """Fill the panel."""
        self.barriers_label.setText(barriers_text(view.barriers))
        self.end_peer_button.setEnabled(bool(view.peers))
        names = ", ".join(f"{p.last_name} {p.first_name}" for p in view.peers)
        self.peers_label.setText(
            _("Peer-support parents: {names}").format(names=names)
            if names
            else _("No peer-support parent yet.")
        )
        self.help_tree.clear()
        for effect in view.effects:
            item = QTreeWidgetItem(
                [label(effect.help), _rate(effect.with_help), _rate(effect.without_help)]
            )
            item.setToolTip(
                0,
                ngettext(
                    "Lifts “{barrier}”: {count} member had it",
                    "Lifts “{barrier}”: {count} members had it",
                    effect.members,
                ).format(barrier=label(BarrierKind(effect.barrier)), count=effect.members),
            )
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.help_tree.addTopLevelItem(item)
        self.trend_tree.clear()
        for trend in view.trend:
            points = [p for p in trend.points][-TREND_POINTS:]
            item = QTreeWidgetItem(
                [
                    trend.text,
                    str(trend.answers),
                    _average(trend.kind, trend.average),
                    " → ".join(
                        _average(trend.kind, p.average) if p.average is not None else "·"
                        for p in points
                    ),
                ]
            )
            item.setToolTip(0, trend.text)
            self.trend_tree.addTopLevelItem(item)
        for tree in (self.help_tree, self.trend_tree):
            for column in range(1, tree.columnCount()):
                tree.resizeColumnToContents(column)
