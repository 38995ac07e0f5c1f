"""Parent involvement beside the plan: consultations and involvement figures, home practice
and its outcome, the parents' own goals, support groups and their meetings, consents and
referrals to local help.

Uses the shared helpers at the top of `services/` only.
"""
