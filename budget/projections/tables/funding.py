"""The views of where money comes from and of revenue (issue 14, items 5 and 6): each
budget line's funding source where it is not the LAO's own revenue, and each budget's
revenue estimate and receipts, by category and by month, with their running sums per
province and LAO type."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, String, Table, Text

from budget.projections.tables.base import amounts, keys, metadata, money, shared

# The source of each budget line funded otherwise than by the LAO's own revenue and
# general subsidy (budget/domain/funding.py): a line with no row here is the LAO's own.
# unused: what a specific grant's letter says of its unused money (return, carry);
# council_*: the resolution approving accumulated funds or a loan; added_on and reference:
# when and by which letter or resolution a line outside the ordinance was added (NULL and
# "" for a line of the ordinance).
budget_line_source = Table(
    "budget_line_source",
    metadata,
    *keys("budget_id", "line_code"),
    *shared("lao_code", "province_code", "lao_type", "fiscal_year"),
    Column("kind", String(40), nullable=False),
    Column("grantor", Text, nullable=False),
    Column("unused", String(40), nullable=True),
    Column("council_resolution", Text, nullable=True),
    Column("council_approved_on", Date, nullable=True),
    Column("added_on", Date, nullable=True),
    Column("reference", Text, nullable=False),
    Index("ix_budget_line_source_year", "fiscal_year", "province_code"),
    Index("ix_budget_line_source_lao", "lao_code", "fiscal_year"),
)

# Whose budget each is (written when it is drafted), so a line added later is filed under
# its LAO and year: the line_funding projection's own.
line_funding_budget = Table(
    "line_funding_budget",
    metadata,
    *keys("budget_id"),
    *shared("lao_code", "province_code", "lao_type", "fiscal_year"),
)

# A budget's revenue by category: the ordinance's estimate and what was received (every
# category of every budget, zero until something is recorded).
revenue_category = Table(
    "revenue_category",
    metadata,
    *keys("budget_id"),
    Column("category", String(40), primary_key=True),
    *shared("lao_code", index=True),
    *shared("province_code", "lao_type", "fiscal_year"),
    *amounts("estimated", "received"),
)

# Revenue received by the month of its business date (`month`: the month's first day).
revenue_month = Table(
    "revenue_month",
    metadata,
    *keys("budget_id"),
    Column("month", Date, primary_key=True),
    Column("category", String(40), primary_key=True),
    *shared("lao_code", "fiscal_year"),
    money("received"),
    Index("ix_revenue_month_lao_year", "lao_code", "fiscal_year"),
)

# Each receipt by the budget version that recorded it (a correction names it).
revenue_receipt = Table(
    "revenue_receipt",
    metadata,
    *keys("budget_id", "version"),
    Column("category", String(40), nullable=False),
    Column("month", Date, nullable=False),
    money("amount"),
)

# revenue_category summed per province and LAO type, kept as running sums (the national
# dashboard reads a few hundred rows).
revenue_rollup = Table(
    "revenue_rollup",
    metadata,
    *keys("province_code", "lao_type", "fiscal_year"),
    Column("category", String(40), primary_key=True),
    *amounts("estimated", "received"),
)


# The money of the lines funded otherwise than by the LAO's own revenue (budget_line_source
# joined to budget_line_balance), summed per province, LAO type, budget group and source
# (a grant's grantor and what its letter says of its unused money: "" where it says
# nothing), kept as running sums by the budget lines projection (budget_lines.py), so the
# province and national dashboards read a few hundred rows, not a lookup per line.
# obligated and disbursed as the lines count them: committed + spent, paid + spent.
def _funding_sums(name: str, *area: str) -> Table:
    """The running sums of funding over an area (`area`: its key columns before the LAO
    type; none for the nation)."""
    return Table(
        name,
        metadata,
        *keys(*area, "lao_type", "fiscal_year", "budget_group"),
        Column("kind", String(40), primary_key=True),
        Column("grantor", Text, primary_key=True),
        Column("unused", String(40), primary_key=True),
        *amounts("allocated", "obligated", "disbursed", "lapsed"),
    )


province_funding = _funding_sums("province_funding", "province_code")
# province_funding summed per LAO type for the nation, kept as running sums.
national_funding = _funding_sums("national_funding")
