"""Who may do what: permissions by role, checked inside the services (not only in the UI).

A role (vocab.StaffRole, stored on the staff record) gives a fixed set of permissions;
an account may add grants (an administrator's identified access). The system actor
(command line without accounts, demo data, import jobs) keeps every permission.

- Specialists (psychologist, special educator, speech therapist, social pedagogue) keep
  the children's records, write notes, see the parent's data and safeguarding records
  (each read of those two levels is audited), make reports and the term summary (with
  names too, audited: they keep those records anyway).
- An assistant sees the schedule (date, time, kind, child) and the plan goals, and may
  schedule sessions; never notes, never the parent's data or safeguarding records.
- An administrator manages accounts, the room and the staff, imports rosters, exports the
  de-identified summary, reads the audit trail and makes backups; with the identified
  access grant also reads the records (shareable level) and makes identified exports.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum

from sqlmodel import Session

from caseroom.errors import PermissionDeniedError
from caseroom.i18n import _
from caseroom.services.common import Actor, audit
from caseroom.vocab import Confidentiality, StaffRole


class Permission(StrEnum):
    """Something a role may do."""

    VIEW_RECORDS = "view_records"
    """Children, families, caregivers, plans and goals, PMPK, groups, the schedule."""
    VIEW_NOTES = "view_notes"
    """Session notes, topics and agreements; note search; specialist-level records."""
    VIEW_PARENT_DATA = "view_parent_data"
    """Records at the caregiver's-own-data level (each read audited)."""
    VIEW_RESTRICTED = "view_restricted"
    """Safeguarding records (each read audited)."""
    EDIT_RECORDS = "edit_records"
    """Create, change and archive children, families, plans, PMPK, consents, referrals..."""
    SCHEDULE_SESSIONS = "schedule_sessions"
    """Log, move and archive sessions: date, time, kind, people, attendance."""
    WRITE_NOTES = "write_notes"
    """Write a session's notes, topic and agreements."""
    MANAGE_ROOM = "manage_room"
    """The room, its school calendar, settings and staff list."""
    MANAGE_ACCOUNTS = "manage_accounts"
    IMPORT_ROSTER = "import_roster"
    MAKE_REPORTS = "make_reports"
    """Child progress reports (they name the child)."""
    EXPORT_SUMMARY = "export_summary"
    """The room's de-identified term summary."""
    EXPORT_IDENTIFIED = "export_identified"
    """The term summary with names (audited)."""
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    """Back up and restore the whole database."""
    TRANSFER_CHILD = "transfer_child"
    """Send a child's file to another room, or take one in (`caseroom transfer`; audited)."""
    KEEP_DIRECTORY = "keep_directory"
    """Add, change, archive, import and export the room's help directory (public services)."""


SPECIALIST_ROLES: frozenset[str] = frozenset(
    {
        StaffRole.PSYCHOLOGIST,
        StaffRole.SPECIAL_EDUCATOR,
        StaffRole.SPEECH_THERAPIST,
        StaffRole.SOCIAL_PEDAGOGUE,
    }
)
"""Roles that keep children's records and write notes."""

_SPECIALIST = frozenset(Permission) - {Permission.MANAGE_ACCOUNTS, Permission.VIEW_AUDIT}
_ASSISTANT = frozenset({Permission.VIEW_RECORDS, Permission.SCHEDULE_SESSIONS})
_ADMINISTRATOR = frozenset(
    {
        Permission.MANAGE_ROOM,
        Permission.MANAGE_ACCOUNTS,
        Permission.IMPORT_ROSTER,
        Permission.EXPORT_SUMMARY,
        Permission.VIEW_AUDIT,
        Permission.BACKUP,
        Permission.KEEP_DIRECTORY,
    }
)

ROLE_PERMISSIONS: Mapping[str, frozenset[Permission]] = {
    **{role: _SPECIALIST for role in SPECIALIST_ROLES},
    StaffRole.ASSISTANT: _ASSISTANT,
    StaffRole.ADMINISTRATOR: _ADMINISTRATOR,
    "system": frozenset(Permission),
}
"""What each role may do. A role not listed may do nothing."""

IDENTIFIED_ACCESS: frozenset[Permission] = frozenset(
    {Permission.EXPORT_IDENTIFIED, Permission.VIEW_RECORDS, Permission.MAKE_REPORTS}
)
"""What an administrator's identified-access grant adds."""

