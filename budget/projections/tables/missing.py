"""The view of who is missing: what each LAO's fiscal year holds of the entries the list
counts, one row per LAO and year (budget/projections/compliance.py), so the national
list reads a row per LAO instead of every report and project of the year."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, Table

from budget.projections.tables.base import AggregateId, keys, metadata, shared

# latest_stage_on: the latest day one of the LAO's projects of the year entered the stage
# it is in now; reports_submitted: one bit per period whose report has been submitted
# (compliance.period_bit); last_report_on: the latest day one of its reports was drafted
# or first submitted (the list as of an earlier day reads the reports of the LAOs with a
# later one).
lao_compliance = Table(
    "lao_compliance",
    metadata,
    *keys("lao_code", "fiscal_year"),
    Column("latest_stage_on", Date, nullable=True),
    Column("reports_submitted", Integer, nullable=False),
    Column("last_report_on", Date, nullable=True),
)

# What who is missing reads, one row per LAO of the registry (not merged away) and fiscal
# year, so the list and its counts read one table, no join (budget/projections/
# missing_rows.py): the LAO's province, its budget's drafted and enacted days and its
# lao_compliance row. fiscal_year 0 holds every LAO of the registry and nothing else: a
# year nothing was entered for yet, whose rows a year's first entry copies;
# authority_id (year 0 only) finds an LAO merged away, budget_id the row a budget's
# ordinance enacts; a province's dashboard reads its LAOs' rows of the year by
# lao_missing_province (neither of the two indexed columns ever changes once set).
lao_missing = Table(
    "lao_missing",
    metadata,
    *keys("fiscal_year", "lao_code"),
    *shared("province_code"),
    Column("authority_id", AggregateId(), nullable=True),  # uuid on PostgreSQL (schema 0018)
    Column("budget_id", AggregateId(), nullable=True, index=True),
    Column("drafted_on", Date, nullable=True),
    Column("enacted_on", Date, nullable=True),
    Column("latest_stage_on", Date, nullable=True),
    Column("reports_submitted", Integer, nullable=False),
    Column("last_report_on", Date, nullable=True),
    Index("lao_missing_province", "fiscal_year", "province_code"),
)
