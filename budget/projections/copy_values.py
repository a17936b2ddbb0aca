"""A view row's values as the views' binary COPY and its few-rows statements send them
(bulk_copy.py): as SQLAlchemy would bind them, but the types the views write most (money,
numbers, moments, coded names, text ids in uuid columns) converted here, without its type
machinery: a big batch writes millions of values."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import adapt, postgres, pq
from sqlalchemy import Numeric, Table
from sqlalchemy.engine import Dialect

from budget.projections.tables import Money, Named, UtcDateTime, whole_satang
from budget.projections.tables.named import name_code

Row = Mapping[str, Any]


class TextUuidDumper(adapt.Dumper):
    """A uuid column's value in binary COPY from the views' text ids (a UUID as well)."""

    format = pq.Format.BINARY
    oid = postgres.types["uuid"].oid

    def dump(self, obj: Any) -> bytes:
        if type(obj) is str and len(obj) == 36:  # the usual case: the canonical text
            raw = bytes.fromhex(obj.replace("-", ""))
            if len(raw) == 16:
                return raw
        return obj.bytes if isinstance(obj, UUID) else UUID(obj).bytes


def _decimal(value: Any) -> Decimal:
    """A numeric column's value as a Decimal, which binary COPY sends exactly (a float
    as its shortest text, as the text format sent it)."""
    return value if type(value) is Decimal else Decimal(str(value))


def _copy_processor(dialect: Dialect, kind: Any) -> Callable[[Any], Any] | None:
    """What COPY makes of a column's value: its bind processor, but for the types the
    views write most, whose checks and conversions are done here without SQLAlchemy's
    type machinery (a TypeDecorator's processor is three calls a value)."""
    if isinstance(kind, Money):
        return whole_satang
    if isinstance(kind, Numeric):
        return _decimal
    if isinstance(kind, UtcDateTime):
        return _aware
    if isinstance(kind, Named):
        return _name_code
    processor: Callable[[Any], Any] | None = kind.bind_processor(dialect)
    return processor


def _aware(moment: datetime) -> datetime:
    """A moment, refused without its timezone (binary COPY sends it as UTC)."""
    if moment.tzinfo is None:
        msg = f"{moment} has no timezone"
        raise ValueError(msg)
    return moment


# A coded name's code (tables/named.py), remembered: the names are few, written millions
# of times.
_name_code = functools.lru_cache(maxsize=4096)(name_code)


@functools.cache
def copy_values(
    dialect: Dialect, table: Table, names: tuple[str, ...]
) -> Callable[[Row], Sequence[Any]]:
    """A row's values in column order as COPY writes them: as SQLAlchemy binds them, but
    money (whole satang checked, the Decimal written as it is) without the type machinery,
    and other numbers as Decimals (binary COPY sends a Decimal exactly).
    Built once per table: a big batch writes millions of values."""
    get = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    processed = [(i, _copy_processor(dialect, table.c[n].type)) for i, n in enumerate(names)]
    processors = [(i, p) for i, p in processed if p is not None]
    if not processors:
        return get

    def values(row: Row) -> list[Any]:
        found = list(get(row))
        for i, process in processors:
            value = found[i]
            if value is not None:
                found[i] = process(value)
        return found

    return values
