"""Importing a roster of children, families and caregivers from CSV or XLSX: reading the
file, checking every row, and writing all rows or none.

Uses `people` and `plans` (PMPK conclusions).
"""
