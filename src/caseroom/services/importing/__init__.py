"""Importing a roster of children, families and caregivers from a text file (CSV, UTF-8,
UTF-16 or Windows-1251) or XLSX: reading the file (`decode`, `headers`, `read`), checking
every row in memory (`cells`, `rows`), grouping and matching the rows (`grouping`, `match`,
`plan`), and writing all rows in bulk or none (`write`, `roster`).

Uses `people` and `plans` (PMPK conclusions).
"""
