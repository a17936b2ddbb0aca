"""What the queries of funding sources and revenue return (issue 14, items 5 and 6):
msgspec Structs that HTTP, pages and PDFs share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec

from budget.domain.funding import FundingKind, UnusedGoesTo

OWN = FundingKind.OWN_REVENUE.value


class LineSource(msgspec.Struct, kw_only=True):
    """Where a line's (and its projects') money comes from: `kind` (own_revenue,
    specific_grant, accumulated_funds, borrowing); a specific grant's `grantor` and what
    its letter says of its unused money (`unused`: return, carry); the council's
    resolution for accumulated funds or a loan; for a line added outside the ordinance,
    when (`added_on`) and by which letter or resolution (`reference`). `unused_goes_to`:
    where the line's lapsed money goes (accumulated_funds, grantor, carried)."""

    kind: str = OWN
    grantor: str = ""
    unused: str | None = None
    unused_goes_to: str = UnusedGoesTo.ACCUMULATED_FUNDS.value
    council_resolution: str | None = None
    council_approved_on: date | None = None
    added_on: date | None = None
    reference: str = ""


class FundingRow(msgspec.Struct, kw_only=True):
    """One source's money in an LAO's year (or an area's): for specific grants, one row
    per grantor and unused-money rule. `lapsed` went where `unused_goes_to` says (recorded
    at the year's closing and since, as the budget lines' `lapsed`); the LAO's own
    revenue's is summed for one LAO only (null for a province or the nation: it would read
    every line of the year). The year as it stands: the quarter of the filters does not
    narrow it."""

    kind: str
    grantor: str
    unused_goes_to: str
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal
    lapsed: Decimal | None
    disbursed_percent: Decimal


class RevenueRow(msgspec.Struct, kw_only=True):
    """A revenue category: the ordinance's estimate and what was received."""

    category: str
    group: str
    estimated: Decimal
    received: Decimal
    received_percent: Decimal


class RevenueMonth(msgspec.Struct, kw_only=True):
    """Revenue received in a month (`month`: its first day), and since the year began."""

    month: date
    received: Decimal
    cumulative: Decimal
    cumulative_percent: Decimal


class RevenueFigures(msgspec.Struct, kw_only=True):
    """Revenue collected against its estimate: by category and (for one LAO) by month."""

    estimated: Decimal
    received: Decimal
    received_percent: Decimal
    by_category: list[RevenueRow]
    by_month: list[RevenueMonth] = msgspec.field(default_factory=list)
