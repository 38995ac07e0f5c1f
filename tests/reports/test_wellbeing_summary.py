"""The caregiver's own wellbeing summary PDF: her scores over time in plain words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_samples import pdf_text

from caseroom.reports.wellbeing_data import InstrumentHistory, ScorePoint, WellbeingSummaryData
from caseroom.reports.wellbeing_summary import write_wellbeing_summary

PHQ9 = InstrumentHistory(
    abbreviation="PHQ-9",
    title="Patient Health Questionnaire (PHQ-9)",
    max_score=27,
    higher_is_better=False,
    points=(
        ScorePoint(date(2026, 9, 21), 17, "moderately severe symptoms"),
        ScorePoint(date(2026, 11, 16), 8, "mild symptoms"),
    ),
)
WHO5 = InstrumentHistory(
    abbreviation="WHO-5",
    title="WHO-5 Well-Being Index",
    max_score=100,
    higher_is_better=True,
    points=(ScorePoint(date(2026, 10, 19), 52, "no sign of poor wellbeing"),),
)


def _data(**changes: object) -> WellbeingSummaryData:
    values: dict[str, object] = {
        "school": "№ 12 мектеп-гимназиясы",
        "room": "Инклюзивті қолдау кабинеті",
        "caregiver_name": "Сейтқали Гүлнара",
        "made_on": date(2026, 11, 23),
        "histories": (PHQ9, WHO5),
    }
    values.update(changes)
    return WellbeingSummaryData(**values)  # type: ignore[arg-type]


def _text(tmp_path: Path, data: WellbeingSummaryData, language: str = "en") -> str:
    path = tmp_path / f"summary-{language}.pdf"
    write_wellbeing_summary(data, path, language=language)
    return " ".join(pdf_text(path).split())


def test_scores_over_time_in_plain_words(tmp_path: Path, pdftotext: str) -> None:
    text = _text(tmp_path, _data())
    assert "Your wellbeing check-ins" in text
    assert "For Сейтқали Гүлнара" in text
    assert "A questionnaire is not a diagnosis." in text
    assert "Patient Health Questionnaire (PHQ-9)" in text
    assert (
        "On 16.11.2026 your score was 8 of 27: 9 lower than on 21.09.2026, "
        "which means fewer difficulties than before." in text
    )
    assert "21.09.2026 17 of 27 moderately severe symptoms" in text
    assert "16.11.2026 8 of 27 mild symptoms" in text
    assert "On 19.10.2026 your score was 52 of 100." in text
    assert "Personal: for Сейтқали Гүлнара only" in text
    assert "Where to get help" in text
    assert "call the emergency services at once" in text
    assert "Page 1 of" in text


@pytest.mark.parametrize(
    ("scores", "better", "sentence"),
    [
        ((40, 60), True, "20 higher than on 01.10.2026, which means you were feeling better."),
        ((60, 40), True, "20 lower than on 01.10.2026, which means you were feeling less well."),
        ((10, 14), False, "4 higher than on 01.10.2026, which means more difficulties than"),
        ((10, 10), False, "your score was 10 of 100, the same as on 01.10.2026."),
    ],
)
def test_the_change_is_said_the_right_way_round(
    tmp_path: Path, pdftotext: str, scores: tuple[int, int], better: bool, sentence: str
) -> None:
    history = InstrumentHistory(
        abbreviation="X",
        title="Scale X",
        max_score=100,
        higher_is_better=better,
        points=(ScorePoint(date(2026, 10, 1), scores[0]), ScorePoint(date(2026, 11, 1), scores[1])),
    )
    assert sentence in _text(tmp_path, _data(histories=(history,)))


def test_the_rooms_help_text_replaces_the_generic_line(tmp_path: Path, pdftotext: str) -> None:
    text = _text(tmp_path, _data(help_text="Call the trust line <150> & ask for Aliya"))
    assert "Call the trust line <150> & ask for Aliya" in text
    assert "emergency services" not in text


def test_no_checkins_yet_and_kazakh_letters(tmp_path: Path, pdftotext: str) -> None:
    text = _text(tmp_path, _data(histories=()), "kk")
    assert "Сейтқали Гүлнара" in text and "Инклюзивті қолдау кабинеті" in text
    with pytest.raises(ValueError, match="at least one score"):
        InstrumentHistory("X", "X", 10, False, ())
