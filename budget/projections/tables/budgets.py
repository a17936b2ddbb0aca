"""The views of annual budgets: each budget and its lines' balances (the line ledger as
rows), what the lines keep per project, spending without a project and before the
ordinance, and the running sums of progress per LAO, province and nation, with the
year's targets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

from budget.projections.tables.base import amounts, keys, metadata, money, shared
from budget.projections.tables.named import texts_code

budget_state = Table(
    "budget_state",
    metadata,
    *keys("budget_id"),
    *shared("lao_code", "province_code", "lao_type", "fiscal_year"),
    Column("drafted_on", Date, nullable=False),
    Column("enacted_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    *shared("last_position"),
    Index("ix_budget_state_lao_year", "lao_code", "fiscal_year", unique=True),
)


# A budget line's balances: the line ledger of the AnnualBudget aggregate, as rows.
# allocated = appropriated + transferred_in - transferred_out + supplementary;
# reserved, committed, paid, carried: sums over the line's projects;
# available = allocated - reserved - spent (the ledger's own `available`);
# savings (เงินเหลือจ่าย) = the sum, over the line's projects that signed a contract, of
# the project's reservation less its contract (negative where a contract took more than
# the project's budget); what a cancellation returns to the line is available again and
# cancelled carried money lapses to the accumulated funds: neither is a saving (issue 13:
# a cancelled project's reservation was counted, and savings exceeded the allocation);
# lapsed: what went to the accumulated funds (เงินสะสม): what the year's closing let lapse on
# the line, and carried money since (past its deadline, beyond a contract signed on it after
# 30 September, or of a project cancelled after 30 September).
def line_balance_table(into: MetaData, *, texts: bool = False, by_year: bool = True) -> Table:
    """budget_line_balance, in `into` (`texts`: as the files before schema 0022 created
    it, with each line's LINE_TEXTS, which budget_line_text holds by their code since;
    `by_year` False or `texts`: with the index on its LAO alone the files before schema
    0026 gave it, not LINE_INDEX)."""
    by_year = by_year and not texts
    return Table(
        "budget_line_balance",
        into,
        *keys("budget_id", "line_code"),
        *shared("lao_code", index=not by_year),
        *shared("province_code", "lao_type", "fiscal_year"),
        *(_line_text_columns() if texts else shared("budget_group")),
        *amounts("appropriated", "transferred_in", "transferred_out", "supplementary"),
        *amounts("allocated", "reserved", "committed", "paid", "spent", "carried", "savings"),
        *amounts("lapsed", "available"),
        *(() if texts else (Column("text_code", BigInteger, nullable=False),)),
        *shared("last_position"),
        *((_line_index(),) if by_year else ()),
    )


# The lines' index on their LAO and year, holding each line's group, lapsed money and key
# (schema 0026, budget/projections/line_index.py): the LAO dashboard sums what its year
# let lapse, and joins its spending before the enactment, from this index alone.
# PostgreSQL's INCLUDE; elsewhere the two key columns.
LINE_INDEX = "ix_budget_line_balance_lao_year"


def _line_index() -> Index:
    return Index(
        LINE_INDEX,
        "lao_code",
        "fiscal_year",
        postgresql_include=["budget_group", "lapsed", "budget_id", "line_code"],
    )


def _line_text_columns() -> tuple[Column[Any], ...]:
    """A line's text as the ordinance gives it, and its budget group between (the order
    the files before schema 0022 gave budget_line_balance)."""
    return (
        Column("programme", String(40), nullable=False),
        Column("work_unit", Text, nullable=False),
        *shared("budget_group"),
        Column("category", String(40), nullable=False),
        Column("description", Text, nullable=False),
    )


budget_line_balance = line_balance_table(metadata)

# A budget line's text as the ordinance gives it (its programme, work unit, category and
# description), by its code (`text_code`), kept once for every line with the same text:
# out of budget_line_balance, whose row is written again on every change of the line's
# money (schema 0022). The texts repeat: at scale 0.1, 569 distinct descriptions and 18
# work units among the lines of 799 LAOs (the DLA's chart of accounts names most lines).
LINE_TEXTS = ("programme", "work_unit", "category", "description")
budget_line_text = Table(
    "budget_line_text",
    metadata,
    Column("text_code", BigInteger, primary_key=True, autoincrement=False),
    *(c for c in _line_text_columns() if c.name in LINE_TEXTS),
)


def text_code(programme: str, work_unit: str, category: str, description: str) -> int:
    """The code of a line's text (named.texts_code of its four parts)."""
    return texts_code(programme, work_unit, category, description)


