"""Without `--lang`, every subcommand speaks the room's language (kept in its database);
`--lang` is accepted by every subcommand and wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseroom.cli import language, main
from caseroom.i18n import current_language, set_language

USER, PASSWORD, PASSPHRASE = "aigerim", "Жаңа-құпия-2026", "Есік мектебі 2026 қыс"
ROOM = ["--room", "Кабинет поддержки", "--school", "Школа-гимназия №5", "--lang", "ru"]
PDF = ["--format", "pdf", "--out", "summary.pdf"]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Secrets in the environment, no terminal, no `CASEROOM_LANG`; logs in tmp_path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_USER", USER)
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CASEROOM_LANG", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    yield
    set_language("en")


def _ru_room(tmp_path: Path, *, encrypted: bool) -> Path:
    path = tmp_path / "room.sqlite3"
    extra = [] if encrypted else ["--no-encryption"]
    assert main(["init", "--db", str(path), *ROOM, *extra]) == 0
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run a command as a fresh process would: English until something says otherwise."""
    set_language("en")
    language._language_chosen = False
    capsys.readouterr()
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_check_and_backup_speak_the_rooms_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encrypted: bool
) -> None:
    path = _ru_room(tmp_path, encrypted=encrypted)
    status, text = _run(["check", "--db", str(path)], capsys)
    assert status == 0, text
    assert "Проверка" in text and "База данных в порядке." in text
    assert "Checking" not in text and "healthy" not in text
    copy = tmp_path / "copy.sqlite3"
    status, text = _run(["backup", "--db", str(path), "--out", str(copy)], capsys)
    assert status == 0, text
    assert "Резервная копия записана" in text and "Backup written" not in text


def test_import_and_report_refusals_before_the_database_is_opened_are_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _ru_room(tmp_path, encrypted=False)
    missing = str(tmp_path / "missing.csv")
    status, text = _run(["import", "roster", "--db", str(path), missing], capsys)
    assert status == 2 and "Файла списка нет" in text, text
    status, text = _run(
        ["report", "summary", "--db", str(path), "--period", "2027-09-01..2027-01-01", *PDF],
        capsys,
    )
    assert status == 2 and "раньше, чем начинается" in text, text


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--db", "{db}"],
        ["backup", "--db", "{db}", "--out", "{dir}/copy.sqlite3"],
        ["import", "roster", "--db", "{db}", "{dir}/missing.csv"],
        ["report", "summary", "--db", "{db}", "--format", "pdf", "--out", "{dir}/s.pdf"],
        ["staff", "add", "--db", "{db}", "--last-name", " ", "--first-name", "A", "--role", "x"],
    ],
    ids=["check", "backup", "import", "report", "staff"],
)
def test_lang_is_accepted_by_every_subcommand_and_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = _ru_room(tmp_path, encrypted=False)
    filled = [item.format(db=path, dir=tmp_path) for item in argv]
    set_language("ru")
    language._language_chosen = False
    capsys.readouterr()
    main([*filled, "--lang", "en"])
    text = "".join(capsys.readouterr())
    assert current_language() == "en"
    assert "unrecognized arguments" not in text and "--lang" not in text, text
    assert not any("а" <= letter <= "я" for letter in text.lower().replace(str(tmp_path), ""))
