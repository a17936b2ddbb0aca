"""The service's secret key: it signs the pages' CSRF tokens and binds a password write's
idempotency key to the new password (a keyed HMAC, so nothing kept reveals a password).

`BUDGET_SECRET_KEY` (at least 32 bytes, else the service refuses to start), or a random
key kept in `secret.key` in the home folder (so a restart does not invalidate the forms
people have open), a file only the service's user may read.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from budget.config import Settings
from budget.private_files import PRIVATE, tighten

logger = logging.getLogger(__name__)

SECRET_ENV = "BUDGET_SECRET_KEY"
SECRET_FILE = "secret.key"
MIN_SECRET_BYTES = 32


def secret_key(settings: Settings) -> str:
    """The key that signs the CSRF tokens and binds password writes' idempotency keys:
    `BUDGET_SECRET_KEY` (at least 32 bytes, else the service refuses to start), else a
    random key kept in the home folder in a file only the service's user may read."""
    given = settings.secret_key
    if given:
        if len(given.encode()) < MIN_SECRET_BYTES:
            msg = (
                f"{SECRET_ENV} has {len(given.encode())} bytes: give at least "
                f"{MIN_SECRET_BYTES} bytes (e.g. python3 -c 'import secrets; "
                "print(secrets.token_hex(32))')"
            )
            raise ValueError(msg)
        return given
    path = Path(settings.home) / SECRET_FILE
    try:
        if path.is_file():
            tighten(path)
            kept = path.read_text(encoding="ascii").strip()
            if len(kept) >= MIN_SECRET_BYTES:
                return kept
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key)
    except OSError as error:  # a read-only home: forms open before a restart need a reload
        logger.warning(
            "could not keep the CSRF key in %s (%s): using one for this run", path, error
        )
        return secrets.token_hex(32)
    return key
