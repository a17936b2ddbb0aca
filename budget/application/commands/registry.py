"""Commands of the registry: local authorities, user accounts and their roles, and the
year's disbursement targets."""

from __future__ import annotations

from typing import Annotated

import msgspec

from budget.application.commands.base import Command, Dated
from budget.application.fields import ONE_LINE, Code, FiscalYearBE, Name, Password, Text, Username
from budget.domain.access import GRANTABLE, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.contact import EMAIL_LENGTH, Contact
from budget.domain.targets import Target
from budget.registry.records import AuthorityRecord

Scope = Annotated[
    str,
    msgspec.Meta(
        max_length=20,
        pattern=ONE_LINE,
        description="the LAO code (LAO roles), province code (reviewers), district code "
        "(district offices), or empty (national)",
    ),
]

# -- local authorities ------------------------------------------------------------------


class RegisterAuthority(Dated, Command, kw_only=True, frozen=True):
    """A local authority joins the registry (DLA's list, or generated for a demo)."""

    authority: AuthorityRecord


class RenameAuthority(Dated, Command, kw_only=True, frozen=True):
    code: Code
    name_th: Name
    name_en: Name


class ChangeAuthorityType(Dated, Command, kw_only=True, frozen=True):
    """An SAO upgraded to a subdistrict municipality, ...; history keeps the old type."""

    code: Code
    new_type: AuthorityType
    reason: Text


DistrictCode = Annotated[
    str,
    msgspec.Meta(
        min_length=4, max_length=4, pattern="^[0-9]{4}$", description="a district code (อำเภอ)"
    ),
]


class DistrictIn(Dated, kw_only=True, frozen=True):
    """The district (อำเภอ) an LAO lies in (geothai's code, 4 digits), where the registry
    lacks it; moving an LAO to another district says why (`reason`)."""

    district_code: DistrictCode
    reason: Text = ""


class PlaceInDistrict(DistrictIn, Command, kw_only=True, frozen=True):
    code: Code


class MergeAuthority(Dated, Command, kw_only=True, frozen=True):
    code: Code
    into: Code


ContactText = Annotated[str, msgspec.Meta(max_length=EMAIL_LENGTH, pattern=ONE_LINE)]


class ContactIn(Dated, kw_only=True, frozen=True):
    """How the provincial office reaches the LAO: its office phone (`"0 5311 2233 ต่อ
    12"`), e-mail and the officer responsible for its records; a phone or an e-mail at
    least (budget.domain.contact)."""

    officer: ContactText = ""
    phone: ContactText = ""
    email: ContactText = ""

    def contact(self) -> Contact:
        return Contact.checked(officer=self.officer, phone=self.phone, email=self.email)


class SetAuthorityContact(ContactIn, Command, kw_only=True, frozen=True):
    """The LAO's contact set or changed (an audited event; the one before stays in its
    history)."""

    code: Code


# -- accounts -----------------------------------------------------------------------------


class AccountOpening(Dated, kw_only=True, frozen=True):
    username: Username
    display_name: Name


class OpenAccount(AccountOpening, Command, kw_only=True, frozen=True):
    """An account with no role and no password yet: it cannot log in."""


class GrantIn(Dated, kw_only=True, frozen=True):
    role: Role
    acting_for: Scope = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.role not in GRANTABLE:
            msg = f"role: {self.role.value} is not granted to people"
            raise ValueError(msg)


class GrantRole(GrantIn, Command, kw_only=True, frozen=True):
    username: Username


class RevocationIn(Dated, kw_only=True, frozen=True):
    role: Role
    reason: Text
    acting_for: Scope = ""


class RevokeRole(RevocationIn, Command, kw_only=True, frozen=True):
    username: Username


class PasswordIn(Dated, kw_only=True, frozen=True):
    """A new password set by the administrator (the account's holder changes it after)."""

    password: Password


class SetPassword(PasswordIn, Command, kw_only=True, frozen=True):
    """Account managers set anyone's password; everyone may set their own."""

    username: Username


# -- disbursement targets -------------------------------------------------------------------


class TargetsIn(Dated, kw_only=True, frozen=True):
    """The government's disbursement targets of a fiscal year (data, never constants):
    per quarter, for all budget groups (`group` null) or one; `source` names the cabinet
    resolution or letter."""

    targets: Annotated[list[Target], msgspec.Meta(max_length=40)]
    source: Text


class SetTargets(TargetsIn, Command, kw_only=True, frozen=True):
    fiscal_year: FiscalYearBE
