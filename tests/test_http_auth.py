"""Logging in and out: argon2 passwords, bearer tokens and the session cookie, expiry,
the brake on guessing, and accounts that change under an open session."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from budget.application.commands import GrantRole, OpenAccount, RevokeRole, SetPassword
from budget.application.passwords import verify_password
from budget.cli import main
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.ids import account_id
from budget.http.guards import COOKIE
from tests.builders import LAO
from tests.http_world import PASSWORD, PEOPLE, Api, open_people, serving, settings_for


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_login_gives_a_bearer_token_and_an_http_only_session_cookie(api: Api) -> None:
    response = api.login("clerk")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["user"] == {
        "username": "clerk",
        "display_name": "Clerk",
        "role": "lao_finance",
        "acting_for": LAO,
        "expires_at": body["expires_at"],
    }
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={body['token']};")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back

    by_token = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert by_token.status_code == 200
    assert by_token.json()["username"] == "clerk"
    by_cookie = api.client.get("/api/auth/me")  # the client kept the cookie
    assert by_cookie.status_code == 200


def test_the_session_cookie_is_secure_over_https(api: Api) -> None:
    api.client.base_url = api.client.base_url.copy_with(scheme="https")
    response = api.login("clerk")
    assert response.status_code == 200
    assert "Secure" in response.headers["set-cookie"]


def test_the_store_keeps_a_hash_never_the_password(api: Api) -> None:
    account = api.office.account("clerk")
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert verify_password(account.password_hash, PASSWORD)
    events = list(api.office.events.get(account_id("clerk")))
    assert all(PASSWORD not in repr(vars(e)) for e in events)


def test_auditors_see_that_a_password_was_set_but_not_its_hash(api: Api) -> None:
    history = api.get(f"/api/audit/records/{account_id('clerk')}/events", "auditor")
    assert history.status_code == 200
    kinds = [e["event_type"] for e in history.json()]
    assert kinds == ["UserAccount.Created", "UserAccount.RoleGranted", "UserAccount.PasswordSet"]
    assert "argon2" not in history.text
    state = api.get(f"/api/audit/records/{account_id('clerk')}", "auditor")
    assert state.status_code == 200
    assert "argon2" not in state.text
    log = api.get("/api/audit/log", "auditor", event_type="UserAccount.PasswordSet")
    assert log.json()["total"] == len(PEOPLE)
    assert "argon2" not in log.text


@pytest.mark.parametrize(
    ("username", "password"),
    [("clerk", "wrong password"), ("nobody", PASSWORD), ("clerk", ""), ("clerk", "x" * 2000)],
)
def test_a_wrong_username_or_password_is_refused_alike(
    api: Api, username: str, password: str
) -> None:
    response = api.login(username, password)
    if password in {"", "x" * 2000}:
        assert response.status_code == 400  # malformed: the field is named
        assert response.json()["errors"][0]["field"] == "password"
        return
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "login_failed"
    assert response.json()["detail"] == "Wrong username or password"


def test_logout_ends_the_session(api: Api) -> None:
    token = api.login("clerk").json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/auth/me", headers=bearer).status_code == 200
    out = api.client.post("/api/auth/logout", headers=bearer)
    assert out.status_code == 204
    assert f"{COOKIE}=" in out.headers["set-cookie"]
    again = api.client.get("/api/auth/me", headers=bearer)
    assert again.status_code == 401
    assert again.json()["code"] == "unauthenticated"


def test_a_session_expires(api: Api) -> None:
    clock = Clock(1_000_000.0)
    api.services.sessions.clock = clock
    token = api.login("clerk").json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    lifetime = api.services.sessions.lifetime.total_seconds()
    assert lifetime == api.services.settings.session_minutes * 60
    clock.now += lifetime - 1
    assert api.client.get("/api/auth/me", headers=bearer).status_code == 200
    clock.now += 1
    assert api.client.get("/api/auth/me", headers=bearer).status_code == 401


def test_the_session_lifetime_comes_from_the_settings(tmp_path: Path) -> None:
    settings = settings_for("memory:", tmp_path)
    assert settings.session_minutes == 480
    env = {"BUDGET_DATABASE_URL": "memory:", "BUDGET_SESSION_MINUTES": "15"}
    assert type(settings).from_env(env).session_minutes == 15


def test_repeated_failures_lock_the_username_out_for_growing_windows(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(5_000_000.0)
    api.services.logins.clock = clock
    free = api.services.logins.free
    with caplog.at_level(logging.WARNING, logger="budget.http.auth"):
        for _ in range(free + 1):
            assert api.login("clerk", "guess").status_code == 401
    failures = [r.getMessage() for r in caplog.records if "failed login" in r.getMessage()]
    assert len(failures) == free + 1
    assert "'clerk'" in failures[-1]
    assert f"({free + 1} in a row)" in failures[-1]

    locked = api.login("clerk")  # even the right password waits
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_login_attempts"
    assert locked.headers["retry-after"] == "30"
    assert api.login("executive").status_code == 200  # another username is not locked

    clock.now += 30
    assert api.login("clerk", "guess again").status_code == 401
    assert api.login("clerk").headers["retry-after"] == "60"  # twice as long
    clock.now += 60
    assert api.login("clerk").status_code == 200  # and a success starts again
    assert api.login("clerk", "guess").status_code == 401
    assert api.login("clerk").status_code == 200


def test_a_new_password_or_a_revoked_role_ends_open_sessions_at_once(api: Api) -> None:
    clerk = {"Authorization": f"Bearer {api.login('clerk').json()['token']}"}
    executive = {"Authorization": f"Bearer {api.login('executive').json()['token']}"}
    dla = {"Authorization": f"Bearer {api.login('dla').json()['token']}"}
    api.office.execute(
        SetPassword(username="clerk", password="a brand new password"), actor=SYSTEM_ACTOR
    )
    api.office.execute(
        RevokeRole(username="executive", role=Role.LAO_EXECUTIVE, acting_for=LAO, reason="left"),
        actor=SYSTEM_ACTOR,
    )
    api.office.execute(GrantRole(username="dla", role=Role.AUDITOR), actor=SYSTEM_ACTOR)
    assert api.client.get("/api/auth/me", headers=clerk).status_code == 401  # no waiting
    assert api.client.get("/api/auth/me", headers=dla).status_code == 200
    assert api.client.get("/api/auth/me", headers=executive).status_code == 401
    assert api.login("clerk", "a brand new password").status_code == 200
    assert api.login("executive").json()["code"] == "no_role"


def test_an_account_with_several_roles_names_the_one_it_logs_in_as(api: Api) -> None:
    api.office.execute(
        GrantRole(username="reviewer", role=Role.PROVINCIAL_REVIEWER, acting_for="51"),
        actor=SYSTEM_ACTOR,
    )
    unchosen = api.login("reviewer")
    assert unchosen.status_code == 422
    assert unchosen.json()["code"] == "role_choice_required"
    chosen = api.login("reviewer", role="provincial_reviewer", acting_for="51")
    assert chosen.status_code == 200
    assert chosen.json()["user"]["acting_for"] == "51"
    wrong = api.login("reviewer", role="auditor")
    assert wrong.json()["code"] == "role_not_granted"


def test_an_account_without_a_password_cannot_log_in(api: Api) -> None:
    api.office.execute(OpenAccount(username="newcomer", display_name="New"), actor=SYSTEM_ACTOR)
    assert api.login("newcomer", "anything at all").json()["code"] == "login_failed"


def test_nothing_but_the_login_and_the_openapi_document_is_open(api: Api) -> None:
    assert api.client.get("/schema/openapi.json").status_code == 200
    assert api.client.get("/api/auth/me").status_code == 401
    forged = {"Authorization": "Bearer not-a-token"}
    assert api.client.get("/api/auth/me", headers=forged).status_code == 401


def test_bootstrap_admin_opens_the_first_administrator(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"BUDGET_HOME": str(tmp_path), "BUDGET_DATABASE_URL": ""}
    short = tmp_path / "short"
    short.write_text("abc\n", encoding="utf-8")
    refused = runner.invoke(
        main, ["accounts", "bootstrap-admin", "root", "--password-file", str(short)], env=env
    )
    assert refused.exit_code == 1
    assert "invalid_input" in refused.output
    good = tmp_path / "good"
    good.write_text("long enough secret\n", encoding="utf-8")
    opened = runner.invoke(
        main, ["accounts", "bootstrap-admin", "Root", "--password-file", str(good)], env=env
    )
    assert opened.exit_code == 0, opened.output
    assert "Opened root" in opened.output
    prompted = runner.invoke(
        main, ["accounts", "bootstrap-admin", "root2"], env=env, input="secret123\nsecret123\n"
    )
    assert prompted.exit_code == 0, prompted.output
    twice = runner.invoke(
        main, ["accounts", "bootstrap-admin", "root", "--password-file", str(good)], env=env
    )
    assert twice.exit_code == 1
    assert "already_exists" in twice.output

    settings = settings_for(f"sqlite:///{tmp_path / 'budget.sqlite3'}", tmp_path)
    with serving(settings) as api:
        response = api.login("root", "long enough secret")
        assert response.status_code == 200
        assert response.json()["user"]["role"] == "dla_administrator"


def test_people_can_be_opened_on_any_store(api: Api) -> None:
    open_people(api.office, {"extra": (Role.AUDITOR, "")})
    assert api.login("extra").status_code == 200


def test_a_store_blip_answers_503_and_logs_nobody_out(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    bearer = {"Authorization": f"Bearer {api.login('clerk').json()['token']}"}

    def unreachable(_read: object) -> int:
        raise OperationalError("SELECT ...", {}, Exception("connection refused"))

    with monkeypatch.context() as patched:
        if api.services.sessions.events is None:  # the account's version read on its own
            patched.setattr(api.services, "version_of", unreachable)
        else:  # with the session's row (PostgreSQL, the views in the events' database)
            patched.setattr(api.services.sessions, "find_with_version", unreachable)
        blip = api.client.get("/api/auth/me", headers=bearer)
        assert blip.status_code == 503
        assert blip.json()["code"] == "store_unavailable"
        assert int(blip.headers["retry-after"]) > 0
    assert api.client.get("/api/auth/me", headers=bearer).status_code == 200  # still in
