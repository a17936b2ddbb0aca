"""The views of deadlines: every legal deadline of what an LAO recorded, each budget as
the deadlines need it, the cabinet's extra holidays and DLA's reporting calendar."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    MetaData,
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
# What met it is the version of the subject's event that did (`met_version`, NULL while
# unmet): the event's type is the kind's (RULES' `met_by`), so "InstallmentInspected v6"
# is not kept as text (25 bytes a met row at scale 0.1; schema 0024,
# budget/projections/deadline_rows.py). The columns in the order that leaves no padding on
# PostgreSQL: the 4-byte ones, the uuid, then the texts (whose short headers need none).
def deadline_table(into: MetaData, *, met_version: bool = True) -> Table:
    """deadline, in `into` (`met_version` False: as the files before schema 0024 made it,
    its columns in their first order and what met it as text, `met_by`)."""
    if not met_version:
        return Table(
            "deadline",
            into,
            *shared("lao_code", "province_code", "fiscal_year"),
            Column("kind", DeadlineKinds(30), nullable=False),
            Column("subject_id", AggregateId(), nullable=False),
            Column("subject", String(200), nullable=False),
            *shared("number"),
            Column("opened_on", Date, nullable=False),
            Column("starts_on", Date, nullable=False),
            Column("fixed_due_on", Date, nullable=True),
            Column("met_on", Date, nullable=True),
            Column("met_by", String(80), nullable=False),  # the event's name and version
            Column("cancelled_on", Date, nullable=True),
            PrimaryKeyConstraint("subject_id", "kind", "number", name="deadline_pkey"),
            Index("ix_deadline_lao", "lao_code", "fiscal_year"),
        )
    return Table(
        "deadline",
        into,
        *shared("fiscal_year"),
        Column("kind", DeadlineKinds(30), nullable=False),  # a code on PostgreSQL (schema 0018)
        *shared("number"),  # an installment's or transfer's version
        Column("opened_on", Date, nullable=False),  # the day of the event that set it
        Column("starts_on", Date, nullable=False),  # the day its period is counted from
        Column("fixed_due_on", Date, nullable=True),
        Column("met_on", Date, nullable=True),
        Column("met_version", Integer, nullable=True),  # the meeting event's version
        Column("cancelled_on", Date, nullable=True),
        Column("subject_id", AggregateId(), nullable=False),
        *shared("lao_code", "province_code"),
        Column("subject", String(200), nullable=False),  # a project's code, a transfer's lines
        PrimaryKeyConstraint("subject_id", "kind", "number", name="deadline_pkey"),
        Index("ix_deadline_lao", "lao_code", "fiscal_year"),
    )


deadline = deadline_table(metadata)
# as the files before schema 0024 made it (deadline_rows.py)
deadline_before_met_version = deadline_table(MetaData(), met_version=False)

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
