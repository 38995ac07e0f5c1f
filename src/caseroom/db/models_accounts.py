"""Tables: Staff accounts and access: logins, roles, confidentiality."""

from __future__ import annotations
