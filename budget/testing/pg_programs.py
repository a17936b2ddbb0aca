"""The PostgreSQL server programs: where they are (``$BUDGET_PG_BIN``, PATH, the usual
Debian/Ubuntu and RHEL folders), which version, and how to install them when they are
missing (budget.testing.postgres starts its throwaway servers with them)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

MIN_MAJOR_VERSION = 15
COMMAND_TIMEOUT_SECONDS = 120
BIN_ENV = "BUDGET_PG_BIN"
_REQUIRED_PROGRAMS = ("initdb", "pg_ctl", "postgres")

INSTALL_HELP = f"""\
PostgreSQL {MIN_MAJOR_VERSION} (or newer) server programs are needed to run the tests.

  Debian/Ubuntu:  apt-get update && apt-get install -y postgresql-{MIN_MAJOR_VERSION}
                  (or: apt-get install -y postgresql)
  Other systems:  install the PostgreSQL {MIN_MAJOR_VERSION} server binaries and put
                  initdb and pg_ctl on PATH, or set {BIN_ENV} to their folder,
                  e.g. {BIN_ENV}=/usr/lib/postgresql/{MIN_MAJOR_VERSION}/bin

No server needs to be running: the tests start a throwaway one of their own."""


class PostgresNotInstalled(RuntimeError):  # noqa: N818 - the name reads as a state, on purpose
    """The PostgreSQL server programs (initdb, pg_ctl, postgres) could not be found."""

    def __init__(
        self,
        detail: str = "The PostgreSQL server programs (initdb, pg_ctl, postgres) were not found.",
    ) -> None:
        super().__init__(f"{detail}\n\n{INSTALL_HELP}")


# --- finding the programs -------------------------------------------------------------------


def _has_programs(folder: Path) -> bool:
    return all(
        (folder / name).is_file() and os.access(folder / name, os.X_OK)
        for name in _REQUIRED_PROGRAMS
    )


def _folder_version(folder: Path) -> tuple[int, ...]:
    """(15,) for /usr/lib/postgresql/15/bin or /usr/pgsql-15/bin; () if there is no number."""
    match = re.search(r"(\d+(?:\.\d+)*)$", folder.parent.name)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def find_pg_bin() -> Path:
    """The folder holding initdb, pg_ctl and postgres.

    Looks at ``$BUDGET_PG_BIN``, then the folder of ``initdb`` on PATH (through symlinks),
    then the highest ``/usr/lib/postgresql/*/bin`` (Debian/Ubuntu) or ``/usr/pgsql-*/bin``
    (RHEL/Fedora).  Raises PostgresNotInstalled when none has the programs.
    """
    configured = os.environ.get(BIN_ENV, "").strip()
    if configured:
        folder = Path(configured).expanduser()
        if _has_programs(folder):
            return folder.resolve()
        raise PostgresNotInstalled(
            f"{BIN_ENV}={configured!r} does not contain the PostgreSQL server programs "
            f"({', '.join(_REQUIRED_PROGRAMS)})."
        )
    initdb = shutil.which("initdb")
    if initdb is not None:
        folder = Path(initdb).resolve().parent
        if _has_programs(folder):
            return folder
    candidates = [*Path("/usr/lib/postgresql").glob("*/bin"), *Path("/usr").glob("pgsql-*/bin")]
    for folder in sorted(candidates, key=_folder_version, reverse=True):
        if _has_programs(folder):
            return folder
    raise PostgresNotInstalled()


def check_installation() -> tuple[Path, str]:
    """(bin folder, version such as '15.18'); PostgresNotInstalled if missing or too old."""
    bin_dir = find_pg_bin()
    result = subprocess.run(
        [str(bin_dir / "initdb"), "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    match = re.search(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?", result.stdout)
    if result.returncode != 0 or match is None:
        raise PostgresNotInstalled(
            f"{bin_dir / 'initdb'} --version failed or printed no PostgreSQL version: "
            f"{(result.stdout + result.stderr).strip()!r}"
        )
    version = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
    if int(match.group(1)) < MIN_MAJOR_VERSION:
        raise PostgresNotInstalled(
            f"Found PostgreSQL {version} in {bin_dir}, but version {MIN_MAJOR_VERSION} or newer "
            "is required."
        )
    return bin_dir, version
