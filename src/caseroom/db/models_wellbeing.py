"""Tables: Caregiver wellbeing check-ins, their answers, safety flags and follow-ups."""

from __future__ import annotations
