"""The views of projects and of the record of every event: the tracking positions, the
audit log, each project's state (with the day it entered each stage), installments,
payments and record, the running counts per stage, and the authorities."""

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
    String,
    Table,
    Text,
)

from budget.domain.procurement import Stage
from budget.projections.tables.base import (
    AggregateId,
    UtcDateTime,
    amounts,
    keys,
    metadata,
    money,
    shared,
)
from budget.projections.tables.named import Named, name_code, texts_code

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)


# The role and the event's type as 4-byte codes on PostgreSQL (tables/named.py), the id as
# a uuid (schema 0016); no summary: it is made from the event when read (audit.py, schema
# 0017). The columns in the order that leaves no padding in a row on PostgreSQL (schema
# 0021): the 8-byte ones, the uuid, the 4-byte ones, then the texts (whose short headers
# need no alignment); in the order of the searches before, a 4-byte code after each text
# was aligned with up to 3 bytes of padding, and a row of 105 bytes took 112 on its page.
# Who (the user, the role, whom they acted for) is kept once in audit_actor, each entry
# holding its code (schema 0023, audit_actors.py): at scale 0.1, 804 actors for 1,441,720
# entries, ~30 bytes of each row.
def audit_log_table(into: MetaData, *, actors: bool = True) -> Table:
    """audit_log, in `into` (`actors` False: as the files before schema 0023 made it, with
    each entry's user, role and whom they acted for, which audit_actor holds since)."""
    who: list[Column[Any]] = [
        Column("role", Named(50), nullable=False),
        Column("event_type", Named(100), nullable=False),
        *shared("version"),
        Column("user_id", String(100), nullable=False),
        Column("acting_for", String(20), nullable=False),
    ]
    return Table(
        "audit_log",
        into,
        Column("position", BigInteger, primary_key=True, autoincrement=False),
        Column("recorded_at", UtcDateTime(), nullable=False),
        *([Column("actor_code", BigInteger, nullable=False)] if actors else []),
        Column("aggregate_id", AggregateId(), nullable=False, index=True),
        Column("business_date", Date, nullable=True),
        *(who[1:3] if actors else who),
        Column("reason", Text, nullable=False),
    )


audit_log = audit_log_table(metadata)
# as the files before schema 0023 made it (schema 0021's layout: layout.py, storage.py)
audit_log_before_actors = audit_log_table(MetaData(), actors=False)

