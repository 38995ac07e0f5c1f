"""Smoke-test the built bundle as a user's machine would run it: `python packaging/smoke.py`.

The bundle's own executable runs with no Python environment and no virtual environment on
PATH, in a scratch folder with its own HOME: `--version`, `demo`, `check`, a progress report
in Kazakh (the PDF must carry Kazakh letters), the term summary as XLSX, a batch of reports
(`--all`, written by worker processes started from the frozen executable, once with each
start method the platform has, each saying it used 2 workers), and the window opened
offscreen to its first paint. On Linux, when `build.py --archive` has written the archive,
README's Linux install steps as written there (unpack, `./caseroom`, `./install.sh`), the
installed command, and `./install.sh --remove` (the records stay). Exits 1 naming the first
step that failed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def executable(bundle: Path) -> Path:
    """The console executable inside the bundle folder."""
    return bundle / ("caseroom.exe" if os.name == "nt" else "caseroom")


def clean_env(home: Path) -> dict[str, str]:
    """An environment with no Python on PATH, a fresh HOME and offscreen Qt."""
    system_path = os.pathsep.join(
        part
        for part in os.environ.get("PATH", "").split(os.pathsep)
        if part and not (Path(part) / ("python.exe" if os.name == "nt" else "python3")).exists()
    )
    keep = {"SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LANG", "LC_ALL"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        PATH=system_path or os.defpath,
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_RUNTIME_DIR=str(home / "run"),
        QT_QPA_PLATFORM="offscreen",
    )
    (home / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    return env


class Smoke:
    """Runs the bundle's executable step by step in a scratch folder."""

    def __init__(self, bundle: Path, scratch: Path) -> None:
        self.exe = executable(bundle)
        self.scratch = scratch
        self.env = clean_env(scratch / "home")

    def run(self, step: str, *args: str | Path, timeout: float = 300) -> str:
        """Run one command of the bundle; raise SystemExit naming `step` when it fails."""
        started = time.monotonic()
        done = subprocess.run(
            [str(self.exe), *map(str, args)],
            env=self.env,
            cwd=self.scratch,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
        took = time.monotonic() - started
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
            raise SystemExit(f"smoke: {step} failed (exit {done.returncode})")
        print(f"smoke: {step} ok ({took:.1f} s)", flush=True)
        return done.stdout


def first_active_case(db: Path) -> tuple[str, int]:
    """The first active child's case number, and how many children are active."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT case_number FROM child WHERE status = 'active' ORDER BY case_number"
        ).fetchall()
    return rows[0][0], len(rows)


def pdf_text(pdf: Path) -> str:
    """The PDF's text, by pdftotext when it is installed, else by pypdf if importable."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def start_methods() -> list[str]:
    """The worker start methods to try: the bundle's default (spawn) first, then the others
    this platform has (`report progress --start-method`)."""
    import multiprocessing

    return ["spawn", *(m for m in multiprocessing.get_all_start_methods() if m != "spawn")]


README_LINUX_STEPS = "in the folder you downloaded the archive to:"


def readme_linux_steps() -> list[str]:
    """The commands of README's Linux install block, as written there."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text[text.index(README_LINUX_STEPS) :], re.S)
    if block is None:
        raise SystemExit("smoke: README has no Linux install block")
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def check_linux_archive(archive: Path, scratch: Path, env: dict[str, str]) -> None:
    """README's Linux steps exactly as written, in a folder holding the archive (the app's
    window offscreen, closed after its first paint); then what `./install.sh` made (menu
    entry, icon, `~/.local/bin/caseroom`) and that `./install.sh --remove` keeps the records."""
    downloads = scratch / "downloads"
    downloads.mkdir()
    shutil.copy2(archive, downloads / archive.name)
    home = Path(env["HOME"])
    data = Path(env["XDG_DATA_HOME"])
    records = data / "caseroom" / "kept.sqlite3"
    records.parent.mkdir(parents=True, exist_ok=True)
    records.write_bytes(b"")
    # The steps need the system's tools (tar, cp, sed), which live beside python3; the
    # installed command is run again below with no Python on PATH.
    shell_env = {**env, "PATH": os.environ.get("PATH", os.defpath)}
    steps = [
        "./caseroom --quit-after-paint" if line == "./caseroom" else line
        for line in readme_linux_steps()
    ]
    done = subprocess.run(
        ["bash", "-euc", "\n".join(steps)],
        cwd=downloads,
        env=shell_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or "first paint" not in done.stdout:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"smoke: README's Linux steps failed (exit {done.returncode})")
    if not done.stdout.startswith("caseroom "):
        raise SystemExit(f"smoke: README's ./caseroom --version printed {done.stdout!r}")
    print("smoke: README's Linux steps ok", flush=True)
    command = home / ".local" / "bin" / "caseroom"
    entry = data / "applications" / "caseroom.desktop"
    icon = data / "icons" / "hicolor" / "256x256" / "apps" / "caseroom.png"
    if not (entry.is_file() and icon.is_file()):
        raise SystemExit("smoke: install.sh added no menu entry or icon")
    installed = home / ".local" / "opt" / "caseroom" / "caseroom"
    if f'Exec="{installed}"' not in entry.read_text(encoding="utf-8").splitlines():
        raise SystemExit(f"smoke: the menu entry does not start {installed}")
    version = subprocess.run(
        [str(command), "--version"], env=env, capture_output=True, text=True, check=False
    )
    if not version.stdout.startswith("caseroom "):
        raise SystemExit("smoke: the installed caseroom command printed no version")
    (folder,) = [item for item in downloads.iterdir() if item.is_dir()]
    removed = subprocess.run(
        ["./install.sh", "--remove"], cwd=folder, env=shell_env, capture_output=True, text=True
    )
    if removed.returncode != 0 or command.exists() or entry.exists() or installed.exists():
        raise SystemExit("smoke: install.sh --remove left the program behind")
    if not records.is_file():
        raise SystemExit("smoke: install.sh --remove took the records away")
    print("smoke: install.sh --remove ok (records kept)", flush=True)


def main() -> int:
    """Run every step against build/dist/caseroom (or the folder given)."""
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "dist" / "caseroom"
    if not executable(bundle).is_file():
        raise SystemExit(f"smoke: no bundle at {bundle}: run packaging/build.py first")
    with tempfile.TemporaryDirectory(prefix="caseroom-smoke-") as folder:
        scratch = Path(folder)
        smoke = Smoke(bundle, scratch)
        version = smoke.run("--version", "--version")
        if not version.startswith("caseroom "):
            raise SystemExit(f"smoke: --version printed {version!r}")
        db = scratch / "demo.sqlite3"
        smoke.run("demo", "demo", "--db", db, "--families", "12")
        smoke.run("check", "check", "--db", db)
        case, active = first_active_case(db)
        report = scratch / "progress-kk.pdf"
        smoke.run(
            "report progress",
            "report",
            "progress",
            "--db",
            db,
            "--child",
            case,
            "--lang",
            "kk",
            "--out",
            report,
        )
        if not KAZAKH_LETTERS & set(pdf_text(report)):
            raise SystemExit("smoke: the Kazakh progress report has no Kazakh letters")
        summary = scratch / "summary.xlsx"
        smoke.run(
            "report summary",
            "report",
            "summary",
            "--db",
            db,
            "--period",
            "2026-2027",
            "--format",
            "xlsx",
            "--out",
            summary,
        )
        if not zipfile.is_zipfile(summary):
            raise SystemExit("smoke: the summary is not an XLSX workbook")
        for method in start_methods():
            batch = scratch / f"batch-{method}"
            said = smoke.run(
                f"report progress --all --start-method {method}",
                *("report", "progress", "--db", db, "--all", "--out", batch),
                *("--start-method", method, "--lang", "en"),
            )
            written = len(list(batch.glob("*.pdf")))
            if written != active:
                raise SystemExit(f"smoke: the batch wrote {written} reports for {active} children")
            workers = f"2 worker processes used (start method {method})"
            if workers not in said:
                raise SystemExit(f"smoke: the {method} batch did not say {workers!r}: {said!r}")
        painted = smoke.run("window", "--db", db, "--quit-after-paint", timeout=120)
        if "first paint" not in painted:
            raise SystemExit("smoke: the window did not paint")
        archives = sorted((ROOT / "build").glob("caseroom-*-linux-x86_64.tar.gz"))
        if sys.platform.startswith("linux") and archives:
            check_linux_archive(archives[-1], scratch, smoke.env)
    print("smoke: the bundle works", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
