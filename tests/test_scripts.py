"""The shell scripts beside the README: each one that makes the virtualenv names the
virtualenv, the lock file it installs and its stamp before it sources scripts/venv.sh
(bash's `set -u` stops a script that forgot one: scripts/bench-import once did), and
answers --help through it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCING = sorted(
    path
    for path in (ROOT / "scripts").iterdir()
    if path.is_file() and "scripts/venv.sh" in path.read_text()
)
NEEDS = ("venv", "lock", "stamp")


def test_some_scripts_source_the_virtualenv_maker() -> None:
    assert {p.name for p in SOURCING} >= {"test", "serve", "bench-import", "bench-http"}


@pytest.mark.parametrize("script", SOURCING, ids=lambda p: p.name)
def test_each_script_names_what_venv_sh_expects_before_sourcing_it(script: Path) -> None:
    text = script.read_text()
    before = text[: text.index("scripts/venv.sh")]
    for name in NEEDS:
        assert re.search(rf"^{name}=", before, re.MULTILINE), f"{script.name} sets no {name}"
    lock = re.search(r'^lock="\$root/(.+)"$', before, re.MULTILINE)
    assert lock is not None
    assert (ROOT / lock.group(1)).is_file()


@pytest.mark.parametrize(
    "script", [p for p in SOURCING if p.name.startswith("bench-")], ids=lambda p: p.name
)
def test_each_benchmark_script_answers_help(script: Path) -> None:
    done = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