# Who recorded an audit entry, once for every entry by the same user in the same role for
# the same LAO, by its code (audit_actor_code): the columns in the order that leaves no
# padding (the code, the role's 4-byte code, then the texts).
audit_actor = Table(
    "audit_actor",
    metadata,
    Column("actor_code", BigInteger, primary_key=True, autoincrement=False),
    Column("role", Named(50), nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("acting_for", String(20), nullable=False),
)


def audit_actor_code(user_id: str, role: str, acting_for: str) -> int:
    """The code of who recorded an entry (named.texts_code of the user, the role's code in
    decimal and whom they acted for)."""
    return texts_code(user_id, str(name_code(role)), acting_for)


# The day a project entered each stage it reached, stage-date corrections applied (NULL:
# not reached, or left undone), by stage: columns of the project's own row since schema
# 0019 (a row per stage before: at scale 0.02, 57.7 MiB of views per million events for
# project_stage_date, its own key and tuple header a date; issue 16).
STAGE_DATES: dict[str, str] = {stage.value: f"{stage.value}_on" for stage in Stage}


def project_state_table(into: MetaData, *, stage_dates: bool = True) -> Table:
    """project_state, in `into` (`stage_dates` False: as the files before schema 0019
    created it, without the STAGE_DATES columns)."""
    return Table(
        "project_state",
        into,
        *keys("project_id"),
        *shared("lao_code", index=True),
        *shared("province_code", "lao_type", "fiscal_year"),
        Column("code", String(100), nullable=False),
        Column("name", Text, nullable=False),
        *shared("line_code", "budget_group", "method"),
        money("budget_amount"),
        *shared("stage"),
        Column("stage_entered_on", Date, nullable=False),
        money("contract_amount", nullable=True),
        money("paid"),
        Column("installments_total", Integer, nullable=False),
        Column("installments_inspected", Integer, nullable=False),
        Column("installments_paid", Integer, nullable=False),
        Column("cancelled", Boolean, nullable=False),
        Column("closed", Boolean, nullable=False),
        *shared("last_position"),
        *(Column(name, Date, nullable=True) for name in STAGE_DATES.values() if stage_dates),
        Index("ix_project_state_province", "province_code", "fiscal_year"),
        Index("ix_project_state_age", "fiscal_year", "stage_entered_on"),
    )


project_state = project_state_table(metadata)


# Counts and money of projects per stage, kept as running sums so the national
# picture never scans a million projects (national_stage_count: the same without the
# province, for the nation's own dashboard).
def _stage_counts(name: str, *area: str) -> Table:
    """The running counts of projects per stage over an area (`area`: its key columns
    before the LAO type; none for the nation)."""
    return Table(
        name,
        metadata,
        *keys(*area, "lao_type", "fiscal_year", "budget_group", "method", "stage"),
        Column("projects", Integer, nullable=False),
        *amounts("budget_amount", "contract_amount", "paid"),
    )


stage_count = _stage_counts("stage_count", "province_code")
national_stage_count = _stage_counts("national_stage_count")

# What project_state needs to know to count fully paid installments and to
# apply a payment correction (which names the payment's version, not its installment).
project_installment = Table(
    "project_installment",
    metadata,
    *keys("project_id", "number"),
    money("amount"),
    Column("inspected", Boolean, nullable=False),
    money("paid"),
)

project_payment = Table(
    "project_payment",
    metadata,
    *keys("project_id", "version"),
    Column("installment", Integer, nullable=False),
    money("amount"),
)

# A contract's money beyond its installments (project_state writes it; schema 0009): its
# terms (percentages; budget/domain/contract_terms.py), the advance paid and taken back so
# far, retention withheld and returned, fines withheld, and how many times the contract was
# amended. Created when a project's contract first has terms or an amendment.
project_money = Table(
    "project_money",
    metadata,
    *keys("project_id"),
    *amounts("advance_rate", "advance_recovery_rate", "retention_rate"),
    Column("warranty_months", Integer, nullable=False),
    money("fine_rate"),
    Column("fine_basis", String(20), nullable=False),
    *amounts(
        "advance_paid", "advance_recovered", "retention_withheld", "retention_released", "fines"
    ),
    Column("amendments", Integer, nullable=False),
)

# What an inspected installment's payment withholds (project_state writes it).
project_installment_deduction = Table(
    "project_installment_deduction",
    metadata,
    *keys("project_id", "number"),
    Column("delivered_on", Date, nullable=False),
    Column("days_late", Integer, nullable=False),
    *amounts("advance", "retention", "fine"),
)


# A project's record as its page shows it, beside project_state (written by the
# project_record projection, which has its own tracking position: added to a store that
# already had views, it catches up from the first event by itself). The version is the
# project's own, the precondition of the page's forms.
# The contract's other party (its name and tax id) is kept once in `contractor` for every
# contract with the same, each record holding its code (schema 0025, contractors.py): at
# scale 0.1, 5,763 parties for ~70,000 contracts, 99 bytes of a contracted row.
def project_record_table(into: MetaData, *, contractors: bool = True) -> Table:
    """project_record, in `into` (`contractors` False: as the files before schema 0025
    made it, with the contract's party's name and tax id, which `contractor` holds since)."""
    party: list[Column[Any]] = (
        [Column("contractor_code", BigInteger, nullable=True)]  # NULL: no contract yet
        if contractors
        else []
    )
    return Table(
        "project_record",
        into,
        *keys("project_id"),
        *shared("version"),
        Column("appeal_ends_on", Date, nullable=True),
        *party,
        Column("contract_number", Text, nullable=True),
        *(
            []
            if contractors
            else [
                Column("contractor", Text, nullable=True),
                Column("contractor_tax_id", Text, nullable=True),
            ]
        ),
    )


project_record = project_record_table(metadata)
# as the files before schema 0025 made it (contractors.py)
project_record_before_contractors = project_record_table(MetaData(), contractors=False)

# A contract's other party, once for every contract with the same name and tax id, by its
# code (contractor_code).
contractor = Table(
    "contractor",
    metadata,
    Column("contractor_code", BigInteger, primary_key=True, autoincrement=False),
    Column("contractor", Text, nullable=False),
    Column("contractor_tax_id", Text, nullable=False),
)


def contractor_code(name: str, tax_id: str) -> int:
    """The code of a contract's party (named.texts_code of its name and tax id)."""
    return texts_code(name, tax_id)


project_record_installment = Table(
    "project_record_installment",
    metadata,
    *keys("project_id", "number"),
    Column("due_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("inspected_on", Date, nullable=True),
)

project_record_payment = Table(
    "project_record_payment",
    metadata,
    *keys("project_id", "version"),
    Column("voucher", Text, nullable=False),
    Column("paid_on", Date, nullable=False),
)

# Each amendment of a project's contract: what kind, who approved it, why (project_record).
project_record_amendment = Table(
    "project_record_amendment",
    metadata,
    *keys("project_id", "version"),
    Column("kind", String(40), nullable=False),
    Column("approved_on", Date, nullable=False),
    Column("approved_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
    *amounts("previous_amount", "amount"),
)

# What a project paid outside its installments (project_record): the advance, with its
# guarantee, and the retention returned after the warranty.
project_record_lump_sum = Table(
    "project_record_lump_sum",
    metadata,
    *keys("project_id", "version"),
    Column("kind", String(40), nullable=False),
    money("amount"),
    Column("voucher", Text, nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("guarantee", Text, nullable=False),
)

# Money carried over past 30 September for a project (กันเงิน, carry_over.py): its kind
# (committed by a contract, or with the council's approval before any: its resolution),
# how much, since when, until when, and the unpaid rest cancelled after the deadline (it
# lapsed to the accumulated funds). Carried once; its line names the ledger's entry.
project_carry_over = Table(
    "project_carry_over",
    metadata,
    *keys("project_id"),
    *shared("budget_id", "line_code"),
    Column("kind", String(40), nullable=False),
    money("amount"),
    Column("carried_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("council_resolution", Text, nullable=True),
    Column("council_approved_on", Date, nullable=True),
    money("cancelled", nullable=True),
    Column("cancelled_on", Date, nullable=True),
)

authority = Table(
    "authority",
    metadata,
    *keys("lao_code"),
    Column("authority_id", AggregateId(), nullable=False, unique=True),  # the aggregate's id
    Column("name_th", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    *shared("lao_type"),
    *shared("province_code", index=True),
    Column("district_code", String(10), nullable=False),
    Column("subdistrict_code", String(10), nullable=False),
    Column("merged_into", String(20), nullable=False),
    *shared("last_position"),
)

# How the provincial office reaches an LAO, as set last (budget/domain/contact.py); an LAO
# whose contact was never set has no row.
authority_contact = Table(
    "authority_contact",
    metadata,
    *keys("lao_code"),
    Column("officer", String(200), nullable=False),
    Column("phone", String(60), nullable=False),
    Column("email", String(254), nullable=False),
    Column("set_on", Date, nullable=False),
    *shared("last_position"),
)
