"""SEN categories: the ten of order 117 of 2025, and the ones a centre adds.

Built-in categories are seeded by the first migration and labelled through the gettext
catalogue (`caseroom.vocab.sen_category_label`); a centre's own categories carry their
labels in English, Russian and Kazakh columns (any of them may be empty: the label
shown falls back to another language's). Categories are archived, never deleted:
children keep the categories they were given.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import SenCategory
from caseroom.db.types import utcnow
from caseroom.errors import NotFoundError, ValidationError
from caseroom.i18n import LANGUAGES, _, current_language, translations_for
from caseroom.names import sort_key
from caseroom.services.common import Actor, Problems, audit, checked_text
from caseroom.services.permissions import Permission, require
from caseroom.vocab import BUILTIN_SEN_CATEGORIES, sen_category_label

LABEL_MAX = 200
CUSTOM_PREFIX = "custom_"
"""Codes of a centre's own categories begin with this (built-ins never do)."""


@dataclass(frozen=True, slots=True)
class SenCategoryInput:
    """A centre's own category: its label in each language (at least one)."""

    label_kk: str | None = None
    label_ru: str | None = None
    label_en: str | None = None


@dataclass(frozen=True, slots=True)
class SenCategoryRead:
    """A category as pickers and lists show it: `label` is in the current language."""

    code: str
    label: str
    builtin: bool
    sort_order: int
    label_kk: str | None
    label_ru: str | None
    label_en: str | None
    archived_at: datetime | None

    @property
    def archived(self) -> bool:
        """Whether the category is archived (no longer offered for new choices)."""
        return self.archived_at is not None


def _own_label(record: SenCategory, language: str) -> str | None:
    labels = {"kk": record.label_kk, "ru": record.label_ru, "en": record.label_en}
    return labels.get(language) or record.label_ru or record.label_kk or record.label_en


def _read(record: SenCategory, language: str) -> SenCategoryRead:
    own = None if record.builtin else _own_label(record, language)
    return SenCategoryRead(
        code=record.code,
        label=sen_category_label(record.code, own),
        builtin=record.builtin,
        sort_order=record.sort_order,
        label_kk=record.label_kk,
        label_ru=record.label_ru,
        label_en=record.label_en,
        archived_at=record.archived_at,
    )


def list_sen_categories(
    session: Session, *, actor: Actor, include_archived: bool = False
) -> list[SenCategoryRead]:
    """Categories in their order (the order's ten first, then a centre's own as added)."""
    del actor  # a vocabulary, no personal data: every role reads it
    query = select(SenCategory).order_by(col(SenCategory.sort_order), col(SenCategory.code))
    if not include_archived:
        query = query.where(col(SenCategory.archived_at).is_(None))
    language = current_language()
    return [_read(record, language) for record in session.scalars(query)]


def sen_labels(session: Session, *, actor: Actor) -> dict[str, str]:
    """Every category's label in the current language by code, archived ones too."""
    return {
        category.code: category.label
        for category in list_sen_categories(session, actor=actor, include_archived=True)
    }


def label_ranks(labels: dict[str, str]) -> dict[str, int]:
    """Each code's place when the labels are sorted alphabetically (for sorting lists)."""
    ordered = sorted(labels, key=lambda code: (sort_key(labels[code]), code))
    return {code: rank for rank, code in enumerate(ordered)}


def _taken_names(session: Session) -> set[str]:
    """Sort keys of every name an active category goes by, in any language."""
    taken: set[str] = set()
    records = session.scalars(select(SenCategory).where(col(SenCategory.archived_at).is_(None)))
    for record in records:
        if record.builtin:
            source = dict(BUILTIN_SEN_CATEGORIES).get(record.code, record.code)
            names = [translations_for(language).gettext(source) for language in LANGUAGES]
        else:
            names = [text for text in (record.label_kk, record.label_ru, record.label_en) if text]
        taken.update(sort_key(name) for name in names)
    return taken


def _check(session: Session, data: SenCategoryInput) -> SenCategoryInput:
    problems = Problems()
    too_long = _("A category name can be at most {count} characters").format(count=LABEL_MAX)
    clean = SenCategoryInput(
        label_kk=checked_text(
            problems, "label_kk", data.label_kk, limit=LABEL_MAX, too_long=too_long
        ),
        label_ru=checked_text(
            problems, "label_ru", data.label_ru, limit=LABEL_MAX, too_long=too_long
        ),
        label_en=checked_text(
            problems, "label_en", data.label_en, limit=LABEL_MAX, too_long=too_long
        ),
    )
    given = {"label_kk": clean.label_kk, "label_ru": clean.label_ru, "label_en": clean.label_en}
    if not any(given.values()):
        problems.add("label_ru", _("Give the category a name in at least one language"))
    taken = _taken_names(session)
    for field_name, text in given.items():
        if text is None:
            continue
        if sort_key(text) in taken:
            problems.add(field_name, _("There is already a category with this name"))
    problems.raise_if_any()
    return clean


def add_sen_category(session: Session, *, actor: Actor, data: SenCategoryInput) -> SenCategoryRead:
    """Add a centre's own category after the existing ones."""
    require(actor, Permission.MANAGE_ROOM)
    clean = _check(session, data)
    last = session.execute(select(func.max(col(SenCategory.sort_order)))).scalar()
    record = SenCategory(
        code=f"{CUSTOM_PREFIX}{uuid.uuid4().hex[:16]}",
        builtin=False,
        label_kk=clean.label_kk,
        label_ru=clean.label_ru,
        label_en=clean.label_en,
        sort_order=(last or 0) + 1,
    )
    session.add(record)
    session.flush()
    audit(
        session, actor=actor, action="create", entity="sen_category", details={"code": record.code}
    )
    return _read(record, current_language())


def archive_sen_category(session: Session, *, actor: Actor, code: str) -> SenCategoryRead:
    """Archive a centre's own category: no longer offered, still shown where it was given."""
    require(actor, Permission.MANAGE_ROOM)
    record = session.get(SenCategory, code)
    if record is None:
        raise NotFoundError(_("This SEN category was not found"))
    if record.builtin:
        raise ValidationError(
            {"code": _("The categories of the ministry's order cannot be archived")}
        )
    if record.archived_at is None:
        record.archived_at = utcnow()
        session.add(record)
        session.flush()
        audit(
            session,
            actor=actor,
            action="archive",
            entity="sen_category",
            details={"code": record.code},
        )
    return _read(record, current_language())
