"""Idempotency keys: a retried write records once, even after a restart.

Each key (per user) is first *claimed* with the hash of the request (method, path,
body); the command runs; its response is then *kept* under the key. A retry with
the same key and body gets the kept response again; with another body, 422; while
the first is still running, 409. A refused command gives its key back, so the
corrected request may use it again. The table lives in the views' database, with
its own metadata (it is not a view: rebuilding the views leaves it alone).

When the keys live in the events' own PostgreSQL database (the default), a keyed write
takes one round trip instead of three: no claim, no keep. Its key's row is written by the
recorder in the transaction that inserts the events (budget.application.saved_keys), with
what was recorded (status 0, the body `{"id", "version", "position"}`); a retry rebuilds
its answer from that (:class:`Outcome`). A crash leaves either both or neither.

Elsewhere (SQLite: the views are another file, and in WAL mode a transaction over two
attached files is not atomic as a whole; the in-memory store; views in another database):
if keeping the response fails, or the process dies between recording a command and
keeping its response, the key stays claimed (a retry gets 409: never recorded twice)
until :mod:`budget.http.key_janitor` settles it on its next round: the held response
kept, or the claim reconciled with the audit log (given back when nothing was recorded,
else answered 409 "recorded, look at the history" for good).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from budget.application import Recorded
from budget.application.saved_keys import KEY_TABLE, RECORDED_STATUS
from budget.http.problems import HttpProblem
from budget.projections.engine import create_tables
from budget.projections.tables import UtcDateTime

KEEP_FOR = timedelta(days=30)
MAX_KEY_LENGTH = 200
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "postgres" / "0002_http.sql"
HEADER = (
    "-- Tables of the HTTP service in the views' database (PostgreSQL): idempotency keys.\n"
    "-- Generated from budget/http/idempotency.py; a test keeps the two equal. A change is a\n"
    "-- new numbered file, never an edit here.\n\n"
)

http_metadata = MetaData()

idempotency_key = Table(
    KEY_TABLE,
    http_metadata,
    Column("user_id", String(100), primary_key=True),
    Column("key", String(MAX_KEY_LENGTH), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", Integer, nullable=True),  # null while the command runs; 0: Outcome
    Column("headers", Text, nullable=True),  # JSON object of the kept headers
    Column("body", LargeBinary, nullable=True),
)


class KeptResponse(msgspec.Struct, frozen=True):
    status: int
    headers: dict[str, str]
    body: bytes


class Outcome(msgspec.Struct, frozen=True):
    """What a key's write recorded (a row written with the events): its answer is rebuilt."""

    id: str
    version: int
    position: int

    def recorded(self) -> Recorded:
        return Recorded(UUID(self.id), self.version, self.position)


