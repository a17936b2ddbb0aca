"""Who is missing at the nation's size without generating the nation's year: the rows the
list reads (one per LAO: the registry, its budget of the year, its lao_compliance row,
its contact, and its lao_missing rows of the year and of the registry, which copy them;
and DLA's reporting calendar) written straight into fresh views for every
LAO of a sample, then its queries timed as `bench-projections` times them (with
`--before DIR`, another checkout's first, on the same rows).

The rows are drawn with a fixed seed so most LAOs miss something on the year's last day
(the list's worst case: an entry each): a few have no budget, some a budget not enacted,
some never reported, most some report overdue, some no entry for 30 days; two in three
have a contact.
"""

from __future__ import annotations

import argparse
import random
import tracemalloc
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from budget.bench.nation import FISCAL_YEAR, TODAY
from budget.bench.query_timing import measure_before, measure_queries
from budget.bench.report import Figure, progress
from budget.bench.views_measures import STORE, query_kinds
from budget.config import Settings
from budget.demo.record import DEMO_REPORTING
from budget.projections.compliance import period_bit
from budget.projections.engine import views_engine
from budget.projections.missing_rows import COPIED, REGISTRY, blank_row
from budget.projections.tables import (
    authority,
    authority_contact,
    budget_state,
    lao_compliance,
    lao_missing,
    reporting_rule,
)
from budget.registry.records import AuthorityRecord

PREFIX = "missing_"  # the query kinds timed: missing_national, missing_province, ...
FILE = "missing_national_file"  # the nation's list written as GET /api/missing?format=xlsx
MIB = 1024 * 1024
NO_BUDGET = 0.03
NOT_ENACTED = 0.08
NEVER_REPORTED = 0.10
QUIET = 0.2
BUDGET_DAYS = ("drafted_on", "enacted_on")


def measure_missing(
    settings: Settings, sample: Sequence[AuthorityRecord], args: argparse.Namespace
) -> list[Figure]:
    """The rows written into fresh views, then who is missing timed on them (the code of
    `args.before` first, when given): p50, p95 and the CPU of one query."""
    engine = views_engine(settings)
    try:
        write_missing_rows(engine, sample, FISCAL_YEAR, TODAY, args.seed)
        figures = [Figure("laos", len(sample), "LAOs", STORE, "rows written into fresh views")]
        if args.before is not None:
            figures += measure_before(args, settings.views_url, only=PREFIX)
        kinds = [k for k in query_kinds(sample, FISCAL_YEAR, TODAY) if k.name.startswith(PREFIX)]
        figures += measure_queries(engine, kinds, args.repeat, args.seed, progress)
        return [*figures, _file_memory(engine, kinds)]
    finally:
        engine.dispose()


def _file_memory(engine: Engine, kinds: Sequence[Any]) -> Figure:
    """The most memory Python holds at once while the nation's file is written (one page of
    up to EXPORT_LIMIT LAOs read, its rows, the workbook), traced by tracemalloc."""
    (kind,) = [k for k in kinds if k.name == FILE]
    with engine.connect() as connection:
        tracemalloc.start()
        try:
            written = kind.make(random.Random(0))(connection)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    note = f"{len(written) / 1024:,.0f} KiB written (xlsx), traced by tracemalloc"
    return Figure(f"{FILE}_peak_memory", peak / MIB, "MiB", STORE, note)


def write_missing_rows(
    engine: Engine, sample: Sequence[AuthorityRecord], fiscal_year: int, today: date, seed: int
) -> None:
    """Every LAO of `sample` registered, with its budget, lao_compliance row, contact and
    lao_missing rows as the projections would keep them, and DLA's reporting calendar of
    `fiscal_year`."""
    rng = random.Random(seed)
    starts = date(fiscal_year - 544, 10, 1)  # 1 October of the year before, in AD
    laos, budgets, compliance, contacts, missing = [], [], [], [], []
    for n, record in enumerate(sample):
        laos.append(authority_row(record))
        authority_id = laos[-1]["authority_id"]
        missing.append(blank_row(REGISTRY, record.code, record.province_code, authority_id))
        missing.append(blank_row(fiscal_year, record.code, record.province_code, None))
        if rng.random() < NO_BUDGET:
            continue
        drafted = starts - timedelta(days=rng.randint(10, 60))
        late = rng.random() < NOT_ENACTED
        enacted = None if late else drafted + timedelta(days=rng.randint(5, 40))
        budgets.append(
            {
                "budget_id": str(uuid.UUID(int=rng.getrandbits(128))),
                "lao_code": record.code,
                "province_code": record.province_code,
                "lao_type": record.type.value,
                "fiscal_year": fiscal_year,
                "drafted_on": drafted,
                "enacted_on": enacted,
                "closed_on": None,
                "last_position": n + 1,
            }
        )
        compliance.append(_compliance(rng, record.code, fiscal_year, starts, today))
        missing[-1].update({name: budgets[-1][name] for name in ("budget_id", *BUDGET_DAYS)})
        missing[-1].update({name: compliance[-1][name] for name in COPIED})
        if rng.random() < 2 / 3:
            contacts.append(
                {
                    "lao_code": record.code,
                    "officer": f"เจ้าหน้าที่ {record.code}",
                    "phone": f"0{rng.randint(20, 99)} {rng.randint(100, 999)} {n % 10000:04d}",
                    "email": f"saraban{record.code}@example.go.th",
                    "set_on": starts,
                    "last_position": n + 1,
                }
            )
    rules = [
        {
            "fiscal_year": fiscal_year,
            "period_kind": rule.kind.value,
            "days": rule.days,
            "counting": rule.counting.value,
            "source": "bench",
        }
        for rule in DEMO_REPORTING
    ]
    written = (
        (authority, laos),
        (budget_state, budgets),
        (lao_compliance, compliance),
        (authority_contact, contacts),
        (lao_missing, missing),
        (reporting_rule, rules),
    )
    with engine.begin() as connection:
        for table, rows in written:
            if rows:
                connection.execute(insert(table), rows)
    with engine.connect() as connection:  # as the catch-up leaves them: no vacuum to come
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for table, _ in written:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table.name}")


def authority_row(record: AuthorityRecord) -> dict[str, Any]:
    return {
        "lao_code": record.code,
        "authority_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"lao:{record.code}")),
        "name_th": record.name_th,
        "name_en": record.name_en,
        "lao_type": record.type.value,
        "province_code": record.province_code,
        "district_code": record.district_code,
        "subdistrict_code": record.subdistrict_code,
        "merged_into": "",
        "last_position": 0,
    }


def _compliance(
    rng: random.Random, code: str, fiscal_year: int, starts: date, today: date
) -> dict[str, Any]:
    """What the LAO's year holds: its reports of most periods sent (none, for some), its
    latest stage and report days (long ago, for the quiet)."""
    sent = 0
    if rng.random() >= NEVER_REPORTED:
        for number in range(1, 13):
            sent |= period_bit("M", number) if rng.random() < 0.85 else 0
        for number in range(1, 5):
            sent |= period_bit("Q", number) if rng.random() < 0.85 else 0
    quiet = rng.random() < QUIET
    latest = (starts if quiet else today) - timedelta(days=rng.randint(0, 25))
    return {
        "lao_code": code,
        "fiscal_year": fiscal_year,
        "latest_stage_on": latest,
        "reports_submitted": sent,
        "last_report_on": latest - timedelta(days=rng.randint(0, 20)) if sent else None,
    }
