"""A leaflet for a mother: the services the specialist picked for her, in her language.

Large type, plain words, each service's phone number big and bold, on one A4 page: when the
services picked do not fit at the largest type, the type is made smaller step by step
(never below `SMALLEST_SCALE`), and a list still too long is refused (`LeafletTooLongError`):
the specialist picks fewer. The leaflet names no child and no parent: it is not protected
by a password. Every text from the record is escaped (a name like `<b>` prints as written).
Reports never read the database: the caller passes `LeafletData`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import PageDecor, build_pdf, escape, write_bytes
from caseroom.reports.styles import BLACK, FRAME_WIDTH, GREY_LIGHT, ParagraphStyle, styles
from caseroom.vocab import DirectoryKind

SCALES: tuple[float, ...] = (1.0, 0.93, 0.86, 0.8, 0.75)
SMALLEST_SCALE = SCALES[-1]
MAX_ENTRIES = 5
PHONE_WIDTH = 64 * mm
"""The column that holds a service's phone number, big."""
"""The most services one leaflet holds."""


@dataclass(frozen=True, slots=True)
class LeafletEntry:
    """One service as the leaflet prints it (plain text, from the directory)."""

    name: str
    kind: str
    phone: str | None = None
    offers: str | None = None
    for_whom: str | None = None
    address: str | None = None
    town: str | None = None
    hours: str | None = None
    cost: str | None = None
    directions: str | None = None


@dataclass(frozen=True, slots=True)
class LeafletData:
    """What a leaflet shows: the room that gives it, the day, and the services picked."""

    school: str
    room: str
    made_on: date
    entries: tuple[LeafletEntry, ...]


class LeafletTooLongError(ValueError):
    """The services picked do not fit on one page even at the smallest type."""


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    base = styles().body
    bold = styles().title.fontName

    def style(
        name: str, size: float, *, font: str | None = None, after: float = 2
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name, parent=base, fontName=font or base.fontName, fontSize=size * scale,
            leading=size * scale * 1.25, spaceAfter=after * scale,
        )  # fmt: skip

    return {
        "title": style("leaflet_title", 22, font=bold, after=3),
        "intro": style("leaflet_intro", 13, after=5),
        "name": style("leaflet_name", 14, font=bold, after=1),
        "phone": style("leaflet_phone", 16, font=bold, after=1),
        "text": style("leaflet_text", 12, after=0.5),
        "end": style("leaflet_end", 12, after=0),
        "small": style("leaflet_small", 10, after=0),
    }


def _line(label: str, value: str | None, style: ParagraphStyle) -> list[Flowable]:
    """ "Label: value" with the label in bold, or nothing when there is no value."""
    if not value:
        return []

    return [Paragraph(f"<b>{escape(label)}</b> {escape(value)}", style)]


def _entry(entry: LeafletEntry, lang: ReportLanguage, st: dict[str, ParagraphStyle]) -> Flowable:

    _ = lang.gettext
    kind = lang.label(DirectoryKind(entry.kind)) if entry.kind in set(DirectoryKind) else ""
    cells: list[Flowable] = [Paragraph(escape(entry.name), st["name"])]
    place = ", ".join(part for part in (entry.address, entry.town) if part) or None
    cells += _line(_("What they do:"), entry.offers, st["text"])
    cells += _line(_("For whom:"), entry.for_whom, st["text"])
    cells += _line(_("Where:"), place, st["text"])
    cells += _line(_("How to get there:"), entry.directions, st["text"])
    cells += _line(_("When:"), entry.hours, st["text"])
    cells += _line(_("Cost:"), entry.cost, st["text"])
    phone: list[Flowable] = []
    if entry.phone:
        phone = [
            Paragraph(escape(_("Phone")), st["text"]),
            Paragraph(escape(entry.phone).replace(" ", "\u00a0"), st["phone"]),
        ]
    if kind:
        phone.append(Paragraph(escape(kind), st["small"]))
    box = Table([[cells, phone]], colWidths=[FRAME_WIDTH - PHONE_WIDTH, PHONE_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, BLACK),
                ("LINEBEFORE", (1, 0), (1, -1), 0.6, BLACK),
                ("BACKGROUND", (1, 0), (1, -1), GREY_LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return KeepTogether([box, Spacer(1, 2 * mm)])


def _story(data: LeafletData, lang: ReportLanguage, scale: float) -> list[Flowable]:

    _ = lang.gettext
    st = _styles(scale)
    story: list[Flowable] = [
        Paragraph(escape(_("Where to find help")), st["title"]),
        Paragraph(
            escape(
                _(
                    "These places can help you and your child. Call first: ask when to come "
                    "and what papers to bring. You can come with any question."
                )
            ),
            st["intro"],
        ),
    ]
    story += [_entry(entry, lang, st) for entry in data.entries]
    story.append(
        Paragraph(
            escape(
                _(
                    "If you do not know where to start, come to us at the support room: we "
                    "will help you call."
                )
            ),
            st["end"],
        )
    )
    return story


def _pages(payload: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(payload)).pages)


def leaflet_pdf(data: LeafletData, *, language: str) -> bytes:
    """The leaflet as PDF bytes, on one page (`LeafletTooLongError` when it cannot fit)."""
    if not data.entries:
        raise ValueError("a leaflet needs at least one service")
    lang = ReportLanguage(language)
    _ = lang.gettext
    title = _("Where to find help")
    decor = PageDecor(
        header_left=_("{school} · {room}").format(school=data.school, room=data.room),
        header_right=_("Made on {date}").format(date=format_date(data.made_on)),
        footer_left=_("A leaflet from the support room"),
        page_text=_("Page {page} of {total}"),
    )
    for scale in SCALES:
        buffer = io.BytesIO()
        build_pdf(buffer, _story(data, lang, scale), decor, title=title, language=language)
        payload = buffer.getvalue()
        if _pages(payload) == 1:
            return payload
    raise LeafletTooLongError(len(data.entries))


def write_leaflet(data: LeafletData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the leaflet PDF to `out` (a path, written whole or not at all, or a stream)."""
    write_bytes(out, leaflet_pdf(data, language=language))
