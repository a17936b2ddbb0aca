"""Use cases of the registry: local authorities, user accounts, targets."""

from __future__ import annotations

from datetime import date

from budget.application.base import OfficeBase
from budget.application.passwords import hash_password
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, Role, authorize
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import today
from budget.domain.errors import AlreadyExists
from budget.domain.ids import account_id, authority_id, normal_username, targets_id
from budget.domain.targets import DisbursementTargets, Target
from budget.registry.records import AuthorityRecord


class RegistryCases(OfficeBase):
    # -- local authorities -----------------------------------------------------

    def register_authority(
        self, record: AuthorityRecord, *, actor: Actor, business_date: date | None = None
    ) -> Recorded:
        authorize(actor, Action.MANAGE_REGISTRY)
        authority = self._new_authority(record, actor, business_date or today())
        return self.record(authority, key=record.code)

    def import_authorities(
        self, records: list[AuthorityRecord], *, actor: Actor, business_date: date | None = None
    ) -> int:
        """Register every authority not yet registered, all in one transaction.

        Re-running the same file records nothing twice. Returns how many were new.
        """
        authorize(actor, Action.MANAGE_REGISTRY)
        on = business_date or today()
        new = [r for r in records if not self.exists(authority_id(r.code))]
        if new:
            self.record_many([self._new_authority(r, actor, on) for r in new])
        return len(new)

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

    def rename_authority(
        self,
        code: str,
        *,
        name_th: str,
        name_en: str,
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        authorize(actor, Action.MANAGE_REGISTRY)
        authority = self.authority(code, for_change=True)
        authority.rename(
            name_th=name_th, name_en=name_en, actor=actor, business_date=business_date or today()
        )
        return self.record(authority)

    def change_authority_type(
        self,
        code: str,
        *,
        new_type: AuthorityType,
        reason: str,
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        authorize(actor, Action.MANAGE_REGISTRY)
        authority = self.authority(code, for_change=True)
        authority.change_type(
            new_type=new_type, reason=reason, actor=actor, business_date=business_date or today()
        )
        return self.record(authority)

    def merge_authority(
        self, code: str, *, into: str, actor: Actor, business_date: date | None = None
    ) -> Recorded:
        authorize(actor, Action.MANAGE_REGISTRY)
        successor = self.authority(into)
        successor.check_active()
        authority = self.authority(code, for_change=True)
        authority.merge_into(
            successor_code=into, actor=actor, business_date=business_date or today()
        )
        return self.record(authority)

    # -- accounts --------------------------------------------------------------

    def open_account(
        self, username: str, *, display_name: str, actor: Actor, business_date: date | None = None
    ) -> Recorded:
        authorize(actor, Action.MANAGE_ACCOUNTS)
        account = UserAccount.open(
            username=username,
            display_name=display_name,
            actor=actor,
            business_date=business_date or today(),
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

    def grant_role(
        self,
        username: str,
        *,
        role: Role,
        acting_for: str = "",
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        authorize(actor, Action.MANAGE_ACCOUNTS)
        account = self.account(username, for_change=True, expected_version=expected_version)
        account.grant(
            role=role, acting_for=acting_for, actor=actor, business_date=business_date or today()
        )
        return self.record(account)

    def revoke_role(
        self,
        username: str,
        *,
        role: Role,
        acting_for: str = "",
        reason: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        authorize(actor, Action.MANAGE_ACCOUNTS)
        account = self.account(username, for_change=True, expected_version=expected_version)
        account.revoke(
            role=role,
            acting_for=acting_for,
            reason=reason,
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(account)

    def set_password(
        self,
        username: str,
        password: str,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """Account managers set anyone's password; everyone may set their own."""
        if normal_username(actor.user_id) != normal_username(username):
            authorize(actor, Action.MANAGE_ACCOUNTS)
        account = self.account(username, for_change=True, expected_version=expected_version)
        account.set_password(
            password_hash=hash_password(password),
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(account)

    # -- disbursement targets --------------------------------------------------

    def set_targets(
        self,
        fiscal_year: int,
        targets: list[Target],
        *,
        source: str,
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        authorize(actor, Action.SET_TARGETS)
        on = business_date or today()
        if self.exists(targets_id(fiscal_year)):
            record = self.load(
                DisbursementTargets, targets_id(fiscal_year), str(fiscal_year), for_change=True
            )
        else:
            record = DisbursementTargets.for_year(
                fiscal_year=fiscal_year, actor=actor, business_date=on
            )
        record.set(targets=targets, source=source, actor=actor, business_date=on)
        return self.record(record, key=str(fiscal_year))

    def targets(self, fiscal_year: int) -> list[Target]:
        if not self.exists(targets_id(fiscal_year)):
            return []
        return self.load(DisbursementTargets, targets_id(fiscal_year), str(fiscal_year)).targets
