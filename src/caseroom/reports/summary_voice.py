"""The term summary's tables on the parents' voice in support groups.

Per group that met in the period, then "All groups" (the room's groups together, where a
caregiver in two groups counts once, so it is a row of its own, not a sum): meetings by
form; reach and peer-support parents (counted, never named); each kind of help offered
with the attendance of the members who had the barrier it lifts; the feedback answers
per question. Counts of people go through `small_counts` in a de-identified summary; an
average of fewer than three answers is never shown, named or not (`SMALL`).
"""

from __future__ import annotations

from caseroom.reports.data import Ratio, TermSummaryData
from caseroom.reports.small_counts import SMALL, WITHHELD, is_small
from caseroom.reports.table_model import Cell, Column, ColumnKind, TableBuilder
from caseroom.reports.voice_data import GroupVoice
from caseroom.vocab import MeetingFormat, MeetingHelp

FEWEST_ANSWERS = 3


def voice_tables(builder: TableBuilder, data: TermSummaryData) -> None:
    """Meetings by form, reach, barriers lifted and feedback, per group and for the room."""
    _ = builder.lang.gettext
    voice = data.groups_voice
    every = [*voice.groups, voice.room] if voice.groups else []

    def name(row: GroupVoice) -> str:
        return row.name if row.name is not None else _("All groups")

    _meetings(builder, voice.groups, voice.room)
    text, count = ColumnKind.TEXT, ColumnKind.COUNT
    builder.add(
        "groups_reach",
        _("Support groups: reach and peer-support parents"),
        _("Group reach"),
        [
            Column(_("Group"), text),
            Column(_("Came at least once (people)"), count),
            Column(_("Members (people)"), count),
            Column(_("Rate"), ColumnKind.PERCENT),
            Column(_("Peer-support parents (people)"), count),
        ],
        [
            (
                *builder.ratio_row(name(row), Ratio(row.reached, row.members)),
                builder.people(row.peer_parents),
            )
            for row in every
        ],
        notes=(
            _(
                "Reach: caregivers who came to at least one meeting in the period (guests "
                "too). A caregiver in two groups counts once in “All groups”. Peer-support "
                "parents are mothers who help lead a group; they are counted, never named."
            ),
        ),
    )
    _barriers(builder, every)
    _feedback(builder, every)


def _meetings(builder: TableBuilder, groups: tuple[GroupVoice, ...], room: GroupVoice) -> None:
    _ = builder.lang.gettext
    labels = {
        MeetingFormat.IN_PERSON: _("In person"),
        MeetingFormat.ONLINE: _("Online"),
        MeetingFormat.PHONE: _("By phone"),
        MeetingFormat.MIXED: _("Mixed"),
    }

    def row(group: GroupVoice, label: str) -> tuple[Cell, ...]:
        counts = dict(group.meetings_by_format)
        return (label, *(counts.get(kind, 0) for kind in MeetingFormat), group.meetings)

    builder.add(
        "groups_meetings",
        _("Support-group meetings by form"),
        _("Group meetings"),
        [
            Column(_("Group"), ColumnKind.TEXT),
            *(Column(labels[kind], ColumnKind.COUNT) for kind in MeetingFormat),
            Column(_("Meetings held"), ColumnKind.COUNT),
        ],
        [row(group, group.name or "") for group in groups],
        total=row(room, _("All groups")),
        notes=(_("Mixed: some mothers in the room, others online or by phone."),),
    )


def _barriers(builder: TableBuilder, every: list[GroupVoice]) -> None:
    _ = builder.lang.gettext
    labels = {
        MeetingHelp.CHILDCARE: _("Childcare on site"),
        MeetingHelp.TRANSPORT: _("Help with transport"),
        MeetingHelp.EVENING_WEEKEND: _("Evening or weekend time"),
        MeetingHelp.MATERIALS: _("Materials in Kazakh and Russian"),
    }
    rows: list[tuple[Cell, ...]] = []
    for group in every:
        for lifted in group.helps:
            hidden = builder.protect and is_small(lifted.members)
            rates: tuple[Cell, Cell] = (
                (WITHHELD, WITHHELD)
                if hidden
                else (
                    Ratio(lifted.came_with, lifted.expected_with).value,
                    Ratio(lifted.came_without, lifted.expected_without).value,
                )
            )
            label = group.name if group.name is not None else _("All groups")
            rows.append(
                (
                    label,
                    labels[lifted.help],
                    lifted.meetings,
                    builder.people(lifted.members),
                    *rates,
                )
            )
    builder.add(
        "groups_barriers",
        _("Barriers lifted at support-group meetings"),
        _("Barriers lifted"),
        [
            Column(_("Group"), ColumnKind.TEXT),
            Column(_("Help offered"), ColumnKind.TEXT),
            Column(_("Meetings"), ColumnKind.COUNT),
            Column(_("With the barrier (people)"), ColumnKind.COUNT),
            Column(_("Came, with the help"), ColumnKind.PERCENT),
            Column(_("Came, without it"), ColumnKind.PERCENT),
        ],
        rows,
        notes=(
            _(
                "Attendance of the members whose family noted the barrier the help lifts "
                "(no childcare, transport, work hours, language), at the meetings that "
                "offered the help and at those that did not."
            ),
        ),
    )


def _feedback(builder: TableBuilder, every: list[GroupVoice]) -> None:
    _ = builder.lang.gettext
    rows: list[tuple[Cell, ...]] = []
    for group in every:
        label = group.name if group.name is not None else _("All groups")
        for answer in group.feedback:
            enough = answer.answers >= FEWEST_ANSWERS
            value: Cell = answer.average if enough else (SMALL if answer.answers else None)
            rows.append(
                (
                    label,
                    answer.question,
                    builder.people(answer.answers),
                    None if answer.yes_no else value,
                    value if answer.yes_no else None,
                )
            )
    builder.add(
        "groups_feedback",
        _("Parents' feedback on support-group meetings"),
        _("Parents' feedback"),
        [
            Column(_("Group"), ColumnKind.TEXT),
            Column(_("Question"), ColumnKind.TEXT),
            Column(_("Answers"), ColumnKind.COUNT),
            Column(_("Average (1 to 5)"), ColumnKind.AVERAGE),
            Column(_("Answered yes"), ColumnKind.PERCENT),
        ],
        rows,
        notes=(
            _(
                "From the slips mothers fill in after a meeting, anonymous unless they "
                "sign them. An average of fewer than 3 answers is not shown (“<3”)."
            ),
        ),
    )
