"""Every write of the API and of the pages' forms: idempotent, preconditioned, and
read-your-writes.

A handler gives :meth:`Writer.execute` the decoded body and the command it makes
(`RecordPayment.of(body, project_id=...)`). The writer claims the `Idempotency-Key` (a
retry gets the first response), runs the command on the BudgetOffice as the caller
with the `If-Match` version, waits (bounded) until the views include its events,
answers with the new version as the ETag, and keeps the answer under the key. The
forms go through the same :func:`run_once` with their hidden form key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

import msgspec
from eventsourcing.persistence import OperationalError as StoreOperationalError
from litestar import Request, Response
from litestar.di import Provide
from litestar.params import HeaderParameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.exc import OperationalError

from budget.application import BudgetOffice, Recorded
from budget.application.commands import Command
from budget.application.fields import ONE_LINE
from budget.application.saved_keys import KeyTaken, SavedKey
from budget.domain.access import Actor
from budget.http.guards import services_of
from budget.http.idempotency import MAX_KEY_LENGTH, KeptResponse, request_hash
from budget.http.metrics import WRITE_STAGES
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


CommandCall = Callable[[Actor, int | None], Recorded]


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
        self.token: str = request.auth  # the session's token (budget.http.guards)

    @property
    def actor(self) -> Actor:
        return self.session.actor

    @property
    def office(self) -> BudgetOffice:
        return self.services.office

    def execute(
        self,
        data: msgspec.Struct | None,
        command: Command,
        *,
        status: int = HTTP_200_OK,
        location: Callable[[Recorded], str] | None = None,
    ) -> Response[Written]:
        """Run `command` (made of the body `data`) once per Idempotency-Key."""
        services = self.services
        return self.run(
            data,
            lambda actor, v: services.execute(command, actor=actor, expected_version=v),
            status=status,
            location=location,
        )

    def run(
        self,
        data: msgspec.Struct | None,
        command: CommandCall,
        *,
        status: int = HTTP_200_OK,
        location: Callable[[Recorded], str] | None = None,
    ) -> Response[Written]:
        """Run `command` once per Idempotency-Key; answer with what it recorded."""
        body = msgspec.json.encode(data) if data is not None else b""
        hashed = request_hash(self.request.method, self.request.url.path, body)

        def answer(recorded: Recorded) -> KeptResponse:
            written = Written(
                id=recorded.id,
                version=recorded.version,
                position=recorded.position,
                views_caught_up=self.services.caught_up(recorded.position),
            )
            headers = {"ETag": etag(recorded.version)}
            if location is not None:  # percent-encoded: a header carries no Thai
                headers["Location"] = quote(location(recorded), safe="/")
            return KeptResponse(status, headers, msgspec.json.encode(written))

        kept, replayed = run_once(
            self.services,
            self.actor.user_id,
            self.key,
            hashed,
            command=lambda: command(self.actor, self.expected),
            answer=answer,
        )
        headers = {**kept.headers, REPLAYED: "true"} if replayed else kept.headers
        written = msgspec.json.decode(kept.body, type=Written)
        return Response(written, status_code=kept.status, headers=headers)


def run_once(
    services: Services,
    user: str,
    key: str | None,
    hashed: str,
    *,
    command: Callable[[], Recorded],
    answer: Callable[[Recorded], KeptResponse],
) -> tuple[KeptResponse, bool]:
    """Run `command` once per (user, key): the answer kept under the key, and whether it
    is a replay of an earlier run (nothing recorded again). No key: run it every time.
    A refused command gives its key back, so the corrected request can be sent with it.
    `answer` waits for the views (read-your-writes) before the answer is kept."""
    if key is not None and services.keys_with_events:
        return _run_keyed(services, SavedKey(user, key, hashed), command, answer)
    if key is not None:
        try:
            with WRITE_STAGES.labels("claim").time():
                first = services.keys.claim(user, key, hashed)
        except OperationalError:  # the database is busy: nothing was claimed or recorded
            raise busy() from None
        if first is not None:
            return _again(first, answer), True
    try:
        with WRITE_STAGES.labels("command").time():
            recorded = command()
    except BaseException:
        if key is not None:
            services.keys.give_back(user, key)
        raise
    # Recorded: from here on nothing may turn the answer into an error (a retry would find
    # its key claimed). A views' database that fails only delays keeping the answer.
    with WRITE_STAGES.labels("views_wait").time():
        kept = answer(recorded)
    services.writers.wrote(user, recorded.position)
    if key is not None:
        with WRITE_STAGES.labels("keep").time():
            services.keep_answer(user, key, kept)
    return kept, False


def _run_keyed(
    services: Services,
    key: SavedKey,
    command: Callable[[], Recorded],
    answer: Callable[[Recorded], KeptResponse],
) -> tuple[KeptResponse, bool]:
    """`run_once` where the key is saved with the command's events, in their transaction
    (budget.http.idempotency): no claim before, no keep after. A key recorded already
    refuses the save (nothing recorded) and the first answer is given again; so does a
    refused command whose key was recorded (a retry after the record moved on)."""
    try:
        with WRITE_STAGES.labels("command").time(), services.office.keyed(key) as use:
            recorded = command()
    except KeyTaken:
        return _again(services.keys.find(key.user_id, key.key, key.request_hash), answer), True
    except StoreOperationalError:  # the transaction failed: a retry with the key is safe
        raise busy() from None
    except Exception:
        first = services.keys.find(key.user_id, key.key, key.request_hash)
        if first is None:
            raise
        return _again(first, answer), True
    with WRITE_STAGES.labels("views_wait").time():
        kept = answer(recorded)
    # a save that carried the key announced the write in its transaction
    services.writers.wrote(key.user_id, recorded.position, announced=use.saved)
    if not use.saved:  # the command saved nothing: its answer is kept the usual way
        with WRITE_STAGES.labels("keep").time():
            services.keys.keep_new(key.user_id, key.key, key.request_hash, kept)
    return kept, False


def _again(
    first: KeptResponse | Recorded | None, answer: Callable[[Recorded], KeptResponse]
) -> KeptResponse:
    """The answer a repeated key gets: the kept one, or one made again from the record."""
    if first is None:  # forgotten between the refusal and the look-up: send it again
        raise busy()
    if isinstance(first, Recorded):
        return answer(first)
    return first


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


MovesMoneyIfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=True,
        max_length=100,
        description="Required: the version the change is based on, as the ETag of a read gave "
        'it ("3"); 428 without it, 412 if the record has moved on.',
    ),
]


def precondition_required() -> HttpProblem:
    return HttpProblem(
        428,
        "precondition_required",
        "This write moves money: send If-Match with the version of the record it is based "
        'on (the ETag of a read, e.g. "3"), so a change made meanwhile is not overwritten',
        "รายการนี้เกี่ยวกับเงิน ต้องส่ง If-Match เป็นเลขฉบับของข้อมูลที่อ่านล่าสุด "
        '(ETag เช่น "3") เพื่อไม่ให้ทับการเปลี่ยนแปลงของผู้อื่น',
    )


def provide_money_writer(
    request: Request[Session, str, Any],
    idempotency_key: IdempotencyKey = None,
    if_match: MovesMoneyIfMatch = None,
) -> Writer:
    """For writes on an existing record that move money (payments and their corrections,
    contracts, transfers, spending from a line, carry-over): If-Match is required (RFC
    6585's 428 without it), so no one pays on a version they did not see."""
    if if_match is None or if_match.strip() == "*":  # any version is no precondition
        raise precondition_required()
    return Writer(services_of(request), request, idempotency_key, if_match)


def provide_creator(
    request: Request[Session, str, Any], idempotency_key: IdempotencyKey = None
) -> Writer:
    """For writes that create a record: Idempotency-Key only."""
    return Writer(services_of(request), request, idempotency_key, None)


WRITE = {"writer": Provide(provide_writer, sync_to_thread=False)}
CREATE = {"writer": Provide(provide_creator, sync_to_thread=False)}
MOVES_MONEY = {"writer": Provide(provide_money_writer, sync_to_thread=False)}
