"""schemathesis against the app's own OpenAPI document: generated requests (valid and
not) to every operation, as a clerk and as an auditor, find no 5xx and no response the
document does not describe. Bounded: a few dozen examples per operation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from litestar.testing import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from budget.http import Services, create_app
from tests.builders import LAO
from tests.http_world import PASSWORD, build_world, settings_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Any, dict[str, str], str]]:
    """The app over the world (in memory, started), and a login per user."""
    home: Path = tmp_path_factory.mktemp("schemathesis")
    app_settings = settings_for("memory:", home)
    services = Services(app_settings)
    project = build_world(services.office)
    app = create_app(app_settings, services)
    with TestClient(app) as client:
        tokens = {
            user: client.post(
                "/api/auth/login", json={"username": user, "password": PASSWORD}
            ).json()["token"]
            for user in ("clerk", "auditor")
        }
        yield app, tokens, str(project)


def anchors(project: str) -> dict[str, Any]:
    """Path parameters naming records of the world (free ones mostly name nothing)."""
    return {
        "lao_code": LAO,
        "fiscal_year": 2570,
        "province_code": "50",
        "project_id": project,
        "aggregate_id": project,
        "payment_version": 2,
    }


BOUNDED = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def explore(strategy: Any, headers: dict[str, str], seen: Counter[int]) -> None:
    @given(case=strategy)
    @BOUNDED
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen[response.status_code] += 1

    run()


@pytest.mark.parametrize("user", ["clerk", "auditor"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_a_server_error_or_a_response_off_the_schema(
    served: tuple[Any, dict[str, str], str], user: str, mode: GenerationMode
) -> None:
    app, tokens, project = served
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[user]}"}
    failures: list[str] = []
    seen: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/auth/logout":
            continue  # it would end the session every other example uses
        known = {
            name: value
            for name, value in anchors(project).items()
            if "{" + name + "}" in operation.path
        }
        strategies = [operation.as_strategy(generation_mode=mode)]
        if known:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=known))
        for strategy in strategies:
            try:
                explore(strategy, headers, seen)
            except Exception as failure:
                failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)
    assert sum(seen.values()) > 200, seen  # the examples did reach the app
    assert not [status for status in seen if status >= 500], seen
    assert any(200 <= status < 300 for status in seen), seen
    assert {400, 404} <= set(seen), seen
