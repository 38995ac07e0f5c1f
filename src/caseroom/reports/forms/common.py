"""What every printed form shares: page furniture, the title block, the child's details,
signature lines, blank lines to write on, and writing the PDF.

The form's language is its own (`ReportLanguage`), independent of the app's screens;
record text is always escaped (`layout.para`), so a name such as `<b>` prints as typed,
and long text wraps (`layout.long_text`) rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from caseroom.dates import format_date, weekday_names
from caseroom.reports.data import ChildInfo, ExtraRole, Signatory
from caseroom.reports.forms.data import FormHeader, Person
from caseroom.reports.language import ReportLanguage, sentence
from caseroom.reports.layout import PageDecor, build_pdf, key_values, para
from caseroom.reports.signatures import keep_with_signatures, signature_block
from caseroom.reports.styles import BLACK, FRAME_WIDTH, styles


class FormWriter:
    """The shared parts of one form in one language; subclasses give `title` and `body`."""

    def __init__(self, header: FormHeader, lang: ReportLanguage) -> None:
        self.header = header
        self.lang = lang
        self._ = lang.gettext

    def title(self) -> str:
        """The form's title (also the PDF's title)."""
        raise NotImplementedError

    def footer(self) -> str:
        """The left footer text (a form about a child names the child's case)."""
        return ""

    def body(self) -> list[Flowable]:
        """The form's own content, after the title."""
        raise NotImplementedError

    def decor(self) -> PageDecor:
        """Header: school and room; right: the day made; footer: the case and page numbers."""
        _ = self._
        return PageDecor(
            header_left=_("{school} · {room}").format(
                school=self.header.school, room=self.header.room
            ),
            header_right=format_date(self.header.made_on),
            footer_left=self.footer(),
            page_text=_("Page {page} of {total}"),
        )

    def story(self) -> list[Flowable]:
        """The whole story: the title, then the body."""
        return [para(self.title(), styles().title), *self.body()]

    def write(self, out: Path | BinaryIO) -> None:
        """Lay the form out on A4 and write the PDF to `out`."""
        build_pdf(out, self.story(), self.decor(), title=self.title(), language=self.lang.code)

    # --- building blocks ------------------------------------------------------------------

    def child_footer(self, child: ChildInfo | None) -> str:
        """`Name · case SR-…` for the footer, or nothing."""
        if child is None:
            return ""
        return self._("{name} · case {case}").format(name=child.full_name, case=child.case_number)

    def class_text(self, child: ChildInfo) -> str:
        """The child's class as printed ("3 Б"), or a dash."""
        _ = self._
        if child.grade is None:
            return "—"
        if child.grade == 0:
            return _("pre-school class {letter}").format(letter=child.class_letter or "").strip()
        return _("{grade} {letter}").format(grade=child.grade, letter=child.class_letter or "")

    def child_rows(self, child: ChildInfo) -> list[tuple[str, str]]:
        """The child's name, date of birth, class and case number as label/value rows."""
        _ = self._
        return [
            (_("Child"), child.full_name),
            (_("Date of birth"), format_date(child.birth_date)),
            (_("Class"), self.class_text(child)),
            (_("Case number"), child.case_number),
        ]

    def details(self, rows: Sequence[tuple[str, str]]) -> Table:
        """Label/value rows without a grid."""
        return key_values(rows, label_width=48 * mm)

    def person_text(self, person: Person | None) -> str:
        """A person's name with their relation or role, or a dash."""
        if person is None:
            return "—"
        what = person.relation or person.role
        if what is None:
            return person.name
        return self._("{name} ({role})").format(name=person.name, role=self.lang.label(what))

    def role_text(self, signatory: Signatory) -> str:
        """The signatory's role as the signature line prints it."""
        _ = self._
        if signatory.role is ExtraRole.CAREGIVER:
            return _("Parent or legal representative")
        if signatory.role is ExtraRole.CONSILIUM_CHAIR:
            return _("Chair of the school consilium")
        if signatory.role is ExtraRole.DIRECTOR:
            return _("School director")
        return sentence(self.lang.label(signatory.role))

    def signatures(self, signatories: Sequence[Signatory]) -> list[Flowable]:
        """The signature lines' heading and table (`signed` keeps them together)."""
        _ = self._
        lines = [(self.role_text(s), s.name or "") for s in signatories]
        block = signature_block(lines, signature_word=_("signature"), date_word=_("date"))
        return [para(_("Signatures"), styles().heading), block]

    def signed(self, story: Sequence[Flowable], signatories: Sequence[Signatory]) -> list[Flowable]:
        """`story` ending in the signature lines, its last section kept on their page (a
        page of signatures alone could be put after any other form)."""
        return keep_with_signatures(story, self.signatures(signatories))

    def heading(self, text: str) -> Flowable:
        """A section heading."""
        return para(text, styles().heading)

    def time_text(
        self, day: date, starts_at: time | None, minutes: int | None, *, long: bool = False
    ) -> str:
        """A session's day, time and length ("Mon 07.12.2026, 10:30 (40 min)") in the
        form's language (the weekday's full name when `long`)."""
        _ = self._
        weekday = self.weekday_long(day) if long else self.weekday(day)
        when = f"{weekday} {format_date(day)}"
        if starts_at is not None:
            when = _("{day}, {time}").format(day=when, time=starts_at.strftime("%H:%M"))
        if minutes:
            when = _("{when} ({minutes} min)").format(when=when, minutes=minutes)
        return when

    def weekday(self, day: date) -> str:
        """The short name of `day`'s weekday."""
        return weekday_names(self.lang.code, short=True)[day.weekday()]

    def weekday_long(self, day: date) -> str:
        """The full name of `day`'s weekday, starting with a capital."""
        return sentence(weekday_names(self.lang.code)[day.weekday()])


def write_lines(count: int, *, height: float = 8 * mm) -> Table:
    """`count` empty ruled lines across the frame, to write on by hand."""
    table = Table([[""] for _n in range(count)], colWidths=[FRAME_WIDTH], rowHeights=height)
    table.setStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, BLACK)])
    return table


def gap(height: float = 3 * mm) -> Spacer:
    """A vertical space."""
    return Spacer(1, height)


def cells(values: Sequence[str], style: Any) -> list[Flowable]:
    """One escaped paragraph per table cell."""
    return [para(value, style) for value in values]
