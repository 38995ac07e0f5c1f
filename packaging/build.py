"""Build the caseroom bundle with PyInstaller: `python packaging/build.py [--archive]`.

Works on Windows and Linux with only Python 3.11+: it makes its own environment in
`build/packaging-env` (caseroom installed as a wheel, without the developer tools, plus
PyInstaller), builds the one-folder bundle `build/dist/caseroom/`, prints its size and its
biggest items, and fails when the bundle is over its size budget. With `--archive` on Linux it
adds the `.desktop` file and icon and writes `build/caseroom-VERSION-linux-x86_64.tar.gz`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
ENV = BUILD / "packaging-env"
DIST = BUILD / "dist"
BUNDLE = DIST / "caseroom"
PYINSTALLER = "pyinstaller>=6.10,<7"
FOLDER_BUDGET_MB = 250
ARCHIVE_BUDGET_MB = 100


def _env_python() -> Path:
    return ENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(cmd: list[str | Path]) -> None:
    print("$ " + " ".join(str(part) for part in cmd), flush=True)
    subprocess.run([str(part) for part in cmd], check=True, cwd=ROOT)


def _source_digest() -> str:
    digest = hashlib.sha256(PYINSTALLER.encode())
    for path in sorted((ROOT / "src").rglob("*")) + sorted((ROOT / "resources").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".mo", ".qm"):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for name in ("pyproject.toml", "hatch_build.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_env() -> Path:
    """The packaging environment, (re)installed when the sources changed."""
    python = _env_python()
    stamp = ENV / ".caseroom-installed"
    wanted = _source_digest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(ENV)
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "install", "--upgrade", "pip"])
    _run([*pip, "install", "--force-reinstall", "--no-deps", str(ROOT)])
    _run([*pip, "install", str(ROOT), PYINSTALLER])
    stamp.write_text(wanted)
    return python


def folder_size(path: Path) -> int:
    """Bytes of every file under `path`."""
    # PyInstaller links a shared library's second place to its first: count it once.
    return sum(
        item.lstat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink()
    )


def biggest_items(path: Path, count: int = 12) -> list[tuple[int, str]]:
    """The largest files and top-level folders inside the bundle's `_internal`."""
    inner = path / "_internal" if (path / "_internal").is_dir() else path
    sizes = []
    for item in inner.iterdir():
        if item.is_symlink():
            continue
        size = folder_size(item) if item.is_dir() else item.stat().st_size
        sizes.append((size, item.name + ("/" if item.is_dir() else "")))
    pyside = inner / "PySide6"
    if pyside.is_dir():
        for item in pyside.rglob("*"):
            if item.is_file() and not item.is_symlink() and item.stat().st_size > 2_000_000:
                sizes.append((item.stat().st_size, str(item.relative_to(inner))))
    return sorted(sizes, reverse=True)[:count]


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def build(python: Path) -> Path:
    """Run PyInstaller on packaging/caseroom.spec; returns the bundle folder."""
    _run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            BUILD / "pyinstaller",
            ROOT / "packaging" / "caseroom.spec",
        ]
    )
    return BUNDLE


def archive(bundle: Path, version: str) -> Path:
    """The Linux archive: the bundle with its .desktop file and icon."""
    linux = ROOT / "packaging" / "linux"
    shutil.copy2(linux / "caseroom.desktop", bundle / "caseroom.desktop")
    shutil.copy2(ROOT / "packaging" / "icons" / "caseroom.png", bundle / "caseroom.png")
    shutil.copy2(linux / "install.sh", bundle / "install.sh")
    target = BUILD / f"caseroom-{version}-linux-x86_64.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(bundle, arcname=f"caseroom-{version}")
    return target


def _version(python: Path) -> str:
    out = subprocess.run(
        [python, "-c", "import caseroom; print(caseroom.__version__)"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def main(argv: list[str]) -> int:
    """Build, measure and (with --archive) pack the bundle; 1 when over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="write the Linux .tar.gz too")
    args = parser.parse_args(argv)
    python = ensure_env()
    bundle = build(python)
    size = folder_size(bundle)
    print(f"bundle {bundle.relative_to(ROOT)}: {_megabytes(size)} (budget {FOLDER_BUDGET_MB} MB)")
    for item_size, name in biggest_items(bundle):
        print(f"  {_megabytes(item_size):>9}  {name}")
    over = size > FOLDER_BUDGET_MB * 1_000_000
    if args.archive and sys.platform.startswith("linux"):
        packed = archive(bundle, _version(python))
        packed_size = packed.stat().st_size
        print(
            f"archive {packed.relative_to(ROOT)}: {_megabytes(packed_size)} "
            f"(budget {ARCHIVE_BUDGET_MB} MB)"
        )
        over |= packed_size > ARCHIVE_BUDGET_MB * 1_000_000
    if over:
        print("over the size budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
