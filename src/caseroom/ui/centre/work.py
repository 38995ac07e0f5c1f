"""What the centre window asks of the centre database (run on the worker thread).

`load` reads the rooms list, the regional summary and the open conflicts of a period in one
transaction; `import_files` imports bundles oldest first, each in its own transaction, and
tells each file's outcome in the words `caseroom centre import` uses; `resolve` decides a
conflict as `caseroom centre resolve` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import _, ngettext


@dataclass(frozen=True, slots=True)
class CentreView:
    """What the window shows for one period."""

    period: str | None
    periods: list[str]
    rooms: list[Any]
    summary: Any
    conflicts: list[Any]


def _engine(url: str) -> Any:
    from caseroom.centre.database import centre_engine

    if "://" not in url and not Path(url).is_file():
        raise UserError(
            _("There is no centre database at {url}: run caseroom centre init first.").format(
                url=url
            )
        )
    return centre_engine(url)


def load(url: str, period: str | None) -> CentreView:
    """The rooms, the summary and the conflicts of `period` (None: the latest period sent)."""
    from caseroom.centre.conflicts import open_conflicts
    from caseroom.centre.database import connected, require_initialised
    from caseroom.centre.rooms import known_periods, room_lines
    from caseroom.centre.summary import centre_summary

    engine = _engine(url)
    try:
        with connected(engine) as connection:
            require_initialised(connection, url)
            periods = known_periods(connection)
            chosen = period or (periods[0] if periods else None)
            return CentreView(
                period=chosen,
                periods=periods,
                rooms=room_lines(connection, period=chosen),
                summary=None if chosen is None else centre_summary(connection, period=chosen),
                conflicts=open_conflicts(connection, period=chosen),
            )
    finally:
        engine.dispose()


def check_period(text: str) -> str:
    """The school year typed (e.g. 2026-2027), normalised; `UserError` for anything else."""
    from caseroom.services.plans.periods import PeriodKind, parse_period

    spec = parse_period(text.strip())
    if spec.kind is not PeriodKind.SCHOOL_YEAR:
        raise UserError(_("A bundle covers one school year: give the period as 2026-2027."))
    return spec.text()


def import_files(url: str, files: list[str], passphrase: str) -> tuple[list[str], int]:
    """Import the bundles in `files`; each file's message, and how many were refused."""
    from caseroom.bundles.room_bundle import BundleError, read_envelope
    from caseroom.centre.database import connected, require_initialised
    from caseroom.centre.imports import import_bundle
    from caseroom.centre.setup import centre_private_key

    lines: list[str] = []
    envelopes = []
    refused = 0
    for name in files:
        try:
            envelopes.append((name, read_envelope(Path(name).read_bytes())))
        except (BundleError, OSError) as error:
            lines.append(_("{file}: {problem}").format(file=name, problem=error))
            refused += 1
    envelopes.sort(key=lambda item: item[1].manifest.made_at)
    engine = _engine(url)
    try:
        with connected(engine) as connection:
            require_initialised(connection, url)
            private = centre_private_key(connection, passphrase)
        for name, envelope in envelopes:
            try:
                with connected(engine) as connection:
                    outcome = import_bundle(connection, envelope, centre_private=private)
            except BundleError as error:
                lines.append(_("{file}: {problem}").format(file=name, problem=error))
                refused += 1
                continue
            lines.append(describe(name, outcome))
    finally:
        engine.dispose()
    if refused:
        lines.append(
            ngettext(
                "{count} bundle was refused.", "{count} bundles were refused.", refused
            ).format(count=refused)
        )
    return lines, refused


def describe(name: str, outcome: Any) -> str:
    """One imported bundle's outcome, as `caseroom centre import` prints it."""
    if outcome.already:
        return _("{file}: already imported ({school}, {period}); nothing changed.").format(
            file=name, school=outcome.school_name, period=outcome.period
        )
    return _(
        "{file}: imported ({school}, {period}): {added} records added, {updated} updated, "
        "{conflicts} conflicts kept."
    ).format(
        file=name,
        school=outcome.school_name,
        period=outcome.period,
        added=outcome.added,
        updated=outcome.updated,
        conflicts=outcome.conflicts,
    )


def resolve(url: str, number: int, keep: str, value: Any) -> str:
    """Decide conflict `number` as the login name; what was decided, in words."""
    import json

    from caseroom.centre.database import connected, require_initialised
    from caseroom.centre.decisions import Keep, login_name, resolve_conflict

    engine = _engine(url)
    try:
        with connected(engine) as connection:
            require_initialised(connection, url)
            decision = resolve_conflict(
                connection, number, keep=Keep(keep), by=login_name() or "?", value=value
            )
    finally:
        engine.dispose()
    if decision.changed:
        text = _("Conflict No. {number} decided: {field} is now {value}.")
    else:
        text = _("Conflict No. {number} decided: {field} stays {value}.")
    return text.format(
        number=decision.conflict_id,
        field=decision.field,
        value=json.dumps(decision.value, ensure_ascii=False),
    )


def save_summary(summary: Any, out: Path, language: str) -> None:
    """Write `summary` to `out` as CSV, XLSX or PDF by the file's suffix (PDF otherwise)."""
    from caseroom.reports import centre_summary as files

    suffix = out.suffix.lower()
    if suffix == ".csv":
        files.write_csv(summary, out, language=language)
    elif suffix == ".xlsx":
        files.write_xlsx(summary, out)
    else:
        files.write_pdf(summary, out, language=language, page_text=_("Page {page} of {total}"))
