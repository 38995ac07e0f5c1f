"""The shape of the house (docs/architecture.md): areas as packages, no import circles,
small modules, and no pointer to a document the repository does not hold."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "caseroom"
SERVICE_AREAS = (
    "people",
    "plans",
    "sessions",
    "parents",
    "wellbeing",
    "reporting",
    "importing",
    "accounts",
)
LARGEST_MODULE = 600
"""Lines; the first migration (a whole schema written once) is the one exception."""
EXEMPT = {"db/migrations/versions/0001_the_first_tables.py"}


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return cycles


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert import_cycles(graph) == [["a.x", "a.y"]]


def test_no_module_of_the_project_imports_itself_in_a_circle() -> None:
    """Lazy imports inside functions and TYPE_CHECKING imports count too."""
    graph = grimp.build_graph("caseroom", cache_dir=None)
    assert import_cycles(graph) == []


def test_services_are_packages_by_area_each_saying_what_it_holds() -> None:
    top = sorted(path.name for path in (SRC / "services").glob("*.py"))
    assert len(top) <= 6, top
    for area in SERVICE_AREAS:
        init = SRC / "services" / area / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and "Uses" in docstring, area
    assert not list((SRC / "services").glob("demo*")), "demo data is not a use case"


def test_screens_are_grouped_by_area() -> None:
    pages = SRC / "ui" / "pages"
    for prefix in ("child_card_", "settings_", "reports_"):
        assert not list(pages.glob(f"{prefix}*.py")), prefix
    for package in ("child_card", "settings", "reports"):
        assert (pages / package / "__init__.py").is_file()


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_too_large(path: Path) -> None:
    if str(path.relative_to(SRC)) in EXEMPT:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LARGEST_MODULE, f"{path.relative_to(SRC)}: {lines} lines"


def test_nothing_cites_a_document_outside_the_repository() -> None:
    # The names are put together here so that this file does not cite them itself.
    cited = ("../" + "shared", "CON" + "TRACT.md", "DO" + "MAIN.md", "ARCHI" + "TECTURE rule")
    outside = re.compile("|".join(re.escape(name) for name in cited))
    listed = subprocess.run(
        ["git", "ls-files", "README.md", "src", "tests", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    files = [ROOT / name for name in listed.stdout.split()] if listed.returncode == 0 else []
    if not files:  # not a git checkout (an unpacked source archive): read the tree
        files = [ROOT / "README.md", *SRC.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
        files += list((ROOT / "docs").rglob("*.md"))
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.suffix in {".py", ".md", ".toml", ".csv"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert found == []


def test_the_project_documents_exist() -> None:
    for name in ("command-line.md", "architecture.md", "domain.md"):
        assert (ROOT / "docs" / name).is_file(), name
    assert (ROOT / "LICENSE").is_file()


SYSTEM_IN_SCREENS = {
    ("ui/opening.py", "open_and_read"): "reads the staff list to offer on the sign-in screen, "
    "before anyone has signed in",
    ("ui/opening.py", "pick_actor"): "a room without staff yet (the first run) has nobody "
    "else to act as",
    ("ui/launcher.py", "Launcher._sign_in"): "checks a password given at start-up: nobody is "
    "signed in until it passes",
    ("ui/launcher.py", "Launcher._show_login"): "the sign-in dialog itself runs before anyone "
    "is signed in",
    ("ui/launcher.py", "Launcher._show_first_run"): "the first run creates the room and its "
    "first staff member: there is nobody yet to act as",
}
"""Where a screen may call a service as the system (`services.common.SYSTEM`), and why.
Everywhere else a screen acts as the person signed in."""


def system_uses(source: str) -> set[str]:
    """The functions (`Class.method` or `function`, "" for module level) of `source` that
    name `SYSTEM` or build an `Actor` with the role "system"."""
    found: set[str] = set()

    def visit(node: ast.AST, where: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = [*where, child.name]
            is_system = (isinstance(child, ast.Name) and child.id == "SYSTEM") or (
                isinstance(child, ast.Attribute) and child.attr == "SYSTEM"
            )
            is_system = is_system or (
                isinstance(child, ast.alias) and (child.asname or child.name) == "SYSTEM"
            )
            is_system = is_system or (
                isinstance(child, ast.keyword)
                and child.arg == "role"
                and isinstance(child.value, ast.Constant)
                and child.value.value == "system"
            )
            if is_system:
                found.add(".".join(inner))
            visit(child, inner)

    visit(ast.parse(source), [])
    return found


def test_the_system_finder_finds_a_screen_acting_as_the_system() -> None:
    source = (
        "from caseroom.services import common\n"
        "class TodayPage:\n"
        "    def load(self, session):\n"
        "        return due_today(session, actor=common.SYSTEM)\n"
        "def other():\n"
        "    return Actor(staff_id=None, role='system')\n"
    )
    assert system_uses(source) == {"TodayPage.load", "other"}


def test_no_screen_calls_a_service_as_the_system_but_the_allowed_ones() -> None:
    used = {
        (path.relative_to(SRC).as_posix(), where)
        for path in sorted((SRC / "ui").rglob("*.py"))
        for where in system_uses(path.read_text(encoding="utf-8"))
    }
    assert used - set(SYSTEM_IN_SCREENS) == set(), "a screen acts as the system"
    assert all(reason.strip() for reason in SYSTEM_IN_SCREENS.values())
