"""The printed forms, read back from their PDFs with pdftotext."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path
from typing import Any

import forms_samples as samples
import pytest
from pypdf import PdfReader

from caseroom.reports.data import GoalLine
from caseroom.reports.forms.data import Person
from caseroom.services.reporting.form_files import write_form

KAZAKH = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
BUILDERS = {
    "consent": samples.consent,
    "plan": samples.plan,
    "pmpk": samples.pmpk,
    "referral": samples.referral,
    "slip": samples.slip,
    "sheets": samples.sheets,
}


def _pdf(tmp_path: Path, data: Any, language: str = "en") -> Path:
    path = tmp_path / f"form-{language}.pdf"
    write_form(data, path, language=language)
    return path


def _text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


@pytest.mark.parametrize("form", sorted(BUILDERS))
def test_a_typical_childs_form_takes_one_or_two_pages(
    tmp_path: Path, form: str, pdftotext: str
) -> None:
    for language in ("kk", "ru", "en"):
        path = _pdf(tmp_path, BUILDERS[form](), language)
        assert 1 <= len(PdfReader(path).pages) <= 2, (form, language)
        assert "Айтбаева Мөлдір Ерланқызы" in _text(path)


def test_each_form_says_what_it_is(tmp_path: Path, pdftotext: str) -> None:
    titles = {
        "consent": "Written consent of the parent (legal representative)",
        "plan": "Individual development programme",
        "pmpk": "Psychological-pedagogical presentation for the PMPK",
        "referral": "Referral",
        "slip": "A reminder for the parent",
        "sheets": "Observation sheet for the week",
    }
    for form, title in titles.items():
        assert title in _text(_pdf(tmp_path, BUILDERS[form]())), form


def test_the_consent_has_each_scope_to_sign_and_the_withdrawal_clause(
    tmp_path: Path, pdftotext: str
) -> None:
    text = _text(_pdf(tmp_path, samples.consent()))
    for number, scope in enumerate(
        ("Processing of personal data", "Assessment of special educational needs"), start=1
    ):
        assert f"{number}. {scope}" in text
    assert text.count("I do not agree") == 4
    assert "I may withdraw any of these consents at any time" in text
    assert "Айтбаева Айша Бекарысовна" in text


def test_the_plan_has_goals_specialists_schedule_parent_part_and_reviews(
    tmp_path: Path, pdftotext: str
) -> None:
    text = _text(_pdf(tmp_path, samples.plan()))
    for expected in (
        "Speech",
        "Строит фразы из двух-трёх слов",
        "Отдельные слова",
        "5 фраз за занятие",
        "Ким Ирина Викторовна (speech therapist)",
        "Tue 08.12.2026, 13:10 (35 min)",
        "Каждый вечер называть пять игрушек в ванной (by 11.12.2026)",
        "20.11.2026",
        "15.01.2027",
        "Parent or legal representative",
    ):
        assert expected in text, expected


def test_the_pmpk_presentation_shows_ratings_over_time(tmp_path: Path, pdftotext: str) -> None:
    text = _text(_pdf(tmp_path, samples.pmpk()))
    assert text.count("Start of year (20.09.2026):") == 4
    assert text.count("Quarter 1 (25.10.2026):") == 3
    assert "Занятия с логопедом два раза в неделю" in text
    assert "Recommendations asked for" in text


def test_the_referral_letter_names_where_and_why(tmp_path: Path, pdftotext: str) -> None:
    text = _text(_pdf(tmp_path, samples.referral()))
    for expected in (
        "Сурдолог, областная детская больница",
        "ул. Абая, 5, Есик",
        "+7 72775 2 11 00",
        "Проверка слуха",
        "Автобус № 12 до рынка",
        "+77072769904",
    ):
        assert expected in text, expected


def test_the_slip_in_kazakh_names_days_in_kazakh(tmp_path: Path, pdftotext: str) -> None:
    kk = _text(_pdf(tmp_path, samples.slip(), "kk"))
    en = _text(_pdf(tmp_path, samples.slip(), "en"))
    assert "Сейсенбі" in kk and "Tuesday" in en
    kazakh_only = {w for w in re.findall(r"\w+", kk) if KAZAKH.search(w)} - set(en.split())
    assert len(kazakh_only) >= 3


def test_blank_sheets_name_no_one_unless_given(tmp_path: Path, pdftotext: str) -> None:
    blank = _text(_pdf(tmp_path, samples.sheets(named=False)))
    assert "Айтбаева" not in blank
    assert "Monday 07.12.2026" in blank and "Friday 11.12.2026" in blank
    assert "Session log for the week" in blank


def test_record_text_prints_as_written(tmp_path: Path, pdftotext: str) -> None:
    child = dataclasses.replace(samples.CHILD, full_name="<b>Bold</b> & Co")
    data = dataclasses.replace(samples.consent(), child=child, caregiver=Person("A <i>x</i>"))
    text = _text(_pdf(tmp_path, data))
    assert "<b>Bold</b> & Co" in text
    assert "A <i>x</i>" in text


def test_long_text_wraps_and_nothing_is_cut(tmp_path: Path, pdftotext: str) -> None:
    words = " ".join(f"слово{n}" for n in range(400))
    goal = GoalLine(words, samples.GOALS[0].goals[0].status, baseline=words)
    domains = (dataclasses.replace(samples.GOALS[0], goals=(goal,)),)
    data = dataclasses.replace(samples.plan(), goals=domains)
    text = _text(_pdf(tmp_path, data))
    for n in (0, 199, 399):
        assert text.count(f"слово{n}") == 2, n
