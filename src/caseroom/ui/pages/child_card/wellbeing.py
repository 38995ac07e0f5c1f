"""The parents tab's wellbeing part: a caregiver's own check-ins, trend, summary for her.

Shown under each caregiver only to roles that may see a caregiver's own data (each read
is audited). The last check-in per questionnaire (date, score, band, change), one trend
chart per questionnaire (drawn by `reports.charts` on the worker, as the PDFs draw it),
"Check-in…" (disabled, with the reason, until her consent to screening holds; beside it
"Record her consent…" or, once it holds, "Withdraw her consent…") and "Print her
summary…" (a PDF for her alone, protected with a password like every export with names:
`ui.dialogs.wellbeing_summary_dialog`). "Archive a check-in…" offers her check-ins in a
menu; the one chosen is archived with a reason (its safety flag with it). Her safety
flags not closed yet are listed for roles that read safeguarding records
(`child_card.safety_flags`): record what was done, then close the flag.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentRead
from caseroom.services.people.families import CaregiverRead
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, allowed
from caseroom.services.wellbeing.checkins import (
    CheckinRead,
    FlagRead,
    TrendSeries,
    list_checkins,
    list_flags,
    screening_consent_holds,
    trend_series,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.dialogs.checkin_dialog import CheckinDialog
from caseroom.ui.dialogs.checkin_questions import change_text
from caseroom.ui.dialogs.wellbeing_summary_dialog import WellbeingSummaryDialog
from caseroom.ui.pages.child_card.consents import HerConsent, holding_screening
from caseroom.ui.pages.child_card.parts import SPACE_M, SPACE_S, day, muted
from caseroom.ui.pages.child_card.safety_flags import SafetyFlags
from caseroom.ui.widgets.style import set_role
from caseroom.ui.widgets.svg_chart import SvgChart, screen_svg

TREND_WIDTH = 300.0


@dataclass(frozen=True, slots=True)
class CaregiverWellbeing:
    """One caregiver's check-ins (newest first), trend series and their charts (SVG)."""

    caregiver_id: uuid.UUID
    consent: bool
    checkins: tuple[CheckinRead, ...]
    series: tuple[TrendSeries, ...]
    charts: dict[str, bytes] = field(default_factory=dict)
    screening: ConsentRead | None = None
    """Her consent to screening in effect today (None when there is none)."""
    flags: tuple[FlagRead, ...] = ()
    """Her safety flags not closed yet (none for a role that may not read them)."""


def trend_chart_svg(series: TrendSeries, language: str) -> bytes:
    """One bar per check-in, oldest at the top, drawn as her printed summary draws it."""
    from caseroom.reports.charts import bar_chart, drawing_to_svg

    del language  # dates are written dd.mm.yyyy in every language
    top = series.max_scaled or max(point.scaled_total for point in series.points) or 1
    drawing = bar_chart(
        [(day(point.given_on), float(point.scaled_total)) for point in series.points],
        width=TREND_WIDTH,
        max_value=float(top),
    )
    return screen_svg(drawing_to_svg(drawing))


def load_wellbeing(
    session: Session,
    actor: Actor,
    caregivers: Sequence[CaregiverRead],
    today: date,
    language: str,
) -> dict[uuid.UUID, CaregiverWellbeing] | None:
    """Each caregiver's wellbeing part, or None when `actor` may not see parents' data."""
    if not allowed(actor, Permission.VIEW_PARENT_DATA):
        return None
    found = {}
    may_see_flags = allowed(actor, Permission.VIEW_RESTRICTED)
    for carer in caregivers:
        series = tuple(trend_series(session, actor=actor, caregiver_id=carer.id))
        flags = (
            list_flags(session, actor=actor, caregiver_id=carer.id, include_closed=False)
            if may_see_flags
            else []
        )
        found[carer.id] = CaregiverWellbeing(
            caregiver_id=carer.id,
            consent=screening_consent_holds(session, caregiver_id=carer.id, on=today),
            checkins=tuple(list_checkins(session, actor=actor, caregiver_id=carer.id)),
            series=series,
            charts={s.instrument_id: trend_chart_svg(s, language) for s in series},
            screening=holding_screening(session, actor, carer.id, today),
            flags=tuple(flags),
        )
    return found


def latest_line(checkin: CheckinRead) -> str:
    """ "PHQ-9, 12.10.2026: 7 of 27, mild. 3 points lower than on …" """
    score = _("{score} of {max}").format(score=checkin.scaled_total, max=checkin.max_scaled or "—")
    values = {
        "instrument": checkin.instrument_title,
        "date": day(checkin.given_on),
        "score": score,
        "change": change_text(checkin.change, checkin.previous_on),
    }
    if checkin.band_label:
        return _("{instrument}, {date}: {score}, {band}. {change}").format(
            band=checkin.band_label, **values
        )
    return _("{instrument}, {date}: {score}. {change}").format(**values)


def checkin_line(checkin: CheckinRead) -> str:
    """ "PHQ-9, 12.10.2026: 7 of 27": one check-in in the archive menu."""
    score = _("{score} of {max}").format(score=checkin.scaled_total, max=checkin.max_scaled or "—")
    return _("{instrument}, {date}: {score}").format(
        instrument=checkin.instrument_title, date=day(checkin.given_on), score=score
    )


def no_consent_text() -> str:
    """Why "Check-in…" is disabled, and how to change that."""
    return _(
        "No check-in without her own consent. Her consent to screening of her own "
        "wellbeing is not recorded or no longer in effect today: record her signed consent "
        "(what it is for: her own wellbeing screening) first, then give the check-in."
    )


