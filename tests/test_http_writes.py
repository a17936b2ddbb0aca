"""Writes: a retried request records once (even after a restart), a stale If-Match
records nothing, and the next read shows what a write recorded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy.exc import OperationalError

from budget.application import BudgetOffice
from budget.application.commands import InspectInstallment, PaymentIn, SignContract
from budget.application.fields import decode_money
from budget.http.idempotency import request_hash
from budget.reports import fonts
from tests.builders import FINANCE, FY, LAO, contract, planned_project, procured_until_winner
from tests.http_world import Api, build_world, serving, settings_for

PAYMENT = {
    "installment": 1,
    "amount": "700000.00",
    "voucher": "ฎ 1/2570",
    "business_date": "2027-01-25",
}


def inspected_project(office: BudgetOffice) -> UUID:
    """A contract of 1,400,000 in two installments, the first inspected."""
    project = planned_project(office, code="P5", line_code="BRIDGE")
    procured_until_winner(office, project, offered="1400000.00")
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=project, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    office.execute(
        InspectInstallment(project_id=project, installment=1, business_date=date(2027, 1, 20)),
        actor=FINANCE,
    )
    return project


@pytest.fixture
def project(api: Api) -> UUID:
    found = inspected_project(api.office)
    api.views_caught_up()
    return found


def payments_of(api: Api, project: UUID) -> int:
    return len(api.office.project(project).payments)


def test_the_same_key_twice_records_one_payment(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    first = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert first.status_code == 200, first.text
    position = api.position()
    again = api.post(path, "clerk", PAYMENT, key="pay-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert api.position() == position
    assert payments_of(api, project) == 1


def test_the_same_key_with_another_body_is_refused(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    assert api.post(path, "clerk", PAYMENT, key="pay-1").status_code == 200
    position = api.position()
    other = api.post(path, "clerk", {**PAYMENT, "voucher": "ฎ 2/2570"}, key="pay-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert other.headers["content-type"] == "application/problem+json"
    elsewhere = api.post(f"/api/projects/{project}/inspections", "clerk", PAYMENT, key="pay-1")
    assert elsewhere.status_code in {400, 422}  # another path is another request
    assert api.position() == position
    assert payments_of(api, project) == 1


def test_without_a_key_a_retry_is_a_new_request(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    assert api.post(path, "clerk", PAYMENT).status_code == 200
    twice = api.post(path, "clerk", PAYMENT)
    assert twice.json()["code"] == "duplicate_voucher"  # the domain still refuses twins
    assert payments_of(api, project) == 1


def test_a_refused_command_gives_its_key_back(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    second = {**PAYMENT, "installment": 2, "voucher": "ฎ 9/2570", "business_date": "2027-03-25"}
    refused = api.post(path, "clerk", second, key="pay-2")
    assert refused.status_code == 422
    assert refused.json()["code"] == "installment_not_inspected"
    api.office.execute(
        InspectInstallment(project_id=project, installment=2, business_date=date(2027, 3, 20)),
        actor=FINANCE,
    )
    retried = api.post(path, "clerk", second, key="pay-2")
    assert retried.status_code == 200
    assert payments_of(api, project) == 1


def test_a_key_whose_first_request_is_still_running_is_refused(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    body = msgspec.json.encode(
        msgspec.convert(PAYMENT, PaymentIn, strict=False, dec_hook=decode_money)
    )
    assert api.services.keys.claim("clerk", "pay-3", request_hash("POST", path, body)) is None
    busy = api.post(path, "clerk", PAYMENT, key="pay-3")
    assert busy.status_code == 409
    assert busy.json()["code"] == "idempotency_key_in_use"
    assert payments_of(api, project) == 0


def test_keys_belong_to_their_user(api: Api) -> None:
    mine = api.post(
        f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"}, key="same"
    )
    assert mine.status_code == 200
    theirs = api.post(
        f"/api/authorities/75001030/budgets/{FY}/projects",
        "clerk2",
        {"code": "X", "name": "x", "line_code": "ROAD", "method": "specific", "amount": "1.00"},
        key="same",
    )
    assert theirs.status_code == 201


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_a_retry_after_a_restart_records_nothing_again(store_url: str, tmp_path: Path) -> None:
    settings = settings_for(store_url, tmp_path)

    def seed(office: BudgetOffice) -> UUID:
        build_world(office)
        return inspected_project(office)

    with serving(settings, seed) as api:
        project = api.project
        first = api.post(f"/api/projects/{project}/payments", "clerk", PAYMENT, key="pay-1")
        assert first.status_code == 200
    with serving(settings) as restarted:
        again = restarted.post(f"/api/projects/{project}/payments", "clerk", PAYMENT, key="pay-1")
        assert again.status_code == 200
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert payments_of(restarted, project) == 1


def test_a_stale_if_match_records_nothing(api: Api) -> None:
    path = f"/api/projects/{api.project}/steps"
    read = api.get(f"/api/projects/{api.project}", "clerk")
    assert read.headers["etag"] == '"1"'
    moved = api.post(path, "clerk", {"step": "plan_published"}, if_match=read.headers["etag"])
    assert moved.status_code == 200
    assert moved.headers["etag"] == '"2"'
    position = api.position()
    tor = {"step": "tor_set", "reference_price": "1.00", "public_hearing_ended_on": "2026-10-14"}
    stale = api.post(path, "clerk", tor, if_match=1)
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert api.position() == position
    assert api.office.project(api.project).version == 2
    current = api.post(path, "clerk", tor, if_match=2)
    assert current.status_code == 200
    assert api.get(f"/api/projects/{api.project}", "clerk").headers["etag"] == '"3"'


@pytest.mark.parametrize(("value", "status"), [("*", 200), ('W/"1"', 200), ("abc", 400)])
def test_if_match_forms(api: Api, value: str, status: int) -> None:
    response = api.post(
        f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"}, if_match=value
    )
    assert response.status_code == status


def test_a_weak_if_match_is_honoured_as_the_version_it_names(api: Api) -> None:
    """W/"0" names a version the project has left: refused as stale, nothing recorded; so the
    200 of W/"1" is the precondition holding, not the header ignored."""
    path = f"/api/projects/{api.project}/steps"
    assert api.office.project(api.project).version == 1
    position = api.position()
    stale = api.post(path, "clerk", {"step": "plan_published"}, if_match='W/"0"')
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_version")
    assert api.position() == position
    current = api.post(path, "clerk", {"step": "plan_published"}, if_match='W/"1"')
    assert current.status_code == 200
    assert api.office.project(api.project).version == 2


def test_a_stale_if_match_on_a_budget_records_nothing(api: Api) -> None:
    path = f"/api/authorities/{LAO}/budgets/{FY}"
    version = int(api.get(path, "clerk").headers["etag"].strip('"'))
    enact = {"ordinance_date": "2026-09-20", "approved_by": "นายอำเภอ"}
    stale = api.post(f"{path}/enactment", "clerk", enact, if_match=version - 1)
    assert stale.status_code == 412
    current = api.post(f"{path}/enactment", "clerk", enact, if_match=version)
    assert current.json()["code"] == "budget_already_enacted"  # the precondition held


def test_the_next_read_shows_the_write(api: Api) -> None:
    written = api.post(f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"})
    assert written.json()["views_caught_up"] is True
    read = api.get(f"/api/projects/{api.project}", "clerk").json()
    assert read["project"]["stage"] == "plan_published"
    assert [d["stage"] for d in read["stage_dates"]] == ["planned", "plan_published"]


def test_the_first_write_waits_beside_no_warm_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting the app loads no report fonts: `budget serve` loads them before it serves
    (bootstrap.worker_app). A thread loading them as the app started (1-2 s of CPU) held
    the interpreter against the follower while the first write waited for its views: on
    the in-memory store that request took 0.3-0.8 s alone and 2.55 s under load, against
    15-25 ms without it."""
    warmed: list[str] = []
    real = fonts.warm_up

    def warm_up() -> None:
        warmed.append(threading.current_thread().name)
        real()

    monkeypatch.setattr(fonts, "warm_up", warm_up)
    with serving(settings_for("memory:", tmp_path), build_world) as api:
        path = f"/api/projects/{api.project}/steps"
        written = api.post(path, "clerk", {"step": "plan_published"})
        assert written.json()["views_caught_up"] is True
    assert warmed == []


