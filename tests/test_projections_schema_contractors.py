"""Issue 16, schema 0025: a contract's other party (its name and tax id) kept once in
`contractor` for every contract with the same, by its code, each project's record holding
the code. Views made before keep every record and its party, through the views' engine
(both databases) as through the versioned file, and a project's page shows the same."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, inspect, select

from budget.config import Settings
from budget.projections.ddl import CONTRACTORS_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.queries.lists import project
from budget.projections.tables import contractor, contractor_code, project_record, project_state
from budget.projections.tables.projects import project_record_before_contractors

FIRM = ("ห้างหุ้นส่วนจำกัด ศรีสวัสดิ์การโยธา", "0395253772682")
PROJECTS = [str(uuid.UUID(int=n)) for n in (1, 2, 3)]
# as the files before schema 0025 kept them: two contracts of one firm, a project without
RECORDS = [
    {
        "project_id": PROJECTS[0],
        "version": 9,
        "appeal_ends_on": date(2026, 12, 1),
        "contract_number": "56/2570",
        "contractor": FIRM[0],
        "contractor_tax_id": FIRM[1],
    },
    {
        "project_id": PROJECTS[1],
        "version": 7,
        "appeal_ends_on": None,
        "contract_number": "57/2570",
        "contractor": FIRM[0],
        "contractor_tax_id": FIRM[1],
    },
    {
        "project_id": PROJECTS[2],
        "version": 1,
        "appeal_ends_on": None,
        "contract_number": None,
        "contractor": None,
        "contractor_tax_id": None,
    },
]


def _state(project_id: str) -> dict[str, Any]:
    """A planned project's row of project_state (the page reads it beside the record)."""
    return {
        "project_id": project_id,
        "lao_code": "10101010",
        "province_code": "10",
        "lao_type": "sao",
        "fiscal_year": 2570,
        "code": project_id[-3:],
        "name": "ถนน",
        "line_code": "L1",
        "budget_group": "investment",
        "method": "e_bidding",
        "budget_amount": 1000,
        "stage": "planned",
        "stage_entered_on": date(2026, 10, 1),
        "contract_amount": None if project_id == PROJECTS[2] else 900,
        "paid": 0,
        "installments_total": 0,
        "installments_inspected": 0,
        "installments_paid": 0,
        "cancelled": False,
        "closed": False,
        "last_position": 1,
    }


def _made_before(postgres_url: str) -> str:
    """The views as the files before schema 0025 made them, with RECORDS."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < CONTRACTORS_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        for row in [*RECORDS, *map(_state, PROJECTS)]:
            table = "project_state" if "stage" in row else "project_record"
            names = ", ".join(row)
            values = ", ".join(f"%({name})s" for name in row)
            connection.execute(f"INSERT INTO {table} ({names}) VALUES ({values})", row)  # type: ignore[call-overload]
    return postgres_url


def _old_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    old = MetaData()
    project_record_before_contractors.to_metadata(old)
    project_state.to_metadata(old)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old.create_all(connection)
            connection.execute(project_record_before_contractors.insert(), RECORDS)
            connection.execute(project_state.insert(), [_state(p) for p in PROJECTS])
    finally:
        engine.dispose()
    return url


def _kept(url: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any], list[str]]:
    """Through the views' engine: each record's code, the parties kept, each project's
    contract as its page shows it, and the record's columns."""
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}))
    try:
        with engine.connect() as reading:
            r = project_record
            codes = reading.execute(
                select(r.c.project_id, r.c.contractor_code).order_by(r.c.project_id)
            ).all()
            kept = reading.execute(select(contractor)).all()
            contracts = [project(reading, p, today=date(2026, 12, 1)).contract for p in PROJECTS]
            shown = [
                None if c is None else (c.number, c.contractor, c.contractor_tax_id)
                for c in contracts
            ]
            columns = [c["name"] for c in inspect(reading).get_columns(r.name)]
            return [tuple(x) for x in codes], [tuple(x) for x in kept], shown, columns
    finally:
        engine.dispose()


EXPECTED = (
    [
        (PROJECTS[0], contractor_code(*FIRM)),
        (PROJECTS[1], contractor_code(*FIRM)),
        (PROJECTS[2], None),
    ],
    [(contractor_code(*FIRM), *FIRM)],
    [("56/2570", *FIRM), ("57/2570", *FIRM), None],
    [c.name for c in project_record.columns],
)


def test_postgresql_views_made_before_schema_0025_keep_each_contracts_party(
    postgres_url: str,
) -> None:
    assert _kept(_made_before(postgres_url)) == EXPECTED
    assert _kept(postgres_url) == EXPECTED  # started again: nothing more to do


def test_the_versioned_file_moves_the_parties_as_the_engine_does(postgres_url: str) -> None:
    _made_before(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute((SCHEMA_FOLDER / CONTRACTORS_FILE).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    assert _kept(postgres_url) == EXPECTED


def test_sqlite_views_made_before_schema_0025_keep_each_contracts_party(
    tmp_path: Path,
) -> None:
    codes, kept, shown, columns = _kept(_old_sqlite(tmp_path))
    assert (codes, kept, shown) == EXPECTED[:3]
    assert sorted(columns) == sorted(EXPECTED[3])  # SQLite adds a column at the end


def test_a_partys_code_is_the_one_postgresql_works_out(postgres_url: str) -> None:
    """The code the projection gives a party is the one the conversion of views made
    before works out in SQL (contractors._code_sql)."""
    with psycopg.connect(postgres_url) as connection:
        found = connection.execute(
            "SELECT ('x' || substr(md5(%s || chr(31) || %s), 1, 16))::bit(64)::bigint", FIRM
        ).fetchone()
    assert found == (contractor_code(*FIRM),)
