"""The child card's overview: details, the PMPK conclusion and its expiry, consents."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _, ngettext, pgettext
from caseroom.services.accounts.settings_store import PMPK_DEFAULT_VALIDITY_MONTHS, get_setting
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentRead, list_consents
from caseroom.services.people.children import ChildRead, age_on
from caseroom.services.people.families import get_family
from caseroom.services.people.staff import full_name, list_staff
from caseroom.services.plans.pmpk import ConclusionRead, conclusions_of_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import ChildForm
from caseroom.ui.dialogs.pmpk_form import DEFAULT_MONTHS
from caseroom.ui.models.child_table import grade_text, status_text
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.consents import ConsentsSection
from caseroom.ui.pages.child_card.parts import (
    SPACE_L,
    SPACE_M,
    SPACE_XL,
    CardTab,
    Loader,
    day,
    heading,
    muted,
)
from caseroom.ui.pages.child_card.pmpk import (  # noqa: F401 - expiry_note: the card's rule
    EXPIRY_WARNING_DAYS,
    PmpkSection,
    expiry_note,
)
from caseroom.ui.pages.child_card.referrals import ReferralsSection
from caseroom.ui.widgets.archived_list import ArchivedList
from caseroom.vocab import HomeLanguage, Sex, label, sen_category_label


@dataclass(frozen=True, slots=True)
class OverviewData:
    """What the overview shows besides the child."""

    family_name: str
    conclusion: ConclusionRead | None
    consents: tuple[ConsentRead, ...]
    staff_names: dict[uuid.UUID, str]
    conclusions: tuple[ConclusionRead, ...] = ()
    """Every conclusion not archived, the newest (the current one) first."""
    validity_months: int = DEFAULT_MONTHS
    """The usual validity of a new conclusion (Settings)."""


def load_overview(session: Session, actor: Actor, child: ChildRead) -> OverviewData:
    """Read the family's name, the current conclusion, consents and staff names."""
    family = get_family(session, actor=actor, family_id=child.family_id)
    staff = list_staff(session, actor=actor, include_archived=True)
    conclusions = tuple(conclusions_of_child(session, actor=actor, child_id=child.id))
    return OverviewData(
        family_name=family.display_name,
        conclusion=conclusions[0] if conclusions else None,
        consents=tuple(list_consents(session, actor=actor, child_id=child.id)),
        staff_names={m.id: full_name(m.last_name, m.first_name, m.patronymic) for m in staff},
        conclusions=conclusions,
        validity_months=get_setting(session, PMPK_DEFAULT_VALIDITY_MONTHS),
    )


def _label(kind: type[Sex] | type[HomeLanguage], code: str | None) -> str:
    if code is None:
        return "—"
    try:
        return label(kind(code))
    except ValueError:
        return code


class OverviewTab(CardTab):
    """Details, PMPK conclusion with an expiry warning, and consents."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, navigator, today, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        columns.setSpacing(SPACE_XL)

        left = QVBoxLayout()
        left.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.addWidget(heading(_("Details"), body))
        top.addStretch(1)
        self.edit_button = QPushButton(_("&Edit details…"), body)
        self.edit_button.setAccessibleName(_("Edit the child's details"))
        self.edit_button.clicked.connect(self.edit)
        top.addWidget(self.edit_button)
        left.addLayout(top)
        self.details = QFormLayout()
        self.details.setHorizontalSpacing(SPACE_L)
        self.details.setVerticalSpacing(6)
        self._values: dict[str, QLabel] = {}
        for key, text in (
            ("case", _("Case number")),
            ("name", _("Name")),
            ("birth", _("Birth date")),
            ("sex", _("Sex")),
            ("iin", _("IIN")),
            ("family", _("Family")),
            ("school", _("School")),
            ("grade", _("Grade")),
            ("language", _("Home language")),
            ("enrolled", _("Enrolled on")),
            ("status", _("Status")),
            ("sen", _("SEN categories")),
            ("specialists", _("Specialists")),
            ("notes", _("Notes")),
        ):
            value = QLabel("—", body)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(text)
            self.details.addRow(muted(text, body, wrap=False), value)
            self._values[key] = value
        left.addLayout(self.details)
        left.addStretch(1)
        columns.addLayout(left, 5)

        right = QVBoxLayout()
        right.setSpacing(SPACE_M)
        self.pmpk = PmpkSection(context, today, lambda: self.reload_card(), body)
        self.expiry, self.conclusion = self.pmpk.expiry, self.pmpk.conclusion
        right.addWidget(self.pmpk)
        self.consent_section = ConsentsSection(context, today, body)
        self.consents = self.consent_section.consents
        right.addWidget(self.consent_section)
        self.referrals = ReferralsSection(context, today, body)
        right.addWidget(self.referrals)
        self.archived = ArchivedList(
            context,
            ("pmpk", "consent", "referral"),
            pgettext("child card overview", "Sho&w archived"),
            _("Show archived conclusions, consents and referrals"),
            keep=lambda record: record.caregiver_id is None,
            parent=body,
        )
        right.addWidget(self.archived)
        right.addStretch(1)
        columns.addLayout(right, 6)
        self.data: OverviewData | None = None

    def loader(self) -> Loader:
        """Family name, conclusion, consents and staff names."""
        return load_overview

    def show_data(self, child: ChildRead, data: OverviewData) -> None:
        """Fill the details, the conclusion (with its warning) and the consents."""
        self.child, self.data = child, data
        today = self.today()
        age = age_on(child.birth_date, today)
        values = {
            "case": child.case_number,
            "name": child.full_name,
            "birth": ngettext("{date} ({n} year old)", "{date} ({n} years old)", age).format(
                date=day(child.birth_date), n=age
            ),
            "sex": _label(Sex, child.sex),
            "iin": child.iin or "—",
            "family": data.family_name,
            "school": child.school or "—",
            "grade": grade_text(child.grade, child.class_letter),
            "language": _label(HomeLanguage, child.home_language),
            "enrolled": day(child.enrolled_on),
            "status": status_text(child.status)
            if child.left_on is None
            else _("{status} (left on {date})").format(
                status=status_text(child.status), date=day(child.left_on)
            ),
            "sen": "\n".join(sen_category_label(code) for code in child.sen_categories) or "—",
            "specialists": "\n".join(
                _("{name} (lead)").format(name=data.staff_names.get(staff_id, "?"))
                if staff_id == child.lead_specialist_id
                else data.staff_names.get(staff_id, "?")
                for staff_id in child.specialist_ids
            )
            or "—",
            "notes": child.notes or "—",
        }
        for key, text in values.items():
            self._values[key].setText(text)
        self.pmpk.show_conclusions(child.id, data.conclusions, data.validity_months)
        self.consent_section.show_consents(child, data.consents, data.staff_names)
        self.referrals.show_child(child)
        self.archived.show_child(child.id)

    def edit(self) -> None:
        """Open the child form on this child; the card reloads when it is saved."""
        if self.child is None:
            return
        form = ChildForm(self.context, self.child, today=self.today(), parent=self)
        form.result_saved.connect(lambda _child: self.reload_card())
        form.open()
