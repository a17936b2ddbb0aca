"""What every route declares: the Action it needs, and the problems it may answer."""

from __future__ import annotations

from typing import Any

from litestar.openapi.datastructures import ResponseSpec

from budget.domain.access import Action
from budget.http.problems import PROBLEM_JSON, Problem


def action(needed: Action, *, scope: str = "nation") -> dict[str, Any]:
    """A route's `opt`: the Action the guard checks, and where (see budget.http.guards)."""
    return {"action": needed, "scope": scope}


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )


PROBLEMS: dict[int, ResponseSpec] = {
    400: _problem("Malformed request: the field named in `errors`"),
    401: _problem("Not logged in"),
    403: _problem("The role or scope does not allow this"),
    404: _problem("No such record"),
    422: _problem("A rule refused the command: `code` names it"),
    429: _problem("Too many failed logins"),
}

WRITE_PROBLEMS: dict[int, ResponseSpec] = {
    **PROBLEMS,
    409: _problem("Recorded by someone else first, or the Idempotency-Key is in use"),
    412: _problem("If-Match names an older version than the record's"),
}
