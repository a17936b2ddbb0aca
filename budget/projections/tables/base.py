"""What every view table is made of: exact money, UTC moments, the one MetaData and the
columns many views share (an LAO, a province, a year, a budget group, ...), one type
each."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

CENT = Decimal("0.01")


class Money(TypeDecorator[Decimal]):
    """Exact baht as Numeric(18, 2); SQLite, whose NUMERIC is a float, keeps integer satang."""

    impl = Numeric(18, 2, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = whole_satang(value)
        return int(exact.scaleb(2)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-2).quantize(CENT)
        if type(value) is Decimal and value.same_quantum(CENT):
            return value  # numeric(18, 2) comes as two places already (the usual case)
        return Decimal(value).quantize(CENT)


def whole_satang(value: Decimal) -> Decimal:
    """`value` to two places, refused if that would change it."""
    if type(value) is Decimal and value.same_quantum(CENT):
        return value  # two places already (the usual case, and the cheapest check)
    exact = Decimal(value).quantize(CENT)
    if exact != value:
        msg = f"{value} is not a whole number of satang"
        raise ValueError(msg)
    return exact


metadata = MetaData()


class AggregateId(TypeDecorator[str]):
    """An aggregate's id (a UUID) as text in Python: PostgreSQL keeps its 16 bytes in a
    native uuid column, SQLite the 36 characters. At scale 0.1 the text ids took 37 bytes
    a row in the heap and as much in every index that holds them: project_stage_date
    (831,333 rows) was 145 MiB with text ids, 101 MiB with uuid (issue 16)."""

    impl = String(36)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID(as_uuid=False))
        return dialect.type_descriptor(String(36))


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, always read back timezone-aware in UTC (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"{value} has no timezone"
            raise ValueError(msg)
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def money(name: str, *, nullable: bool = False) -> Column[Decimal]:
    """Exact baht: Decimal in, Decimal out, never a float."""
    return Column(name, Money(), nullable=nullable)


def amounts(*names: str) -> list[Column[Decimal]]:
    """Columns of exact baht, never NULL."""
    return [money(name) for name in names]


# The columns many views share, by name: the same type wherever they stand.
SHARED: dict[str, TypeEngine[Any] | type[TypeEngine[Any]]] = {
    "project_id": AggregateId,
    "budget_id": AggregateId,
    "report_id": AggregateId,
    "lao_code": String(20),
    "province_code": String(10),
    "lao_type": String(40),
    "fiscal_year": Integer,
    "quarter": Integer,
    "budget_group": String(40),
    "method": String(40),
    "stage": String(40),
    "line_code": String(100),
    "version": Integer,
    "number": Integer,
    "last_position": BigInteger,  # of the last event applied to the row
}


def keys(*names: str) -> list[Column[Any]]:
    """A view's primary key, of the shared columns named, in order."""
    return [Column(name, SHARED[name], primary_key=True, autoincrement=False) for name in names]


def shared(*names: str, index: bool = False) -> list[Column[Any]]:
    """Shared columns, never NULL (`index`: each with an index of its own)."""
    return [Column(name, SHARED[name], nullable=False, index=index or None) for name in names]
