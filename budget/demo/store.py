"""Which stores the demo may be recorded into: an empty one, or one that is a demo already.

The demo is synthetic: its LAOs, projects and accounts (password `demo`, printed for
everyone) would stay in a real store's history for good, since events are never deleted.
So `budget demo` records only into a store that holds no event yet, or one marked as a
demo: its accounts are there with the demo password (the demo opens them last), or, for
the embedded SQLite store, its folder holds a `DEMO` file (written when the demo starts
on an empty store, so an interrupted run may go on).
"""

from __future__ import annotations

from pathlib import Path

from budget.application import BudgetOffice
from budget.application.passwords import verify_password
from budget.config import Settings
from budget.demo.accounts import DEMO_PASSWORD, USERNAMES
from budget.domain.ids import account_id

DEMO_MARK = "DEMO"
NOT_A_DEMO = (
    "the store holds records that are not the demo's: the demo is recorded only into an "
    "empty store or a demo's own (a real installation starts with "
    "`budget accounts bootstrap-admin USERNAME`)"
)


def demo_mark(settings: Settings) -> Path | None:
    """The file that marks an embedded store as a demo (None: the store has no folder)."""
    if settings.store != "sqlite":
        return None
    return settings.sqlite_path.parent / DEMO_MARK


def holds_demo_accounts(office: BudgetOffice) -> bool:
    """The store holds the demo's accounts, still with the demo password."""
    for username in USERNAMES:
        if office.exists(account_id(username)):
            account = office.account(username)
            return verify_password(account.password_hash, DEMO_PASSWORD)
    return False


def why_no_demo(office: BudgetOffice, settings: Settings) -> str | None:
    """Why the demo may not be recorded into this store (None: it may)."""
    if not office.recorder.max_notification_id():
        return None
    mark = demo_mark(settings)
    if mark is not None and mark.is_file():
        return None
    if holds_demo_accounts(office):
        return None
    return NOT_A_DEMO


def mark_as_demo(settings: Settings) -> None:
    """Mark an embedded store as a demo's (before the demo's first event)."""
    mark = demo_mark(settings)
    if mark is not None:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text("This store holds the synthetic demo year of `budget demo`.\n")
