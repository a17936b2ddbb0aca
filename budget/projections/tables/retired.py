"""Tables the views no longer have, as the last schema file before their removal left
them: the files that created and changed them are generated from these (ddl.py), and the
views' engine reads them once to move their rows where they now live (stage_dates.py).
Not in the views' MetaData: nothing creates them any more."""

from __future__ import annotations

from sqlalchemy import Column, Date, MetaData, Table

from budget.projections.tables.base import keys
from budget.projections.tables.named import Staged

retired = MetaData()

# The date a project entered each stage it reached, one row per stage: the stage a code
# on PostgreSQL since schema 0018; its dates are project_state's columns since schema
# 0019 (tables/projects.py STAGE_DATES).
project_stage_date = Table(
    "project_stage_date",
    retired,
    *keys("project_id"),
    Column("stage", Staged(40), primary_key=True, autoincrement=False),
    Column("entered_on", Date, nullable=False),
)
