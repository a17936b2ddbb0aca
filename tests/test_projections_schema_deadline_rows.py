"""Issue 16, schema 0024: a met deadline keeps the version of the event that met it, not
its name and version as text (the name is its kind's: RULES' `met_by`), its columns in
the order that leaves no padding. Views made before keep every deadline and show the
same "met by", through the views' engine (both databases) as through the versioned file."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, inspect, select

from budget.config import Settings
from budget.domain.deadlines import RULES, DeadlineKind
from budget.projections.ddl import DEADLINE_ROWS_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.queries.deadlines import lao_deadlines
from budget.projections.tables import deadline
from budget.projections.tables.deadlines import deadline_before_met_version
from budget.projections.tables.named import name_code

PROJECT = str(uuid.UUID(int=1))
BUDGET = str(uuid.UUID(int=2))
_SAME = {"lao_code": "10101010", "province_code": "10", "fiscal_year": 2570}
# as the files before schema 0024 kept them: one met, one open, one met by a transfer's report
DEADLINES = [
    {
        **_SAME,
        "kind": DeadlineKind.PROCUREMENT_PLAN.value,
        "subject_id": PROJECT,
        "subject": "001",
        "number": 0,
        "opened_on": date(2026, 10, 1),
        "starts_on": date(2026, 10, 1),
        "fixed_due_on": None,
        "met_on": date(2026, 10, 20),
        "met_by": "ProcurementPlanPublished v2",
        "cancelled_on": None,
    },
    {
        **_SAME,
        "kind": DeadlineKind.INSTALLMENT_DELIVERY.value,
        "subject_id": PROJECT,
        "subject": "001 งวดที่ 1",
        "number": 1,
        "opened_on": date(2026, 11, 1),
        "starts_on": date(2026, 11, 1),
        "fixed_due_on": date(2027, 1, 31),
        "met_on": None,
        "met_by": "",
        "cancelled_on": None,
    },
    {
        **_SAME,
        "kind": DeadlineKind.TRANSFER_REPORT.value,
        "subject_id": BUDGET,
        "subject": "L1 → L2",
        "number": 12,
        "opened_on": date(2026, 11, 2),
        "starts_on": date(2026, 11, 2),
        "fixed_due_on": None,
        "met_on": date(2026, 11, 5),
        "met_by": "TransferReported v13",
        "cancelled_on": None,
    },
]
AS_OF = date(2026, 12, 1)


def _made_before(postgres_url: str) -> str:
    """The views as the files before schema 0024 made them, with DEADLINES."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < DEADLINE_ROWS_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        for row in DEADLINES:
            coded = {**row, "kind": name_code(row["kind"])}
            names = ", ".join(coded)
            values = ", ".join(f"%({name})s" for name in coded)
            connection.execute(f"INSERT INTO deadline ({names}) VALUES ({values})", coded)  # type: ignore[call-overload]
    return postgres_url


def _old_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    old = MetaData()
    deadline_before_met_version.to_metadata(old)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old.create_all(connection)
            connection.execute(deadline_before_met_version.insert(), DEADLINES)
    finally:
        engine.dispose()
    return url


def _kept(url: str) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]], list[str]]:
    """Through the views' engine: each deadline's key and what met it, what the LAO's
    deadlines show as met by whom, and the table's columns."""
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}))
    try:
        with engine.connect() as reading:
            d = deadline
            rows = reading.execute(
                select(d.c.subject_id, d.c.kind, d.c.number, d.c.met_on, d.c.met_version).order_by(
                    d.c.number
                )
            ).all()
            shown = [(x.subject, x.met_by) for x in lao_deadlines(reading, "10101010", 2570, AS_OF)]
            columns = [c["name"] for c in inspect(reading).get_columns(d.name)]
            return [tuple(r) for r in rows], sorted(shown), columns
    finally:
        engine.dispose()


EXPECTED = (
    [
        (PROJECT, DeadlineKind.PROCUREMENT_PLAN.value, 0, date(2026, 10, 20), 2),
        (PROJECT, DeadlineKind.INSTALLMENT_DELIVERY.value, 1, None, None),
        (BUDGET, DeadlineKind.TRANSFER_REPORT.value, 12, date(2026, 11, 5), 13),
    ],
    sorted((r["subject"], r["met_by"]) for r in DEADLINES),  # shown as it was kept
    [c.name for c in deadline.columns],
)


def test_postgresql_views_made_before_schema_0024_show_who_met_each_deadline(
    postgres_url: str,
) -> None:
    assert _kept(_made_before(postgres_url)) == EXPECTED
    with psycopg.connect(postgres_url) as connection:  # its key, index and room kept
        found = connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'deadline' ORDER BY 1"
        ).fetchall()
        (options,) = connection.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'deadline'"
        ).fetchone() or (None,)
    assert found == [("deadline_pkey",), ("ix_deadline_lao",)]
    assert options == ["fillfactor=70"]
    assert _kept(postgres_url) == EXPECTED  # started again: nothing more to do


def test_the_versioned_file_keeps_the_versions_as_the_engine_does(postgres_url: str) -> None:
    _made_before(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute((SCHEMA_FOLDER / DEADLINE_ROWS_FILE).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    assert _kept(postgres_url) == EXPECTED


def test_sqlite_views_made_before_schema_0024_show_who_met_each_deadline(
    tmp_path: Path,
) -> None:
    rows, shown, columns = _kept(_old_sqlite(tmp_path))
    assert (rows, shown) == EXPECTED[:2]
    assert sorted(columns) == sorted(EXPECTED[2])  # SQLite adds a column at the end


def test_each_kind_is_met_by_the_event_its_rule_names() -> None:
    """The name shown beside a met deadline's version is its rule's: the events the
    projection meets each kind with (budget/projections/deadlines.py `_meet`) are those."""
    from budget.projections.events import annual_budget, project

    met_with = {
        DeadlineKind.PROCUREMENT_PLAN: project.ProcurementPlanPublished,
        DeadlineKind.TRANSFER_REPORT: annual_budget.TransferReported,
        DeadlineKind.INSTALLMENT_DELIVERY: project.InstallmentInspected,
        DeadlineKind.CARRY_OVER: project.Closed,
    }
    assert {kind: RULES[kind].met_by for kind in met_with} == {
        kind: event.__name__ for kind, event in met_with.items()
    }
    # a progress report's deadline is worked out when asked, from the reports' view
    kept = {kind for kind, rule in RULES.items() if rule.met_by} - {DeadlineKind.PROGRESS_REPORT}
    assert kept == set(met_with)
