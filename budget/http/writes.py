"""Every write of the API: idempotent, preconditioned, and read-your-writes.

A handler gives :meth:`Writer.run` the decoded body and the command (a call of one
BudgetOffice method with the caller's Actor and the `If-Match` version). The writer
claims the `Idempotency-Key` (a retry gets the first response), runs the command,
waits (bounded) until the views include its events, answers with the new version as
the ETag, and keeps the answer under the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

import msgspec
from litestar import Request, Response
from litestar.params import HeaderParameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.exc import OperationalError

from budget.application import Recorded
from budget.domain.access import Actor
from budget.http.fields import ONE_LINE
from budget.http.guards import services_of
from budget.http.idempotency import MAX_KEY_LENGTH, KeptResponse, request_hash
from budget.http.problems import HttpProblem
from budget.http.services import Services
from budget.http.sessions import Session

ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')
REPLAYED = "Idempotent-Replayed"


class Written(msgspec.Struct, kw_only=True):
    """A recorded command: the record, its new version (also the ETag) and the position
    of its last event; `views_caught_up` is false if the views had not included it
    within the wait (the next read may not show it yet)."""

    id: UUID
    version: int
    position: int
    views_caught_up: bool


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` names (None: no precondition, or `*`)."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = ETAG.match(if_match)
    if found is None:
        raise HttpProblem(
            400,
            "invalid_request",
            'If-Match: give the version as an entity tag, e.g. "3"',
            'If-Match ต้องเป็นเลขฉบับ เช่น "3"',
        )
    return int(found.group(1))


Command = Callable[[Actor, int | None], Recorded]


def busy() -> HttpProblem:
    return HttpProblem(
        503,
        "busy",
        "The database is busy: nothing was recorded, send the request again",
        "ฐานข้อมูลไม่ว่าง ยังไม่ได้บันทึก กรุณาส่งคำขออีกครั้ง",
        {"Retry-After": "1"},
    )


class Writer:
    def __init__(
        self,
        services: Services,
        request: Request[Session, str, Any],
        idempotency_key: str | None,
        if_match: str | None,
    ) -> None:
        self.services = services
        self.request = request
        self.key = idempotency_key
        self.expected = expected_version(if_match)
        self.session: Session = request.user

    @property
    def actor(self) -> Actor:
        return self.session.actor

    def run(
        self,
        data: msgspec.Struct | None,
        command: Command,
        *,
        status: int = HTTP_200_OK,
        location: Callable[[Recorded], str] | None = None,
    ) -> Response[Written]:
        """Run `command` once per Idempotency-Key; answer with what it recorded."""
        keys, user = self.services.keys, self.actor.user_id
        if self.key is not None:
            body = msgspec.json.encode(data) if data is not None else b""
            hashed = request_hash(self.request.method, self.request.url.path, body)
            try:
                kept = keys.claim(user, self.key, hashed)
            except OperationalError:  # the database is busy: nothing was claimed or recorded
                raise busy() from None
            if kept is not None:
                return _replayed(kept)
        try:
            recorded = command(self.actor, self.expected)
        except BaseException:
            if self.key is not None:
                keys.give_back(user, self.key)
            raise
        # Recorded: from here on nothing may turn the answer into an error (a retry would
        # find its key claimed). A views' database that fails only delays the answer's key.
        written = Written(
            id=recorded.id,
            version=recorded.version,
            position=recorded.position,
            views_caught_up=self.services.caught_up(recorded.position),
        )
        headers = {"ETag": etag(recorded.version)}
        if location is not None:  # percent-encoded: a header carries no Thai
            headers["Location"] = quote(location(recorded), safe="/")
        if self.key is not None:
            kept = KeptResponse(status, headers, msgspec.json.encode(written))
            self.services.keep_answer(user, self.key, kept)
        return Response(written, status_code=status, headers=headers)


def _replayed(kept: KeptResponse) -> Response[Written]:
    written = msgspec.json.decode(kept.body, type=Written)
    return Response(written, status_code=kept.status, headers={**kept.headers, REPLAYED: "true"})


IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=ONE_LINE,
        description="A retry with the same key and body records nothing again and gets the "
        "first response; another body with the key is refused (422).",
    ),
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        max_length=100,
        description='The version the change is based on, as the ETag of a read gave it ("3"); '
        "412 if the record has moved on.",
    ),
]


def provide_writer(
    request: Request[Session, str, Any],
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> Writer:
    """For writes on an existing record: Idempotency-Key and If-Match."""
    return Writer(services_of(request), request, idempotency_key, if_match)


def provide_creator(
    request: Request[Session, str, Any], idempotency_key: IdempotencyKey = None
) -> Writer:
    """For writes that create a record: Idempotency-Key only."""
    return Writer(services_of(request), request, idempotency_key, None)
