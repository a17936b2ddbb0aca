"""Strict at the door (issue 13): a JSON body must be JSON and not absurdly deep, and
money is one strict string on every door; nothing refused is recorded."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from budget.application.fields import MONEY_PATTERN
from budget.application.from_text import FieldProblem, parse_amount
from budget.http.door import MAX_DEPTH, nesting_depth
from tests.builders import FY, LAO
from tests.http_world import Api

ONE_STORE = pytest.mark.parametrize("store_url", ["memory"], indirect=True)  # input, not storage
PAYMENT = b'{"installment":1,"amount":"1.00","voucher":"V"}'


def payments(api: Api) -> str:
    return f"/api/projects/{api.project}/payments"


def post_raw(api: Api, path: str, body: bytes, content_type: str | None) -> Any:
    headers = api.headers("clerk", **{"If-Match": '"1"'})
    if content_type is not None:
        headers["Content-Type"] = content_type
    return api.client.post(path, content=body, headers=headers)


# -- item 1: deeply nested JSON ------------------------------------------------------


DEEP = [
    b"[" * 2000 + b"]" * 2000,
    b'{"a":' * 20000 + b"1" + b"}" * 20000,
    b'{"installment":1,"amount":"1.00","voucher":"V","x":' + b"[" * 5000 + b"]" * 5000 + b"}",
]


@ONE_STORE
@pytest.mark.parametrize("body", DEEP, ids=["arrays", "objects", "inside-a-field"])
@pytest.mark.parametrize(
    "path",
    ["/api/projects/{P1}/payments", f"/api/authorities/{LAO}/budgets/{FY}/projects", "login"],
)
def test_deeply_nested_json_is_a_400_with_its_code_and_no_traceback(
    api: Api, body: bytes, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    before = api.position()
    path = path.replace("{P1}", str(api.project))
    if path == "login":
        response = api.client.post(
            "/api/auth/login", content=body, headers={"Content-Type": "application/json"}
        )
        path = "/api/auth/login"
    else:
        response = post_raw(api, path, body, "application/json")
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "body_too_deeply_nested"
    assert problem["instance"] == path
    assert problem["detail_th"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert api.position() == before


def test_nesting_depth_skips_brackets_inside_strings() -> None:
    assert nesting_depth(b'{"a":[{"b":"[[[[{{{{"}]}', limit=2) == 3
    assert nesting_depth(b'{"a":"\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert nesting_depth(b"[" * 100, limit=MAX_DEPTH) == MAX_DEPTH + 1


# -- item 2: the media type -----------------------------------------------------------


@ONE_STORE
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        None,
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonx",
    ],
)
def test_a_json_route_answers_415_to_any_other_media_type(
    api: Api, content_type: str | None
) -> None:
    before = api.position()
    response = post_raw(api, payments(api), PAYMENT, content_type)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "unsupported_media_type"
    assert problem["detail_th"]
    assert api.position() == before


@ONE_STORE
def test_json_with_its_charset_is_json(api: Api) -> None:
    response = post_raw(api, payments(api), PAYMENT, "application/json; charset=utf-8")
    assert response.json()["code"] == "installment_not_found"  # decoded, then a rule


@ONE_STORE
def test_login_needs_json_too(api: Api) -> None:
    response = api.client.post(
        "/api/auth/login",
        content=b'{"username":"clerk","password":"x"}',
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 415


# -- item 3: money --------------------------------------------------------------------

LENIENT = [
    '" 1.00 "',
    '"\u0e51"',  # Thai digit one
    '"\uff11"',  # full-width one
    '"1E0"',
    '"+1.00"',
    '"-1.00"',
    '"1."',
    '".5"',
    "1.5",
    "1",
    '"1_0"',
    '"1.001"',
    '"0x10"',
    '"NaN"',
    '"1,000.00"',
    '"12345678901234.00"',
]


@ONE_STORE
@pytest.mark.parametrize("amount", LENIENT)
def test_money_on_the_api_is_a_strict_string_naming_the_field(api: Api, amount: str) -> None:
    before = api.position()
    body = b'{"installment":1,"voucher":"V","amount":' + amount.encode() + b"}"
    response = post_raw(api, payments(api), body, "application/json")
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "invalid_request"
    assert [e["field"] for e in problem["errors"]] == ["amount"]
    assert api.position() == before


@ONE_STORE
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            f"/api/authorities/{LAO}/budgets/{FY}/projects",
            b'{"code":"X","name":"n","line_code":"EQUIP","method":"specific","amount":1000}',
            "amount",
        ),
        (
            "/api/projects/{P1}/contract",
            b'{"number":"1","contractor":"c","contractor_tax_id":"1","amount":"10.00",'
            b'"installments":[{"number":1,"amount":"1e1","due_on":"2027-01-01"}]}',
            "installments[0].amount",
        ),
        (
            f"/api/authorities/{LAO}/budgets/{FY}/expenditures",
            b'{"line_code":"SUPPLIES","amount":"1_000","voucher":"E-1"}',
            "amount",
        ),
        (
            "/api/projects/{P1}/steps",
            b'{"step":"report_approved","estimate":"\\u0e51\\u0e50"}',
            "estimate",
        ),
    ],
)
def test_every_money_field_is_strict(api: Api, path: str, body: bytes, field: str) -> None:
    before = api.position()
    path = path.replace("{P1}", str(api.project))
    response = post_raw(api, path, body, "application/json")
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert api.position() == before


@ONE_STORE
def test_the_openapi_states_the_money_pattern(api: Api) -> None:
    schemas = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    for name, field in [
        ("PaymentIn", "amount"),
        ("ContractIn", "amount"),
        ("InstallmentIn", "amount"),
        ("TransferIn", "amount"),
        ("ProjectPlan", "amount"),
        ("LineIn", "amount"),
    ]:
        found = schemas[name]["properties"][field]
        assert found["type"] == "string"
        assert found["pattern"] == MONEY_PATTERN


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1,234,567.50", "1234567.50"), ("฿ 1,000", "1000"), ("2,500.5 บาท", "2500.5")],
)
def test_forms_take_separators_and_the_baht_sign(typed: str, amount: str) -> None:
    assert str(parse_amount(typed)) == amount


@pytest.mark.parametrize("typed", ["๑", "１", "1E0", "+1", "-1", "1.", ".5", "1_0", "1.001"])
def test_forms_end_in_the_same_strict_check(typed: str) -> None:
    with pytest.raises(FieldProblem):
        parse_amount(typed)


# -- item 6: If-Match on writes that move money ------------------------------------------

MONEY_WRITES = [
    ("/api/projects/{P1}/payments", {"installment": 1, "amount": "1.00", "voucher": "V"}),
    ("/api/projects/{P1}/payments/2/corrections", {"amount": "1.00", "reason": "ผิด"}),
    (
        "/api/projects/{P1}/contract",
        {
            "number": "1",
            "contractor": "c",
            "contractor_tax_id": "1",
            "amount": "1.00",
            "installments": [{"number": 1, "amount": "1.00", "due_on": "2027-01-01"}],
        },
    ),
    (
        "/api/projects/{P1}/carry-over",
        {"kind": "committed", "amount": "1.00", "deadline": "2028-03-31"},
    ),
    (
        f"/api/authorities/{LAO}/budgets/{FY}/expenditures",
        {"line_code": "SUPPLIES", "amount": "1.00", "voucher": "E"},
    ),
    (
        f"/api/authorities/{LAO}/budgets/{FY}/expenditures/2/corrections",
        {"amount": "1.00", "reason": "ผิด"},
    ),
]


@ONE_STORE
@pytest.mark.parametrize(("path", "body"), MONEY_WRITES, ids=lambda v: str(v)[-30:])
@pytest.mark.parametrize("if_match", [None, "*"])
def test_a_money_write_without_its_version_is_428(
    api: Api, path: str, body: dict[str, Any], if_match: str | None
) -> None:
    before = api.position()
    path = path.replace("{P1}", str(api.project))
    response = api.post(path, "clerk", body, if_match=if_match)
    assert response.status_code == 428, response.text
    problem = response.json()
    assert problem["code"] == "precondition_required"
    assert "If-Match" in problem["detail"]
    assert "If-Match" in problem["detail_th"]
    assert api.position() == before


@ONE_STORE
def test_a_transfer_needs_its_version_too(api: Api) -> None:
    path = f"/api/authorities/{LAO}/budgets/{FY}/transfers"
    body = {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "1.00"}
    assert api.post(path, "executive", body, if_match=None).status_code == 428
    assert api.post(path, "executive", body).status_code == 200  # with the current version


@ONE_STORE
def test_writes_that_move_no_money_keep_if_match_optional(api: Api) -> None:
    path = f"/api/projects/{api.project}/steps"
    assert api.post(path, "clerk", {"step": "plan_published"}, if_match=None).status_code == 200


@ONE_STORE
def test_the_openapi_says_if_match_is_required_where_money_moves(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]

    def if_match(path: str) -> dict[str, Any]:
        found = [p for p in paths[path]["post"]["parameters"] if p["name"] == "If-Match"]
        assert found, path
        return dict(found[0])

    assert if_match("/api/projects/{project_id}/payments")["required"] is True
    assert "428" in paths["/api/projects/{project_id}/payments"]["post"]["responses"]
    assert if_match("/api/projects/{project_id}/steps")["required"] is False
