"""Cookies, secrets and the files that hold them (issue 20, items 7 and 10): a password
write's idempotency key is bound to a keyed HMAC of the new password; a short secret key
is refused; secret.key and the SQLite files are 0600; an https public address makes every
cookie Secure and sends HSTS."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from budget import bootstrap
from budget.config import Settings
from tests.http_world import PASSWORD, Api, build_world, serving, settings_for

FIRST = "a first new password"
SECOND = "another new password"


def test_an_administrator_s_key_with_another_password_is_refused(api: Api) -> None:
    first = api.post("/api/accounts/clerk/password", "admin", {"password": FIRST}, key="reset-1")
    assert first.status_code == 200, first.text
    again = api.post("/api/accounts/clerk/password", "admin", {"password": FIRST}, key="reset-1")
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    other = api.post("/api/accounts/clerk/password", "admin", {"password": SECOND}, key="reset-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert api.login("clerk", SECOND).status_code == 401
    assert api.login("clerk", FIRST).status_code == 200


def test_one_s_own_key_with_another_password_is_refused(api: Api) -> None:
    def change(new: str) -> object:
        return api.post(
            "/api/auth/password",
            "reviewer",
            {"current_password": PASSWORD, "new_password": new},
            key="own-1",
        )

    assert change(FIRST).status_code == 200  # type: ignore[attr-defined]
    other = change(SECOND)
    assert other.status_code == 422  # type: ignore[attr-defined]
    assert api.login("reviewer", FIRST).status_code == 200


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    settings = settings_for("memory:", tmp_path)
    with pytest.raises(ValueError, match="at least 32 bytes"):
        bootstrap.web_app(replace(settings, secret_key="too short a secret"))
    bootstrap.web_app(replace(settings, secret_key="x" * 32))
    env = {"BUDGET_DATABASE_URL": "memory:", "BUDGET_SECRET_KEY": "short"}
    with pytest.raises(ValueError, match="at least 32 bytes"):
        bootstrap.web_app(Settings.from_env(env))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_secret_and_the_sqlite_files_are_for_their_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with serving(settings_for("", tmp_path), build_world) as api:
            assert api.login("clerk").status_code == 200
        files = [tmp_path / "budget.sqlite3", tmp_path / "views.sqlite3", tmp_path / "secret.key"]
        for path in files:
            assert mode(path) == 0o600, path
            path.chmod(0o644)  # someone loosens them...
        bootstrap.web_app(settings_for("", tmp_path))  # what a start does
        for path in files:  # ...the next start tightens them again
            assert mode(path) == 0o600, path
    finally:
        os.umask(old)


def test_an_https_public_address_makes_every_cookie_secure(tmp_path: Path) -> None:
    plain = settings_for("memory:", tmp_path)
    with serving(plain, build_world) as api:
        response = api.login("clerk")
        assert "secure" not in response.headers["set-cookie"].lower()
        assert "strict-transport-security" not in api.client.get("/login").headers

    public = replace(plain, public_url="https://budget.example.go.th")
    with serving(public, build_world) as api:
        response = api.login("clerk")  # the proxy speaks http to the service
        assert "secure" in response.headers["set-cookie"].lower()
        page = api.client.get("/login")
        assert "strict-transport-security" in page.headers
        assert "secure" in page.headers["set-cookie"].lower()  # the CSRF cookie
        language = api.client.get("/language/en", follow_redirects=False)
        assert "secure" in language.headers["set-cookie"].lower()