def test_a_created_record_is_where_location_says(api: Api) -> None:
    line = {
        "code": "ROAD",
        "programme": "00310",
        "work_unit": "งานก่อสร้าง",
        "budget_group": "investment",
        "category": "land_and_construction",
        "description": "ถนน",
        "amount": "100000.00",
    }
    created = api.post(
        f"/api/authorities/{LAO}/budgets", "clerk", {"fiscal_year": FY + 1, "lines": [line]}
    )
    assert created.status_code == 201
    assert created.headers["location"] == f"/api/authorities/{LAO}/budgets/{FY + 1}"
    assert created.headers["etag"] == '"1"'
    read = api.get(created.headers["location"], "clerk")
    assert read.status_code == 200
    assert read.json()["version"] == 1
    planned = api.post(
        f"/api/authorities/{LAO}/budgets/{FY}/projects",
        "clerk",
        {
            "code": "N1",
            "name": "ใหม่",
            "line_code": "EQUIP",
            "method": "specific",
            "amount": "100000.00",
        },
    )
    assert planned.status_code == 201
    assert planned.headers["location"] == f"/api/projects/{planned.json()['id']}"
    assert api.get(planned.headers["location"], "clerk").json()["project"]["code"] == "N1"


def test_concurrent_retries_with_one_key_record_one_payment(api: Api, project: UUID) -> None:
    path = f"/api/projects/{project}/payments"
    version = api.current_version(path, "clerk") or ""
    headers = api.headers("clerk", **{"Idempotency-Key": "pay-storm", "If-Match": version})

    def send(_: int) -> Any:
        return api.client.post(path, headers=headers, json=PAYMENT)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(send, range(16)))
    statuses = sorted({r.status_code for r in responses})
    assert set(statuses) <= {200, 409}, [
        r.text for r in responses if r.status_code not in {200, 409}
    ]
    assert 200 in statuses
    assert payments_of(api, project) == 1
    recorded = {r.json()["version"] for r in responses if r.status_code == 200}
    assert len(recorded) == 1  # every 200 is the first answer, replayed


def test_a_busy_database_is_a_503_to_retry_with_nothing_recorded(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: Any) -> Any:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    def lock_timeout(*args: Any, **kwargs: Any) -> Any:
        raise StoreOperationalError("canceling statement due to lock timeout")

    if api.services.keys_with_events:  # the write's one database step: its save
        monkeypatch.setattr(api.office.recorder, "insert_events", lock_timeout)
    else:  # its first step: claiming the key
        monkeypatch.setattr(api.services.keys, "claim", locked)
    before = api.position()
    response = api.post(
        f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"}, key="busy"
    )
    assert response.status_code == 503
    assert response.json()["code"] == "busy"
    assert response.headers["retry-after"] == "1"
    assert api.position() == before
