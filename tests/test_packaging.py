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


def _sections(text: str) -> dict[str, list[str]]:
    """The lines of each [Section] of an Inno Setup script or messages file (no comments)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", stripped)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped)
    return sections


def _entries(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _read_utf8_with_bom(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    return data[3:].decode("utf-8")


def test_the_installer_is_64_bit_per_user_and_needs_inno_setup_6_3() -> None:
    setup = _entries(_sections(_read_utf8_with_bom(WINDOWS / "caseroom.iss"))["Setup"])
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{userpf}\caseroom"
    build = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    assert '[version]"6.3"' in build  # it refuses an older ISCC, which knows no x64compatible
    assert "& py -3 packaging\\build.py" in build


def test_every_language_has_every_custom_message_and_kazakh_loads_over_english() -> None:
    sections = _sections(_read_utf8_with_bom(WINDOWS / "caseroom.iss"))
    languages = {
        match.group(1): match.group(2)
        for line in sections["Languages"]
        if (match := re.match(r'Name: "(\w+)"; MessagesFile: "([^"]+)"', line))
    }
    assert set(languages) == {"kk", "ru", "en"}
    assert languages["kk"].split(",") == ["compiler:Default.isl", "Kazakh.isl"]
    custom = _entries(sections["CustomMessages"])
    names = {key.split(".", 1)[1] for key in custom}
    for language in languages:
        assert {key for key in custom if key.startswith(f"{language}.")} == {
            f"{language}.{name}" for name in names
        }
    script = "\n".join(line for lines in sections.values() for line in lines)
    used = set(re.findall(r"\{cm:(\w+)", script))
    used |= set(re.findall(r"CustomMessage\('(\w+)'\)", "\n".join(sections.get("Code", []))))
    assert used - names == {"LaunchProgram"}  # the one from the messages files
    kazakh = _sections(_read_utf8_with_bom(WINDOWS / "Kazakh.isl"))
    assert "LaunchProgram" in _entries(kazakh["CustomMessages"])


def test_the_kazakh_messages_file_is_one_inno_setup_7_accepts() -> None:
    text = _read_utf8_with_bom(WINDOWS / "Kazakh.isl")
    assert not [line for line in text.splitlines() if line.lstrip().startswith("#")]
    sections = _sections(text)
    assert set(sections) == {"LangOptions", "Messages", "CustomMessages"}
    options = _entries(sections["LangOptions"])
    assert options["LanguageID"] == "$043F"  # Kazakh, so Setup picks it on a Kazakh Windows
    assert options["LanguageCodePage"] == "0"
    messages = _entries(sections["Messages"])
    for name in ("WelcomeLabel1", "ConfirmUninstall", "ApplicationsFound2", "DiskSpaceWarning"):
        assert re.search("[әғқңөұүһі]", messages[name], re.IGNORECASE), name
    # Placeholders the English message has must survive the translation.
    assert set(re.findall(r"%\d", messages["DiskSpaceWarning"])) == {"%1", "%2"}
    assert "[name]" in messages["PreviousInstallNotCompleted"]


def test_the_installer_smoke_test_polls_instead_of_sleeping() -> None:
    script = (WINDOWS / "smoke-installer.ps1").read_text(encoding="utf-8")
    body = script[script.index("function Wait-Until") :]
    waiter = body[: body.index("\n}\n")]
    assert script.count("Start-Sleep") == waiter.count("Start-Sleep") == 1
    assert "-Wait " not in script and not script.rstrip().endswith("-Wait")
    assert "_unins*" in script  # the uninstaller's copy in %TEMP% is waited for
    workflow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text()
    assert '-Python "${{ steps.python.outputs.python-path }}"' in workflow


def test_readme_install_names_the_files_this_version_builds() -> None:
    from caseroom import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install") : readme.index("The test command needs")]
    assert f"`caseroom-{__version__}-setup.exe`" in install
    assert f"`pip install caseroom-{__version__}-py3-none-any.whl`" in install
    block = re.search(r"```\n(.*?)```", install, re.S)
    assert block is not None
    # packaging/smoke.py runs these very lines in CI against the archive build.py writes.
    assert [line.strip() for line in block.group(1).splitlines() if line.strip()] == [
        f"tar xzf caseroom-{__version__}-linux-x86_64.tar.gz",
        f"cd caseroom-{__version__}",
        "./caseroom --version",
        "./caseroom",
        "./install.sh",
    ]
    build = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert 'f"caseroom-{version}-linux-x86_64.tar.gz"' in build
    assert 'arcname=f"caseroom-{version}"' in build
    assert 'linux / "install.sh", bundle / "install.sh"' in build
    assert (PACKAGING / "linux" / "install.sh").stat().st_mode & 0o111
    iss = _entries(_sections(_read_utf8_with_bom(WINDOWS / "caseroom.iss"))["Setup"])
    assert iss["OutputBaseFilename"] == "caseroom-{#AppVersion}-setup"
    assert "python3 -m pip wheel --no-deps -w build ." in install
    assert "powershell -ExecutionPolicy Bypass -File packaging\\windows\\build.ps1" in install
