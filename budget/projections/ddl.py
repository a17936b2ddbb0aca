"""The PostgreSQL DDL of the views, as kept (versioned) under schema/.

Each numbered file creates some of the tables, as they were first described; a later
change is a new file, never an edit. `VERSIONS` says which tables each file creates; a
test keeps every file equal to what tables.py describes and applies them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from budget.projections.audit_actors import actors_ddl
from budget.projections.contractors import contractors_ddl
from budget.projections.deadline_rows import deadline_rows_ddl
from budget.projections.emptied_counts import emptied_counts_ddl
from budget.projections.layout import layout_ddl
from budget.projections.line_index import line_index_ddl
from budget.projections.line_texts import line_texts_ddl
from budget.projections.stage_dates import stage_dates_ddl
from budget.projections.storage import ids_ddl, narrower_ddl, storage_ddl, summary_ddl
from budget.projections.tables import audit_actor, budget_line_text, contractor
from budget.projections.tables import metadata as views_metadata
from budget.projections.tables.budgets import line_balance_table
from budget.projections.tables.deadlines import deadline_table
from budget.projections.tables.projects import (
    audit_log_table,
    project_record_table,
    project_state_table,
)
from budget.projections.tables.retired import retired

SCHEMA_FOLDER = Path(__file__).resolve().parents[2] / "schema" / "postgres"
SCHEMA_FILE = SCHEMA_FOLDER / "0001_views.sql"
HEADER = (
    "-- The read views and their tracking positions (PostgreSQL).\n"
    "-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps\n"
    "-- the two equal. A change to the views is a new numbered file, never an edit here.\n\n"
)
NATIONAL_HEADER = (
    "-- The nation's running sums beside the provinces' (PostgreSQL): progress per LAO type\n"
    "-- and stage counts without the province, so the national dashboard reads a few\n"
    "-- hundred rows. Generated from budget/projections/tables.py by budget.projections.ddl;\n"
    "-- a test keeps the two equal. A change is a new numbered file, never an edit here.\n\n"
)
NATIONAL = ("national_stage_count", "national_progress")
DEADLINES_HEADER = (
    "-- The legal deadlines of what LAOs record and the cabinet's extra holidays\n"
    "-- (PostgreSQL), the tables updated in place with room on their pages\n"
    "-- (budget/projections/storage.py). Generated from budget/projections/tables.py by\n"
    "-- budget.projections.ddl; a test keeps the two equal. A change is a new numbered\n"
    "-- file, never an edit here.\n\n"
)
DEADLINES = ("deadline", "deadline_budget", "cabinet_holiday", "reporting_rule")
BEFORE_ENACTMENT_HEADER = (
    "-- What each budget line spent under last year's ordinance before this year's was\n"
    "-- enacted, and how much of it the enactment counted (PostgreSQL). Generated from\n"
    "-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.\n"
    "-- A change is a new numbered file, never an edit here.\n\n"
)
PROJECT_RECORD_HEADER = (
    "-- A project's record as its page shows it (PostgreSQL): its version, the appeal\n"
    "-- window's end, the contract's parties, each installment's due date, work and\n"
    "-- inspection date, each payment's voucher and date (budget/projections/project_record.py).\n"
    "-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps\n"
    "-- the two equal. A change is a new numbered file, never an edit here.\n\n"
)
PROJECT_RECORD = ("project_record", "project_record_installment", "project_record_payment")
FUNDING_HEADER = (
    "-- Where money comes from and revenue against its estimate (PostgreSQL): each budget\n"
    "-- line's funding source where it is not the LAO's own revenue, each budget's revenue by\n"
    "-- category, month and receipt, and its running sums per province and LAO type\n"
    "-- (budget/projections/line_funding.py, revenue.py). Generated from\n"
    "-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.\n"
    "-- A change is a new numbered file, never an edit here.\n\n"
)
FUNDING = (
    "line_funding_budget",
    "budget_line_source",
    "revenue_category",
    "revenue_month",
    "revenue_receipt",
    "revenue_rollup",
)
MISSING_HEADER = (
    "-- Who is missing (PostgreSQL): each LAO's contact (budget/domain/contact.py), and what\n"
    "-- each LAO's fiscal year holds of the entries the list counts, one row per LAO and\n"
    "-- year (budget/projections/compliance.py). Generated from budget/projections/tables.py\n"
    "-- by budget.projections.ddl; a test keeps the two equal. A change is a new numbered\n"
    "-- file, never an edit here.\n\n"
)
MISSING = ("authority_contact", "lao_compliance")
PROVINCE_LAO_HEADER = (
    "-- Each LAO's progress as its province's dashboard lists it (PostgreSQL): summed through\n"
    "-- each quarter, by budget group and in all groups, so any filter of that dashboard\n"
    "-- reads one row per LAO (budget/projections/progress.py). Generated from\n"
    "-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.\n"
    "-- A change is a new numbered file, never an edit here.\n\n"
)
CONTRACT_MONEY_HEADER = (
    "-- A contract's money beyond its installments and its amendments (PostgreSQL): the\n"
    "-- advance, retention, fines, what each inspected installment withheld, each amendment\n"
    "-- (who approved it, why) and what was paid outside the installments\n"
    "-- (budget/projections/project_state.py, project_record.py). Generated from\n"
    "-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.\n"
    "-- A change is a new numbered file, never an edit here.\n\n"
)
CONTRACT_MONEY = (
    "project_money",
    "project_installment_deduction",
    "project_record_amendment",
    "project_record_lump_sum",
)
CARRY_OVER_HEADER = (
    "-- Money carried over past 30 September for a project (PostgreSQL): its kind, amount,\n"
    "-- the day carried, the deadline, the council's resolution, the unpaid rest cancelled\n"
    "-- after the deadline (budget/projections/carry_over.py). Generated from\n"
    "-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.\n"
    "-- A change is a new numbered file, never an edit here.\n\n"
)
MISSING_ROWS_HEADER = (
    "-- What who is missing reads, one row per LAO of the registry and fiscal year (year 0:\n"
    "-- the registry alone), so the national list and its counts read one table and join\n"
    "-- nothing but the page's names and contacts (budget/projections/missing_rows.py).\n"
    "-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps\n"
    "-- the two equal. A change is a new numbered file, never an edit here.\n\n"
)
AREA_SUMS_HEADER = (
    "-- The money of the lines not funded by the LAO's own revenue as running sums per\n"
    "-- province and for the nation, by LAO type, budget group and source, so the province\n"
    "-- and national dashboards split the year's money by source from a few hundred rows\n"
    "-- (budget/projections/funding_sums.py); each province's progress through each\n"
    "-- quarter, by type and group and in all, so the national dashboard lists the\n"
    "-- provinces from one row each (progress.py). Generated from budget/projections/tables.py\n"
    "-- by budget.projections.ddl; a test keeps the two equal. A change is a new numbered\n"
    "-- file, never an edit here.\n\n"
)
AREA_SUMS = ("province_funding", "national_funding", "national_province_progress")
# file name: (header, the tables it creates; None: every table no later file creates)
VERSIONS: dict[str, tuple[str, Sequence[str] | None]] = {
    "0001_views.sql": (HEADER, None),
    "0003_national_rollups.sql": (NATIONAL_HEADER, NATIONAL),
    "0006_deadlines.sql": (DEADLINES_HEADER, DEADLINES),
    "0007_before_enactment.sql": (BEFORE_ENACTMENT_HEADER, ("budget_line_before_enactment",)),
    "0008_project_record.sql": (PROJECT_RECORD_HEADER, PROJECT_RECORD),
    "0009_missing.sql": (MISSING_HEADER, MISSING),
    "0010_province_lao_progress.sql": (PROVINCE_LAO_HEADER, ("province_lao_progress",)),
    "0011_contract_money.sql": (CONTRACT_MONEY_HEADER, CONTRACT_MONEY),
    "0012_funding_and_revenue.sql": (FUNDING_HEADER, FUNDING),
    "0013_carry_over.sql": (CARRY_OVER_HEADER, ("project_carry_over",)),
    "0014_missing_rows.sql": (MISSING_ROWS_HEADER, ("lao_missing",)),
    "0015_area_sums.sql": (AREA_SUMS_HEADER, AREA_SUMS),
}


def postgres_ddl(
    metadata: MetaData = views_metadata,
    header: str = HEADER,
    tables: Sequence[str] | None = None,
    *,
    ids_as_text: bool = False,
) -> str:
    """CREATE TABLE and CREATE INDEX statements for every table (of `tables` when
    given), in dependency order (`ids_as_text`: the ids of aggregates as the files before
    IDS_FILE created them)."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    statements: list[str] = []
    for described in metadata.sorted_tables:
        if tables is not None and described.name not in tables:
            continue
        table = _BEFORE_IDS.tables.get(described.name, described) if ids_as_text else described
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    tidy = [
        "\n".join(
            _as_created(line.rstrip().replace("\t", "    "), ids_as_text) for line in s.splitlines()
        )
        for s in statements
    ]
    return header + "".join(f"{statement};\n\n" for statement in tidy).rstrip("\n") + "\n"


