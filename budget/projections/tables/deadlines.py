"""The views of deadlines: every legal deadline of what an LAO recorded, each budget as
the deadlines need it, the cabinet's extra holidays and DLA's reporting calendar."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from budget.projections.tables.base import AggregateId, keys, metadata, shared
from budget.projections.tables.named import DeadlineKinds

# Every legal deadline of what an LAO recorded (budget/domain/deadlines.py): what starts
# it and what met it. The due day is counted when asked, on the working days known then
# (a holiday the cabinet adds later moves it); `fixed_due_on` is a date the record set.
# Its key: the subject, the kind, the number (schema 0016; a text key spelling the three
# took 57 bytes a row and an index of its own beside the subject's: 42 MiB of indexes at
# scale 0.1). Read by its key and by LAO and year; an index of the province, year and kind,
# which no statement read, was dropped (schema 0021, budget/projections/layout.py).
deadline = Table(
    "deadline",
    metadata,
    *shared("lao_code", "province_code", "fiscal_year"),
    Column("kind", DeadlineKinds(30), nullable=False),  # a code on PostgreSQL (schema 0018)
    Column("subject_id", AggregateId(), nullable=False),
    Column("subject", String(200), nullable=False),  # a project's code, a transfer's lines
    *shared("number"),  # an installment's or transfer's version
    Column("opened_on", Date, nullable=False),  # the day of the event that set it
    Column("starts_on", Date, nullable=False),  # the day its period is counted from
    Column("fixed_due_on", Date, nullable=True),
    Column("met_on", Date, nullable=True),
    Column("met_by", String(80), nullable=False),  # the meeting event's name and version
    Column("cancelled_on", Date, nullable=True),
    PrimaryKeyConstraint("subject_id", "kind", "number", name="deadline_pkey"),
    Index("ix_deadline_lao", "lao_code", "fiscal_year"),
)

# Each annual budget as the deadlines projection needs it: whose, and since when enacted.
deadline_budget = Table(
    "deadline_budget",
    metadata,
    *keys("budget_id"),
    *shared("lao_code", "province_code", "fiscal_year"),
    Column("enacted_on", Date, nullable=True),
    Index("ix_deadline_budget_lao", "lao_code", "fiscal_year", unique=True),
)

# The cabinet's extra holidays (budget/domain/holidays.py) as recorded now.
cabinet_holiday = Table(
    "cabinet_holiday",
    metadata,
    Column("day", Date, primary_key=True),
    Column("name", String(500), nullable=False),
    Column("source", String(500), nullable=False),
)

# DLA's reporting calendar of each fiscal year (budget/domain/reporting.py), as set last:
# a report on a period of `period_kind` is due `days` (`counting`) after the period ends.
reporting_rule = Table(
    "reporting_rule",
    metadata,
    *keys("fiscal_year"),
    Column("period_kind", String(1), primary_key=True),
    Column("days", Integer, nullable=False),
    Column("counting", String(10), nullable=False),
    Column("source", Text, nullable=False),
)
