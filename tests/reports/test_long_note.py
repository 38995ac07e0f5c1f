"""A very long note is laid out as many paragraphs, none of its characters lost."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from report_samples import progress_data
from reportlab.platypus import Paragraph

from caseroom.reports.data import SpecialistNote
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import LONG_TEXT_PIECE, long_text, split_long_text
from caseroom.reports.progress_report import _ProgressReport

_TEXT = st.text(alphabet=st.sampled_from("аб c\n\tǵ\r"), max_size=3000)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, limit=st.integers(min_value=1, max_value=60))
def test_the_split_keeps_every_character_in_order(text: str, limit: int) -> None:
    pieces = split_long_text(text, limit)
    assert "".join(pieces) == text
    assert all(pieces)
    assert all(len(piece) <= limit for piece in pieces)


def test_pieces_end_at_line_breaks_or_after_a_space() -> None:
    line = ("слово " * 1000).strip()
    text = "\n".join([line, "short", line])
    pieces = split_long_text(text)
    assert "".join(pieces) == text
    assert len(pieces) > 2 * len(line) // LONG_TEXT_PIECE
    assert all(piece.endswith((" ", "\n")) for piece in pieces[:-1])
    assert all(len(piece) <= LONG_TEXT_PIECE for piece in pieces)


def test_a_text_without_spaces_is_cut_anywhere() -> None:
    text = "ы" * (LONG_TEXT_PIECE * 3 + 5)
    assert [len(piece) for piece in split_long_text(text)] == [LONG_TEXT_PIECE] * 3 + [5]


def test_an_empty_text_is_still_one_paragraph() -> None:
    assert len(long_text("")) == 1


def test_a_long_consilium_note_becomes_many_paragraphs() -> None:
    note = ("Бала тапсырманы орындады. " * 4000) + "\nсоңы"
    data = dataclasses.replace(progress_data(), specialist_notes=(SpecialistNote(note),))
    story = _ProgressReport(data, ReportLanguage("kk")).story()
    paragraphs = [item for item in story if isinstance(item, Paragraph)]
    note_parts = [p for p in paragraphs if "Бала тапсырманы" in p.text]
    assert len(note_parts) >= len(note) // LONG_TEXT_PIECE
    assert note_parts[-1].text.endswith("соңы")