def request_hash(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def key_reused() -> HttpProblem:
    return HttpProblem(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different request: use a new key",
        "Idempotency-Key นี้ใช้กับคำขออื่นไปแล้ว กรุณาใช้คีย์ใหม่",
    )


# The answer kept for a claim the janitor found recorded, its response unknown.
OUTCOME_RECORDED = KeptResponse(status=409, headers={}, body=b"")


def outcome_recorded() -> HttpProblem:
    return HttpProblem(
        409,
        "idempotency_key_outcome_recorded",
        "A request with this Idempotency-Key was recorded, but its answer was lost: look at "
        "the record's history instead of sending it again",
        "คำขอที่ใช้ Idempotency-Key นี้บันทึกแล้วแต่ไม่มีคำตอบ กรุณาตรวจสอบประวัติแทนการส่งซ้ำ",
    )


def key_in_flight() -> HttpProblem:
    return HttpProblem(
        409,
        "idempotency_key_in_use",
        "A request with this Idempotency-Key has not finished: look at the record's history "
        "before sending it again",
        "คำขอที่ใช้ Idempotency-Key นี้ยังไม่เสร็จ กรุณาตรวจสอบประวัติก่อนส่งอีกครั้ง",
    )


class IdempotencyKeys:
    """Claims, kept responses and give-backs of idempotency keys, in `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine, http_metadata)

    def claim(self, user_id: str, key: str, hashed: str) -> KeptResponse | Recorded | None:
        """None: the key is ours now, run the command. Else the first response (or what
        the first request recorded, to answer again)."""
        t = idempotency_key
        while True:
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        insert(t).values(
                            user_id=user_id, key=key, request_hash=hashed, created_at=_now()
                        )
                    )
            except IntegrityError:
                pass
            else:
                return None
            first = self.find(user_id, key, hashed)
            if first is not None:  # else given back in between: claim it again
                return first

    def find(self, user_id: str, key: str, hashed: str) -> KeptResponse | Recorded | None:
        """The first response under the key (or what it recorded); None: no such key.
        409 while unfinished, 422 if it was sent with another request."""
        t = idempotency_key
        with self.engine.connect() as connection:
            row = connection.execute(
                select(t.c.request_hash, t.c.status, t.c.headers, t.c.body).where(
                    t.c.user_id == user_id, t.c.key == key
                )
            ).one_or_none()
        return None if row is None else _first_answer(row, hashed)

    def keep_new(self, user_id: str, key: str, hashed: str, response: KeptResponse) -> None:
        """Keep `response` under a key never claimed (a keyed command that saved nothing);
        a key recorded meanwhile stays as it is."""
        t = idempotency_key
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(t).values(
                        user_id=user_id,
                        key=key,
                        request_hash=hashed,
                        created_at=_now(),
                        **_row_of(response),
                    )
                )
        except IntegrityError:
            pass

    def keep(self, user_id: str, key: str, response: KeptResponse) -> None:
        t = idempotency_key
        with self.engine.begin() as connection:
            connection.execute(
                update(t).where(t.c.user_id == user_id, t.c.key == key).values(**_row_of(response))
            )

    def give_back(self, user_id: str, key: str) -> None:
        t = idempotency_key
        with self.engine.begin() as connection:
            connection.execute(delete(t).where(t.c.user_id == user_id, t.c.key == key))

    def settle(self, user_id: str, key: str, response: KeptResponse) -> None:
        """Keep `response` under a key still unfinished (a finished one stays as it is)."""
        t = idempotency_key
        with self.engine.begin() as connection:
            connection.execute(
                update(t)
                .where(t.c.user_id == user_id, t.c.key == key, t.c.status.is_(None))
                .values(status=response.status, headers="{}", body=response.body)
            )

    def unfinished(self, claimed_before: datetime) -> list[tuple[str, str, datetime]]:
        """(user, key, claimed at) of the keys claimed before then and never finished."""
        t = idempotency_key
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(t.c.user_id, t.c.key, t.c.created_at).where(
                    t.c.status.is_(None), t.c.created_at < claimed_before
                )
            ).all()
        return [(row.user_id, row.key, row.created_at) for row in rows]

    def forget_old(self, keep_for: timedelta = KEEP_FOR, now: datetime | None = None) -> int:
        """Drop keys older than `keep_for` (finished ones only); how many went."""
        t = idempotency_key
        moment = now or _now()
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(t).where(t.c.created_at < moment - keep_for, t.c.status.is_not(None))
            )
        return int(result.rowcount or 0)


def _row_of(response: KeptResponse) -> dict[str, Any]:
    """A kept response as its key's row holds it (`_first_answer` reads it back)."""
    return {
        "status": response.status,
        "headers": msgspec.json.encode(response.headers).decode(),
        "body": response.body,
    }


def _first_answer(row: Any, hashed: str) -> KeptResponse | Recorded:
    """A key's row as an answer: the kept response, or what its write recorded."""
    if row.status is None:
        raise key_in_flight()
    if row.status == OUTCOME_RECORDED.status and not row.body:
        raise outcome_recorded()
    if row.request_hash != hashed:
        raise key_reused()
    if row.status == RECORDED_STATUS:
        return msgspec.json.decode(bytes(row.body), type=Outcome).recorded()
    headers = msgspec.json.decode(row.headers or "{}", type=dict[str, str])
    return KeptResponse(status=row.status, headers=headers, body=bytes(row.body or b""))


def _now() -> datetime:
    return datetime.now(UTC)


if __name__ == "__main__":
    from budget.projections.ddl import postgres_ddl

    SCHEMA_FILE.write_text(postgres_ddl(http_metadata, HEADER), encoding="utf-8")