# The tables as the files before IDS_FILE created them, where IDS_FILE changed more than
# the type of their ids: a deadline's key was a text spelling its subject, kind and number;
# the audit log's role and event type were text; a stage's date's stage was text before
# NARROWER_FILE.
_BEFORE_IDS = MetaData()
Table(
    "audit_log",
    _BEFORE_IDS,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("business_date", Date, nullable=True),
    Column("user_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("acting_for", String(20), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("summary", Text, nullable=False),
)
Table(
    "project_stage_date",
    _BEFORE_IDS,
    Column("project_id", String(36), primary_key=True, autoincrement=False),
    Column("stage", String(40), primary_key=True, autoincrement=False),
    Column("entered_on", Date, nullable=False),
)
Table(
    "deadline",
    _BEFORE_IDS,
    Column("deadline_key", String(80), primary_key=True),
    *(
        Column(name, String(n), nullable=False)
        for name, n in (("lao_code", 20), ("province_code", 10))
    ),
    Column("fiscal_year", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("number", Integer, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("fixed_due_on", Date, nullable=True),
    Column("met_on", Date, nullable=True),
    Column("met_by", String(80), nullable=False),
    Column("cancelled_on", Date, nullable=True),
    Index("ix_deadline_lao", "lao_code", "fiscal_year"),
    Index("ix_deadline_subject", "subject_id"),
    Index("ix_deadline_province", "province_code", "fiscal_year", "kind"),
)


def _as_created(line: str, ids_as_text: bool) -> str:
    """A line of a CREATE TABLE, its aggregate id column as text when `ids_as_text` (the
    only uuid columns of the views are the ids of aggregates)."""
    return line.replace(" UUID", " VARCHAR(36)") if ids_as_text else line


# The file that gave the tables created before it their storage (storage.py); a file
# numbered after it creates its tables with theirs.
STORAGE_FILE = "0004_fillfactor.sql"
# The file that made the ids of aggregates uuid columns, and a deadline's key its columns,
# in the views made before it.
IDS_FILE = "0016_narrower_keys.sql"
# The file that took the summary out of the audit log (made from the event when read).
SUMMARY_FILE = "0017_audit_summary_from_events.sql"
# The file that made a stage's date's stage a code and who is missing's ids uuid.
NARROWER_FILE = "0018_narrower_stage_dates.sql"
# The file that made a project's stage dates columns of project_state (stage_dates.py).
STAGE_DATES_FILE = "0019_stage_dates_in_project_state.sql"
# The file that laid the audit log's columns out without padding and dropped an unread
# index of the deadlines (layout.py).
LAYOUT_FILE = "0021_audit_layout.sql"
# The file that moved a budget line's text out of budget_line_balance into
# budget_line_text (line_texts.py).
LINE_TEXTS_FILE = "0022_line_texts.sql"
# The file that moved who recorded an audit entry out of audit_log into audit_actor
# (audit_actors.py).
ACTORS_FILE = "0023_audit_actors.sql"
# The file that kept a met deadline's event's version, not its name and version as text,
# and laid a deadline's columns out without padding (deadline_rows.py).
DEADLINE_ROWS_FILE = "0024_deadline_rows.sql"
# The file that moved a contract's party out of project_record into contractor
# (contractors.py).
CONTRACTORS_FILE = "0025_contractors.sql"
# The file that gave budget_line_balance its index on LAO and year with each line's group
# and lapsed money, in place of the one on the LAO alone (line_index.py).
LINE_INDEX_FILE = "0026_line_index.sql"
# The file that gave stage_count its partial index of the keys at zero (emptied_counts.py).
EMPTIED_FILE = "0027_emptied_counts.sql"

# The tables as the files before STAGE_DATES_FILE created them: project_state without its
# stage dates, project_stage_date (tables/retired.py) beside it; budget_line_balance with
# its lines' texts, and no budget_line_text (before LINE_TEXTS_FILE); audit_log with who
# recorded each entry, and no audit_actor (before ACTORS_FILE); deadline with what met it
# as text (before DEADLINE_ROWS_FILE); project_record with each contract's party, and no
# contractor (before CONTRACTORS_FILE).
_CHANGED_SINCE = {
    "deadline",
    "project_record",
    contractor.name,
    "project_state",
    "budget_line_balance",
    budget_line_text.name,
    "audit_log",
    audit_actor.name,
}
_BEFORE_STAGE_DATES = MetaData()
for _table in views_metadata.sorted_tables:
    if _table.name not in _CHANGED_SINCE:
        _table.to_metadata(_BEFORE_STAGE_DATES)
project_state_table(_BEFORE_STAGE_DATES, stage_dates=False)
line_balance_table(_BEFORE_STAGE_DATES, texts=True)
audit_log_table(_BEFORE_STAGE_DATES, actors=False)
deadline_table(_BEFORE_STAGE_DATES, met_version=False)
project_record_table(_BEFORE_STAGE_DATES, contractors=False)
for _table in retired.sorted_tables:
    _table.to_metadata(_BEFORE_STAGE_DATES)


def versioned_ddl() -> dict[str, str]:
    """Each numbered file's DDL, by file name, in number order (the order to apply them)."""
    later = {name for _, tables in VERSIONS.values() if tables for name in tables}
    first = [t.name for t in _BEFORE_STAGE_DATES.sorted_tables if t.name not in later]
    files: dict[str, str] = {}
    before: set[str] = set()  # the tables created before STORAGE_FILE
    with_text_ids: set[str] = set()  # the tables created before IDS_FILE
    for file, (header, tables) in VERSIONS.items():
        names = first if tables is None else tables
        if file < IDS_FILE:
            with_text_ids.update(names)
        files[file] = postgres_ddl(
            _BEFORE_STAGE_DATES if file < STAGE_DATES_FILE else views_metadata,
            header=header,
            tables=names,
            ids_as_text=file < IDS_FILE,
        )
        if file > STORAGE_FILE and (storage := storage_ddl(names, header="")):
            files[file] += "\n" + storage
        else:
            before.update(names)
    files[STORAGE_FILE] = storage_ddl(before)
    files[IDS_FILE] = ids_ddl(with_text_ids)
    files[SUMMARY_FILE] = summary_ddl()
    files[NARROWER_FILE] = narrower_ddl()
    files[STAGE_DATES_FILE] = stage_dates_ddl()
    files[LAYOUT_FILE] = layout_ddl()
    files[LINE_TEXTS_FILE] = line_texts_ddl(
        postgres_ddl(views_metadata, header="", tables=[budget_line_text.name])
    )
    files[ACTORS_FILE] = actors_ddl(
        postgres_ddl(views_metadata, header="", tables=[audit_actor.name])
    )
    files[DEADLINE_ROWS_FILE] = deadline_rows_ddl()
    files[CONTRACTORS_FILE] = contractors_ddl(
        postgres_ddl(views_metadata, header="", tables=[contractor.name])
    )
    files[LINE_INDEX_FILE] = line_index_ddl()
    files[EMPTIED_FILE] = emptied_counts_ddl()
    return dict(sorted(files.items()))


if __name__ == "__main__":
    SCHEMA_FOLDER.mkdir(parents=True, exist_ok=True)
    for name, ddl in versioned_ddl().items():
        (SCHEMA_FOLDER / name).write_text(ddl, encoding="utf-8")