# What the line ledger keeps per project (needed to apply later events exactly).
# committed and carried are NULL while the ledger holds no entry for the project
# (no contract; nothing carried over): later events test for the entry, not its value.
# planned is the reservation its saving is measured from: the first one, less what a
# cancellation or cancelled carried money returned to available; released, whether it
# was cancelled.
budget_line_project = Table(
    "budget_line_project",
    metadata,
    *keys("budget_id", "line_code", "project_id"),
    *amounts("planned", "reserved"),
    money("committed", nullable=True),
    money("paid"),
    money("carried", nullable=True),
    Column("released", Boolean, nullable=False),
)

# Spending without a project, by the version that recorded it (corrections name it).
budget_expenditure = Table(
    "budget_expenditure",
    metadata,
    *keys("budget_id", "version"),
    *shared("line_code"),
    money("amount"),
)

# What each line spent under last year's ordinance before this year's was enacted
# (ใช้ข้อบัญญัติปีที่แล้วไปพลางก่อน; already in the line's `spent`), and how much of it the
# enactment has counted against the line: spent - counted is still "under last year's".
budget_line_before_enactment = Table(
    "budget_line_before_enactment",
    metadata,
    *keys("budget_id", "line_code"),
    *shared("lao_code", index=True),
    *shared("fiscal_year"),
    Column("under_fiscal_year", Integer, nullable=False),
    *amounts("spent", "counted"),
)

# Money moved in each quarter, by the business date of the event: the changes in
# allocated, obligated (committed by contract, or spent without a project) and
# disbursed. Quarter 1 also holds what is dated before the fiscal year (drafting,
# enactment); quarter 5 holds what is dated after it (carried-over payments).
# The figures as of the end of quarter q are the sums over quarters 1..q.
lao_progress = Table(
    "lao_progress",
    metadata,
    *keys("lao_code", "fiscal_year", "quarter", "budget_group"),
    *shared("province_code", "lao_type"),
    *amounts("allocated", "obligated", "disbursed"),
    Index("ix_lao_progress_province", "province_code", "fiscal_year"),
)

# lao_progress summed per province and LAO type, kept as running sums.
province_progress = Table(
    "province_progress",
    metadata,
    *keys("province_code", "lao_type", "fiscal_year", "quarter", "budget_group"),
    *amounts("allocated", "obligated", "disbursed"),
)

# Each LAO's lao_progress as a province's dashboard lists it: summed over the quarters up
# to `quarter` (through quarter 5: the whole year with what was paid after it), in its
# budget group and in "all" groups together, so any filter of that dashboard reads one
# row per LAO of the province (the key's first four columns). lao_type follows from the
# LAO's budget, as in lao_progress.
province_lao_progress = Table(
    "province_lao_progress",
    metadata,
    *keys("province_code", "fiscal_year", "budget_group", "quarter", "lao_code"),
    *shared("lao_type"),
    *amounts("allocated", "obligated", "disbursed"),
)
# Each province's province_progress as the national dashboard lists it: summed over the
# quarters up to `quarter` (5: the whole year with what was paid after it), in its LAO
# type and in "all" types, in its budget group and in "all" groups, so any filter of
# that dashboard reads one row per province (the key's first four columns).
national_province_progress = Table(
    "national_province_progress",
    metadata,
    *keys("fiscal_year", "lao_type", "budget_group", "quarter", "province_code"),
    *amounts("allocated", "obligated", "disbursed"),
)
# province_progress summed per LAO type for the nation, kept as running sums.
national_progress = Table(
    "national_progress",
    metadata,
    *keys("lao_type", "fiscal_year", "quarter", "budget_group"),
    *amounts("allocated", "obligated", "disbursed"),
)

# The year's targets as DLA set them last; budget_group "all" is every group together.
disbursement_target = Table(
    "disbursement_target",
    metadata,
    *keys("fiscal_year", "quarter", "budget_group"),
    Column("percent", Numeric(5, 2, asdecimal=True), nullable=False),
    Column("obligated_percent", Numeric(5, 2, asdecimal=True), nullable=True),
    Column("source", Text, nullable=False),
)