_LEVEL_PERMISSION: Mapping[str, Permission] = {
    Confidentiality.SHAREABLE: Permission.VIEW_RECORDS,
    Confidentiality.SPECIALIST: Permission.VIEW_NOTES,
    Confidentiality.PARENT: Permission.VIEW_PARENT_DATA,
    Confidentiality.SAFEGUARDING: Permission.VIEW_RESTRICTED,
}

AUDITED_LEVELS: frozenset[str] = frozenset({Confidentiality.PARENT, Confidentiality.SAFEGUARDING})
"""Confidentiality levels whose every read writes a "view" audit event."""


_VALUES = frozenset(member.value for member in Permission)


def permissions_of(actor: Actor) -> frozenset[Permission]:
    """Everything `actor` may do: the role's permissions plus the account's grants."""
    granted = ROLE_PERMISSIONS.get(actor.role, frozenset())
    extra = frozenset(Permission(grant) for grant in actor.grants if grant in _VALUES)
    return granted | extra


def allowed(actor: Actor, permission: Permission) -> bool:
    """Whether `actor` may do `permission` (for enabling buttons; services call `require`)."""
    return permission in permissions_of(actor)


def _denied_message(permission: Permission) -> str:
    messages = {
        Permission.VIEW_RECORDS: _(
            "Your role does not allow you to see children's and families' records."
        ),
        Permission.VIEW_NOTES: _("Your role does not allow you to read session notes."),
        Permission.WRITE_NOTES: _("Your role does not allow you to write session notes."),
        Permission.VIEW_PARENT_DATA: _(
            "Your role does not allow you to see a caregiver's own data."
        ),
        Permission.VIEW_RESTRICTED: _("Your role does not allow you to see safeguarding records."),
        Permission.MANAGE_ACCOUNTS: _("Only an administrator can manage accounts."),
        Permission.VIEW_AUDIT: _("Only an administrator can read the audit trail."),
        Permission.EXPORT_IDENTIFIED: _(
            "A summary with names needs an administrator's identified access."
        ),
        Permission.KEEP_DIRECTORY: _("Your role does not allow you to change the help directory."),
        Permission.TRANSFER_CHILD: _(
            "Only a specialist who keeps the children's records can transfer a child's file."
        ),
    }
    return messages.get(permission, _("Your role does not allow this action."))


def require(actor: Actor, permission: Permission) -> None:
    """Raise `PermissionDeniedError` (translated) unless `actor` may do `permission`."""
    if permission not in permissions_of(actor):
        raise PermissionDeniedError(_denied_message(permission))


def may_see(actor: Actor, confidentiality: str) -> bool:
    """Whether `actor` may read a record at this confidentiality level (unknown: restricted)."""
    needed = _LEVEL_PERMISSION.get(confidentiality, Permission.VIEW_RESTRICTED)
    return allowed(actor, needed)


def require_level(actor: Actor, confidentiality: str) -> None:
    """Raise `PermissionDeniedError` unless `actor` may read a record at this level."""
    require(actor, _LEVEL_PERMISSION.get(confidentiality, Permission.VIEW_RESTRICTED))


def audit_view(
    session: Session,
    *,
    actor: Actor,
    entity: str,
    entity_id: uuid.UUID,
    confidentiality: str,
) -> None:
    """Write a "view" audit event when a record at an audited level is read."""
    if confidentiality in AUDITED_LEVELS:
        audit(
            session,
            actor=actor,
            action="view",
            entity=entity,
            entity_id=entity_id,
            details={"level": confidentiality},
        )


def working_note(actor: Actor, text: str | None) -> str | None:
    """A specialists' working note (free-text notes of a child, family, caregiver, plan...)
    as `actor` may read it: the text, or None without the right to read notes."""
    return text if allowed(actor, Permission.VIEW_NOTES) else None


RESTRICTED_PERMISSIONS: frozenset[Permission] = frozenset(
    {Permission.VIEW_NOTES, Permission.VIEW_PARENT_DATA, Permission.VIEW_RESTRICTED}
)
"""Reading any of these needs the restricted key on an encrypted file (notes, a
caregiver's own data such as check-ins, safeguarding records)."""


def reads_restricted(role: str) -> bool:
    """Whether a person of `role` may read restricted material (and so hold its key)."""
    return bool(ROLE_PERMISSIONS.get(role, frozenset()) & RESTRICTED_PERMISSIONS)
