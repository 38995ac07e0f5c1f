"""Password rules and argon2id hashing (the password itself is never stored or logged)."""

from __future__ import annotations

import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from caseroom.i18n import _
from caseroom.services.common import Problems, checked_text

MIN_PASSWORD_LENGTH = 8
"""The shortest password an account may have."""
MAX_PASSWORD_LENGTH = 1024
"""Longer input is refused before hashing (hashing megabytes would stall the worker)."""
USERNAME_MIN, USERNAME_MAX = 3, 64

# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile): 3 passes over 64 MiB.
_hasher = PasswordHasher()


# A hash of nothing anyone knows, verified when the user name is unknown, so a wrong
# user name takes as long as a wrong password and does not tell which one was wrong.
@cache
def _decoy_hash() -> str:
    return _hasher.hash("caseroom decoy password, never an account's")


def fold_username(username: str) -> str:
    """The form user names are compared in: NFKC, stripped, case-folded."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def username_problem(username: str) -> str | None:
    """What is wrong with a user name (translated), or None."""
    name = unicodedata.normalize("NFKC", username).strip()
    if not name:
        return _("Enter a user name")
    problems = Problems()  # the one rule for stored text; the length is checked below
    checked_text(problems, "username", name, limit=len(name))
    if problems:
        return problems.found["username"]
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        return _("A user name has from {low} to {high} characters").format(
            low=USERNAME_MIN, high=USERNAME_MAX
        )
    if any(character.isspace() or not character.isprintable() for character in name):
        return _("A user name has no spaces")
    return None


def password_problems(username: str, password: str) -> list[str]:
    """What is wrong with a new password (translated); empty when it may be used.

    Pure and cheap, so a form can call it as the user types.
    """
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            _("A password has at least {count} characters").format(count=MIN_PASSWORD_LENGTH)
        )
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            _("A password has at most {count} characters").format(count=MAX_PASSWORD_LENGTH)
        )
    if password.strip() and fold_username(password) == fold_username(username):
        problems.append(_("The password must not be the user name"))
    return problems


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (salted; the text holds its own parameters)."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash`; with no hash, spends the same time."""
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
    try:
        return _hasher.verify(password_hash or _decoy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
