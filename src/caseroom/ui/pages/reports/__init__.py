"""The Reports page (`page.py`): progress reports (batch, password, preview) and the term
summary.
"""
