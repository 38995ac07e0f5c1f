"""The centre's summary: totals, rooms side by side, rooms missing, quarters; its files."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from centre_rooms import CentreUnderTest, RoomUnderTest

from caseroom.bundles.keys import ROOM, PublicKeyFile, new_signing_key
from caseroom.bundles.room_bundle import open_payload, read_envelope
from caseroom.centre.database import connected
from caseroom.centre.setup import add_room
from caseroom.centre.summary import centre_summary
from caseroom.reports.centre_summary import write_csv, write_pdf, write_xlsx

Linked = tuple[CentreUnderTest, list[RoomUnderTest]]


def _section(summary: object, title: str) -> object:
    return next(s for s in summary.sections if s.title == title)  # type: ignore[attr-defined]


def test_the_summary_adds_up(linked: Linked, tmp_path: Path) -> None:
    centre, rooms = linked
    payloads = []
    for room in rooms:
        data = room.export()
        centre.import_(data)
        payloads.append(open_payload(read_envelope(data), centre_private=centre.private))
    silent = PublicKeyFile(
        ROOM,
        __import__("uuid").uuid4(),
        "Silent school",
        new_signing_key()[1],
        {"school_name": "Silent school"},
    )
    with connected(centre.engine) as connection:
        add_room(connection, silent.to_bytes())
        summary = centre_summary(connection, period="2026-2027")
    totals = dict(_section(summary, "Regional totals").rows)  # type: ignore[attr-defined]
    assert totals["Rooms registered"] == 3 and totals["Rooms that sent the period"] == 2
    assert totals["Children"] == sum(len(p["children"]) for p in payloads)
    held = sum(q["sessions_held"] for p in payloads for q in p["quarters"])
    assert totals["Sessions held"] == held > 0
    side = _section(summary, "Rooms side by side")
    assert len(side.rows) == 2  # type: ignore[attr-defined]
    missing = _section(summary, "Rooms that have not sent the period")
    assert [row[0] for row in missing.rows] == ["Silent school"]  # type: ignore[attr-defined]
    quarters = _section(summary, "Trend by quarter")
    assert sum(row[1] for row in quarters.rows) == held  # type: ignore[attr-defined]

    write_csv(summary, tmp_path / "s.csv", language="en")
    rows = list(csv.reader((tmp_path / "s.csv").read_text("utf-8-sig").splitlines()))
    assert ["Silent school", ""] in rows
    write_xlsx(summary, tmp_path / "s.xlsx")
    assert len(openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames) == 4
    write_pdf(summary, tmp_path / "s.pdf", language="en", page_text="{page}/{total}")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_a_later_bundle_does_not_count_twice(linked: Linked) -> None:
    centre, rooms = linked
    centre.import_(rooms[0].export())
    with connected(centre.engine) as connection:
        before = centre_summary(connection, period="2026-2027")
    centre.import_(rooms[0].export())
    with connected(centre.engine) as connection:
        after = centre_summary(connection, period="2026-2027")
    assert _section(before, "Regional totals").rows == _section(after, "Regional totals").rows  # type: ignore[attr-defined]
