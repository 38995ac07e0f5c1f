"""The kk and ru catalogues are complete, valid and in step with the source code.

Fails when a message extracted from src/caseroom (Babel's extractor, keywords `_`,
`ngettext`, `pgettext`, `N_`) is missing from, untranslated in or fuzzy in a catalogue;
when `msgfmt --check-format -c` rejects a catalogue; when a translation's `{placeholders}`
differ from its message's; or when the compiled catalogue in use is older than the .po.
Fix with `python tools/i18n.py extract`, translate, then `python3 dev.py test`.
"""

from __future__ import annotations

import gettext
import importlib.util
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from string import Formatter
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from sqlmodel import Session

from caseroom.db.models import Family
from caseroom.errors import ValidationError
from caseroom.i18n import set_language, translations_for
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildInput, create_child

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("kk", "ru")
PLURAL_RULES = {
    "ru": (
        3,
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    ),
    "kk": (2, "(n!=1)"),
}


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("caseroom_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def template() -> Catalog:
    """Every message in the source code, extracted now."""
    catalog: Catalog = tool.extract_template()
    return catalog


def _catalogue(language: str) -> Catalog:
    catalog: Catalog = tool.read_catalogue(language)
    return catalog


def _forms(text: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return (text,) if isinstance(text, str) else tuple(text)


def placeholders(text: str) -> set[tuple[str, str, str | None]]:
    """The `{name:spec!conversion}` fields of a Python format string."""
    return {
        (field, spec or "", conversion)
        for _, field, spec, conversion in Formatter().parse(text)
        if field is not None
    }


def test_extractor_sees_every_keyword(template: Catalog) -> None:
    assert set(tool.KEYWORDS) == {"_", "ngettext", "pgettext", "N_"}
    found = tool.message_keys(template)
    assert ("Enter the birth date", None) in found  # _()
    assert ("Hearing impairment", None) in found  # N_()
    assert found[("{n} child", None)].id == ("{n} child", "{n} children")  # ngettext()
    assert len(found) > 500


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str, template: Catalog) -> None:
    problems = list(tool.problems(language, template))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "gettext's msgfmt is needed to check the catalogues"
    result = subprocess.run(
        [msgfmt, "--check-format", "-c", "-o", str(tmp_path / "out.mo"), tool.po_path(language)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_rule_of_the_catalogue(language: str) -> None:
    catalog = _catalogue(language)
    count, expression = PLURAL_RULES[language]
    assert catalog.num_plurals == count
    assert catalog.plural_expr.replace(" ", "") == expression.replace(" ", "")
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(_forms(message.string)) == count, message.id


def _check_placeholders(message: Message) -> list[str]:
    if isinstance(message.id, tuple | list):
        singular, plural = placeholders(message.id[0]), placeholders(message.id[1])
        wanted = plural
        if not singular <= plural:
            return [f"{message.id!r}: the singular has fields the plural lacks"]
    else:
        wanted = placeholders(message.id)
    wrong = []
    for form in _forms(message.string):
        if form and placeholders(form) != wanted:
            wrong.append(f"{message.id!r} -> {form!r}")
    return wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong: list[str] = []
    for message in _catalogue(language):
        if message.id:
            try:
                wrong.extend(_check_placeholders(message))
            except ValueError as error:  # an unbalanced brace
                wrong.append(f"{message.id!r}: {error}")
    assert wrong == [], "\n".join(wrong)


def test_placeholder_check_sees_a_lost_or_renamed_field() -> None:
    good = Message("Backup written to {path} ({size}).", "Копия записана в {path} ({size}).")
    lost = Message("Backup written to {path} ({size}).", "Копия записана в {path}.")
    renamed = Message("{size:.1f} KB", "{size} КБ")
    assert _check_placeholders(good) == []
    assert _check_placeholders(lost) != []
    assert _check_placeholders(renamed) != []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    """The .mo the app loads holds the .po's translations (rebuild: python3 dev.py test)."""
    compiled = translations_for(language)
    catalog = _catalogue(language)
    plural_index = gettext.c2py(catalog.plural_expr)
    stale = []
    for message in catalog:
        if not message.id:
            continue
        for n in (1, 2, 5) if message.pluralizable else (1,):
            if message.pluralizable:
                got = (
                    compiled.npgettext(message.context, *message.id, n)
                    if message.context
                    else (compiled.ngettext(message.id[0], message.id[1], n))
                )
                expected = _forms(message.string)[plural_index(n)]
            else:
                got = (
                    compiled.pgettext(message.context, message.id)
                    if message.context
                    else compiled.gettext(message.id)
                )
                expected = message.string
            if got != expected:
                stale.append(repr(message.id))
    assert stale == [], "the compiled .mo is out of date for: " + ", ".join(stale[:10])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Дата рождения 01.01.2027 ещё не наступила"),
        ("kk", "Туған күні 01.01.2027 әлі келмеген"),
        ("en", "The birth date 01.01.2027 is in the future"),
    ],
)
def test_switching_language_translates_service_messages(
    language: str, expected: str, session: Session, actor: Actor, family: Family
) -> None:
    set_language(language)
    data = ChildInput(
        family_id=family.id, last_name="Сейткали", first_name="Айгерим", birth_date=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        create_child(session, actor=actor, data=data, today=date(2026, 11, 23))
    assert caught.value.problems["birth_date"] == expected
