"""Revenue against its estimate: each budget's revenue by category (revenue_category:
estimated and received), by month (revenue_month), each receipt (revenue_receipt, for
its corrections), and the running sums per province and LAO type (revenue_rollup).

Every budget gets a zero row per category when it is drafted, so a later event finds
whose budget it is on its rows. A batch loads the rows its events name (one SELECT per
table), applies the events in log order, and writes each table once. Its own tracking
position lets views older than it fill these tables from the first event by themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table

from budget.domain.money import ZERO
from budget.domain.revenue import RevenueCategory
from budget.projections.corrected import corrected_keys
from budget.projections.events import annual_budget as ab
from budget.projections.events import revenue as rv
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.tables import (
    revenue_category,
    revenue_month,
    revenue_receipt,
    revenue_rollup,
)
from budget.projections.upsert import AsRead, accumulate, as_read, rows_by_keys, save

Row = dict[str, Any]
Key = tuple[Any, ...]


class Revenue:
    name = "revenue"
    tables: tuple[Table, ...] = (revenue_category, revenue_month, revenue_receipt, revenue_rollup)
    topics = frozenset(rv.TOPICS) | {t for t, kind in ab.TOPICS.items() if kind is ab.Drafted}
    heads = frozenset(ab.HEADS)  # a drafted budget's lines it never reads (events.heads_read)
    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Book.load)


class _Book:
    """The rows a batch touches, loaded once and written once (only those it changed).

    In a fold (fold.py, follow.Streamed) it holds the budgets' categories and the running
    sums; the receipts and the months, written after each read (`stream`), are read back
    by the events that change them (`recall`): a national year's ~450,000 receipts and
    their months, held to its end, were ~500 MiB of the audit lane's fold (scale 0.1: 52
    of its 363)."""

    def __init__(self, rows: dict[Table, dict[Key, Row]], read: dict[Table, AsRead]) -> None:
        self.categories = rows[revenue_category]  # by budget id, category
        self.months = rows[revenue_month]  # by budget id, month, category
        self.receipts = rows[revenue_receipt]  # by budget id, version
        self.read = read
        self.sums: dict[Key, list[Decimal]] = {}  # by province, type, year, category

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Book:
        budgets = {(e.originator_id,) for e in events}
        found = rows_by_keys(connection, revenue_category, ["budget_id"], budgets)
        book = cls(
            {
                revenue_category: {_key(revenue_category, r): r for r in found},
                revenue_month: {},
                revenue_receipt: {},
            },
            {revenue_category: as_read(revenue_category, found)},
        )
        book.recall(connection, events)
        return book

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """The receipts `events` correct and the months they change, read back where not
        held (a batch's first read; in a fold, those `stream` wrote out)."""
        corrected = corrected_keys(events, rv.RevenueCorrected, self.receipts)
        receipts = rows_by_keys(connection, revenue_receipt, ["budget_id", "version"], corrected)
        months = {(r["budget_id"], r["month"], r["category"]) for r in receipts} | {
            (e.originator_id, _month(e.event.business_date.value), e.event.category.value)
            for e in events
            if isinstance(e.event, rv.RevenueReceived)
        }
        found = rows_by_keys(
            connection,
            revenue_month,
            ["budget_id", "month", "category"],
            {key for key in months if key not in self.months},
        )
        for table, held, rows in (
            (revenue_receipt, self.receipts, receipts),
            (revenue_month, self.months, found),
        ):
            held.update((_key(table, r), r) for r in rows)
            self.read.setdefault(table, {}).update(as_read(table, rows))

    def stream(self, connection: Connection) -> None:
        """The receipts and months written, and forgotten."""
        for table, rows in ((revenue_month, self.months), (revenue_receipt, self.receipts)):
            save(connection, table, rows.values(), self.read.get(table, {}))
            rows.clear()
            self.read[table] = {}

    def apply(self, positioned: Positioned) -> None:
        bid, event = positioned.originator_id, positioned.event
        match event:
            case ab.DraftedHead():
                for category in RevenueCategory:
                    self.categories[(bid, category.value)] = {
                        "budget_id": bid,
                        "category": category.value,
                        "lao_code": event.lao_code,
                        "province_code": event.province_code,
                        "lao_type": event.lao_type.value,
                        "fiscal_year": event.fiscal_year,
                        "estimated": ZERO,
                        "received": ZERO,
                    }
            case rv.RevenueEstimated(estimate=estimate):
                for category in RevenueCategory:
                    given = estimate.get(category.value)
                    row = self.categories[(bid, category.value)]
                    self.add(row, "estimated", (given.value if given else ZERO) - row["estimated"])
            case rv.RevenueReceived(category=category, amount=amount):
                month = _month(event.business_date.value)
                self.receipts[(bid, positioned.version)] = {
                    "budget_id": bid,
                    "version": positioned.version,
                    "category": category.value,
                    "month": month,
                    "amount": amount.value,
                }
                self.received(bid, category.value, month, amount.value)
            case rv.RevenueCorrected(corrects_version=version, old_amount=old, amount=new):
                receipt = self.receipts[(bid, version)]
                receipt["amount"] = new.value
                self.received(bid, receipt["category"], receipt["month"], new.value - old.value)
            case _:
                msg = f"revenue has no rule for {type(event).__name__}"
                raise ValueError(msg)

    def received(self, bid: str, category: str, month: date, amount: Decimal) -> None:
        """Money received (or a correction's difference) in its category and month."""
        row = self.categories[(bid, category)]
        self.add(row, "received", amount)
        monthly = self.months.setdefault(
            (bid, month, category),
            {
                "budget_id": bid,
                "month": month,
                "category": category,
                "lao_code": row["lao_code"],
                "fiscal_year": row["fiscal_year"],
                "received": ZERO,
            },
        )
        monthly["received"] += amount

    def add(self, row: Row, field: str, amount: Decimal) -> None:
        """Add to a budget's category and to its province's running sums."""
        row[field] += amount
        key = (row["province_code"], row["lao_type"], row["fiscal_year"], row["category"])
        sums = self.sums.setdefault(key, [ZERO, ZERO])
        sums[0 if field == "estimated" else 1] += amount

    def save(self, connection: Connection) -> None:
        for table, rows in (
            (revenue_category, self.categories),
            (revenue_month, self.months),
            (revenue_receipt, self.receipts),
        ):
            save(connection, table, rows.values(), self.read.get(table, {}))
        names = ("province_code", "lao_type", "fiscal_year", "category")
        rollup = [
            dict(zip(names, key, strict=True)) | {"estimated": sums[0], "received": sums[1]}
            for key, sums in self.sums.items()
            if any(sums)
        ]
        accumulate(connection, revenue_rollup, rollup)


def _key(table: Table, row: Row) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _month(day: date) -> date:
    return day.replace(day=1)
