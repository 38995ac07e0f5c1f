"""The samples of a mother's own wellbeing summary in docs/samples are made by the service
and are up to date: each language's summary is made again here and read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from wellbeing_summary_samples import LANGUAGES, write_samples

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"
TITLES = {
    "kk": "Көңіл-күйіңіз туралы сауалнамалар",
    "ru": "Ваши опросы о самочувствии",
    "en": "Your wellbeing check-ins",
}


def _text(path: Path) -> str:
    found = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(found.stdout.split())


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three summaries, made afresh."""
    assert shutil.which("pdftoppm") and shutil.which("pdftotext"), "poppler-utils needed"
    folder = tmp_path_factory.mktemp("wellbeing-samples")
    return {path.stem.rsplit("-", 1)[1]: path for path in write_samples(folder)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_sample_speaks_its_language_and_has_its_picture(
    made: dict[str, Path], language: str
) -> None:
    text = _text(made[language])
    assert TITLES[language] in text
    assert "Сейтқали Гүлнара Маратқызы" in text
    assert "PHQ-9" in text and "WHO-5" in text and "GAD-7" in text
    assert "Телефон доверия: 150" in text  # the room's own "where to get help"
    assert made[language].with_suffix(".png").stat().st_size > 10_000


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_samples_in_the_documentation_are_the_ones_made_now(
    made: dict[str, Path], language: str
) -> None:
    shown = SAMPLES / f"wellbeing-summary-{language}.pdf"
    assert (SAMPLES / f"wellbeing-summary-{language}.png").is_file()
    assert _text(shown) == _text(made[language]), (
        "regenerate: python tests/services/reporting/wellbeing_summary_samples.py docs/samples"
    )
