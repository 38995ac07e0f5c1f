"""Keep the gettext catalogues in step with the source code.

Usage (from the repository root, with the project's virtualenv):

    python tools/i18n.py extract   regenerate resources/i18n/caseroom.pot from src/caseroom
                                   and merge it into the kk and ru catalogues (new strings
                                   come in untranslated; strings gone from the code are dropped)
    python tools/i18n.py apply FILE.json...
                                   extract, then fill translations from JSON files of the form
                                   {"msgid": {"kk": "...", "ru": "..."}}; a plural message takes
                                   a list per language; a context is joined to msgid by U+0004
    python tools/i18n.py check     list the missing, untranslated and fuzzy messages of each
                                   language; exit status 1 when there are any

English is the source language. The keywords are those of caseroom.i18n: `_`,
`ngettext` (singular, plural), `pgettext` (context, message) and `N_`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from caseroom import __version__

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "caseroom"
I18N = ROOT / "resources" / "i18n"
TEMPLATE = I18N / "caseroom.pot"
DOMAIN = "caseroom"
TRANSLATED_LANGUAGES: tuple[str, ...] = ("kk", "ru")

KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
}
COMMENT_TAGS = ("Translators:",)

# Written into new catalogues; Babel's own Kazakh rule is the same as this one.
PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "kk": "nplurals=2; plural=(n!=1);",
}

LANGUAGE_TEAMS = {"kk": "Kazakh", "ru": "Russian"}


def po_path(language: str) -> Path:
    """Where the catalogue of `language` lives."""
    return I18N / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_template(source: Path = SOURCE) -> Catalog:
    """Every translatable message in the Python files under `source`, as a template."""
    template = Catalog(project=DOMAIN, version=__version__, fuzzy=False)
    prefix = source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else ""
    for filename, lineno, message, comments, context in extract_from_dir(
        source,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        location = f"{prefix}/{filename}" if prefix else filename
        template.add(
            message,
            None,
            [(location, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def message_keys(catalog: Catalog) -> dict[tuple[str, str | None], Message]:
    """The catalogue's messages keyed by (msgid, msgctxt), header left out."""
    keys: dict[tuple[str, str | None], Message] = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        keys[(msgid, message.context)] = message
    return keys


def is_translated(message: Message) -> bool:
    """True when every form of the message has a non-empty translation."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True, include_previous=False)
    return buffer.getvalue()


def _without_dates(text: bytes) -> list[bytes]:
    return [
        line
        for line in text.splitlines()
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    ]


def _write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` unless only the header dates would change; True when written."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def read_catalogue(language: str) -> Catalog:
    """The catalogue of `language` as stored (an empty one when it does not exist yet)."""
    path = po_path(language)
    if not path.exists():
        return Catalog(
            locale=language,
            project=DOMAIN,
            version=__version__,
            language_team=LANGUAGE_TEAMS[language],
            fuzzy=False,
        )
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language, domain=DOMAIN)


def extract() -> list[Path]:
    """Regenerate the template and merge it into every catalogue; returns files written."""
    template = extract_template()
    written = []
    if _write_if_changed(TEMPLATE, _render(template)):
        written.append(TEMPLATE)
    for language in TRANSLATED_LANGUAGES:
        catalog = read_catalogue(language)
        catalog.update(
            template,
            no_fuzzy_matching=True,
            update_header_comment=False,
            update_creation_date=False,
        )
        catalog.obsolete.clear()
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[language])]
        if _write_if_changed(po_path(language), _render(catalog)):
            written.append(po_path(language))
    return written


def apply(files: list[Path]) -> int:
    """Extract, then fill translations from JSON files; returns the number of strings set."""
    import json

    extract()
    wanted: dict[tuple[str, str | None], dict[str, str | list[str]]] = {}
    for file in files:
        for key, forms in json.loads(file.read_text(encoding="utf-8")).items():
            context, _, msgid = key.rpartition("\x04")
            wanted[(msgid, context or None)] = forms
    count = 0
    for language in TRANSLATED_LANGUAGES:
        catalog = read_catalogue(language)
        for key, message in message_keys(catalog).items():
            forms = wanted.get(key, {}).get(language)
            if not forms:
                continue
            message.string = tuple(forms) if isinstance(forms, list) else forms
            message.flags.discard("fuzzy")
            count += 1
        _write_if_changed(po_path(language), _render(catalog))
    return count


def problems(language: str, template: Catalog | None = None) -> Iterator[str]:
    """One line per message that is missing, untranslated or fuzzy in `language`."""
    wanted = message_keys(template if template is not None else extract_template())
    present = message_keys(read_catalogue(language))
    for key, message in wanted.items():
        found = present.get(key)
        where = ", ".join(f"{path}:{line}" for path, line in message.locations)
        label = repr(key[0]) if key[1] is None else f"{key[1]!r} | {key[0]!r}"
        if found is None:
            yield f"{language}: missing {label} ({where})"
        elif found.fuzzy:
            yield f"{language}: fuzzy {label} ({where})"
        elif not is_translated(found):
            yield f"{language}: untranslated {label} ({where})"


def main(argv: list[str]) -> int:
    """Run `extract`, `apply` or `check`."""
    if argv[:1] == ["apply"] and len(argv) > 1:
        files = [Path(name) for name in argv[1:]]
        missing = [str(file) for file in files if not file.is_file()]
        if missing:  # also catches --help: nothing is extracted or written then
            print(f"not a translation file: {', '.join(missing)}\n{__doc__}")
            return 2
        print(f"{apply(files)} translations set")
        return 0
    if len(argv) != 1 or argv[0] not in {"extract", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "extract":
        for path in extract():
            print(f"updated {path.relative_to(ROOT)}")
        template = extract_template()
        print(f"{len(message_keys(template))} messages in the template")
        return 0
    template = extract_template()
    found = 0
    for language in TRANSLATED_LANGUAGES:
        for line in problems(language, template):
            print(line)
            found += 1
    print(f"{len(message_keys(template))} messages, {found} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
