"""Parent support groups: the groups, who is registered, their meetings and who came."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language
from caseroom.reports.feedback_slip import write_feedback_slip
from caseroom.services.parents.groups import (
    GroupRead,
    MemberRead,
    leave_group,
    list_groups,
    list_members,
)
from caseroom.services.parents.meetings import (
    MeetingRead,
    MeetingSummary,
    list_meetings,
    meeting_summary,
)
from caseroom.services.parents.slips import feedback_slip_data
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveButton
from caseroom.ui.dialogs.feedback_form import FeedbackForm
from caseroom.ui.dialogs.group_form import GroupForm, MemberForm
from caseroom.ui.dialogs.meeting_form import MeetingForm
from caseroom.ui.dialogs.peer_parent_form import EndPeerParentForm, PeerParentForm
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.group_voice import GroupVoicePanel, VoiceView, read_voice
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, page_margins, set_role

if TYPE_CHECKING:
    from caseroom.ui.dialogs.feedback_slips import FeedbackSlipsDialog

WATCHED = frozenset({"group", "meeting", "caregiver", "staff", "feedback", "family"})
_ID = Qt.ItemDataRole.UserRole


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class GroupView:
    """Everything the page shows about one group."""

    group: GroupRead
    members: list[MemberRead]
    meetings: list[tuple[MeetingRead, MeetingSummary]]
    voice: VoiceView | None = None


def _tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setAccessibleName(name)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    return tree


class GroupsPage(QWidget):
    """The groups on the left; the chosen group's members and meetings on the right."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator = context, navigator
        self.groups: list[GroupRead] = []
        self.staff: list[StaffRead] = []
        self.view_data: GroupView | None = None
        self._wanted: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        splitter = QSplitter(self)
        layout.addWidget(splitter)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_view())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 820])
        context.changed.connect(self._on_changed)

    def _build_list(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, SPACE_M, 0)
        column.setSpacing(SPACE_S)
        column.addWidget(set_role(QLabel(_("Support groups"), box), "title"))
        self.list = QListWidget(box)
        self.list.setAccessibleName(_("Support groups"))
        self.list.setWordWrap(True)  # long group names wrap instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentItemChanged.connect(self._chosen)
        column.addWidget(self.list, 1)
        self.show_archived = QCheckBox(_("Show arc&hived"), box)
        self.show_archived.setAccessibleName(_("Show archived groups"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        column.addWidget(self.show_archived)
        self.new_button = QPushButton(_("&New group"), box)
        self.new_button.setAccessibleName(_("New support group"))
        self.new_button.clicked.connect(self.new_group)
        column.addWidget(self.new_button)
        return box

    def _build_view(self) -> QWidget:
        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            _("No parent support groups yet"), _("Start a &group"), self.new_group, self.stack
        )
        self.stack.addWidget(self.empty)
        view = QWidget(self.stack)
        column = QVBoxLayout(view)
        column.setContentsMargins(SPACE_L, 0, 0, 0)
        column.setSpacing(SPACE_M)
        head = QHBoxLayout()
        self.name_label = set_role(QLabel(view), "title")
        self.name_label.setWordWrap(True)
        self.name_label.setAccessibleName(_("Group"))
        head.addWidget(self.name_label, 1)
        self.edit_button = QPushButton(_("&Edit group"), view)
        self.edit_button.setAccessibleName(_("Edit group"))
        self.edit_button.clicked.connect(self.edit_group)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.archive_button = ArchiveButton(
            self.context, "group", view, archive_text=_("Archi&ve group…")
        )
        head.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.facts_label = set_role(QLabel(view), "muted")
        self.facts_label.setWordWrap(True)
        column.addWidget(self.facts_label)

        members_head = QHBoxLayout()
        members_head.addWidget(set_role(QLabel(_("Members"), view), "heading"), 1)
        self.register_button = QPushButton(_("&Register caregiver"), view)
        self.register_button.setAccessibleName(_("Register a caregiver"))
        self.register_button.clicked.connect(self.register)
        self.leave_button = QPushButton(_("&Left the group"), view)
        self.leave_button.setAccessibleName(_("The chosen member left the group today"))
        self.leave_button.clicked.connect(self.leave)
        members_head.addWidget(self.register_button)
        members_head.addWidget(self.leave_button)
        column.addLayout(members_head)
        self.members = _tree(view, _("Members"), [_("Name"), _("Registered"), _("Left")])
        column.addWidget(self.members, 2)

        meetings_head = QHBoxLayout()
        meetings_head.addWidget(set_role(QLabel(_("Meetings"), view), "heading"), 1)
        self.meeting_button = QPushButton(_("Add &meeting"), view)
        self.meeting_button.setAccessibleName(_("Add meeting"))
        self.meeting_button.clicked.connect(lambda: self.open_meeting(None))
        meetings_head.addWidget(self.meeting_button)
        self.meeting_archive = ArchiveButton(
            self.context,
            "meeting",
            view,
            archive_text=_("Archive mee&ting…"),
            restore_text=_("Restore mee&ting"),
        )
        meetings_head.addWidget(self.meeting_archive)
        self.archived_meetings = QCheckBox(_("Show archived meetin&gs"), view)
        self.archived_meetings.setAccessibleName(_("Show archived meetings"))
        self.archived_meetings.setToolTip(
            _("List the group's archived meetings too; Restore brings the chosen one back")
        )
        self.archived_meetings.toggled.connect(lambda _on: self._show_again())
        meetings_head.addWidget(self.archived_meetings)
        column.addLayout(meetings_head)
        self.meetings = _tree(
            view,
            _("Meetings"),
            [_("Date"), _("Theme"), _("Registered"), _("Present"), _("Newcomers")],
        )
        header = self.meetings.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.meetings.itemActivated.connect(lambda item, _c: self._meeting_activated(item))
        self.meetings.currentItemChanged.connect(self._meeting_chosen)
        column.addWidget(self.meetings, 3)
        self.voice = GroupVoicePanel(view)
        self.voice.feedback_button.clicked.connect(self.enter_feedback)
        self.voice.peer_button.clicked.connect(self.mark_peer)
        self.voice.end_peer_button.clicked.connect(self.end_peer)
        self.voice.slips_button.clicked.connect(self.show_slips)
        self.voice.slip_button.clicked.connect(self.ask_slip)
        column.addWidget(self.voice, 3)
        self.stack.addWidget(view)
        self.view = view
        return self.stack

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the groups (and the staff, for the forms) again."""

        archived = self.show_archived.isChecked()

        def work(db: Any) -> tuple[list[GroupRead], list[StaffRead]]:
            actor = self.context.actor
            groups = list_groups(db, actor=actor, include_archived=archived)
            return groups, list_staff(db, actor=actor)

        self.context.run(work, self._listed)

    def _listed(self, result: tuple[list[GroupRead], list[StaffRead]]) -> None:
        self.groups, self.staff = result
        wanted = self._wanted or (self.view_data.group.id if self.view_data else None)
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for group in self.groups:
            shown = group.name
            if group.archived_at is not None:
                shown = _("{group} (archived)").format(group=group.name)
            item = QListWidgetItem(shown, self.list)
            item.setData(_ID, group.id)
            if group.id == wanted:
                chosen = item
        self.list.blockSignals(False)
        if not self.groups:
            self.stack.setCurrentWidget(self.empty)
            return
        self.list.setCurrentItem(chosen or self.list.item(0))  # shows the group

    def _chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.show_group(item.data(_ID))

    def show_group(self, group_id: uuid.UUID) -> None:
        """Show one group (the navigator's `open_group`)."""
        self._wanted = group_id
        if not self.groups:
            self.refresh()
            return

        archived = self.archived_meetings.isChecked()

        def work(db: Any) -> GroupView:
            actor = self.context.actor
            everyone = list_groups(db, actor=actor, include_archived=True)
            group = next(g for g in everyone if g.id == group_id)
            meetings = list_meetings(db, actor=actor, group_id=group_id, include_archived=archived)
            summaries = [meeting_summary(db, actor=actor, meeting_id=m.id) for m in meetings]
            return GroupView(
                group,
                list_members(db, actor=actor, group_id=group_id),
                list(zip(meetings, summaries, strict=True)),
                read_voice(db, actor, group_id),
            )

        self.context.run(work, self._shown)

    def _shown(self, data: GroupView) -> None:
        if self._wanted is not None and data.group.id != self._wanted:
            return
        self._wanted = None
        self.view_data = data
        self.stack.setCurrentWidget(self.view)
        group = data.group
        self.name_label.setText(group.name)
        self.archive_button.show_record(
            group.id, group.name, archived=group.archived_at is not None
        )
        facilitator = next((s.full_name for s in self.staff if s.id == group.facilitator_id), None)
        facts = [_("Started on {date}").format(date=_day(group.started_on))]
        if facilitator:
            facts.append(_("Facilitator: {name}").format(name=facilitator))
        self.facts_label.setText(" · ".join(facts))
        self.facts_label.setToolTip(group.ground_rules or "")
        self.members.clear()
        for member in data.members:
            item = QTreeWidgetItem(
                [
                    f"{member.last_name} {member.first_name}",
                    _day(member.registered_on),
                    _day(member.left_on) if member.left_on else "—",
                ]
            )
            item.setData(0, _ID, member.caregiver_id)
            item.setDisabled(member.left_on is not None)
            self.members.addTopLevelItem(item)
        self.meetings.clear()
        for meeting, summary in data.meetings:
            held_on = _day(meeting.held_on)
            if meeting.archived_at is not None:
                held_on = _("{date}, archived").format(date=held_on)
            item = QTreeWidgetItem(
                [
                    held_on,
                    meeting.theme or "",
                    str(summary.registered),
                    str(summary.present),
                    str(summary.newcomers),
                ]
            )
            item.setData(0, _ID, meeting.id)
            item.setData(1, _ID, meeting.archived_at is not None)
            if meeting.archived_at is not None:
                font = item.font(0)
                font.setItalic(True)
                for column in range(5):
                    item.setFont(column, font)
            for column in (2, 3, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            self.meetings.addTopLevelItem(item)
        for tree in (self.members, self.meetings):
            tree.resizeColumnToContents(0)
        for column in (0, 2, 3, 4):
            self.meetings.resizeColumnToContents(column)
            self.meetings.setColumnWidth(column, self.meetings.columnWidth(column) + SPACE_L)
        self._meeting_chosen()
        if data.voice is not None:
            self.voice.show_voice(data.voice)

    def _meeting_chosen(self, *_args: object) -> None:
        """The meeting archive button stands for the chosen (or newest) meeting."""
        item = self.meetings.currentItem() or self.meetings.topLevelItem(0)
        if item is None:
            self.meeting_archive.show_record(None, "", archived=False)
            return
        what = " · ".join(part for part in (item.text(0), item.text(1)) if part)
        self.meeting_archive.show_record(item.data(0, _ID), what, archived=bool(item.data(1, _ID)))

    def _meeting_activated(self, item: QTreeWidgetItem) -> None:
        """Enter opens a meeting to correct it, or restores an archived one."""
        if item.data(1, _ID):
            self.meeting_archive.act()
        else:
            self.open_meeting(item.data(0, _ID))

    def _show_again(self) -> None:
        if self.view_data is not None:
            self.show_group(self.view_data.group.id)

    def live_meetings(self) -> list[MeetingRead]:
        """The meetings shown that are not archived (those feedback can be about)."""
        if self.view_data is None:
            return []
        return [meeting for meeting, _s in self.view_data.meetings if meeting.archived_at is None]

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            self.refresh()

    # --- actions --------------------------------------------------------------------------

    def new_group(self) -> None:
        """Start a group."""
        form = GroupForm(self.context, self.staff, None, self)
        form.accepted.connect(lambda: self._remember(form.saved_group))
        form.open()

    def _remember(self, group: GroupRead | None) -> None:
        if group is not None:
            self._wanted = group.id

    def edit_group(self) -> None:
        """Change the group shown."""
        if self.view_data is not None:
            GroupForm(self.context, self.staff, self.view_data.group, self).open()

    def register(self) -> None:
        """Register a caregiver in the group shown."""
        if self.view_data is not None:
            MemberForm(self.context, self.view_data.group, self).open()

    def leave(self) -> None:
        """The chosen member left the group today."""
        item = self.members.currentItem()
        if self.view_data is None or item is None:
            return
        group_id, caregiver_id, actor = (
            self.view_data.group.id,
            item.data(0, _ID),
            self.context.actor,
        )

        def work(db: Any) -> MemberRead:
            return leave_group(
                db, actor=actor, group_id=group_id, caregiver_id=caregiver_id, left_on=date.today()
            )

        self.context.run(work, changes={"group"}, parent=self)

    def open_meeting(self, meeting_id: uuid.UUID | None) -> MeetingForm | None:
        """Add a meeting (None) or correct one, with its attendance."""
        if self.view_data is None:
            return None
        meeting = next((m for m, _s in self.view_data.meetings if m.id == meeting_id), None)
        form = MeetingForm(self.context, self.view_data.group, self.staff, meeting, self)
        form.open()
        return form

    # --- the parents' voice -----------------------------------------------------------------

    def enter_feedback(self) -> FeedbackForm | None:
        """Enter a mother's feedback slip on one of the group's meetings."""
        if self.view_data is None:
            return None
        meetings = self.live_meetings()
        form = FeedbackForm(self.context, meetings, self.view_data.members, self)
        form.open()
        return form

    def show_slips(self) -> FeedbackSlipsDialog | None:
        """List the group's feedback slips, to correct or archive one."""
        if self.view_data is None:
            return None
        from caseroom.ui.dialogs.feedback_slips import FeedbackSlipsDialog

        meetings = self.live_meetings()
        dialog = FeedbackSlipsDialog(
            self.context, self.view_data.group.id, meetings, self.view_data.members, self
        )
        dialog.open()
        return dialog

    def end_peer(self) -> EndPeerParentForm | None:
        """Record the last day of one of the group's peer-support parents."""
        if self.view_data is None or self.view_data.voice is None:
            return None
        form = EndPeerParentForm(
            self.context, self.view_data.group, self.view_data.voice.peers, self
        )
        form.open()
        return form

    def mark_peer(self) -> PeerParentForm | None:
        """Mark a member (the chosen one, if any) as a peer-support parent of the group."""
        if self.view_data is None:
            return None
        item = self.members.currentItem()
        chosen = item.data(0, _ID) if item is not None else None
        form = PeerParentForm(
            self.context, self.view_data.group, self.view_data.members, chosen, self
        )
        form.open()
        return form

    def ask_slip(self) -> None:
        """Ask where to save the group's paper feedback slip, then write it."""
        if self.view_data is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the feedback slip"), _("feedback-slip.pdf"), _("PDF files (*.pdf)")
        )
        if path:
            self.write_slip(Path(path))

    def write_slip(self, path: Path) -> None:
        """Write the group's feedback slip, in the interface's language, to `path`."""
        if self.view_data is None:
            return
        group_id, actor, language = self.view_data.group.id, self.context.actor, current_language()

        def work(db: Any) -> None:
            data = feedback_slip_data(db, actor=actor, group_id=group_id, language=language)
            write_feedback_slip(data, path, language=language)

        self.context.run(work, parent=self)
