"""Fonts, escaping, the report language helper and the shared charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_samples import progress_data
from reportlab.pdfbase import pdfmetrics

from caseroom.errors import UserError
from caseroom.reports import fonts
from caseroom.reports.charts import (
    bar_chart,
    checkpoints_in_order,
    drawing_to_svg,
    goal_progress_chart,
)
from caseroom.reports.data import GoalLine, RatingPoint
from caseroom.reports.language import ReportLanguage, format_date, format_percent
from caseroom.reports.layout import escape, para
from caseroom.vocab import Checkpoint, GoalStatus, Rating


def test_fonts_register_once_as_one_family() -> None:
    fonts.register_fonts()
    fonts.register_fonts()
    assert pdfmetrics.getFont(fonts.FONT).fontName == "DejaVuSans"
    assert pdfmetrics.getFont(fonts.FONT_BOLD).fontName == "DejaVuSans-Bold"
    from reportlab.lib.fonts import tt2ps

    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.FONT_BOLD
    assert tt2ps(fonts.FAMILY, 0, 0) == fonts.FONT


def test_fonts_are_found_in_the_resources_folder() -> None:
    path = fonts.font_file(fonts.FONT)
    assert path.is_file()
    assert path.parent.name == "fonts"
    assert (path.parent / "LICENSE-DejaVu.txt").is_file()


def test_a_missing_font_is_a_clear_user_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setattr(fonts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(UserError, match=r"report font is missing: .*DejaVuSans\.ttf"):
        fonts.register_fonts()


def test_escape_keeps_user_text_as_typed() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert escape("<b>bold</b>") == "&lt;b&gt;bold&lt;/b&gt;"
    assert escape("line 1\nline 2") == "line 1<br/>line 2"
    assert para("<b>&</b>").getPlainText() == "<b>&</b>"


def test_dates_and_percentages_are_printed_one_way() -> None:
    assert format_date(date(2026, 1, 5)) == "05.01.2026"
    assert format_percent(0.625) == "62%"
    assert format_percent(None) == "—"


def test_report_language_labels_vocabulary_values() -> None:
    english = ReportLanguage("en")
    assert english.label(Rating.NONE) == "no change"
    assert english.label(Checkpoint.Q2) == "quarter 2"
    assert english.sen_category("autism").startswith("Communication and social")
    assert english.sen_category("own_code", "Own label") == "Own label"
    with pytest.raises(ValueError):
        ReportLanguage("xx")


def _goal(*points: tuple[Checkpoint, Rating, date]) -> GoalLine:
    return GoalLine(
        "goal", GoalStatus.ACTIVE, ratings=tuple(RatingPoint(c, r, d) for c, r, d in points)
    )


def test_checkpoints_are_ordered_by_when_they_were_rated() -> None:
    goals = [
        _goal((Checkpoint.Q2, Rating.HIGH, date(2025, 12, 20))),
        _goal(
            (Checkpoint.START, Rating.NONE, date(2025, 9, 10)),
            (Checkpoint.Q1, Rating.MINIMAL, date(2025, 10, 24)),
        ),
    ]
    assert checkpoints_in_order(goals) == [Checkpoint.START, Checkpoint.Q1, Checkpoint.Q2]


def test_goal_chart_bars_follow_the_dynamics_scale() -> None:
    data = progress_data()
    chart_drawing = goal_progress_chart(data.all_goals(), ReportLanguage("en"))
    bars = chart_drawing.contents[0]
    # series = checkpoints (start, quarter 2); values per goal 1..3; "not assessed" no bar
    assert bars.data == [[2, 3, 1], [3, 4, None]]
    assert bars.categoryAxis.categoryNames == ["1", "2", "3"]
    legend = chart_drawing.contents[1]
    assert [name for _, name in legend.colorNamePairs] == ["start of year", "quarter 2"]


def test_charts_export_to_svg_with_their_labels() -> None:
    data = progress_data()
    svg = drawing_to_svg(goal_progress_chart(data.all_goals(), ReportLanguage("en")))
    assert svg.lstrip().startswith(b"<?xml")
    assert b"<svg" in svg
    text = svg.decode("utf-8")
    assert "no change" in text and "high" in text and "quarter 2" in text

    small = drawing_to_svg(bar_chart([("Сөйлеу", 9), ("Ғ < & >", 4)], value_text=["9", "4"]))
    small_text = small.decode("utf-8")
    assert "Сөйлеу" in small_text
    assert "Ғ &lt; &amp; &gt;" in small_text
    assert small_text.count("<rect") >= 2


@pytest.mark.parametrize("fixed", [True, False])
def test_a_pdf_carries_its_real_creation_date_unless_one_is_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed: bool
) -> None:
    from datetime import UTC, datetime, timedelta

    from pypdf import PdfReader

    from caseroom.reports.progress_report import write_progress_report

    if fixed:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    out = tmp_path / "report.pdf"
    write_progress_report(progress_data(), out, language="en")
    created = PdfReader(out).metadata.creation_date
    assert created is not None
    if fixed:
        assert created == datetime(2026, 12, 1, tzinfo=UTC)
    else:
        assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)
        assert created.year != 2000
