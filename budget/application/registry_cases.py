"""Use cases of the registry: local authorities, user accounts, targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geothai

from budget.application.base import OfficeBase
from budget.application.commands import (
    ChangeAuthorityType,
    GrantRole,
    MergeAuthority,
    OpenAccount,
    PlaceInDistrict,
    RegisterAuthority,
    RenameAuthority,
    RevokeRole,
    SetAuthorityContact,
    SetPassword,
    SetTargets,
)
from budget.application.handlers import handles
from budget.application.passwords import hash_password
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.calendar import today
from budget.domain.errors import AlreadyExists, InvalidInput
from budget.domain.ids import account_id, authority_id, normal_username, targets_id
from budget.domain.targets import DisbursementTargets, Target
from budget.registry.records import AuthorityRecord


@dataclass(frozen=True, slots=True)
class RegistryImported:
    """What an import of the registry recorded: LAOs new to it, contacts set."""

    new: int
    contacts: int


class RegistryCases(OfficeBase):
    # -- local authorities -----------------------------------------------------

    @handles(RegisterAuthority)
    def _register_authority(
        self, c: RegisterAuthority, actor: Actor, _expected: int | None
    ) -> Recorded:
        """The LAO joins the registry; with the contact its list gives, if any."""
        authorize(actor, Action.MANAGE_REGISTRY)
        on = c.happened_on
        by = c.stamp(actor)
        authority = self._new_authority(c.authority, actor, on)
        if c.authority.contact is not None:
            authority.set_contact(contact=c.authority.contact, **by)
        return self.record(authority, key=c.authority.code)

    def import_authorities(
        self, records: list[AuthorityRecord], *, actor: Actor, business_date: date | None = None
    ) -> RegistryImported:
        """Register every authority not yet registered, and set the contacts the list
        gives where they differ from the registry's (not for an LAO merged away), all in
        one transaction (DLA's list in bulk). Re-running the same file records nothing
        twice."""
        authorize(actor, Action.MANAGE_REGISTRY)
        on = business_date or today()
        new = [r for r in records if not self.exists(authority_id(r.code))]
        changed = [r for r in records if r not in new and self._contact_changes(r)]
        with self.batch() as batch:
            for record in new:
                batch.execute(RegisterAuthority(authority=record, business_date=on), actor=actor)
            for record in changed:
                assert record.contact is not None
                contact = record.contact
                batch.execute(
                    SetAuthorityContact(
                        code=record.code,
                        officer=contact.officer,
                        phone=contact.phone,
                        email=contact.email,
                        business_date=on,
                    ),
                    actor=actor,
                )
            batch.commit()
        return RegistryImported(new=len(new), contacts=len(changed))

    def _contact_changes(self, record: AuthorityRecord) -> bool:
        """Does the list give the (registered) LAO a contact it does not have yet?"""
        if record.contact is None:
            return False
        held = self.authority(record.code)
        return held.is_active and held.contact != record.contact

    @staticmethod
    def _new_authority(record: AuthorityRecord, actor: Actor, on: date) -> LocalAuthority:
        return LocalAuthority.register(
            code=record.code,
            name_th=record.name_th,
            name_en=record.name_en,
            type=record.type,
            province_code=record.province_code,
            district_code=record.district_code,
            subdistrict_code=record.subdistrict_code,
            actor=actor,
            business_date=on,
        )

    def authority(self, code: str, *, for_change: bool = False) -> LocalAuthority:
        return self.load(LocalAuthority, authority_id(code), code, for_change=for_change)

    def _authority_for_change(
        self, code: str, actor: Actor, expected_version: int | None = None
    ) -> LocalAuthority:
        """The LAO a command changes, taken for it once `actor` may manage the registry."""
        authorize(actor, Action.MANAGE_REGISTRY)
        return self.load(
            LocalAuthority, authority_id(code), code, expected_version, for_change=True
        )

    @handles(RenameAuthority)
    def _rename_authority(
        self, c: RenameAuthority, actor: Actor, _expected: int | None
    ) -> Recorded:
        authority = self._authority_for_change(c.code, actor)
        authority.rename(name_th=c.name_th, name_en=c.name_en, **c.stamp(actor))
        return self.record(authority)

    @handles(ChangeAuthorityType)
    def _change_authority_type(
        self, c: ChangeAuthorityType, actor: Actor, _expected: int | None
    ) -> Recorded:
        authority = self._authority_for_change(c.code, actor)
        authority.change_type(new_type=c.new_type, reason=c.reason, **c.stamp(actor))
        return self.record(authority)

    @handles(PlaceInDistrict)
    def _place_in_district(
        self, c: PlaceInDistrict, actor: Actor, _expected: int | None
    ) -> Recorded:
        """An LAO's district (อำเภอ), where the registry lacks it: one geothai (DOPA) knows."""
        authority = self._authority_for_change(c.code, actor)
        if geothai.district(c.district_code) is None:
            raise InvalidInput(
                problem=f"unknown district code {c.district_code!r}",
                problem_th=f"ไม่พบอำเภอรหัส {c.district_code}",
            )
        authority.place_in_district(
            district_code=c.district_code, reason=c.reason, **c.stamp(actor)
        )
        return self.record(authority)

    @handles(MergeAuthority)
    def _merge_authority(self, c: MergeAuthority, actor: Actor, _expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_REGISTRY)
        successor = self.authority(c.into)
        successor.check_active()
        authority = self.authority(c.code, for_change=True)
        authority.merge_into(successor_code=c.into, **c.stamp(actor))
        return self.record(authority)

    @handles(SetAuthorityContact)
    def _set_authority_contact(
        self, c: SetAuthorityContact, actor: Actor, expected: int | None
    ) -> Recorded:
        authority = self._authority_for_change(c.code, actor, expected)
        authority.set_contact(contact=c.contact(), **c.stamp(actor))
        return self.record(authority)

    # -- accounts --------------------------------------------------------------

    @handles(OpenAccount)
    def _open_account(self, c: OpenAccount, actor: Actor, _expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_ACCOUNTS)
        account = UserAccount.open(
            username=c.username, display_name=c.display_name, **c.stamp(actor)
        )
        if self.exists(account.id):
            raise AlreadyExists(what="UserAccount", key=account.username)
        return self.record(account, key=account.username)

    def account(
        self, username: str, *, for_change: bool = False, expected_version: int | None = None
    ) -> UserAccount:
        return self.load(
            UserAccount,
            account_id(username),
            username,
            expected_version,
            for_change=for_change,
        )

    def _account_for_change(
        self, username: str, actor: Actor, expected_version: int | None
    ) -> UserAccount:
        """The account a command changes, taken for it once `actor` may manage accounts."""
        authorize(actor, Action.MANAGE_ACCOUNTS)
        return self.account(username, for_change=True, expected_version=expected_version)

    @handles(GrantRole)
    def _grant_role(self, c: GrantRole, actor: Actor, expected: int | None) -> Recorded:
        account = self._account_for_change(c.username, actor, expected)
        account.grant(role=c.role, acting_for=c.acting_for, **c.stamp(actor))
        return self.record(account)

    @handles(RevokeRole)
    def _revoke_role(self, c: RevokeRole, actor: Actor, expected: int | None) -> Recorded:
        account = self._account_for_change(c.username, actor, expected)
        account.revoke(role=c.role, acting_for=c.acting_for, reason=c.reason, **c.stamp(actor))
        return self.record(account)

    @handles(SetPassword)
    def _set_password(self, c: SetPassword, actor: Actor, expected: int | None) -> Recorded:
        """Account managers set anyone's password; everyone may set their own."""
        username = c.username
        if normal_username(actor.user_id) != normal_username(username):
            authorize(actor, Action.MANAGE_ACCOUNTS)
        account = self.account(username, for_change=True, expected_version=expected)
        account.set_password(password_hash=hash_password(c.password), **c.stamp(actor))
        return self.record(account)

    # -- disbursement targets --------------------------------------------------

    @handles(SetTargets)
    def _set_targets(self, c: SetTargets, actor: Actor, _expected: int | None) -> Recorded:
        authorize(actor, Action.SET_TARGETS)
        by = c.stamp(actor)
        if self.exists(targets_id(c.fiscal_year)):
            record = self.load(
                DisbursementTargets,
                targets_id(c.fiscal_year),
                str(c.fiscal_year),
                for_change=True,
            )
        else:
            record = DisbursementTargets.for_year(fiscal_year=c.fiscal_year, **by)
        record.set(targets=c.targets, source=c.source, **by)
        return self.record(record, key=str(c.fiscal_year))

    def targets(self, fiscal_year: int) -> list[Target]:
        if not self.exists(targets_id(fiscal_year)):
            return []
        return self.load(DisbursementTargets, targets_id(fiscal_year), str(fiscal_year)).targets
