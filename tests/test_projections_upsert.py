"""upsert.py: a batch's rows read back by key and written, the same on SQLite and
PostgreSQL whether the batch is small (a plain IN list, executemany) or big (arrays
joined and psycopg's own rows, COPY)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import IntegrityError, StatementError

from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.tables import STAGE_DATES, audit_log, disbursement_target, project_state
from budget.projections.upsert import (
    FEW_ROWS,
    append,
    as_read,
    rows_by_keys,
    rows_by_keys_together,
    save,
    update_columns,
    upsert,
)

MANY = FEW_ROWS * 2 + 3
BANGKOK = timezone(timedelta(hours=7))


@pytest.fixture
def engine(file_store_url: str, tmp_path: Path) -> Iterator[Engine]:
    engine = views_engine(Settings(database_url=file_store_url, home=tmp_path))
    yield engine
    engine.dispose()


def pid(n: int) -> str:
    """A project's id: a UUID, as PostgreSQL keeps the ids of aggregates (schema 0016)."""
    return f"00000000-0000-4000-8000-{n:012d}"


def project(n: int) -> dict[str, Any]:
    return {
        "project_id": pid(n),
        "lao_code": "75001020",
        "province_code": "75",
        "lao_type": "sao",
        "fiscal_year": 2570,
        "code": f"{n}",
        "name": f"ถนนสายที่ {n}",
        "line_code": "00310-INV-1",
        "budget_group": "investment",
        "method": "e_bidding",
        "budget_amount": Decimal(f"{1000 + n}.50"),
        "stage": "planned",
        "stage_entered_on": date(2026, 10, 1) + timedelta(days=n % 30),
        "contract_amount": None if n % 2 else Decimal(f"{900 + n}.25"),
        "paid": Decimal("0.00"),
        "installments_total": n % 4,
        "installments_inspected": 0,
        "installments_paid": 0,
        "cancelled": n % 3 == 0,
        "closed": False,
        "last_position": n,
        **dict.fromkeys(STAGE_DATES.values()),  # the stages it reached: planned only
        "planned_on": date(2026, 10, 1) + timedelta(days=n % 30),
    }


def audit(n: int) -> dict[str, Any]:
    return {
        "position": n,
        # recorded in Bangkok time: read back as the same moment in UTC
        "recorded_at": datetime(2026, 11, 23, 9, 0, tzinfo=BANGKOK) + timedelta(minutes=n),
        "business_date": None if n % 5 == 0 else date(2026, 11, 23),
        "actor_code": n % 3,  # who recorded it kept once (audit_actor, schema 0023)
        "event_type": "Project.PaymentRecorded",
        "aggregate_id": pid(n),
        "version": n,
        "reason": f"because {n}",
    }


def test_many_keys_read_back_the_rows_as_written(engine: Engine) -> None:
    rows = [project(n) for n in range(MANY)]
    with engine.begin() as connection:
        upsert(connection, project_state, rows)
        keys = [(row["project_id"],) for row in rows]
        found = rows_by_keys(connection, project_state, ["project_id"], keys)
        few = rows_by_keys(connection, project_state, ["project_id"], keys[:3])
    by_id = {row["project_id"]: row for row in found}
    assert by_id == {row["project_id"]: row for row in rows}
    assert sorted(few, key=lambda row: row["project_id"]) == rows[:3]
    money = [by_id[pid(0)]["budget_amount"], by_id[pid(0)]["contract_amount"]]
    assert [str(m) for m in money] == ["1000.50", "900.25"]
    assert by_id[pid(1)]["contract_amount"] is None
    assert all(type(row["cancelled"]) is bool for row in found)


