"""argparse's own words (usage, missing or unknown arguments, the help's headings) speak the
chosen language like the rest of the command line."""

from __future__ import annotations

import argparse
import inspect

import pytest

from caseroom.cli import language, main
from caseroom.cli.argparse_text import ARGPARSE_MESSAGES
from caseroom.i18n import set_language


@pytest.fixture(autouse=True)
def english_after(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.delenv("CASEROOM_LANG", raising=False)
    yield
    set_language("en")
    language._language_chosen = False


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        status = main(argv)
    except SystemExit as exit_:  # --help ends through argparse
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize(
    ("lang", "missing", "unknown"),
    [
        ("ru", "нужно указать: KIND", "непонятные аргументы: --bogus"),
        ("kk", "мыналарды көрсету керек: KIND", "белгісіз аргументтер: --bogus"),
        ("en", "the following arguments are required: KIND", "unrecognized arguments: --bogus"),
    ],
)
def test_argument_errors_are_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], lang: str, missing: str, unknown: str
) -> None:
    status, text = _run(["--lang", lang, "import"], capsys)
    assert status == 2 and missing in text, text
    status, text = _run(["--lang", lang, "--bogus"], capsys)
    assert status == 2 and unknown in text, text


def test_the_help_speaks_russian(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = _run(["--lang", "ru", "report", "--help"], capsys)
    assert status == 0
    assert text.startswith("использование: caseroom report")
    assert "параметры:" in text and "показать эту справку и выйти" in text
    assert "usage:" not in text and "show this help" not in text


def test_every_listed_message_is_one_argparse_still_uses() -> None:
    source = inspect.getsource(argparse)
    missing = [message for message in ARGPARSE_MESSAGES if repr(message)[1:-1] not in source]
    assert missing == []
