"""The view of who is missing: what each LAO's fiscal year holds of the entries the list
counts, one row per LAO and year (budget/projections/compliance.py), so the national
list reads a row per LAO instead of every report and project of the year."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, Table

from budget.projections.tables.base import keys, metadata

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
