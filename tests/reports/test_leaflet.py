"""The leaflet for a mother: the services picked, phones prominent, one A4 page, escaped."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseroom.reports.leaflet import (
    MAX_ENTRIES,
    LeafletData,
    LeafletEntry,
    LeafletTooLongError,
    leaflet_pdf,
    write_leaflet,
)

PMPK = LeafletEntry(
    name="Regional PMPK", kind="pmpk", phone="8 (727) 300-11-22",
    offers="Assessment and a conclusion", for_whom="Children up to 18", address="15 Abai St",
    town="Konaev", hours="Mon-Fri 9-18", cost="free", directions="Bus 12 to the Akimat stop",
)  # fmt: skip
LINE = LeafletEntry(name="Line 150", kind="hotline", phone="150", offers="Talk to a psychologist")


def _data(*entries: LeafletEntry) -> LeafletData:
    return LeafletData(
        school="School No. 3", room="Support room", made_on=date(2026, 12, 7),
        entries=entries or (PMPK, LINE),
    )  # fmt: skip


def _text(tmp_path: Path, data: LeafletData, language: str = "en") -> str:
    """The leaflet's text in reading order (a service's column, then its phone column)."""
    path = tmp_path / f"leaflet-{language}.pdf"
    write_leaflet(data, path, language=language)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_the_services_picked_with_their_phones(tmp_path: Path, pdftotext: str) -> None:
    text = _text(tmp_path, _data())
    assert "Where to find help" in text
    for part in (
        "Regional PMPK",
        "8 (727) 300-11-22",
        "What they do: Assessment and a conclusion",
        "Where: 15 Abai St, Konaev",
        "How to get there: Bus 12 to the Akimat stop",
        "When: Mon-Fri 9-18",
        "Cost: free",
        "Line 150",
        "150",
        "hotline",
    ):
        assert part in text, part  # fmt: skip
    assert text.index("Regional PMPK") < text.index("Line 150")
    assert "For whom:" in text and text.count("For whom:") == 1  # empty fields are left out


def test_the_phone_is_the_largest_text_of_an_entry(tmp_path: Path) -> None:
    sizes: dict[str, float] = {}

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes[text.strip().replace("\u00a0", " ")] = size * tm[0]

    reader = PdfReader(io.BytesIO(leaflet_pdf(_data(), language="en")))
    reader.pages[0].extract_text(visitor_text=visit)
    phone = sizes["8 (727) 300-11-22"]
    assert phone >= 12 and phone > sizes["Regional PMPK"]  # on one line, the largest
    assert all(size <= phone for text, size in sizes.items() if text != "Where to find help")


def test_record_text_prints_as_written(tmp_path: Path, pdftotext: str) -> None:
    odd = replace(PMPK, name="<b>Centre</b> & Co", offers="1 < 2 > 0")
    text = _text(tmp_path, _data(odd))
    assert "<b>Centre</b> & Co" in text and "1 < 2 > 0" in text


def test_in_russian_and_kazakh_on_one_page(tmp_path: Path, pdftotext: str) -> None:
    for language in ("ru", "kk"):
        payload = leaflet_pdf(_data(*[PMPK] * MAX_ENTRIES), language=language)
        reader = PdfReader(io.BytesIO(payload))
        assert len(reader.pages) == 1
        assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)
        assert reader.metadata is not None and not reader.is_encrypted
    ru = _text(tmp_path, _data(), "ru")
    assert "Страница 1 из 1" in ru  # the room's own words, not the UI's


def test_a_list_that_cannot_fit_is_refused(tmp_path: Path) -> None:
    long = replace(PMPK, offers="Long words " * 80)
    with pytest.raises(LeafletTooLongError):
        leaflet_pdf(_data(*[long] * MAX_ENTRIES), language="en")
    with pytest.raises(ValueError):
        leaflet_pdf(LeafletData("S", "R", date(2026, 12, 7), ()), language="en")