class WellbeingPart(QFrame):
    """A caregiver's wellbeing check-ins, trend charts and actions."""

    def __init__(
        self,
        context: AppContext,
        carer: CaregiverRead,
        data: CaregiverWellbeing,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.carer = carer
        self.data = data
        self.today = today
        self.dialog: CheckinDialog | None = None
        self.summary_dialog: WellbeingSummaryDialog | None = None
        self.name = full_name(carer.last_name, carer.first_name, carer.patronymic)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_M, SPACE_S, SPACE_M, SPACE_S)
        layout.setSpacing(SPACE_S)
        # No pronoun: the caregiver may be a father, a grandmother, a guardian.
        title = set_role(QLabel(_("Wellbeing (the caregiver's own data)"), self), "heading")
        title.setAccessibleName(_("Wellbeing of {name}").format(name=self.name))
        layout.addWidget(title)
        latest: dict[str, CheckinRead] = {}
        for checkin in data.checkins:  # newest first
            latest.setdefault(checkin.instrument_id, checkin)
        self.latest_labels: list[QLabel] = []
        for checkin in latest.values():
            line = QLabel(latest_line(checkin), self)
            line.setWordWrap(True)
            self.latest_labels.append(line)
            layout.addWidget(line)
        if not latest:
            layout.addWidget(muted(_("No check-ins yet."), self))
        self.flags = SafetyFlags(context, data.flags, today, self)
        layout.addWidget(self.flags)
        self.charts: dict[str, SvgChart] = {}
        for series in data.series:
            svg = data.charts.get(series.instrument_id)
            if svg is None:
                continue
            layout.addWidget(muted(series.title, self, wrap=True))
            chart = SvgChart(svg, self)
            chart.setAccessibleName(_("Trend of {title}").format(title=series.title))
            chart.setMaximumWidth(chart.sizeHint().width())
            self.charts[series.instrument_id] = chart
            layout.addWidget(chart)
        self.consent_note = muted(no_consent_text(), self)
        self.consent_note.setAccessibleName(_("Why a check-in cannot be given"))
        self.consent_note.setVisible(not data.consent)
        layout.addWidget(self.consent_note)
        self.her_consent = HerConsent(context, carer, data.screening, data.consent, today, self)
        layout.addWidget(self.her_consent.state)
        row = QHBoxLayout()
        self.checkin_button = QPushButton(_("&Check-in…"), self)
        self.checkin_button.setAccessibleName(
            _("Give {name} a wellbeing check-in").format(name=self.name)
        )
        self.checkin_button.setEnabled(data.consent)
        self.checkin_button.setToolTip("" if data.consent else no_consent_text())
        self.checkin_button.clicked.connect(self.give_checkin)
        self.print_button = QPushButton(_("&Print her summary…"), self)
        self.print_button.setAccessibleName(
            _("Save a summary for {name} as PDF").format(name=self.name)
        )
        self.print_button.setToolTip(_("Her own scores over time, for her alone"))
        self.print_button.setEnabled(bool(data.checkins))
        self.print_button.clicked.connect(self.print_summary)
        self.leaflet_button = QPushButton(_("Print &leaflet…"), self)
        self.leaflet_button.setAccessibleName(
            _("Print a leaflet of help services for {name}").format(name=self.name)
        )
        self.leaflet_button.clicked.connect(self.print_leaflet)
        # Two rows: in one, the five buttons were wider than a 1366-pixel laptop in Kazakh
        # and Russian and the whole parents tab scrolled sideways.
        row.addWidget(self.checkin_button)
        row.addWidget(self.her_consent)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.leaflet_button)
        self.archive_button = QPushButton(_("Archive a check-in…"), self)
        self.archive_button.setAccessibleName(
            _("Archive a wellbeing check-in of {name}").format(name=self.name)
        )
        self.archive_menu = QMenu(self.archive_button)
        self.archive_menu.setAccessibleName(_("Check-ins to archive"))
        for checkin in data.checkins:
            action = self.archive_menu.addAction(checkin_line(checkin))
            action.triggered.connect(lambda _on=False, c=checkin: self.archive_checkin(c))
        self.archive_button.setMenu(self.archive_menu)
        self.archive_button.setVisible(
            bool(data.checkins) and allowed(context.actor, Permission.EDIT_RECORDS)
        )
        row.addWidget(self.archive_button)
        row.addStretch(1)
        layout.addLayout(row)

    def archive_checkin(self, checkin: CheckinRead) -> ArchiveDialog:
        """Archive one of her check-ins (with its safety flag), asking why."""
        what = " · ".join((self.name, checkin_line(checkin)))
        dialog = ArchiveDialog(self.context, "checkin", checkin.id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.archive_dialog = dialog
        dialog.open()
        return dialog

    def give_checkin(self) -> None:
        """Open the check-in dialog for this caregiver."""
        self.dialog = CheckinDialog(
            self.context,
            self.carer.id,
            self.name,
            today=self.today(),
            history=self.data.checkins,
            parent=self.window(),
        )
        self.dialog.open()

    def print_summary(self) -> None:
        """Open the dialog that saves her summary as a PDF (protected with a password when
        the database is encrypted)."""
        self.summary_dialog = WellbeingSummaryDialog(
            self.context,
            self.carer.id,
            self.name,
            _("wellbeing-{name}.pdf").format(name=self.carer.last_name),
            today=self.today,
            parent=self.window(),
        )
        self.summary_dialog.open()

    def print_leaflet(self) -> None:
        """Open the picker of help services for her leaflet (it names no one: no password)."""
        from caseroom.ui.dialogs.leaflet_dialog import LeafletDialog

        self.leaflet_dialog = LeafletDialog(
            self.context, self.carer.id, self.name, today=self.today, parent=self.window()
        )
        self.leaflet_dialog.open()
