"""Every service function that writes a record is reachable from a screen, or is named in
the architecture document's short list of what only the command line does (and why).

A writer is a public function of `caseroom.services` whose body adds, deletes or flushes
through the session, or goes through the audited save/archive/restore helpers. It counts as
reached when a module of `caseroom.ui` names it, or when a service function that is reached
calls it (a screen's service doing its work through another).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "caseroom"
SERVICES = SRC / "services"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
WRITING_CALLS = frozenset(
    {
        "add",
        "add_all",
        "delete",
        "flush",
        "archive",
        "save_and_audit",
        "archive_and_audit",
        "restore_and_audit",
    }
)
# Writers whose screens are still being built (issue "A room's whole year in the app");
# the test below checks each is still unreached, so an entry goes as soon as its screen lands.
NOT_YET_ON_A_SCREEN: frozenset[str] = frozenset()
HELPER_MODULES = frozenset({"audited.py", "common.py", "revert.py", "permissions.py"})


@dataclass(frozen=True)
class Function:
    """One public service function: where it is, its name, and the names its body uses."""

    module: str
    name: str
    writes: bool
    names_used: frozenset[str]


SESSION_NAMES = frozenset({"session", "db"})
SESSION_WRITES = frozenset({"add", "add_all", "delete", "flush"})


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        if node.func.attr in SESSION_WRITES:
            receiver = node.func.value
            on_session = isinstance(receiver, ast.Name) and receiver.id in SESSION_NAMES
            return node.func.attr if on_session else None
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _functions(root: Path) -> list[Function]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name in HELPER_MODULES and path.parent == root:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.relative_to(root.parent).with_suffix("").as_posix()
        private = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            calls, names = _body_uses(node, private)
            found.append(Function(module, node.name, bool(calls & WRITING_CALLS), names))
    return found


def _body_uses(
    node: ast.FunctionDef, private: dict[str, ast.FunctionDef]
) -> tuple[set[str], frozenset[str]]:
    """The calls and names in `node`, following the module's own private helpers."""
    calls: set[str] = set()
    names: set[str] = set()
    seen: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        for child in ast.walk(current):
            if isinstance(child, ast.Call) and (called := _called_name(child)):
                calls.add(called)
                if called.startswith("_") and called in private and called not in seen:
                    seen.add(called)
                    pending.append(private[called])
            if isinstance(child, ast.Name):
                names.add(child.id)
            elif isinstance(child, ast.Attribute):
                names.add(child.attr)
    return calls, frozenset(names)


def _ui_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "ui").rglob("*.py"))


def _listed_as_command_line_only() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Command-line only", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(services/[\w/]+\.\w+)`", section))


def unreached_writers(functions: list[Function], ui_text: str, listed: set[str]) -> list[str]:
    """The writers no screen reaches and the list does not name, as `services/x/y.name`."""
    reached = {f.name for f in functions if re.search(rf"\b{f.name}\b", ui_text)}
    growing = True
    while growing:
        more = {name for f in functions if f.name in reached for name in f.names_used} - reached
        growing = bool(more & {f.name for f in functions})
        reached |= more
    return [
        f"{f.module.removeprefix('caseroom/')}.{f.name}"
        for f in functions
        if f.writes
        and f.name not in reached
        and f"{f.module}.{f.name}".removeprefix("caseroom/") not in listed
    ]


def test_the_finder_sees_an_unreached_writer() -> None:
    functions = [
        Function("caseroom/services/a/b", "save_thing", True, frozenset({"_helper"})),
        Function("caseroom/services/a/b", "save_other", True, frozenset()),
        Function("caseroom/services/a/c", "outer", True, frozenset({"save_other"})),
    ]
    assert unreached_writers(functions, "outer(session)", set()) == ["services/a/b.save_thing"]
    assert unreached_writers(functions, "outer(session)", {"services/a/b.save_thing"}) == []


def test_every_writer_has_a_caller_on_a_screen_or_is_listed_as_command_line_only() -> None:
    unreached = unreached_writers(_functions(SERVICES), _ui_text(), _listed_as_command_line_only())
    assert sorted(set(unreached) - NOT_YET_ON_A_SCREEN) == []


def test_a_writer_leaves_the_not_yet_list_once_a_screen_calls_it() -> None:
    unreached = unreached_writers(_functions(SERVICES), _ui_text(), _listed_as_command_line_only())
    assert sorted(NOT_YET_ON_A_SCREEN - set(unreached)) == []


def test_the_command_line_list_names_only_functions_that_exist() -> None:
    existing = {f"{f.module.removeprefix('caseroom/')}.{f.name}" for f in _functions(SERVICES)}
    assert _listed_as_command_line_only() - existing == set()
