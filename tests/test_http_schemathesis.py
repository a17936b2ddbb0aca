"""schemathesis against the app's own OpenAPI document, on every store: generated
requests (valid and not) to every operation, each asked by a role its guard lets
through, find no 5xx and no response the document does not describe. Bounded: a few
examples per operation and store (about a minute per store)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from budget.application import BudgetOffice
from budget.application.commands import DraftReport
from budget.domain.ids import report_id
from tests.builders import DEEP, FINANCE, LAO
from tests.http_world import PASSWORD, build_world, module_store, serving, settings_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


USERS = ("clerk", "executive", "reviewer", "dla", "auditor", "admin")
# Who asks each operation (by a part of its path): someone its guard lets through, so
# the examples reach the handler, its body's checks and the domain (the route x role
# matrix checks the refusals). Anything else: the clerk.
ASKED_BY = (
    ("/api/audit/", "auditor"),
    ("/api/accounts", "admin"),
    ("/district", "admin"),
    ("/return", "reviewer"),
    ("/acceptance", "reviewer"),
    ("/api/review-inbox", "reviewer"),
    ("/api/stuck-projects", "reviewer"),
    ("/sign-off", "executive"),
    ("/transfers", "executive"),
    ("/api/dashboards/national", "dla"),
    ("/api/dashboards/provinces/", "dla"),
    ("/api/rankings", "dla"),
)
# Examples per operation and per way of choosing its path parameters (most of the time
# goes into generating them, not into the app): about a minute per store. In memory,
# free path parameters too; on disk, only those naming the world's records (free ones
# mostly find nothing, whatever the store).
EXAMPLES = {"memory": 5, "sqlite": 4, "postgres": 4}
FREE_PATHS = {"memory": True, "sqlite": False, "postgres": False}


def asked_by(path: str) -> str:
    return next((user for part, user in ASKED_BY if part in path), "clerk")


@dataclass
class Served:
    app: Any
    tokens: dict[str, str]
    anchors: dict[str, Any]
    examples: int
    free_paths: bool


def seed(office: BudgetOffice) -> UUID:
    """The world, and a draft report of its first LAO."""
    project = build_world(office)
    office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M10", narrative="ตามแผน", business_date=date(2026, 11, 5)
        ),
        actor=FINANCE,
    )
    return project


@pytest.fixture(scope="module", params=list(EXAMPLES))
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The app over the world on each store (started), and a login per user."""
    home: Path = tmp_path_factory.mktemp("schemathesis")
    with module_store(request, home) as url, serving(settings_for(url, home), seed) as api:
        tokens = {
            user: api.client.post(
                "/api/auth/login", json={"username": user, "password": PASSWORD}
            ).json()["token"]
            for user in USERS
        }
        project = str(api.project)
        anchors = {  # path parameters naming records of the world (free ones mostly do not)
            "lao_code": LAO,
            "fiscal_year": 2570,
            "province_code": "50",
            "project_id": project,
            "aggregate_id": project,
            "payment_version": 2,
            "expenditure_version": 2,
            "report_id": str(report_id(LAO, "2570-M10")),
            "username": "clerk2",  # an account no example logs in with
        }
        store = request.param
        yield Served(api.client.app, tokens, anchors, EXAMPLES[store], FREE_PATHS[store])


def bounded(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=not DEEP,  # scripts/test --deep: new random examples
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def explore(strategy: Any, headers: dict[str, str], seen: Counter[int], examples: int) -> None:
    @given(case=strategy)
    @bounded(examples)
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen[response.status_code] += 1

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_a_server_error_or_a_response_off_the_schema(
    served: Served, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", served.app)
    failures: list[str] = []
    seen: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/auth/logout":
            continue  # it would end the session every other example uses
        headers = {"Authorization": f"Bearer {served.tokens[asked_by(operation.path)]}"}
        known = {
            name: value
            for name, value in served.anchors.items()
            if "{" + name + "}" in operation.path
        }
        strategies = []
        if served.free_paths or not known:
            strategies.append(operation.as_strategy(generation_mode=mode))
        if known:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=known))
        for strategy in strategies:
            try:
                explore(strategy, headers, seen, served.examples)
            except Exception as failure:
                failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)
    assert sum(seen.values()) > 100, seen  # the examples did reach the app
    assert not [status for status in seen if status >= 500], seen
    assert any(200 <= status < 300 for status in seen), seen
    assert 400 in seen, seen
    if served.free_paths:
        assert 404 in seen, seen
