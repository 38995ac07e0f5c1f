"""Screening instruments: the shipped files, scoring (docs/domain.md), and centre files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from caseroom.errors import ValidationError
from caseroom.i18n import set_language
from caseroom.paths import resource_path
from caseroom.services.wellbeing.instruments import (
    InstrumentFileError,
    builtin_instruments,
    instrument_folder,
    load_instrument_file,
    load_instruments,
    score,
)

ROOT = Path(__file__).resolve().parents[3]


def _all(value: int, count: int) -> dict[int, int | None]:
    return dict.fromkeys(range(1, count + 1), value)


def test_the_five_instruments_ship_in_the_resources_folder() -> None:
    found = builtin_instruments()
    assert list(found) == ["phq9", "gad7", "who5", "epds", "pss"]
    assert instrument_folder() == resource_path("instruments")
    assert {path.stem for path in instrument_folder().glob("*.json")} == set(found)
    ranges = {i.id: (len(i.items), i.min_total, i.max_total, i.max_scaled) for i in found.values()}
    assert ranges == {
        "phq9": (9, 0, 27, 27),
        "gad7": (7, 0, 21, 21),
        "who5": (5, 0, 25, 100),
        "epds": (10, 0, 30, 30),
        "pss": (18, 18, 90, 90),
    }


def test_the_wheel_carries_the_instrument_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["resources"] == "caseroom/resources"
    assert (ROOT / "resources" / "instruments" / "phq9.json").is_file()


def test_texts_exist_in_three_languages_with_unofficial_marks() -> None:
    found = builtin_instruments()
    for ident in ("phq9", "gad7", "who5"):
        instrument = found[ident]
        assert not instrument.scoring_only
        for language in ("en", "ru", "kk"):
            texts = {instrument.item_text(item.number, language) for item in instrument.items}
            assert len(texts) == len(instrument.items)
            assert instrument.title(language) and instrument.instructions(language)
            assert instrument.licence_note(language)
        assert not instrument.unofficial("en")
        assert instrument.unofficial("kk") and instrument.unofficial("ru")
    phq9 = found["phq9"]
    assert phq9.item_text(9, "kk").startswith("Өлгенім")
    assert phq9.option_label(phq9.options[3], "ru") == "Почти каждый день"
    set_language("ru")
    assert phq9.band_label("moderately_severe") == "умеренно тяжёлые симптомы"


def test_epds_and_pss_ship_scoring_only() -> None:
    found = builtin_instruments()
    for ident in ("epds", "pss"):
        assert found[ident].scoring_only
    assert found["epds"].item_text(3) == "Item 3"
    assert found["epds"].reversed_items == frozenset({3, 5, 6, 7, 8, 9, 10})
    assert found["pss"].reversed_items == frozenset({1, 2, 5, 6, 7, 8, 17, 18})
    assert "permission" in found["epds"].licence_note("en")


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"),
     (27, "severe")],
)  # fmt: skip
def test_phq9_bands_at_every_boundary(total: int, band: str) -> None:
    phq9 = builtin_instruments()["phq9"]
    answers: dict[int, int | None] = dict.fromkeys(range(1, 10), 0)
    remaining = total
    for number in range(1, 9):  # leave item 9 at 0 unless the total needs it
        answers[number] = min(3, remaining)
        remaining -= answers[number] or 0
    answers[9] = remaining
    result = score(phq9, answers)
    assert (result.total, result.scaled_total, result.band) == (total, total, band)
    assert result.safety_items == ((9,) if remaining > 0 else ())


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "minimal"), (5, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe")],
)
def test_gad7_bands(total: int, band: str) -> None:
    gad7 = builtin_instruments()["gad7"]
    answers = {n: min(3, max(0, total - 3 * (n - 1))) for n in range(1, 8)}
    result = score(gad7, answers)
    assert (result.total, result.band) == (total, band)
    assert result.safety_items == ()


def test_who5_is_scaled_by_four_and_poor_by_total_or_any_low_item() -> None:
    who5 = builtin_instruments()["who5"]
    good = score(who5, {1: 3, 2: 3, 3: 3, 4: 2, 5: 2})
    assert (good.total, good.scaled_total, good.band) == (13, 52, "adequate")
    low_total = score(who5, {1: 3, 2: 3, 3: 2, 4: 2, 5: 2})
    assert (low_total.total, low_total.scaled_total, low_total.band) == (12, 48, "poor")
    one_low_item = score(who5, {1: 5, 2: 5, 3: 5, 4: 5, 5: 1})
    assert (one_low_item.scaled_total, one_low_item.band) == (84, "poor")
    assert score(who5, _all(5, 5)).scaled_total == 100


def test_epds_reverses_items_and_flags_item_ten() -> None:
    epds = builtin_instruments()["epds"]
    # The top answer everywhere: items 1, 2, 4 score 0, the seven reversed items score 3.
    top = score(epds, _all(0, 10))
    assert (top.total, top.band, top.safety_items) == (21, "assess", (10,))
    bottom = score(epds, _all(3, 10))
    assert (bottom.total, bottom.band, bottom.safety_items) == (9, "below", ())
    # Reversed item 10 answered at the bottom scores 0: no flag.
    twelve = score(epds, {1: 3, 2: 3, 3: 0, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3})
    assert (twelve.total, twelve.band, twelve.safety_items) == (12, "below", ())
    thirteen = score(epds, {1: 3, 2: 3, 3: 0, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 2})
    assert (thirteen.total, thirteen.band, thirteen.safety_items) == (13, "assess", (10,))


def test_pss_reverses_eight_items_and_has_no_band() -> None:
    pss = builtin_instruments()["pss"]
    lowest = score(pss, {n: 5 if n in {1, 2, 5, 6, 7, 8, 17, 18} else 1 for n in range(1, 19)})
    assert (lowest.total, lowest.band, lowest.band_label) == (18, None, None)
    assert score(pss, _all(3, 18)).total == 54
    assert score(pss, _all(1, 18)).total == 10 * 1 + 8 * 5


def test_missing_or_bad_answers_are_refused() -> None:
    phq9 = builtin_instruments()["phq9"]
    answers = _all(1, 9)
    answers[4] = None
    with pytest.raises(ValidationError, match="Answer every item: PHQ-9"):
        score(phq9, answers)
    with pytest.raises(ValidationError, match="Answer every item"):
        score(phq9, {n: 1 for n in range(1, 9)})
    with pytest.raises(ValidationError, match="item 2 is not one of its options"):
        score(phq9, {**_all(1, 9), 2: 4})
    with pytest.raises(ValidationError, match="PHQ-9 has no item 10"):
        score(phq9, {**_all(1, 9), 10: 1})


def _document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": 1,
        "id": "mood4",
        "abbreviation": "MOOD-4",
        "title": {"ru": "Настроение", "kk": "Көңіл-күй"},
        "languages": {"ru": {"unofficial": False}},
        "options": [{"value": 0, "label": {"ru": "нет"}}, {"value": 2, "label": {"ru": "да"}}],
        "items": [{"number": n, "text": {"ru": f"вопрос {n}"}} for n in range(1, 5)],
        "scoring": {
            "method": "sum",
            "multiplier": 5,
            "reversed_items": [4],
            "missing_allowed": 1,
        },
        "bands": [
            {"code": "ok", "min": 0, "label": {"ru": "норма"}},
            {"code": "high", "min": 6, "label": {"ru": "высокий"}},
        ],
        "safety_items": [3],
    }
    doc.update(changes)
    return doc


def _write(folder: Path, name: str, doc: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_centre_file_adds_an_instrument_and_may_prorate(tmp_path: Path) -> None:
    _write(tmp_path, "mood.json", _document())
    found = load_instruments(tmp_path)
    assert list(found)[-1] == "mood4" and len(found) == 6
    mood = found["mood4"]
    assert mood.title("en") == "Настроение" and mood.unofficial("kk") and not mood.unofficial("ru")
    full = score(mood, {1: 2, 2: 2, 3: 0, 4: 0})
    assert (full.total, full.scaled_total, full.band, full.safety_items) == (6, 30, "high", ())
    # One answer missing is allowed: 3 answered items sum to 4, prorated to 4 × 4/3 → 5.
    prorated = score(mood, {1: 2, 2: 2, 3: 0, 4: None})
    assert (prorated.total, prorated.scaled_total, prorated.answered) == (5, 25, 3)
    assert prorated.band == "ok"
    with pytest.raises(ValidationError, match="at most 1"):
        score(mood, {1: 2, 2: 2})
    assert score(mood, {1: 0, 2: 0, 3: 2, 4: 2}).safety_items == (3,)


def test_a_centre_file_replaces_a_builtin_with_licensed_text(tmp_path: Path) -> None:
    doc = json.loads((instrument_folder() / "epds.json").read_text(encoding="utf-8"))
    doc["items"][0]["text"] = {"en": "Licensed wording of item one"}
    _write(tmp_path, "epds-licensed.json", doc)
    epds = load_instruments(tmp_path)["epds"]
    assert epds.item_text(1, "en") == "Licensed wording of item one"
    assert epds.item_text(2, "en") == "Item 2"
    assert epds.source == "epds-licensed.json"
    assert builtin_instruments()["epds"].item_text(1) == "Item 1"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"format": 2}, "Format version 2 is not supported"),
        ({"id": "Bad Id"}, "lower-case Latin letters"),
        ({"title": {}}, "“title” must give a text per language"),
        ({"options": [{"value": 0}]}, "at least two answer options"),
        ({"options": [{"value": 1}, {"value": 1}]}, "answer values in “options” must differ"),
        ({"items": [{"number": 2}]}, "numbered 1, 2, 3"),
        ({"safety_items": [7]}, "“safety_items” names item 7, which does not exist"),
        ({"bands": [{"code": "a", "min": 5, "label": {"ru": "a"}},
                    {"code": "b", "min": 5, "label": {"ru": "b"}}]}, "Band limits must rise"),
        ({"band_rules": [{"any_item_at_most": 1, "band": "nope"}]}, "the band “nope”"),
        ({"scoring": {"method": "mean", "multiplier": 1, "missing_allowed": 0}}, "“sum”"),
        ({"scoring": {"method": "sum", "multiplier": 1}}, "“scoring.missing_allowed” is missing"),
        ({"scoring": {"method": "sum", "multiplier": 0, "missing_allowed": 0}}, "multiplier"),
        ({"options": [{"value": "0"}, {"value": 1}]}, "“options[1].value” must be a whole number"),
    ],
)  # fmt: skip
def test_a_bad_centre_file_names_the_file_and_the_problem(
    tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    _write(tmp_path, "broken.json", _document(**changes))
    with pytest.raises(InstrumentFileError) as caught:
        load_instruments(tmp_path)
    assert str(caught.value).startswith("The instrument file broken.json is not valid: ")
    assert problem in str(caught.value)


def test_unreadable_files_and_folders_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "half.json").write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(InstrumentFileError, match=r"half\.json could not be read"):
        load_instrument_file(tmp_path / "half.json")
    with pytest.raises(InstrumentFileError, match="was not found"):
        load_instruments(tmp_path / "nowhere")
    (tmp_path / "half.json").unlink()
    _write(tmp_path, "a.json", _document())
    _write(tmp_path, "b.json", _document())
    with pytest.raises(InstrumentFileError, match=r"a\.json and b\.json both use the id “mood4”"):
        load_instruments(tmp_path)
    _write(tmp_path, "b.json", [1, 2])
    with pytest.raises(InstrumentFileError, match="one JSON object"):
        load_instruments(tmp_path)