def test_many_moments_read_back_in_utc(engine: Engine) -> None:
    rows = [audit(n) for n in range(1, MANY)]
    with engine.begin() as connection:
        append(connection, audit_log, rows)
        found = rows_by_keys(connection, audit_log, ["position"], [(n,) for n in range(1, MANY)])
        through_sqlalchemy = [dict(r._mapping) for r in connection.execute(select(audit_log))]
    first = min(found, key=lambda row: row["position"])
    assert first["recorded_at"] == datetime(2026, 11, 23, 2, 1, tzinfo=UTC)
    assert first["recorded_at"].tzinfo == UTC
    assert sorted(found, key=lambda row: row["position"]) == sorted(
        through_sqlalchemy, key=lambda row: row["position"]
    )


@pytest.mark.parametrize("count", [3, MANY])
def test_percentages_read_back_as_written(engine: Engine, count: int) -> None:
    """numeric(5, 2) outside money: SQLAlchemy binds it as a float, the bulk path (binary
    COPY) sends the Decimal; either way the row reads back as written."""
    rows = [
        {
            "fiscal_year": 2570,
            "quarter": 1 + n % 4,
            "budget_group": f"group {n}",
            "percent": Decimal(f"{n % 100}.{n % 100:02d}"),
            "obligated_percent": None if n % 3 else Decimal("33.30"),
            "source": "DLA",
        }
        for n in range(count)
    ]
    with engine.begin() as connection:
        upsert(connection, disbursement_target, rows)
        found = [dict(r._mapping) for r in connection.execute(select(disbursement_target))]
    by_group = {row["budget_group"]: row for row in found}
    assert by_group == {row["budget_group"]: row for row in rows}


@pytest.mark.parametrize("count", [1, MANY])
def test_money_below_a_satang_is_refused_and_nothing_written(engine: Engine, count: int) -> None:
    rows = [project(n) for n in range(count)]
    rows[-1]["paid"] = Decimal("10.005")
    refused = (ValueError, StatementError)  # SQLAlchemy wraps its bind processors' errors
    with pytest.raises(refused, match="not a whole number of satang"), engine.begin() as c:
        upsert(c, project_state, rows)
    with engine.connect() as connection:
        assert connection.execute(select(project_state)).all() == []


def test_many_rows_update_the_ones_there(engine: Engine) -> None:
    rows = [project(n) for n in range(MANY)]
    with engine.begin() as connection:
        upsert(connection, project_state, rows)
    changed = [{**row, "stage": "paid", "paid": row["budget_amount"]} for row in rows]
    with engine.begin() as connection:
        upsert(connection, project_state, changed)
        found = rows_by_keys(connection, project_state, ["project_id"], [(pid(7),), (pid(100),)])
    assert sorted((r["project_id"], r["stage"], str(r["paid"])) for r in found) == [
        (pid(7), "paid", "1007.50"),
        (pid(100), "paid", "1100.50"),
    ]


@pytest.mark.parametrize("count", [3, MANY])
def test_leave_inserts_the_new_keys_and_leaves_the_rows_there_as_they_were(
    engine: Engine, count: int
) -> None:
    """upsert(leave=True), as names and codes are kept once (the audit log's actors): one
    statement of arrays for a few rows, COPY for many (PostgreSQL), a key twice in one
    batch kept once."""
    with engine.begin() as connection:
        upsert(connection, project_state, [project(n) for n in range(count)])
    again = [{**project(n), "name": "written again"} for n in range(2 * count)]
    with engine.begin() as connection:
        upsert(connection, project_state, [*again, again[-1]], leave=True)
    with engine.connect() as connection:
        found = {r.project_id: r.name for r in connection.execute(select(project_state))}
    assert len(found) == 2 * count
    assert [found[pid(n)] for n in range(count)] == [project(n)["name"] for n in range(count)]
    assert {found[pid(n)] for n in range(count, 2 * count)} == {"written again"}


