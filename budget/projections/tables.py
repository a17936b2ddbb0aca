"""The views and the tracking table, described once for SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
)
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
        exact = Decimal(value).quantize(CENT)
        if exact != value:
            msg = f"{value} is not a whole number of satang"
            raise ValueError(msg)
        return int(exact.scaleb(2)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-2).quantize(CENT)
        return Decimal(value).quantize(CENT)


metadata = MetaData()


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


projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("business_date", Date, nullable=True),
    Column("user_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("acting_for", String(20), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("summary", Text, nullable=False),
)

project_state = Table(
    "project_state",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("lao_code", String(20), nullable=False, index=True),
    Column("province_code", String(10), nullable=False),
    Column("lao_type", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("code", String(100), nullable=False),
    Column("name", Text, nullable=False),
    Column("line_code", String(100), nullable=False),
    Column("budget_group", String(40), nullable=False),
    Column("method", String(40), nullable=False),
    money("budget_amount"),
    Column("stage", String(40), nullable=False),
    Column("stage_entered_on", Date, nullable=False),
    money("contract_amount", nullable=True),
    money("paid"),
    Column("installments_total", Integer, nullable=False),
    Column("installments_inspected", Integer, nullable=False),
    Column("installments_paid", Integer, nullable=False),
    Column("cancelled", Boolean, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("last_position", BigInteger, nullable=False),
)

# What project_state needs to know to count fully paid installments and to
# apply a payment correction (which names the payment's version, not its installment).
project_installment = Table(
    "project_installment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    money("amount"),
    Column("inspected", Boolean, nullable=False),
    money("paid"),
)

project_payment = Table(
    "project_payment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("installment", Integer, nullable=False),
    money("amount"),
)
