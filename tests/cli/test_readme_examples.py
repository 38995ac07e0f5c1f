"""README's command-line examples run as written, in order, from a checkout's folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_examples() -> list[str]:
    """The lines of the code block that follows "These run as written" in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index("These run as written") :]
    block = re.search(r"```\n(.*?)```", after, re.S)
    assert block is not None
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_examples_run_as_written(tmp_path: Path) -> None:
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CASEROOM_")}
    env.update(
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        HOME=str(tmp_path),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
    )
    examples = readme_examples()
    assert len(examples) >= 10
    for line in examples:
        if line == "caseroom --db demo.sqlite3":
            line += " --quit-after-paint"  # the app itself: opened, painted, closed
        done = subprocess.run(
            ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (line, done.stderr[-800:])
    assert (tmp_path / "report.pdf").stat().st_size > 0
    assert list((tmp_path / "reports").glob("*.pdf"))
    assert (tmp_path / "room.sqlite3").is_file()
