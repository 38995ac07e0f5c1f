"""The packaging files that cannot run here, checked by reading them (packaging/README.md).

The frozen entry point must hand a report worker to multiprocessing before it does anything
else; the Windows installer script and its build scripts must say what Inno Setup 6.3+ and
the Windows runner need.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
WINDOWS = PACKAGING / "windows"


def _is_freeze_support(statement: ast.stmt) -> bool:
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    func = statement.value.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "freeze_support"
        and isinstance(func.value, ast.Name)
        and func.value.id == "multiprocessing"
    )


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def test_freeze_support_is_the_first_statement_of_the_frozen_entry_point() -> None:
    tree = ast.parse((PACKAGING / "launch.py").read_text(encoding="utf-8"))
    imported_before: list[str] = []
    for statement in tree.body:
        if _is_docstring(statement) and statement is tree.body[0]:
            continue
        if isinstance(statement, ast.Import):
            imported_before += [alias.name for alias in statement.names]
            continue
        if isinstance(statement, ast.ImportFrom):
            imported_before.append(statement.module or "")
            continue
        assert _is_freeze_support(statement), ast.unparse(statement)
        break
    else:
        raise AssertionError("packaging/launch.py never calls multiprocessing.freeze_support()")
    # Only multiprocessing itself: a worker must not import caseroom (or the data stack)
    # before multiprocessing takes it over.
    assert imported_before == ["multiprocessing"]


def test_the_spec_builds_from_that_entry_point() -> None:
    spec = (PACKAGING / "caseroom.spec").read_text(encoding="utf-8")
    assert re.search(r'Analysis\(\s*\[str\(HERE / "launch.py"\)\]', spec)
