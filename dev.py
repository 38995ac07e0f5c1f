"""Set up a local virtual environment and run caseroom or its checks.

Usage (only Python 3.11+ needed; works the same on Windows and Linux):

    python3 dev.py open [caseroom arguments...]   set up, then open the desktop app
    python3 dev.py test [pytest arguments...]     set up, then run every check and the tests
    python3 dev.py bench [--quick]                set up, then run the benchmarks in tests/bench
                                                  (--quick: small data, a couple of minutes)

The environment lives in `.venv` beside this file and is reinstalled only when
pyproject.toml, the build hook or a translation catalogue changes (the build compiles the
catalogues).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".caseroom-installed"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _ensure_env() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an old Python
        sys.exit("caseroom needs Python 3.11 or newer")
    python = _venv_python()
    if not python.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    inputs = [ROOT / "pyproject.toml", ROOT / "hatch_build.py"]
    inputs += sorted((ROOT / "resources" / "i18n").glob("*/LC_MESSAGES/*.po"))
    inputs += sorted((ROOT / "resources" / "i18n" / "qt").glob("*.ts"))
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.read_bytes())
    wanted = digest.hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing caseroom and its dependencies into .venv ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(wanted)
    return python


SYSTEM_TOOLS = (
    ("pdftotext", "poppler-utils", "reads the PDFs the tests write"),
    ("msgfmt", "gettext", "checks the translation catalogues"),
    ("soffice", "libreoffice-calc-nogui", "opens the XLSX files the tests write"),
    ("initdb", "postgresql", "runs the centre's tests on PostgreSQL"),
)
"""The tools the test command needs besides Python: (program, Debian package, why)."""


def _has_tool(program: str) -> bool:
    import glob
    import shutil

    if shutil.which(program):
        return True
    # Debian keeps PostgreSQL's server programs off PATH, in a folder per major version.
    return program == "initdb" and bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def missing_tools() -> list[str]:
    """One line for each system tool the tests need that this machine does not have."""
    return [
        f"  {program} ({package}): {why}"
        for program, package, why in SYSTEM_TOOLS
        if not _has_tool(program)
    ]


def _run(cmd: list[str]) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def bench(python: str, rest: list[str]) -> int:
    """Run every tests/bench/bench_*.py with `rest`, then print one table of every result
    the scripts reported (figure, baseline, ratio, aim)."""
    import time

    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    import benchkit

    rows: list[dict[str, object]] = []
    status = 0
    started = time.perf_counter()
    for script in sorted((ROOT / "tests" / "bench").glob("bench_*.py")):
        command = [python, str(script), *rest]
        print("$ " + " ".join(command), flush=True)
        with subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                found = benchkit.parse_row(line)
                if found is None:
                    print(line, end="", flush=True)
                else:
                    rows.append(found)
        if process.returncode != 0:
            print(f"({script.name} ended with status {process.returncode})", flush=True)
        status |= process.returncode
    minutes, seconds = divmod(time.perf_counter() - started, 60)
    print(f"\nEvery result ({int(minutes)} min {seconds:.0f} s in all):\n")
    print(benchkit.table(rows))
    return status


def main(argv: list[str]) -> int:
    """Dispatch `open`, `test` or `bench`."""
    if not argv or argv[0] not in {"open", "test", "bench"}:
        print(__doc__)
        return 2
    python = str(_ensure_env())
    command, rest = argv[0], argv[1:]
    if command == "open":
        return _run([python, "-m", "caseroom", *rest])
    if command == "bench":
        return bench(python, rest)
    lint_imports = Path(python).parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    for check in (
        [python, "-m", "ruff", "check", "src", "tests", "dev.py"],
        [python, "-m", "ruff", "format", "--check", "src", "tests", "dev.py"],
        [python, "-m", "mypy"],
        [str(lint_imports)],
    ):
        status = _run(check)
        if status != 0:
            return status
    missing = missing_tools()
    if missing:
        print("The tests need these system tools, which are not installed:", *missing, sep="\n")
        print(
            "On Debian or Ubuntu: apt-get install "
            + " ".join(package for program, package, _ in SYSTEM_TOOLS if not _has_tool(program))
        )
        return 2
    if rest:
        return _run([python, "-m", "pytest", *rest])
    # Services, storage, reports and the command line are tested with PySide6 blocked from
    # import (docs/architecture.md, rule 1); the UI suite runs on its own with Qt offscreen.
    os.environ["CASEROOM_BLOCK_QT"] = "1"
    status = _run(
        [
            python,
            "-m",
            "pytest",
            "-p",
            "no:pytest-qt",
            "-W",
            "ignore::pytest.PytestConfigWarning",
            "--ignore=tests/ui",
        ]
    )
    del os.environ["CASEROOM_BLOCK_QT"]
    if status != 0:
        return status
    status = _run([python, "-m", "pytest", "tests/ui"])
    if status != 0:
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
