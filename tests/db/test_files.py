"""Atomic writes: the new content or the old one, never a half-written file or a stray temp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caseroom.db import files
from caseroom.db.files import replace_atomically, temporary_beside, write_atomically


def test_text_and_bytes_replace_the_old_content_and_leave_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "keys.json"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, "новое — жаңа\n")
    assert target.read_bytes() == "новое — жаңа\n".encode()
    write_atomically(target, b"\x00\x01raw")
    assert target.read_bytes() == b"\x00\x01raw"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["keys.json"]


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keys.json"
    target.write_text("old", encoding="utf-8")

    def refuse(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["keys.json"]


def test_a_temporary_is_hidden_beside_its_target_and_replaces_it_with_folder_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "base.sqlite3"
    temporary = temporary_beside(target, suffix=".encrypting")
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".base.sqlite3.") and temporary.name.endswith(".encrypting")
    assert temporary.read_bytes() == b""
    synced: list[Path] = []
    monkeypatch.setattr(files, "fsync_folder", synced.append)
    temporary.write_bytes(b"done")
    replace_atomically(temporary, target)
    assert target.read_bytes() == b"done" and not temporary.exists()
    assert synced == [tmp_path]
