"""The term summary's support-group tables: small counts hidden, averages of fewer than
three answers never shown, peer-support parents counted."""

from __future__ import annotations

from dataclasses import replace

from report_samples import summary_data

from caseroom.reports.language import ReportLanguage
from caseroom.reports.summary_tables import SummaryTable, summary_tables
from caseroom.reports.voice_data import FeedbackAverage, GroupsVoice, GroupVoice, HelpLifted
from caseroom.vocab import MeetingFormat, MeetingHelp

CIRCLE = GroupVoice(
    name="Mothers' circle",
    meetings_by_format=((MeetingFormat.IN_PERSON, 4), (MeetingFormat.ONLINE, 2)),
    members=12,
    reached=9,
    peer_parents=1,
    helps=(
        HelpLifted(MeetingHelp.CHILDCARE, 3, 5, 12, 15, 3, 10),
        HelpLifted(MeetingHelp.TRANSPORT, 1, 2, 2, 2, 1, 6),
    ),
    feedback=(
        FeedbackAverage("I felt welcome", False, 7, 4.25),
        FeedbackAverage("Would you come again?", True, 2, 1.0),
    ),
    slips=7,
)
ROOM = replace(
    CIRCLE, name=None, meetings_by_format=((MeetingFormat.IN_PERSON, 4), (MeetingFormat.ONLINE, 2))
)


def _tables(*, identified: bool) -> dict[str, SummaryTable]:
    data = replace(summary_data(identified=identified), groups_voice=GroupsVoice((CIRCLE,), ROOM))
    return {t.key: t for t in summary_tables(data, ReportLanguage("en"))}


def test_meetings_by_form_with_the_room_as_total() -> None:
    table = _tables(identified=False)["groups_meetings"]
    assert [c.title for c in table.columns][1:5] == ["In person", "Online", "By phone", "Mixed"]
    assert table.rows == (("Mothers' circle", 4, 2, 0, 0, 6),)
    assert table.total == ("All groups", 4, 2, 0, 0, 6)


def test_de_identified_hides_small_counts_and_their_rates() -> None:
    tables = _tables(identified=False)
    reach = tables["groups_reach"]
    assert reach.rows[0] == ("Mothers' circle", 9, 12, 9 / 12, "<3")  # one peer parent
    tight = replace(CIRCLE, reached=10)  # 2 did not come: they could be told apart
    data = replace(summary_data(), groups_voice=GroupsVoice((tight,), ROOM))
    shown = {t.key: t for t in summary_tables(data, ReportLanguage("en"))}["groups_reach"]
    assert shown.rows[0][1:4] == ("…", 12, "…")
    barriers = tables["groups_barriers"].rows
    assert barriers[0] == ("Mothers' circle", "Childcare on site", 3, 5, 12 / 15, 3 / 10)
    assert barriers[1][3:] == ("<3", "…", "…")  # two members with the barrier


def test_averages_of_fewer_than_three_answers_are_never_shown() -> None:
    for identified in (False, True):
        rows = _tables(identified=identified)["groups_feedback"].rows
        assert rows[0] == ("Mothers' circle", "I felt welcome", 7, 4.25, None)
        assert rows[1][4] == "<3"  # two answers: no share of "yes", named or not
        assert rows[1][2] == ("<3" if not identified else 2)


def test_no_groups_no_rows() -> None:
    tables = {t.key: t for t in summary_tables(summary_data(), ReportLanguage("en"))}
    assert all(not tables[key].rows for key in ("groups_meetings", "groups_feedback"))
