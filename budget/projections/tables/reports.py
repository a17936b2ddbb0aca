"""The views of progress reports: each report's state and every step of its review."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from budget.projections.tables.base import UtcDateTime, keys, metadata, shared

report_state = Table(
    "report_state",
    metadata,
    *keys("report_id"),
    *shared("lao_code", index=True),
    *shared("province_code"),
    Column("period", String(10), nullable=False),
    *shared("fiscal_year"),
    Column("period_kind", String(1), nullable=False),
    Column("period_number", Integer, nullable=False),
    Column("period_ends_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("signed_off_by", String(100), nullable=False),
    Column("first_submitted_on", Date, nullable=True),
    Column("last_submitted_on", Date, nullable=True),
    Column("submissions", Integer, nullable=False),
    Column("returns", Integer, nullable=False),
    Column("reviewed_on", Date, nullable=True),
    Column("reviewed_by", String(100), nullable=False),
    Column("accepted_on", Date, nullable=True),
    Column("last_comments", Text, nullable=False),
    *shared("last_position"),
    Index("ix_report_state_inbox", "province_code", "status"),
)

# Every step of a report (drafted, revised, signed off, submitted, resubmitted,
# returned, accepted): the review history a PDF prints.
report_step = Table(
    "report_step",
    metadata,
    *keys("report_id", "version"),
    Column("step", String(20), nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("business_date", Date, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("comments", Text, nullable=False),
)
