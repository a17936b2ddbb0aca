"""User accounts and their roles, kept by the DLA administrator: open an account, grant a
role with its scope, revoke it, set (reset) a password; and anyone's own password,
changed with the current one. Every change is an event of the account (who granted
what, when and why is in its history); a session whose role is revoked or whose
password is set again ends at its next check.

Passwords never reach a record, a log or the idempotency table: a password write's
Idempotency-Key is bound to the route and the other fields of its body, not to the
password.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from budget.application import BudgetOffice, Recorded
from budget.application.passwords import check_chosen_password
from budget.domain.access import Action, Actor, Role
from budget.domain.account import UserAccount
from budget.domain.ids import normal_username
from budget.http.auth import locked_out, password_matches
from budget.http.fields import ONE_LINE, Name, Password, Text, Username
from budget.http.guards import services_of
from budget.http.problems import HttpProblem
from budget.http.project_bodies import Dated
from budget.http.routing import PROBLEMS, WRITE_PROBLEMS, action
from budget.http.sessions import Session
from budget.http.writes import Writer, Written, etag, provide_creator, provide_writer

MANAGE = action(Action.MANAGE_ACCOUNTS)
UsernamePath = Annotated[
    str, PathParameter(min_length=1, max_length=100, pattern=ONE_LINE, description="username")
]
Scope = Annotated[
    str,
    msgspec.Meta(
        max_length=20,
        pattern=ONE_LINE,
        description="the LAO code (LAO roles), province code (reviewers), or empty (national)",
    ),
]


class AccountOpening(Dated):
    username: Username
    display_name: Name


class GrantIn(Dated):
    role: Role
    acting_for: Scope = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.role is Role.SYSTEM:
            msg = "role: the system's role is not granted to people"
            raise ValueError(msg)


class RevocationIn(Dated):
    role: Role
    reason: Text
    acting_for: Scope = ""


class PasswordIn(Dated):
    """A new password set by the administrator (the account's holder changes it after)."""

    password: Password


class OwnPasswordIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class GrantOut(msgspec.Struct, kw_only=True):
    role: Role
    acting_for: str


class Account(msgspec.Struct, kw_only=True):
    """An account: who, which roles for which scope, whether it can log in yet."""

    username: str
    display_name: str
    version: int
    grants: list[GrantOut]
    has_password: bool


def account_body(found: UserAccount) -> Account:
    grants = sorted(found.grants, key=lambda g: (g[0].value, g[1]))
    return Account(
        username=found.username,
        display_name=found.display_name,
        version=found.version,
        grants=[GrantOut(role=role, acting_for=scope) for role, scope in grants],
        has_password=bool(found.password_hash),
    )


def bound_password(writer: Writer, password: str) -> str:
    """What a password write's idempotency key is bound to instead of the password: a
    keyed HMAC of it (the same key with another new password is another request; nothing
    kept reveals the password)."""
    secret = services_of(writer.request).secret
    return hmac.new(secret, password.encode("utf-8", "surrogatepass"), "sha256").hexdigest()


def office_of(writer: Writer) -> BudgetOffice:
    return services_of(writer.request).office


def set_password(
    writer: Writer, username: str, password: str, actor: Actor, expected: int | None
) -> Recorded:
    """Set the password (the chosen-password policy first); the session that set its
    own password goes on with the new one (every other session of it ends)."""
    check_chosen_password(password)
    office = office_of(writer)
    recorded = office.set_password(username, password, actor=actor, expected_version=expected)
    session = writer.session
    if session.username == normal_username(username):
        session.password_hash = office.account(session.username).password_hash
    return recorded


class AccountsController(Controller):
    path = "/api/accounts"
    tags = ["accounts"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {"writer": Provide(provide_writer, sync_to_thread=False)}  # noqa: RUF012

    @post(
        "/",
        operation_id="openAccount",
        status_code=HTTP_201_CREATED,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=MANAGE,
        dependencies={"writer": Provide(provide_creator, sync_to_thread=False)},
    )
    def open_account(
        self, data: JSONBody[AccountOpening], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Open an account (no role, no password yet: it cannot log in)."""
        office = office_of(writer)
        username = data.username.strip().casefold()
        return writer.run(
            data,
            lambda actor, _: office.open_account(
                data.username,
                display_name=data.display_name,
                actor=actor,
                business_date=data.business_date,
            ),
            status=HTTP_201_CREATED,
            location=lambda _: f"/api/accounts/{username}",
        )

    @get(
        "/{username:str}",
        operation_id="getAccount",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=MANAGE,
    )
    def get_account(
        self, request: Request[Session, str, Any], username: UsernamePath
    ) -> Response[Account]:
        """An account and its roles; the ETag is its version."""
        found = services_of(request).office.account(username.strip())
        return Response(account_body(found), headers={"ETag": etag(found.version)})

    @post(
        "/{username:str}/grants",
        operation_id="grantRole",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=MANAGE,
    )
    def grant(
        self, username: UsernamePath, data: JSONBody[GrantIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Grant a role for its scope: an LAO, a province, or the nation."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.grant_role(
                username.strip(),
                role=data.role,
                acting_for=data.acting_for,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/{username:str}/revocations",
        operation_id="revokeRole",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=MANAGE,
    )
    def revoke(
        self,
        username: UsernamePath,
        data: JSONBody[RevocationIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Revoke a role, with the reason; sessions in that role end."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.revoke_role(
                username.strip(),
                role=data.role,
                acting_for=data.acting_for,
                reason=data.reason,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/{username:str}/password",
        operation_id="setPassword",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=MANAGE,
    )
    def reset_password(
        self, username: UsernamePath, data: JSONBody[PasswordIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Set (reset) an account's password; its open sessions end."""
        return writer.run(
            msgspec.structs.replace(data, password=bound_password(writer, data.password)),
            lambda actor, v: set_password(writer, username, data.password, actor, v),
        )


def wrong_password() -> HttpProblem:
    return HttpProblem(
        422,
        "wrong_password",
        "The current password is not right: the password was not changed",
        "รหัสผ่านปัจจุบันไม่ถูกต้อง ยังไม่ได้เปลี่ยนรหัสผ่าน",
    )


class OwnPasswordController(Controller):
    path = "/api/auth/password"
    tags = ["auth"]  # noqa: RUF012 - Litestar's own attribute

    @post(
        "/",
        operation_id="changeOwnPassword",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=action(Action.READ, scope="own"),
        dependencies={"writer": Provide(provide_writer, sync_to_thread=False)},
    )
    def change(
        self, data: JSONBody[OwnPasswordIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Change your own password, giving the current one (wrong guesses count as
        failed logins); If-Match: your account's version."""
        services = services_of(writer.request)
        request = writer.request
        client = request.client.host if request.client else "unknown"
        username = writer.session.username

        def command(actor: Actor, expected: int | None) -> Recorded:
            wait = services.logins.locked_for(username, client)
            if wait > 0:
                raise locked_out(wait)
            account = services.office.account(username)
            if not password_matches(account.password_hash, data.current_password):
                services.logins.failed(username, client)
                raise wrong_password()
            return set_password(writer, username, data.new_password, actor, expected)

        bound = OwnPasswordIn(
            current_password="-", new_password=bound_password(writer, data.new_password)
        )
        return writer.run(bound, command)