@pytest.mark.parametrize("count", [3, MANY])
def test_save_inserts_the_new_updates_the_changed_and_leaves_the_rest(
    engine: Engine, count: int
) -> None:
    there = [project(n) for n in range(2 * count)]
    with engine.begin() as connection:
        upsert(connection, project_state, there)
    keys = [(row["project_id"],) for row in there]
    with engine.begin() as connection:
        read = rows_by_keys(connection, project_state, ["project_id"], keys)
        before = as_read(project_state, read)
        by_id = {row["project_id"]: row for row in read}
        for n in range(count):  # the first half changed, the second half left as read
            by_id[pid(n)].update(stage="paid", paid=Decimal("1.00"))
        # a row changed behind the batch's back stays as it is when the batch leaves it
        unchanged = pid(2 * count - 1)
        connection.execute(
            project_state.update()
            .where(project_state.c.project_id == unchanged)
            .values(name="changed elsewhere")
        )
        new = [project(n) for n in range(2 * count, 3 * count)]
        save(connection, project_state, [*by_id.values(), *new], before)
    with engine.connect() as connection:
        found = {r.project_id: r for r in connection.execute(select(project_state))}
    assert len(found) == 3 * count
    assert all(found[pid(n)].stage == "paid" for n in range(count))
    assert found[pid(count)].stage == "planned"
    assert found[unchanged].name == "changed elsewhere"
    assert found[pid(3 * count - 1)].name == project(3 * count - 1)["name"]


@pytest.mark.parametrize("count", [3, MANY])
def test_update_columns_sets_only_the_columns_each_row_holds(engine: Engine, count: int) -> None:
    """A batch that writes what its events set without reading the rows back: each row
    sets its own columns (rows of different columns in one call), the others keep what
    they held, and a key not there changes nothing (nor is it inserted)."""
    there = [project(n) for n in range(2 * count)]
    with engine.begin() as connection:
        upsert(connection, project_state, there)
    paid = [{"project_id": pid(n), "paid": Decimal("5.00")} for n in range(count)]
    moved = [
        {"project_id": pid(n), "stage": "paid", "last_position": 10_000 + n}
        for n in range(count, 2 * count)
    ]
    absent = {"project_id": pid(99_999), "paid": Decimal("1.00")}
    with engine.begin() as connection:
        update_columns(connection, project_state, [*paid, *moved, absent])
    with engine.connect() as connection:
        found = {r.project_id: r._asdict() for r in connection.execute(select(project_state))}
    assert set(found) == {row["project_id"] for row in there}
    for n, row in enumerate(there):
        expected = {**row, "paid": Decimal("5.00")} if n < count else row
        if n >= count:
            expected = {**row, "stage": "paid", "last_position": 10_000 + n}
        assert found[row["project_id"]] == expected


@pytest.mark.parametrize("count", [1, MANY])
def test_save_refuses_a_new_row_whose_key_is_there_unread(engine: Engine, count: int) -> None:
    rows = [project(n) for n in range(count)]
    with engine.begin() as connection:
        upsert(connection, project_state, rows)
    refused = (IntegrityError, psycopg.errors.UniqueViolation)
    with pytest.raises(refused), engine.begin() as connection:
        save(connection, project_state, rows, {})


def test_a_few_keys_are_read_by_one_statement_built_once(engine: Engine) -> None:
    """The live follower's small batches: the same statement for any number of keys, so
    it is not built again each batch (SQLite: one SELECT object, its keys an expanding
    parameter; PostgreSQL: one text joining the keys as arrays, sent by psycopg without
    SQLAlchemy); two-column keys too."""
    rows = [project(n) for n in range(6)]
    executed: list[Any] = []

    def seen(_connection: Any, statement: Any, *_rest: Any) -> None:
        executed.append(statement)

    with engine.begin() as connection:
        upsert(connection, project_state, rows)
        event.listen(engine, "before_execute", seen)
        try:
            one = rows_by_keys(connection, project_state, ["project_id"], [(pid(1),)])
            three = rows_by_keys(
                connection, project_state, ["project_id"], [(pid(2),), (pid(3),), (pid(99_999),)]
            )
            pairs = rows_by_keys(
                connection,
                project_state,
                ["project_id", "lao_code"],
                [(pid(4), "75001020"), (pid(5), "10000000")],
            )
            again = rows_by_keys(connection, project_state, ["project_id"], [(pid(0),)])
        finally:
            event.remove(engine, "before_execute", seen)
    assert one == rows[1:2]
    assert sorted(three, key=lambda row: row["project_id"]) == rows[2:4]
    assert pairs == rows[4:5]
    assert again == rows[0:1]
    if engine.dialect.name == "postgresql":
        assert executed == []
        return
    assert executed[0] is executed[1] is executed[3]
    assert executed[2] is not executed[0]


