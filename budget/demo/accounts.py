"""The demo's user accounts (password `demo`), opened only by `budget demo`.

One of each kind of user: DLA, an auditor, the demo province's reviewer, finance
staff and the executive of the demo's first LAO, finance staff of its second, and the
office of the district that oversees its first SAO or subdistrict municipality
(budget/domain/oversight.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from budget.application import BudgetOffice
from budget.application.commands import GrantRole, OpenAccount, SetPassword
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.ids import account_id
from budget.domain.oversight import overseeing_district
from budget.registry.geography import district_name_th
from budget.registry.records import AuthorityRecord

DEMO_PASSWORD = "demo"  # printed for everyone to use
USERNAMES = ("dla", "auditor", "reviewer", "clerk", "executive", "clerk2", "district")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    acting_for: str = ""


def demo_accounts(records: list[AuthorityRecord]) -> list[DemoAccount]:
    """The accounts for a demo of these LAOs (of one province), by LAO code order."""
    laos = sorted(records, key=lambda r: r.code)
    first = laos[0]
    accounts = [
        DemoAccount("dla", "ผู้บริหาร กสถ. (สาธิต)", Role.DLA_EXECUTIVE),
        DemoAccount("auditor", "ผู้ตรวจสอบ สตง. (สาธิต)", Role.AUDITOR),
        DemoAccount(
            "reviewer", "ผู้ตรวจรายงาน สถจ. (สาธิต)", Role.PROVINCIAL_REVIEWER, first.province_code
        ),
        DemoAccount("clerk", f"เจ้าหน้าที่การเงิน {first.name_th}", Role.LAO_FINANCE, first.code),
        DemoAccount("executive", f"ผู้บริหาร {first.name_th}", Role.LAO_EXECUTIVE, first.code),
    ]
    if len(laos) > 1:
        second = laos[1]
        accounts.append(
            DemoAccount("clerk2", f"เจ้าหน้าที่การเงิน {second.name_th}", Role.LAO_FINANCE, second.code)
        )
    overseen = [r for r in laos if overseeing_district(r.type, r.district_code)]
    if overseen:
        district = overseen[0].district_code
        name = f"ท้องถิ่นอำเภอ{district_name_th(district)} (สาธิต)"
        accounts.append(DemoAccount("district", name, Role.DISTRICT_OFFICE, district))
    return accounts


def demo_usernames(records: list[AuthorityRecord]) -> dict[tuple[Role, str], str]:
    """The username each (role, scope) of the demo records its history as: the accounts
    people log in with (issue 13, item 11); the other LAOs' staff keep their own."""
    return {(a.role, a.acting_for): a.username for a in demo_accounts(records)}


def open_demo_accounts(office: BudgetOffice, accounts: list[DemoAccount], on: date) -> int:
    """Give the demo's accounts their role and the demo password; those the recorded
    year opened already (its staff act under these names) keep their history."""
    opened = 0
    for account in accounts:
        if not office.exists(account_id(account.username)):
            office.execute(
                OpenAccount(
                    username=account.username, display_name=account.display_name, business_date=on
                ),
                actor=SYSTEM_ACTOR,
            )
        if (account.role, account.acting_for) not in office.account(account.username).grants:
            office.execute(
                GrantRole(
                    username=account.username,
                    role=account.role,
                    acting_for=account.acting_for,
                    business_date=on,
                ),
                actor=SYSTEM_ACTOR,
            )
        if office.account(account.username).password_hash:
            continue
        office.execute(
            SetPassword(username=account.username, password=DEMO_PASSWORD, business_date=on),
            actor=SYSTEM_ACTOR,
        )
        opened += 1
    return opened


def present_demo_accounts(office: BudgetOffice) -> list[DemoAccount]:
    """The demo accounts this store holds (none: not a demo), as they are now; one the
    recorded year opened but `open_demo_accounts` has not yet given a password does not
    count (the demo did not finish)."""
    found = []
    for username in USERNAMES:
        if not office.exists(account_id(username)):
            continue
        account = office.account(username)
        if not account.password_hash:
            continue
        for role, acting_for in sorted(account.grants, key=lambda g: (g[0].value, g[1])):
            found.append(DemoAccount(username, account.display_name, role, acting_for))
    return found
