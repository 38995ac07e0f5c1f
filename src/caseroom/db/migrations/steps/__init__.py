"""Schema steps that revision 0002 runs, one module per area so each stays small.

Each module offers `upgrade()` and `downgrade()` written with `alembic.op`, and is called
from `versions/0002_privacy_wellbeing_sorting.py` inside that revision's one transaction.
"""
