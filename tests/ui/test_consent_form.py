"""Recording and withdrawing consents on the child card, with the keyboard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from wellbeing_fixtures import Mother, activate, demo_mother, give_screening_consent

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents.consents import ConsentRead, list_consents
from caseroom.services.people.children import get_child
from caseroom.services.people.families import get_family
from caseroom.services.people.staff import list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.consent_form import ConsentRecordForm, ConsentSubject
from caseroom.ui.dialogs.consent_withdraw import ConsentWithdrawForm
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.consents import ConsentsSection, HerConsent
from caseroom.ui.pages.child_card.wellbeing import WellbeingPart
from caseroom.ui.tasks import TaskRunner
from caseroom.vocab import ConsentForm, ConsentScope

TODAY = date(2026, 11, 23)
WRITTEN_ORALLY = "Consent to psychological diagnostics must be given in writing"


def open_card(qtbot: QtBot, context: AppContext, navigator: Any, mother: Mother, tab: str) -> Any:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 760)
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda n: n == tab):
        card.open_child(mother.child_id, tab)
    return card


def part_of(card: ChildCard, mother: Mother) -> WellbeingPart:
    return card.parents.wellbeing_parts[mother.caregiver_id]


def her_consents(engine: Engine, mother: Mother) -> list[ConsentRead]:
    with Session(engine) as session:
        return list_consents(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)


def child_consents(engine: Engine, mother: Mother) -> list[ConsentRead]:
    with Session(engine) as session:
        return list_consents(session, actor=SYSTEM, child_id=mother.child_id)


def press(qtbot: QtBot, widget: QWidget) -> None:
    """Focus a button and press Space, as a keyboard user does."""
    activate(qtbot, widget.window())
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=5_000)
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def alt(qtbot: QtBot, dialog: QWidget, key: str) -> QWidget:
    """Alt+key (a field's mnemonic); returns the widget that took the focus."""
    qtbot.keyClick(dialog.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
    focused = dialog.focusWidget()
    assert focused is not None
    return focused


def type_date(qtbot: QtBot, dialog: QWidget, key: str, typed: str) -> None:
    field = alt(qtbot, dialog, key)
    field.setSelectedSection(field.Section.DaySection)  # type: ignore[attr-defined]
    qtbot.keyClicks(field, typed)


def ctrl_enter(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def opened_form(qtbot: QtBot, owner: HerConsent | ConsentsSection) -> ConsentRecordForm:
    qtbot.waitUntil(lambda: owner.opener.form is not None, timeout=10_000)
    form = owner.opener.form
    assert form is not None
    qtbot.waitExposed(form)
    activate(qtbot, form)
    return form


def test_her_screening_consent_typed_with_the_keyboard_enables_the_check_in(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    mother = demo_mother(demo_engine)
    card = open_card(qtbot, context, navigator, mother, "parents")
    part = part_of(card, mother)
    assert not part.checkin_button.isEnabled()
    assert not part.her_consent.record_button.isHidden()
    assert part.her_consent.withdraw_button.isHidden()

    press(qtbot, part.her_consent.record_button)
    form = opened_form(qtbot, part.her_consent)
    assert form.scope.currentData() == ConsentScope.PARENT_SCREENING
    assert form.signer.currentText() == mother.name and not form.signer.isEnabled()
    assert form.operator.text()  # the room's school, suggested
    type_date(qtbot, form, "g", "02.11.2026")
    qtbot.keyClick(alt(qtbot, form, "t"), Qt.Key.Key_Space)  # it ends on a date
    type_date(qtbot, form, "u", "31.05.2027")
    operator = alt(qtbot, form, "o")
    operator.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(operator, "School-lyceum No. 12")
    qtbot.keyClicks(alt(qtbot, form, "d"), "answers to PHQ-9 and GAD-7")
    qtbot.keyClicks(alt(qtbot, form, "p"), "none")
    assert not form.banner.isVisible()
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctrl_enter(qtbot, form)
    assert not form.isVisible()

    [saved] = her_consents(demo_engine, mother)
    assert saved.scope == ConsentScope.PARENT_SCREENING
    assert (saved.caregiver_id, saved.child_id) == (mother.caregiver_id, None)
    assert (saved.signer_caregiver_id, saved.signer_name) == (mother.caregiver_id, mother.name)
    assert (saved.form, saved.given_on, saved.valid_until) == (
        ConsentForm.WRITTEN,
        date(2026, 11, 2),
        date(2027, 5, 31),
    )
    assert (saved.operator, saved.data_collected, saved.third_parties) == (
        "School-lyceum No. 12",
        "answers to PHQ-9 and GAD-7",
        "none",
    )
    assert saved.cross_border is False
    assert saved.recorded_by_id == psychologist.staff_id

    part = part_of(card, mother)
    assert part.checkin_button.isEnabled()
    assert part.consent_note.isHidden()
    assert part.her_consent.record_button.isHidden()
    assert not part.her_consent.withdraw_button.isHidden()
    assert "02.11.2026" in part.her_consent.state.text()


def test_psychological_diagnostics_given_orally_is_refused_with_the_message(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    mother = demo_mother(demo_engine)
    before = child_consents(demo_engine, mother)
    card = open_card(qtbot, context, navigator, mother, "overview")
    section = card.overview.consent_section
    assert isinstance(section, ConsentsSection)
    press(qtbot, section.record_button)
    form = opened_form(qtbot, section)
    scope = alt(qtbot, form, "c")
    for _step in range(form.scope.findData(ConsentScope.PSYCH_DIAGNOSTICS.value)):
        qtbot.keyClick(scope, Qt.Key.Key_Down)
    assert form.scope.currentData() == ConsentScope.PSYCH_DIAGNOSTICS
    qtbot.keyClick(alt(qtbot, form, "h"), Qt.Key.Key_Down)
    assert form.form_combo.currentData() == ConsentForm.ORAL
    form_error = form._errors["form"]
    assert form_error.isVisible() and form_error.text() == WRITTEN_ORALLY  # as typed
    ctrl_enter(qtbot, form)
    assert form.isVisible() and form.banner.isVisible()
    assert form.focusWidget() is form.form_combo

    # The service refuses it too, with the same words under the same field.
    form_error.hide()
    form.save()
    qtbot.waitUntil(form_error.isVisible, timeout=10_000)
    assert form_error.text() == WRITTEN_ORALLY
    assert child_consents(demo_engine, mother) == before

    qtbot.keyClick(form.form_combo, Qt.Key.Key_Up)  # in writing after all
    assert not form_error.isVisible()
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctrl_enter(qtbot, form)
    after = child_consents(demo_engine, mother)
    assert len(after) == len(before) + 1
    [new] = [c for c in after if c not in before]
    assert (new.scope, new.form) == (ConsentScope.PSYCH_DIAGNOSTICS, ConsentForm.WRITTEN)
    assert new.signer_caregiver_id is not None  # the first legal representative by default


def test_withdrawing_her_consent_ends_it_and_disables_the_check_in(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    mother = demo_mother(demo_engine)
    give_screening_consent(demo_engine, psychologist, mother, TODAY - timedelta(days=30))
    card = open_card(qtbot, context, navigator, mother, "parents")
    part = part_of(card, mother)
    assert part.checkin_button.isEnabled()
    press(qtbot, part.her_consent.withdraw_button)
    dialog = part.her_consent.opener.withdraw_form
    assert isinstance(dialog, ConsentWithdrawForm)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    type_date(qtbot, dialog, "o", "30.11.2026")  # a day to come: refused as typed
    assert dialog._errors["withdrawn_on"].isVisible()
    type_date(qtbot, dialog, "o", "23.11.2026")
    assert not dialog._errors["withdrawn_on"].isVisible()
    qtbot.keyClicks(alt(qtbot, dialog, "n"), "asked in a written request")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctrl_enter(qtbot, dialog)

    [withdrawn] = her_consents(demo_engine, mother)
    assert withdrawn.withdrawn_on == TODAY
    assert withdrawn.withdrawal_note == "asked in a written request"
    part = part_of(card, mother)
    assert not part.checkin_button.isEnabled()
    assert not part.consent_note.isHidden()
    assert not part.her_consent.record_button.isHidden()
    assert part.her_consent.withdraw_button.isHidden()


def test_a_childs_consent_is_withdrawn_from_its_row(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    mother = demo_mother(demo_engine)
    card = open_card(qtbot, context, navigator, mother, "overview")
    section = card.overview.consent_section
    holding = [c for c in child_consents(demo_engine, mother) if c.withdrawn_on is None]
    assert holding and set(section.withdraw_buttons) == {c.id for c in holding}
    target = holding[0]
    press(qtbot, section.withdraw_buttons[target.id])
    dialog = section.opener.withdraw_form
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctrl_enter(qtbot, dialog)
    [now] = [c for c in child_consents(demo_engine, mother) if c.id == target.id]
    assert now.withdrawn_on == TODAY and now.withdrawal_note is None
    assert target.id not in section.withdraw_buttons
    states = [
        section.consents.topLevelItem(row).text(3)
        for row in range(section.consents.topLevelItemCount())
    ]
    assert "withdrawn on 23.11.2026" in states


def test_a_typed_signer_needs_a_name_and_escape_asks_first(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, monkeypatch: Any
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(
        "caseroom.ui.dialogs.form_base.ask_discard", lambda _w: asked.append(True) or False
    )
    mother = demo_mother(demo_engine)
    subject = ConsentSubject("Child Name", child_id=mother.child_id, signers=())
    form = ConsentRecordForm(context, subject, today=TODAY)
    qtbot.addWidget(form)
    activate(qtbot, form)
    assert form.signer.currentText() == "the child"
    assert form.signer_name.isHidden()
    signer = alt(qtbot, form, "b")
    qtbot.keyClick(signer, Qt.Key.Key_Down)
    assert not form.signer_name.isHidden()
    assert not form._errors["signer_name"].isVisible()  # not before it is touched or saved
    ctrl_enter(qtbot, form)
    assert form._errors["signer_name"].isVisible() and form.isVisible()
    assert form.focusWidget() is form.signer_name
    qtbot.keyClicks(form.signer_name, "Seitkali Dana")
    assert not form._errors["signer_name"].isVisible()
    assert form.consent_input().signer_name == "Seitkali Dana"
    type_date(qtbot, form, "g", "24.11.2026")
    assert form._errors["given_on"].text() == "The consent date 24.11.2026 is in the future"
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Escape)
    assert asked == [True] and form.isVisible()
    form.done(0)


def test_without_edit_records_no_consent_can_be_recorded(qtbot: QtBot, demo_engine: Engine) -> None:
    mother = demo_mother(demo_engine)
    with Session(demo_engine) as session:
        child = get_child(session, actor=SYSTEM, child_id=mother.child_id)
        family = get_family(session, actor=SYSTEM, family_id=child.family_id)
        assistant = list_staff(session, actor=SYSTEM, role="assistant")[0]
    carer = next(c for c in family.caregivers if c.id == mother.caregiver_id)
    consents = child_consents(demo_engine, mother)
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, Actor(assistant.id, assistant.role), runner)
        section = ConsentsSection(context, lambda: TODAY)
        qtbot.addWidget(section)
        section.show_consents(child, consents, {})
        assert section.consents.topLevelItemCount() == len(consents) > 0
        assert section.record_button.isHidden()
        assert section.consents.isColumnHidden(4) and section.withdraw_buttons == {}
        her = HerConsent(context, carer, None, False, lambda: TODAY)
        qtbot.addWidget(her)
        assert her.record_button.isHidden() and her.withdraw_button.isHidden()
    finally:
        runner.shutdown()
