"""The sample leaflets in docs/samples/ (leaflet-kk.pdf, leaflet-ru.pdf): five services of
the sample directory files, in the order a specialist would pick them. Run as
`python tests/reports/leaflet_samples.py docs/samples` (with SOURCE_DATE_EPOCH set the
PDFs are byte-for-byte reproducible); a PNG of each page is written beside it."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path

from sample_pages import first_page_png

from caseroom.reports.leaflet import LeafletData, LeafletEntry, write_leaflet

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
PICKED = ("pmpk-region", "ppk-esik", "autism-fund", "hotline-111", "social-esik")
FIELDS = ("name", "kind", "phone", "offers", "for_whom", "address", "town", "hours", "cost")
SCHOOL = {
    "kk": ("«Есік қаласының № 3 жалпы білім беретін мектебі» КММ", "Инклюзияны қолдау кабинеті"),
    "ru": ("КГУ «Общеобразовательная школа № 3 города Есик»", "Кабинет поддержки инклюзии"),
}


def _entries(language: str) -> dict[str, dict[str, str]]:
    """The sample directory's entries by id (kk from the JSON file, ru from the CSV file)."""
    if language == "kk":
        found = json.loads((SAMPLES / "directory-kk.json").read_text("utf-8"))["entries"]
    else:
        with (SAMPLES / "directory-ru.csv").open(encoding="utf-8-sig", newline="") as stream:
            found = list(csv.DictReader(stream, delimiter=";"))
    return {entry["id"]: entry for entry in found}


def leaflet(language: str) -> LeafletData:
    """The sample leaflet's data in `language` (kk or ru)."""
    by_id = _entries(language)
    entries = tuple(
        LeafletEntry(
            **{field: by_id[key].get(field) or None for field in FIELDS},  # type: ignore[arg-type]
            directions=by_id[key].get("directions") or None,
        )
        for key in PICKED
    )
    school, room = SCHOOL[language]
    return LeafletData(school, room, date(2026, 12, 7), entries)


def write_samples(folder: Path) -> list[Path]:
    """Write leaflet-kk.pdf and leaflet-ru.pdf into `folder`, each with a PNG of its page."""
    written = []
    for language in ("kk", "ru"):
        path = folder / f"leaflet-{language}.pdf"
        write_leaflet(leaflet(language), path, language=language)
        first_page_png(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1])):
        print(written_path)
