"""What each roster column means, in words a screen can show (docs/command-line.md,
"Roster import"), and which are required."""

from __future__ import annotations

from caseroom.i18n import N_, _

COLUMN_LABELS: dict[str, str] = {
    "child_last_name": N_("Child's last name"),
    "child_first_name": N_("Child's first name"),
    "child_patronymic": N_("Child's patronymic"),
    "child_full_name": N_("Child's full name"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "iin": N_("IIN"),
    "school": N_("School"),
    "grade": N_("Grade"),
    "class_letter": N_("Class letter"),
    "sen_category": N_("SEN category"),
    "pmpk_date": N_("Date of the PMPK conclusion"),
    "pmpk_number": N_("Number of the PMPK conclusion"),
    "caregiver_last_name": N_("Caregiver's last name"),
    "caregiver_first_name": N_("Caregiver's first name"),
    "caregiver_patronymic": N_("Caregiver's patronymic"),
    "caregiver_full_name": N_("Caregiver's full name"),
    "caregiver_relation": N_("Caregiver's relation to the child"),
    "caregiver_phone": N_("Caregiver's phone"),
    "family_children_count": N_("Children in the family"),
    "home_language": N_("Home language"),
    "address": N_("Address"),
    "locality": N_("Town or village"),
}
"""Every column a roster may have, in the order of the documentation (English, marked)."""

REQUIRED: tuple[str, ...] = ("child_last_name", "child_first_name", "birth_date")
"""Columns every roster needs (the two names may come as `child_full_name`)."""


def column_label(column: str) -> str:
    """The column's meaning in the current language (its code when unknown)."""
    found = COLUMN_LABELS.get(column)
    return _(found) if found else column
