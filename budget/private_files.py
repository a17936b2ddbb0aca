"""Files that hold the records or a secret (the SQLite stores, `secret.key`) are for the
service's own user alone: created with mode 0600, and made so again at every start if
someone loosened them (with a warning in the log)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

PRIVATE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing; make an existing one 0600 if its
    group or others may read or write it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        tighten(path)
    else:
        os.close(descriptor)


def private_sqlite(path: Path) -> None:
    """A SQLite database and the files SQLite keeps beside it (which take its mode)."""
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            tighten(companion)


def tighten(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, mode & 0o700)
        logger.warning("%s could be read by others (mode %o): made 0600", path, mode)
