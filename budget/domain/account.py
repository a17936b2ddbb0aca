"""UserAccount: a person who uses the system, and the roles granted to them.

Grants are events too, so who could do what, and since when, is audited. So is each
change of password: the event keeps a one-way hash (argon2, computed by the
application), never the password.

A grant names an office the law knows (budget/domain/oversight.py): a district office
acts for a district (its code is the grant's scope, as a province's is a reviewer's), and
neither a provincial reviewer nor a district office acts in Bangkok. A grant stored before
that rule still loads: the rule is the command's, not the event's.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor, Role, check_grant_scope
from budget.domain.errors import InvalidInput, RoleAlreadyGranted, RoleNotGranted
from budget.domain.ids import account_id, normal_username


class UserAccount(Aggregate):
    @staticmethod
    def create_id(username: str) -> UUID:
        return account_id(username)

    @event("Created")
    def __init__(
        self, *, username: str, display_name: str, actor: Actor, business_date: date
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.grants: set[tuple[Role, str]] = set()
        self.password_hash = ""  # none yet: the account cannot log in

    @classmethod
    def open(
        cls, *, username: str, display_name: str, actor: Actor, business_date: date
    ) -> UserAccount:
        username = normal_username(username)
        if not username or not display_name.strip():
            raise InvalidInput(
                problem="an account needs a username and a display name",
                problem_th="บัญชีผู้ใช้ต้องมีชื่อผู้ใช้และชื่อที่แสดง",
            )
        created: UserAccount = cls(
            username=username,
            display_name=display_name.strip(),
            actor=actor,
            business_date=business_date,
        )
        return created

    def _check_granted(self, role: Role, acting_for: str) -> None:
        if (role, acting_for) not in self.grants:
            raise RoleNotGranted(**_grant_words(role, acting_for))

    def actor_as(self, role: Role, acting_for: str = "") -> Actor:
        """The Actor this user is when using a role they hold."""
        self._check_granted(role, acting_for)
        return Actor(self.username, role, acting_for)

    def grant(self, *, role: Role, acting_for: str = "", actor: Actor, business_date: date) -> None:
        check_grant_scope(role, acting_for)  # the scope fits the role, and its office exists
        if (role, acting_for) in self.grants:
            raise RoleAlreadyGranted(**_grant_words(role, acting_for))
        self._granted(role=role, acting_for=acting_for, actor=actor, business_date=business_date)

    @event("RoleGranted")
    def _granted(self, role: Role, acting_for: str, actor: Actor, business_date: date) -> None:
        self.grants.add((role, acting_for))

    def revoke(
        self, *, role: Role, acting_for: str = "", reason: str, actor: Actor, business_date: date
    ) -> None:
        self._check_granted(role, acting_for)
        self._revoked(
            role=role,
            acting_for=acting_for,
            reason=reason,
            actor=actor,
            business_date=business_date,
        )

    @event("RoleRevoked")
    def _revoked(
        self, role: Role, acting_for: str, reason: str, actor: Actor, business_date: date
    ) -> None:
        self.grants.discard((role, acting_for))

    def set_password(self, *, password_hash: str, actor: Actor, business_date: date) -> None:
        """A new password, given as its hash (the domain never sees the password)."""
        if not password_hash.startswith("$"):
            raise InvalidInput(
                problem="a password is kept only as a one-way hash",
                problem_th="รหัสผ่านเก็บได้เฉพาะค่าแฮชทางเดียว",
            )
        self._password_set(password_hash=password_hash, actor=actor, business_date=business_date)

    @event("PasswordSet")
    def _password_set(self, password_hash: str, actor: Actor, business_date: date) -> None:
        self.password_hash = password_hash


def _grant_words(role: Role, acting_for: str) -> dict[str, str]:
    """A grant as its refusals name it: the role and the place it is held for."""
    return {
        "role": role.value,
        "role_th": role.name_th,
        "scope": acting_for or "nation",
        "scope_th": acting_for or "ทั้งประเทศ",
    }