def test_postgresql_prepares_the_lookup_of_a_few_keys_whatever_their_number(
    postgres_url: str, tmp_path: Path
) -> None:
    """The live follower looks up a few keys a batch, their number changing from batch to
    batch: one statement text for any number (issue 17), which psycopg prepares once it
    has run it a few times, so PostgreSQL stops parsing and planning it for every batch
    (an IN list of one, two, three... values was a new statement each time)."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    rows = [project(n) for n in range(8)]
    try:
        with engine.begin() as connection:
            upsert(connection, project_state, rows)
            for n in range(1, 9):
                found = rows_by_keys(
                    connection, project_state, ["project_id"], [(pid(k),) for k in range(n)]
                )
                assert sorted(found, key=lambda row: row["project_id"]) == rows[:n]
            prepared = connection.exec_driver_sql(
                "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%%unnest%%'"
            ).all()
        assert len(prepared) == 1, prepared
    finally:
        engine.dispose()


def test_lookups_together_find_what_each_finds_alone(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A projection's independent lookups of a batch: the same rows as one by one (keys
    of one and two columns, columns selected, no key); on PostgreSQL a few keys each are
    sent in one pipeline, their rows back in one round trip (issue 17), and many keys one
    lookup at a time."""
    rows = [project(n) for n in range(FEW_ROWS + 5)]
    with engine.begin() as connection:
        upsert(connection, project_state, rows)
    few = [
        (project_state, ["project_id"], [(pid(1),), (pid(99_999),)], None),
        (project_state, ["project_id", "lao_code"], [(pid(2), "75001020")], None),
        (project_state, ["project_id"], [(pid(3),)], ["project_id", "lao_code"]),
        (project_state, ["project_id"], [], None),
    ]
    many = [*few, (project_state, ["project_id"], [(pid(n),) for n in range(FEW_ROWS + 5)], None)]
    statuses: list[Any] = []
    if engine.dialect.name == "postgresql":
        execute = psycopg.Cursor.execute

        def watched(cursor: psycopg.Cursor[Any], *args: Any, **kwargs: Any) -> Any:
            statuses.append(cursor.connection.pgconn.pipeline_status)
            return execute(cursor, *args, **kwargs)

        monkeypatch.setattr(psycopg.Cursor, "execute", watched)
    with engine.begin() as connection:
        alone = [rows_by_keys(connection, t, c, k, selected=s) for t, c, k, s in many]
        statuses.clear()
        together = rows_by_keys_together(connection, few)
        in_pipeline = list(statuses)
        statuses.clear()
        all_of_them = rows_by_keys_together(connection, many)
        one_by_one = list(statuses)

    def ordered(found: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        return [sorted(each, key=lambda row: row["project_id"]) for each in found]

    assert ordered(together) == ordered(alone[:4])
    assert ordered(all_of_them) == ordered(alone)
    assert together[0] == rows[1:2]
    assert together[2] == [{"project_id": pid(3), "lao_code": "75001020"}]
    assert together[3] == []
    if engine.dialect.name == "postgresql":
        off = psycopg.pq.PipelineStatus.OFF
        assert len(in_pipeline) == 3
        assert all(status != off for status in in_pipeline)
        assert len(one_by_one) == 4  # (no statement for no key)
        assert all(status == off for status in one_by_one)
