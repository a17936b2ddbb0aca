"""Names of a small set the domain fixes (an event's type, a role, a stage, a deadline's
kind) kept as 4-byte codes on PostgreSQL: the audit log's `event_type` and `role`, a
stage's date's `stage` (`Staged`) and a deadline's `kind` (`DeadlineKinds`, schema 0018),
text in Python as before.

A name's code is the CRC-32 of its UTF-8 bytes, as a signed 32-bit integer: the same in
every database and every process, so a view rebuilt or verified from a sample of the
events holds the same codes as the live one, and no table of codes is kept. A code is
read back through the names the domain writes (every event class of `budget.domain` and
every role); a test holds their codes distinct. At scale 0.1 the audit log's 1,441,720
rows spent 27 bytes on average on the event's type and 12 on the role (issue 16).
SQLite keeps the text."""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import pkgutil
import zlib
from typing import Any

from sqlalchemy import Integer, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine


def name_code(name: str) -> int:
    """`name`'s code: its CRC-32 as a signed 32-bit integer (PostgreSQL's integer)."""
    code = zlib.crc32(name.encode())
    return code - (1 << 32) if code >= 1 << 31 else code


@functools.cache
def texts_code(*parts: str) -> int:
    """The code of a few texts kept once in a table of their own (a budget line's texts,
    schema 0022; who recorded an audit entry, 0023): the first 8 bytes of the MD5 of the
    parts joined by the unit separator (U+001F), as a signed 64-bit integer: the same in
    every process and database (PostgreSQL works it out alike, `texts_code_sql`, when it
    converts views made before), so a rebuilt or sampled view holds the live one's codes."""
    joined = "\x1f".join(parts)
    return int.from_bytes(hashlib.md5(joined.encode()).digest()[:8], "big", signed=True)


def texts_code_sql(*expressions: str) -> str:
    """`texts_code` in PostgreSQL's SQL, of these text expressions of a row."""
    joined = " || chr(31) || ".join(expressions)
    return f"('x' || substr(md5({joined}), 1, 16))::bit(64)::bigint"


def known_names() -> dict[int, str]:
    """Every name the audit log codes, by code: each event type of the domain (what its
    stored topic says after the module, as budget/projections/audit.py reads it), each
    role, and "" (no actor)."""
    from eventsourcing.domain import Aggregate
    from eventsourcing.utils import get_topic

    import budget.domain
    from budget.domain.access import Role

    names: set[str] = {"", *(role.value for role in Role)}
    for info in pkgutil.iter_modules(budget.domain.__path__):
        module = importlib.import_module(f"budget.domain.{info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Aggregate) and value is not Aggregate:
                names.update(
                    get_topic(member).partition(":")[2]
                    for member in vars(value).values()
                    if inspect.isclass(member) and issubclass(member, Aggregate.Event)
                )
    return {name_code(name): name for name in sorted(names)}


def name_of(code: int) -> str:
    """The event type or role whose code `code` is."""
    return Named.name_of(code)


@functools.cache
def deadline_kind_names() -> dict[int, str]:
    """Every kind of deadline (budget/domain/deadlines.py), by code."""
    from budget.domain.deadlines import DeadlineKind

    return {name_code(kind.value): kind.value for kind in DeadlineKind}


@functools.cache
def stage_names() -> dict[int, str]:
    """Every stage of a project (budget/domain/procurement.py), by code."""
    from budget.domain.procurement import Stage

    return {name_code(stage.value): stage.value for stage in Stage}


class Named(TypeDecorator[str]):
    """A name of `known_names` as text in Python: its code on PostgreSQL, the text on
    SQLite. A name searched for that the domain never wrote gets its code all the same,
    and finds nothing."""

    impl = String
    cache_ok = True
    what = "event type or role of the domain"  # as a refused code names what it is not

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Integer())
        return dialect.type_descriptor(self.impl_instance)

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return name_code(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.name_of(int(value)) if dialect.name == "postgresql" else str(value)

    @staticmethod
    def names() -> dict[int, str]:
        """The names this type codes, by code."""
        return known_names()

    @classmethod
    def name_of(cls, code: int) -> str:
        """The name whose code `code` is."""
        try:
            return cls.names()[code]
        except KeyError:
            msg = f"no {cls.what} has the code {code}"
            raise ValueError(msg) from None


class Staged(Named):
    """A project's stage as its code on PostgreSQL (a stage's date: 4 bytes instead of up
    to 21, in the heap and in the key; schema 0018), the text on SQLite."""

    cache_ok = True
    what = "stage of a project"

    @staticmethod
    def names() -> dict[int, str]:
        return stage_names()


class DeadlineKinds(Named):
    """A deadline's kind as its code on PostgreSQL (18 bytes on average at scale 0.02, in
    the heap, the key and the province's index; schema 0018), the text on SQLite."""

    cache_ok = True
    what = "kind of deadline"

    @staticmethod
    def names() -> dict[int, str]:
        return deadline_kind_names()
