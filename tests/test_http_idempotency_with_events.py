"""Issue 17: on PostgreSQL an idempotency key is recorded in the transaction that inserts its
write's events (budget.application.saved_keys). A crash between the events and the key
leaves neither, a crash after them leaves both: never a key "in flight", never a payment
recorded twice; and a keyed write costs the store one round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import select, text

from budget.http.idempotency import idempotency_key
from budget.http.key_janitor import STALE_AFTER
from tests.http_world import Api
from tests.test_http_writes import PAYMENT, inspected_project, payments_of

pytestmark = pytest.mark.parametrize("store_url", ["postgres"], indirect=True)

# A crash after the events, as the key is finished (its status written): the statement
# kills its own server process (as a crashed server or a cut connection would). With the
# key claimed before the command and finished after it (SQLite's way), the payment would
# stay recorded and the key in flight; here both are in one transaction.
CRASH_BEFORE_KEY = """
CREATE FUNCTION crash_before_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;
CREATE TRIGGER crash_before_key BEFORE INSERT OR UPDATE ON http_idempotency_key
FOR EACH ROW WHEN (NEW.status IS NOT NULL) EXECUTE FUNCTION crash_before_key();
"""


@pytest.fixture
def project(api: Api) -> UUID:
    found = inspected_project(api.office)
    api.views_caught_up()
    return found


def keys_of(api: Api, user: str) -> list[Any]:
    k = idempotency_key
    with api.services.views.connect() as connection:
        return list(
            connection.execute(select(k.c.key, k.c.status).where(k.c.user_id == user)).all()
        )


def test_the_key_is_saved_with_the_events(api: Api, project: UUID) -> None:
    assert api.services.keys_with_events
    path = f"/api/projects/{project}/payments"
    first = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert first.status_code == 200, first.text
    assert keys_of(api, "clerk") == [("pay-1", 0)]  # written with the payment: finished
    again = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert payments_of(api, project) == 1


def test_a_crash_between_the_events_and_the_key_records_neither(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    before = api.position()
    with api.services.views.begin() as connection:
        connection.execute(text(CRASH_BEFORE_KEY))
    crashed = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert crashed.status_code >= 500  # the client learns nothing was confirmed
    assert api.position() == before  # the payment's events rolled back with the key
    assert keys_of(api, "clerk") == []  # and no key left in flight
    assert api.services.keys.unfinished(datetime.now(UTC) + timedelta(days=1)) == []

    with api.services.views.begin() as connection:
        connection.execute(text("DROP TRIGGER crash_before_key ON http_idempotency_key"))
    retried = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert retried.status_code == 200, retried.text  # the retry runs: nothing was recorded
    assert "idempotent-replayed" not in retried.headers
    assert api.post(path, "clerk", PAYMENT, key="pay-1").headers["idempotent-replayed"] == "true"
    assert payments_of(api, project) == 1


def test_a_crash_after_the_events_leaves_the_key_finished(
    api: Api, project: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/api/projects/{project}/payments"

    class WorkerDiedError(Exception):
        pass

    def dies(*args: Any) -> bool:
        raise WorkerDiedError("the worker died while waiting for the views")

    with monkeypatch.context() as patched:
        patched.setattr(api.services, "caught_up", dies)
        died = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert died.status_code == 500  # the answer was lost
    assert keys_of(api, "clerk") == [("pay-1", 0)]  # finished, with the payment
    api.views_caught_up()
    later = datetime.now(UTC) + STALE_AFTER * 2
    assert api.services.keys.unfinished(later) == []  # nothing for the janitor to settle
    retried = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert retried.status_code == 200  # at once: no 409 "in flight" until a janitor's round
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.json()["views_caught_up"] is True
    assert payments_of(api, project) == 1


def test_a_retry_after_the_record_moved_on_gets_the_first_answer(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    version = api.current_version(path, "clerk") or ""
    headers = api.headers("clerk", **{"Idempotency-Key": "pay-1", "If-Match": version})
    first = api.client.post(path, headers=headers, json=PAYMENT)
    assert first.status_code == 200, first.text
    again = api.client.post(path, headers=headers, json=PAYMENT)  # If-Match is stale now
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert payments_of(api, project) == 1


def test_a_keyed_write_neither_claims_nor_keeps(
    api: Api, project: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_round_trip(*args: Any) -> None:
        raise AssertionError("a round trip of its own")

    monkeypatch.setattr(api.services.keys, "claim", no_round_trip)
    monkeypatch.setattr(api.services.keys, "keep", no_round_trip)
    monkeypatch.setattr(api.services.keys, "keep_new", no_round_trip)
    path = f"/api/projects/{project}/payments"
    assert api.post(path, "clerk", PAYMENT, key="pay-1").status_code == 200
    assert keys_of(api, "clerk") == [("pay-1", 0)]


def test_a_keyed_write_is_announced_by_its_own_transaction(
    api: Api, project: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other workers hear a keyed write (budget.http.writers) from the transaction that
    records it, not from a statement of the service's own (fails before: the service
    announced it by a round trip after the views' wait)."""

    def no_round_trip(*args: Any) -> None:
        raise AssertionError("an announcement of its own")

    monkeypatch.setattr(api.services.writers, "announce", no_round_trip)
    url = api.services.views.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as heard:
        heard.execute("LISTEN budget_writers")
        paid = api.post(f"/api/projects/{project}/payments", "clerk", PAYMENT, key="pay-1")
        assert paid.status_code == 200, paid.text
        payloads = [n.payload for n in heard.notifies(timeout=5, stop_after=1)]
    assert payloads == [f"{paid.json()['position']} clerk"]
    assert api.services.writers.owed("clerk") == paid.json()["position"]
