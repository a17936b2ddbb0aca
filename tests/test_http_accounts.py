"""Accounts through HTTP: the DLA administrator opens an account, grants a role with its
scope (an audited event), sets its password, revokes the role; everyone may change their
own password, giving the current one. Passwords never reach the history or the
idempotency table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from budget.domain.ids import account_id
from budget.http.idempotency import idempotency_key
from tests.builders import LAO
from tests.http_world import PASSWORD, Api

NEW_PASSWORD = "a long new password"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_administrator_opens_an_account_and_grants_it_a_role(api: Api) -> None:
    opened = api.post(
        "/api/accounts", "admin", {"username": "Somchai", "display_name": "สมชาย ใจดี"}, key="o-1"
    )
    assert opened.status_code == 201, opened.text
    assert opened.headers["location"] == "/api/accounts/somchai"
    path = opened.headers["location"]
    granted = api.post(
        f"{path}/grants",
        "admin",
        {"role": "lao_finance", "acting_for": LAO},
        if_match=opened.headers["etag"],
    )
    assert granted.status_code == 200, granted.text
    assert api.login("somchai", NEW_PASSWORD).json()["code"] == "login_failed"  # no password
    password = api.post(
        f"{path}/password", "admin", {"password": NEW_PASSWORD}, if_match=granted.headers["etag"]
    )
    assert password.status_code == 200, password.text

    shown = api.get(path, "admin")
    assert shown.headers["etag"] == password.headers["etag"] == '"3"'
    assert shown.json() == {
        "username": "somchai",
        "display_name": "สมชาย ใจดี",
        "version": 3,
        "grants": [{"role": "lao_finance", "acting_for": LAO}],
        "has_password": True,
    }
    logged_in = api.login("somchai", NEW_PASSWORD)
    assert logged_in.status_code == 200
    assert logged_in.json()["user"]["acting_for"] == LAO

    history = api.get(f"/api/audit/records/{account_id('somchai')}/events", "auditor").json()
    assert [(e["event_type"].split(".")[1], e["user_id"]) for e in history] == [
        ("Created", "admin"),
        ("RoleGranted", "admin"),
        ("PasswordSet", "admin"),
    ]
    assert history[1]["details"]["role"] == "lao_finance"
    assert history[1]["details"]["acting_for"] == LAO
    assert "password_hash" not in history[2]["details"]
    log = api.get("/api/audit/log", "auditor", event_type="UserAccount.RoleGranted").json()
    granted = [e for e in log["items"] if e["aggregate_id"] == str(account_id("somchai"))]
    assert len(granted) == 1
    # made from the stored event when read (the log keeps no summary: issue 16)
    assert f"acting_for={LAO}" in granted[0]["summary"]
    assert "role=lao_finance" in granted[0]["summary"]


def test_a_role_is_revoked_with_a_reason(api: Api) -> None:
    revoked = api.post(
        "/api/accounts/clerk/revocations",
        "admin",
        {"role": "lao_finance", "acting_for": LAO, "reason": "ย้ายไปสังกัดอื่น"},
    )
    assert revoked.status_code == 200, revoked.text
    assert api.get("/api/accounts/clerk", "admin").json()["grants"] == []
    assert api.login("clerk").json()["code"] == "no_role"
    again = api.post(
        "/api/accounts/clerk/revocations",
        "admin",
        {"role": "lao_finance", "acting_for": LAO, "reason": "ซ้ำ"},
    )
    assert again.json()["code"] == "role_not_granted"


@pytest.mark.parametrize(
    ("grant", "status", "code"),
    [
        ({"role": "lao_finance", "acting_for": LAO}, 422, "role_already_granted"),
        ({"role": "lao_finance"}, 422, "invalid_input"),  # an LAO role needs its LAO
        ({"role": "auditor", "acting_for": "50"}, 422, "invalid_input"),  # national
        ({"role": "system"}, 400, "invalid_request"),  # never granted to people
        ({"role": "mayor", "acting_for": LAO}, 400, "invalid_request"),
    ],
)
def test_a_grant_that_does_not_fit_is_refused(
    api: Api, grant: dict[str, str], status: int, code: str
) -> None:
    before = api.position()
    refused = api.post("/api/accounts/clerk/grants", "admin", grant)
    assert refused.status_code == status, refused.text
    assert refused.json()["code"] == code
    assert api.position() == before


def test_only_the_administrator_manages_accounts(api: Api) -> None:
    for user in ("clerk", "dla", "auditor", "reviewer"):
        response = api.post(
            "/api/accounts/clerk2/grants", user, {"role": "lao_finance", "acting_for": LAO}
        )
        assert response.status_code == 403
        assert api.get("/api/accounts/clerk2", user).status_code == 403
    assert api.get("/api/accounts/nobody", "admin").json()["code"] == "not_found"
    twice = api.post("/api/accounts", "admin", {"username": "clerk", "display_name": "Clerk"})
    assert (twice.status_code, twice.json()["code"]) == (409, "already_exists")


def test_anyone_changes_their_own_password_with_the_current_one(api: Api) -> None:
    clock = Clock(2_000_000.0)
    api.services.sessions.clock = clock
    headers = api.headers("reviewer")
    wrong = api.client.post(
        "/api/auth/password",
        headers=headers,
        json={"current_password": "a guess", "new_password": NEW_PASSWORD},
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "wrong_password")
    short = api.client.post(
        "/api/auth/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "short"},
    )
    assert short.json()["code"] == "invalid_input"
    changed = api.client.post(
        "/api/auth/password",
        headers={**headers, "Idempotency-Key": "pw-1"},
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200, changed.text
    assert api.login("reviewer").json()["code"] == "login_failed"
    assert api.login("reviewer", NEW_PASSWORD).status_code == 200
    # the session looks at the account again (its version moved): it goes on
    assert api.client.get("/api/auth/me", headers=headers).status_code == 200

    with api.services.views.connect() as connection:
        kept = connection.execute(select(idempotency_key.c.body, idempotency_key.c.headers)).all()
    assert kept
    assert not any(NEW_PASSWORD.encode() in bytes(row.body or b"") for row in kept)


def test_a_password_reset_by_the_administrator_ends_the_holders_sessions(api: Api) -> None:
    clock = Clock(2_000_000.0)
    api.services.sessions.clock = clock
    clerk = api.headers("clerk")
    reset = api.post("/api/accounts/clerk/password", "admin", {"password": NEW_PASSWORD})
    assert reset.status_code == 200
    assert api.client.get("/api/auth/me", headers=clerk).status_code == 401
    assert api.login("clerk", NEW_PASSWORD).status_code == 200
