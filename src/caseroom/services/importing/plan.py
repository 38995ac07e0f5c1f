"""Deciding, in memory, what an import makes: for each family of the roster, whether it is
already there, and which caregivers, children and conclusions are new, present or (a
caregiver's phone) changed. Nothing is written here; `write` writes the `Records`.

Records found are left as they are (a caregiver's changed phone apart) and counted as
present, so importing the same roster twice creates nothing the second time. A new
caregiver or child of a family already present joins that family; an archived family gets
no new member, only a warning.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from caseroom.i18n import _
from caseroom.services.importing.grouping import ChildKey, Group, caregiver_key
from caseroom.services.importing.match import (
    Known,
    KnownCaregiver,
    KnownChild,
    caregiver_name,
    name_key,
)
from caseroom.services.importing.problems import RowProblem
from caseroom.services.importing.rows import RosterRow
from caseroom.services.importing.write import (
    Records,
    add_caregiver,
    add_child,
    add_conclusion,
    add_family,
    change_phone,
)

NEW = "new"
PRESENT = "present"
UPDATED = "updated"
"""What the import does with a record it names: makes it, finds it there, or changes it."""


@dataclass(frozen=True, slots=True)
class PreviewItem:
    """One record of the roster as the import sees it: its first row, what it is
    ("family", "caregiver", "child", "conclusion"), whether it is `NEW`, `PRESENT` or
    `UPDATED`, its name, and what changes (an updated phone: old and new)."""

    row: int
    kind: str
    action: str
    name: str
    change: tuple[str | None, str] | None = None


COUNTS = (
    "families_created",
    "families_present",
    "caregivers_created",
    "caregivers_present",
    "caregivers_updated",
    "children_created",
    "children_present",
    "conclusions_created",
)


class Planner:
    """Collects the records of each family, the counts, warnings and problems."""

    def __init__(
        self,
        known: Known,
        headers: dict[str, str],
        place: tuple[uuid.UUID, str],
        today: date,
        now: datetime,
    ) -> None:
        self.known = known
        self.headers = headers
        self.room_id, first_case = place
        self.today = today
        self.now = now
        self.records = Records()
        self.problems: list[RowProblem] = []
        self.warnings: list[RowProblem] = []
        self.counts = dict.fromkeys(COUNTS, 0)
        self.preview: list[PreviewItem] = []
        self.present: set[uuid.UUID] = set()
        self.case_prefix, _sep, number = first_case.rpartition("-")
        self.next_case = int(number)

    def _shown(self, column: str) -> str:
        return self.headers.get(column, column)

    def _family_of(self, rows: list[RosterRow]) -> uuid.UUID | None:
        """The existing family these rows belong to, if any."""
        for row in rows:
            found = self.known.child(row.child)
            if found is not None:
                return found.family_id
        for row in rows:
            if row.caregiver is not None:
                family_id = self.known.family_of_caregiver(row.caregiver, row.address)
                if family_id is not None:
                    return family_id
        return None

    def _new_family(self, rows: list[RosterRow]) -> uuid.UUID:
        named = next((row.caregiver for row in rows if row.caregiver is not None), None)
        name = named.last_name if named is not None else rows[0].child.last_name
        fields = {
            "address": next((row.address for row in rows if row.address), None),
            "locality": next((row.locality for row in rows if row.locality), None),
            "home_language": next((row.home_language for row in rows if row.home_language), None),
            "children_count": next(
                (row.children_count for row in rows if row.children_count), None
            ),
        }
        return add_family(self.records, self.now, self.room_id, name, fields)

    def family(self, grouped: Group) -> None:
        """Plan one family with its caregivers and children."""
        rows = [row for row, _key in grouped]
        family_id = self._family_of(rows)
        if family_id is None:
            family_id = self._new_family(rows)
            self.counts["families_created"] += 1
            name = self.records.families[-1]["display_name"]
            self.preview.append(PreviewItem(rows[0].number, "family", NEW, str(name)))
        elif family_id not in self.present:
            self.present.add(family_id)
            self.counts["families_present"] += 1
            name = rows[0].caregiver.last_name if rows[0].caregiver else rows[0].child.last_name
            self.preview.append(PreviewItem(rows[0].number, "family", PRESENT, name))
        done: set[tuple[str, str]] = set()
        for row in rows:
            if row.caregiver is not None and caregiver_key(row) not in done:
                done.add(caregiver_key(row))
                self._caregiver(family_id, row)
        seen: set[ChildKey] = set()
        for row, key in grouped:
            if key not in seen:
                seen.add(key)
                self._child(family_id, row)

    def _caregiver(self, family_id: uuid.UUID, row: RosterRow) -> None:
        part = row.caregiver
        assert part is not None
        found = self.known.caregiver(family_id, part)
        name = " ".join(p for p in (part.last_name, part.first_name, part.patronymic) if p)
        if found is not None:
            if part.phone is None or part.phone == found.phone or found.touched:
                self.counts["caregivers_present"] += 1
                if not found.touched:
                    self.preview.append(PreviewItem(row.number, "caregiver", PRESENT, name))
            else:
                self.preview.append(
                    PreviewItem(row.number, "caregiver", UPDATED, name, (found.phone, part.phone))
                )
                change_phone(
                    self.records, self.now, (found.id, family_id, found.relation), part.phone
                )
                found.phone = part.phone
                self.counts["caregivers_updated"] += 1
            found.touched = True
            return
        if family_id in self.known.archived_families:
            self.warnings.append(
                RowProblem(
                    row.number, None, _("The family is archived: its caregiver is not added")
                )
            )
            return
        made = add_caregiver(self.records, self.now, family_id, part)
        self.counts["caregivers_created"] += 1
        self.preview.append(PreviewItem(row.number, "caregiver", NEW, name))
        record = KnownCaregiver(made, family_id, part.phone, part.relation, touched=True)
        self.known.caregivers.setdefault((family_id, caregiver_name(part)), []).append(record)

    def _child(self, family_id: uuid.UUID, row: RosterRow) -> None:
        part = row.child
        found = self.known.child(part)
        name = " ".join(p for p in (part.last_name, part.first_name, part.patronymic) if p)
        if found is not None:
            self.counts["children_present"] += 1
            self.preview.append(PreviewItem(row.number, "child", PRESENT, name))
            if found.name_key != name_key(part):
                self.warnings.append(
                    RowProblem(
                        row.number,
                        self._shown("iin"),
                        _(
                            "The IIN belongs to the child with case number {case}, recorded "
                            "under another name; that record is left as it is"
                        ).format(case=found.case_number),
                    )
                )
            return
        if part.iin is not None and part.iin in self.known.other_rooms:
            self.problems.append(
                RowProblem(
                    row.number,
                    self._shown("iin"),
                    _("The IIN {iin} already belongs to the child with case number {case}").format(
                        iin=part.iin, case=self.known.other_rooms[part.iin]
                    ),
                )
            )
            return
        if family_id in self.known.archived_families:
            self.warnings.append(
                RowProblem(row.number, None, _("The family is archived: the child is not added"))
            )
            return
        case = f"{self.case_prefix}-{self.next_case:04d}"
        self.next_case += 1
        place = (self.room_id, family_id, case)
        child_id = add_child(self.records, self.now, place, part, row.home_language, self.today)
        self.counts["children_created"] += 1
        self.preview.append(PreviewItem(row.number, "child", NEW, name))
        self.known.add_child(KnownChild(child_id, family_id, case, part.iin, name_key(part)))
        if part.pmpk_date is not None and part.pmpk_number is not None:
            add_conclusion(self.records, self.now, child_id, part.pmpk_date, part.pmpk_number)
            self.counts["conclusions_created"] += 1
            self.preview.append(PreviewItem(row.number, "conclusion", NEW, part.pmpk_number))
