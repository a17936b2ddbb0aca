"""User accounts and their roles, kept by the DLA administrator: open an account, grant a
role with its scope, revoke it, set (reset) a password; and anyone's own password,
changed with the current one. Every change is an event of the account (who granted
what, when and why is in its history); a session whose role is revoked or whose
password is set again ends at once.

Passwords never reach a record, a log or the idempotency table: a password write's
Idempotency-Key is bound to the route, the other fields of its body and a keyed HMAC of
the new password (the same key with another password is refused), never the password.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from budget.application import Recorded
from budget.application.commands import (
    GrantIn,
    GrantRole,
    OpenAccount,
    PasswordIn,
    RevocationIn,
    RevokeRole,
    SetPassword,
)
from budget.application.fields import ONE_LINE, Password
from budget.application.passwords import check_chosen_password
from budget.domain.access import Action, Actor, Role
from budget.domain.account import UserAccount
from budget.domain.ids import normal_username
from budget.http.auth import locked_out, password_matches
from budget.http.guards import services_of
from budget.http.problems import HttpProblem
from budget.http.routing import action, command_write, reads, writes
from budget.http.sessions import Session
from budget.http.writes import WRITE, Writer, Written, etag

MANAGE = action(Action.MANAGE_ACCOUNTS)
UsernamePath = Annotated[
    str, PathParameter(min_length=1, max_length=100, pattern=ONE_LINE, description="username")
]


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


def set_password(
    writer: Writer, username: str, password: str, actor: Actor, expected: int | None
) -> Recorded:
    """Set the password (the chosen-password policy first); the session that set its
    own password goes on with the new one (every other session of it ends)."""
    check_chosen_password(password)
    office = writer.office
    command = SetPassword(username=username, password=password)
    recorded = writer.services.execute(command, actor=actor, expected_version=expected)
    session = writer.session
    if session.username == normal_username(username):
        account = office.account(session.username)
        writer.services.sessions.saw(writer.token, account.version, account.password_hash)
        session.account_version = account.version
    return recorded


def account_at(command: OpenAccount, _: Recorded) -> str:
    """Where an account opened is read."""
    return f"/api/accounts/{normal_username(command.username)}"


class AccountsController(Controller):
    path = "/api/accounts"
    tags = ["accounts"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @command_write("/", "openAccount", MANAGE, OpenAccount, at={}, created=account_at)
    def open_account() -> None:
        """Open an account (no role, no password yet: it cannot log in)."""

    @reads("/{username:str}", "getAccount", MANAGE)
    def get_account(
        self, request: Request[Session, str, Any], username: UsernamePath
    ) -> Response[Account]:
        """An account and its roles; the ETag is its version."""
        found = services_of(request).office.account(username.strip())
        return Response(account_body(found), headers={"ETag": etag(found.version)})

    @writes("/{username:str}/grants", "grantRole", MANAGE)
    def grant(
        self, username: UsernamePath, data: JSONBody[GrantIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Grant a role for its scope: an LAO, a province, or the nation."""
        return writer.execute(data, GrantRole.of(data, username=username.strip()))

    @writes("/{username:str}/revocations", "revokeRole", MANAGE)
    def revoke(
        self,
        username: UsernamePath,
        data: JSONBody[RevocationIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Revoke a role, with the reason; sessions in that role end."""
        return writer.execute(data, RevokeRole.of(data, username=username.strip()))

    @writes("/{username:str}/password", "setPassword", MANAGE)
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

    @writes("/", "changeOwnPassword", action(Action.READ, scope="own"), dependencies=WRITE)
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
