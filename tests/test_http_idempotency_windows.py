"""The crash windows of idempotent writes (issue 20, item 6): a recorded write whose answer
could not be kept, or whose process died before keeping it, never leaves its key claimed
for good; keys are tidied on a schedule; a views' database that is down answers 503."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import insert, update
from sqlalchemy.exc import OperationalError

from budget.http.idempotency import idempotency_key
from budget.http.key_janitor import STALE_AFTER
from budget.http.read_cache import ReadCache
from tests.builders import LAO, OTHER_LAO
from tests.http_world import Api
from tests.test_http_writes import PAYMENT, inspected_project, payments_of


@pytest.fixture
def project(api: Api) -> UUID:
    found = inspected_project(api.office)
    api.views_caught_up()
    return found


REPORTS = f"/api/authorities/{LAO}/reports"


def down(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("UPDATE http_idempotency_key ...", {}, Exception("server closed"))


def test_a_recorded_write_whose_answer_cannot_be_kept_is_no_error(
    api: Api, project: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/api/projects/{project}/payments"
    with monkeypatch.context() as patched:
        patched.setattr(api.services.keys, "keep", down)
        first = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert first.status_code == 200, first.text  # recorded: said so, not a 500
    if api.services.keys_with_events:  # no window: the key was saved with the payment
        assert api.services.janitor.run_once()["kept"] == 0
    else:
        assert api.post(path, "clerk", PAYMENT, key="pay-1").status_code == 409  # not kept yet
        done = api.services.janitor.run_once()  # the next round keeps the held answer
        assert done["kept"] == 1
    again = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert payments_of(api, project) == 1


def test_a_views_wait_that_fails_is_no_error(
    api: Api, project: UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api.services.runner, "wait_for", down)
    response = api.post(f"/api/projects/{project}/payments", "clerk", PAYMENT, key="pay-2")
    assert response.status_code == 200
    assert response.json()["views_caught_up"] is False


def claim(api: Api, user: str, key: str, at: datetime) -> None:
    with api.services.views.begin() as connection:
        connection.execute(
            insert(idempotency_key).values(
                user_id=user, key=key, request_hash="x" * 64, created_at=at
            )
        )


def test_a_claim_left_by_a_dead_process_is_settled_against_the_audit_log(
    api: Api, project: UUID
) -> None:
    long_ago = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=1)
    claim(api, "clerk", "died-before", long_ago)  # the clerk recorded nothing since
    claim(api, "executive", "died-after", long_ago)
    drafted = api.post(REPORTS, "executive", {"period": "2570-Q1", "narrative": "ไตรมาสแรก"})
    assert drafted.status_code == 201  # the executive recorded something since the claim
    api.views_caught_up()
    claim(api, "clerk2", "just-now", datetime.now(UTC))  # may still be running

    done = api.services.janitor.run_once()
    assert done["given_back"] == 1
    assert done["recorded"] >= 1

    path = f"/api/projects/{project}/payments"
    retried = api.post(path, "clerk", PAYMENT, key="died-before")
    assert retried.status_code == 200  # given back: the retry runs
    recorded = api.post(
        REPORTS, "executive", {"period": "2570-Q2", "narrative": "x"}, key="died-after"
    )
    assert recorded.status_code == 409
    assert recorded.json()["code"] == "idempotency_key_outcome_recorded"
    in_flight = api.post(
        f"/api/authorities/{OTHER_LAO}/reports",
        "clerk2",
        {"period": "2570-Q2", "narrative": "x"},
        key="just-now",
    )
    assert in_flight.json()["code"] == "idempotency_key_in_use"


def test_old_keys_are_forgotten_on_schedule_not_only_at_start(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    assert api.post(path, "clerk", PAYMENT, key="pay-old").status_code == 200
    with api.services.views.begin() as connection:
        connection.execute(
            update(idempotency_key).values(created_at=datetime.now(UTC) - timedelta(days=31))
        )
    assert api.services.janitor.run_once()["forgotten"] == 1
    assert api.services.janitor.every <= 300  # rounds while the service runs


def test_a_views_database_that_is_down_answers_503(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.headers("dla")
    monkeypatch.setattr(api.services.views, "connect", down)
    api.services.answers = ReadCache()  # nothing answered from before
    response = api.get("/api/dashboards/national", "dla", fiscal_year=2570)
    assert response.status_code == 503
    # the sessions live in the views' database (issue 17): the login cannot be read either,
    # and the answer says the caller is still logged in
    assert response.json()["code"] == "store_unavailable"
    assert "still logged in" in response.json()["detail"]
    assert "retry-after" in response.headers
