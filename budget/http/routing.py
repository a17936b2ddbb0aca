"""What every route declares: the Action it needs, and the problems it may answer."""

from __future__ import annotations

from collections.abc import Callable
from inspect import Parameter, Signature
from typing import Any

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from budget.application import Recorded
from budget.application.commands import Command
from budget.domain.access import Action
from budget.http.exports import ExportedOperation
from budget.http.problems import PROBLEM_JSON, Problem
from budget.http.writes import CREATE, Writer, Written


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
    400: _problem("Malformed request: the field named in `errors` (or a body nested too deep)"),
    401: _problem("Not logged in"),
    403: _problem("The role or scope does not allow this"),
    404: _problem("No such record"),
    422: _problem("A rule refused the command: `code` names it"),
    429: _problem("Too many failed logins"),
}


def file_responses(media_type: str, description: str) -> dict[int, ResponseSpec]:
    """What a file to download answers (see `downloads`): the file, or a problem of PROBLEMS."""
    return {
        200: ResponseSpec(
            data_container=bytes,
            description=description,
            media_type=media_type,
            generate_examples=False,
        ),
        **PROBLEMS,
    }


WRITE_PROBLEMS: dict[int, ResponseSpec] = {
    **PROBLEMS,
    409: _problem("Recorded by someone else first, or the Idempotency-Key is in use"),
    412: _problem("If-Match names an older version than the record's"),
    415: _problem("The body is not sent as application/json"),
    428: _problem("A write that moves money was sent without If-Match"),
    503: _problem("The database was busy: nothing was recorded, send it again"),
}


def writes(
    path: str, operation_id: str, opt: dict[str, Any], *, status: int = HTTP_200_OK, **more: Any
) -> HTTPRouteHandler:
    """A write route: a POST run in a worker thread (the office blocks), answering
    `status` or a problem of WRITE_PROBLEMS, allowed by `opt` (see `action`)."""
    return post(
        path,
        operation_id=operation_id,
        sync_to_thread=True,
        status_code=status,
        responses=WRITE_PROBLEMS,
        opt=opt,
        **more,
    )


def reads(
    path: str,
    operation_id: str,
    opt: dict[str, Any],
    *,
    exported: bool = False,
    on_loop: bool = False,
    responses: dict[int, ResponseSpec] = PROBLEMS,
    **more: Any,
) -> HTTPRouteHandler:
    """A read route: a GET run in a worker thread, answering its body or a problem of
    `responses` (PROBLEMS), allowed by `opt` (see `action`); `exported`: its tables also
    as a CSV or XLSX file (`?format=`, see budget.http.exports, whose dependencies it needs);
    `on_loop`: an async handler that answers on the event loop what it can and hands the
    rest to a thread itself, after the session check its guard left (`checks_session`)."""
    if exported:
        more["operation_class"] = ExportedOperation
    if on_loop:
        opt = {**opt, "checks_session": True}
    return get(
        path,
        operation_id=operation_id,
        sync_to_thread=None if on_loop else True,
        responses=responses,
        opt=opt,
        **more,
    )


def downloads(
    path: str,
    operation_id: str,
    opt: dict[str, Any],
    media_type: str,
    responses: dict[int, ResponseSpec],
) -> HTTPRouteHandler:
    """A file to download (a PDF report, a workbook): a read route (see `reads`) answering
    `media_type` or one of `responses` (see `file_responses`)."""
    return reads(path, operation_id, opt, media_type=media_type, responses=responses)


def command_write(
    path: str,
    operation_id: str,
    opt: dict[str, Any],
    command: type[Command],
    *,
    at: dict[str, Any],
    created: Callable[[Any, Recorded], str] | bool = False,
    fields: dict[str, str] | None = None,
    **more: Any,
) -> Callable[[Callable[[], None]], HTTPRouteHandler]:
    """A write route (see `writes`) whose whole work is one command: the JSON body decoded
    as the command's payload, the command `command.of(body, **at)` run once per Idempotency-Key
    (budget.http.writes). `at`: the path parameters naming the record, in order, with
    their types (`fields`: the command's field a path parameter gives, where its name is
    another); `created`: the command creates a record (201, budget.http.writes.CREATE),
    read where this says (of the command and what it recorded: the Location header). The
    decorated function lends only its name and its docstring (the operation's summary and
    description)."""
    status = HTTP_201_CREATED if created else HTTP_200_OK
    if created:
        more.setdefault("dependencies", CREATE)
    location = created if callable(created) else None

    def route(described: Callable[[], None]) -> HTTPRouteHandler:
        def handler(
            _controller: object, *, data: Any, writer: Writer, **where: Any
        ) -> Response[Written]:
            named = fields or {}
            made = command.of(data, **{named.get(name, name): v for name, v in where.items()})
            where_read = None if location is None else lambda recorded: location(made, recorded)
            return writer.execute(data, made, status=status, location=where_read)

        hints = {**at, "data": JSONBody[command.payload()], "writer": NamedDependency[Writer]}  # type: ignore[misc]
        handler.__signature__ = Signature(  # type: ignore[attr-defined]
            [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD)]
            + [Parameter(name, Parameter.KEYWORD_ONLY) for name in hints]
        )
        handler.__annotations__ = {**hints, "return": Response[Written]}
        handler.__name__ = handler.__qualname__ = described.__name__
        handler.__module__ = described.__module__
        handler.__doc__ = described.__doc__
        return writes(path, operation_id, opt, status=status, **more)(handler)

    return route
