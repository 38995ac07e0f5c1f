"""Directory files: CSV / XLSX / JSON read back what export wrote; import all or nothing,
updates by id, a malformed file refused whole naming its rows, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlmodel import Session

from caseroom.db.models import AuditEvent
from caseroom.db.models_directory import DirectoryEntry
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.common import Actor
from caseroom.services.directory.entries import add_entry, all_entries, archive_entry
from caseroom.services.directory.fields import EntryInput, EntryRead
from caseroom.services.directory.file_export import export_directory
from caseroom.services.directory.file_import import DirectoryFileError
from caseroom.services.importing.directory_file import import_directory_file

HEADER = "id;name;kind;needs;age_from;age_to;town;phone;languages;archived"
GOOD = [
    "pmpk-1;Облыстық ПМПК;pmpk;assessment;0;18;Есік;8 (72775) 4-12-34;kk, ru;",
    "line-150;Телефон доверия 150;hotline;crisis; ; ;;150;ru;no",
]


def _csv(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "directory.csv"
    path.write_bytes("\ufeff".encode() + "\r\n".join([header, *rows]).encode("utf-8"))
    return path


def _count(session: Session, model: type) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_import_adds_then_updates_by_id(session: Session, actor: Actor, tmp_path: Path) -> None:
    result = import_directory_file(session, actor=actor, path=_csv(tmp_path, GOOD))
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    entries = {entry.code: entry for entry in all_entries(session, actor=actor)}
    assert entries["pmpk-1"].languages == ("kk", "ru")
    assert entries["pmpk-1"].age_to == 18 and entries["line-150"].age_from is None
    assert entries["line-150"].town is None
    changed = [GOOD[0].replace("Облыстық ПМПК", "ПМПК облысы"), GOOD[1].replace(";no", ";yes")]
    again = import_directory_file(session, actor=actor, path=_csv(tmp_path, changed))
    assert (again.created, again.updated, again.unchanged) == (0, 2, 0)
    assert [entry.name for entry in all_entries(session, actor=actor)] == ["ПМПК облысы"]
    assert _count(session, DirectoryEntry) == 2
    same = import_directory_file(session, actor=actor, path=_csv(tmp_path, changed))
    assert (same.created, same.updated, same.unchanged) == (0, 0, 2)


def test_a_malformed_file_is_refused_whole(session: Session, actor: Actor, tmp_path: Path) -> None:
    rows = [
        *GOOD,
        ";No id here;pmpk;;;;;;;",
        "bad-kind;Somewhere;spa;autism;;;;;;",
        "pmpk-1;Twice;pmpk;;;;;;;",
        "ages;Ages;other;;ten;5;;;;maybe",
    ]
    events = _count(session, AuditEvent)
    with pytest.raises(DirectoryFileError) as caught:
        import_directory_file(session, actor=actor, path=_csv(tmp_path, rows))
    message = str(caught.value)
    assert message.startswith(
        "directory.csv was not imported and nothing was changed: 4 rows have problems "
        "(rows 4, 5, 6, 7)."
    )
    assert "Row 5, column “kind”: “spa” is not a kind of service this directory knows" in message
    assert "Row 6, column “id”: the id “pmpk-1” is on row 2 too" in message
    assert "Row 7, column “age_from”" in message and "Row 7, column “archived”" in message
    assert {problem.number for problem in caught.value.problems} == {4, 5, 6, 7}
    assert _count(session, DirectoryEntry) == 0
    assert _count(session, AuditEvent) == events


def test_an_unknown_or_missing_column_is_refused(
    session: Session, actor: Actor, tmp_path: Path
) -> None:
    with pytest.raises(DirectoryFileError) as caught:
        import_directory_file(
            session, actor=actor, path=_csv(tmp_path, ["x;y"], header="name;colour")
        )
    message = str(caught.value)
    assert "Row 1, column “colour”: this column is not in the directory format" in message
    assert "Row 1: The required column “id” is missing" in message
    assert _count(session, DirectoryEntry) == 0


def test_russian_headers_are_read(session: Session, actor: Actor, tmp_path: Path) -> None:
    path = _csv(tmp_path, ["a-1;Центр;Алматы;8 727"], header="Код;Название;Город;Телефон")
    import_directory_file(session, actor=actor, path=path)
    (entry,) = all_entries(session, actor=actor)
    assert (entry.code, entry.town, entry.phone, entry.kind) == ("a-1", "Алматы", "8 727", "other")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_export_reads_back_the_same(
    session: Session, actor: Actor, tmp_path: Path, suffix: str
) -> None:
    add_entry(
        session, actor=actor,
        data=EntryInput(
            name="Центр «<b>»", kind="autism_centre", needs=("autism", "speech"), age_from=2,
            age_to=14, town="Алматы", phone="8 701 555 12 12", languages=("kk", "ru"),
            offers="Занятия;\nгруппы", notes="заметка", code="c-1",
        ),
    )  # fmt: skip
    gone = add_entry(session, actor=actor, data=EntryInput(name="Old line", code="old"))
    archive_entry(session, actor=actor, entry_id=gone.id)
    before = all_entries(session, actor=actor, include_archived=True)
    path = tmp_path / f"out{suffix}"
    assert export_directory(session, actor=actor, path=path) == 2
    session.execute(delete(DirectoryEntry))
    session.flush()
    result = import_directory_file(session, actor=actor, path=path)
    assert result.created == 2
    after = all_entries(session, actor=actor, include_archived=True)

    def strip(e: EntryRead) -> tuple[object, ...]:
        return (e.code, e.name, e.kind, e.needs, e.age_from, e.age_to, e.town, e.phone,
                e.languages, e.offers, e.notes, e.archived_at is not None)  # fmt: skip

    assert [strip(e) for e in after] == [strip(e) for e in before]
    if suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["format"] == "caseroom-directory"
        (centre,) = [entry for entry in document["entries"] if entry["id"] == "c-1"]
        assert centre["needs"] == ["autism", "speech"] and centre["archived"] is False


def test_json_with_a_stray_key_names_the_entry(
    session: Session, actor: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"entries": [{"id": "a", "name": "A"}, {"id": "b", "nme": "B"}]}))
    with pytest.raises(DirectoryFileError) as caught:
        import_directory_file(session, actor=actor, path=path)
    assert "Row 2, column “nme”" in str(caught.value)


def test_other_kinds_of_file_and_roles(session: Session, actor: Actor, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"a directory file is a \.csv, \.xlsx or \.json file"):
        import_directory_file(session, actor=actor, path=tmp_path / "d.pdf")
    assistant = Actor(staff_id=actor.staff_id, role="assistant")
    with pytest.raises(PermissionDeniedError):
        import_directory_file(session, actor=assistant, path=_csv(tmp_path, GOOD))
    with pytest.raises(PermissionDeniedError):
        export_directory(session, actor=assistant, path=tmp_path / "x.csv")
