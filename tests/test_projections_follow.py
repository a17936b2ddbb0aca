"""The follow loop: views and positions advance together, once per batch, on every store."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import Connection, Engine, event, func, select

from budget.application import BudgetOffice
from budget.application.commands import (
    CancelProject,
    CloseProject,
    CorrectPayment,
)
from budget.config import Settings
from budget.projections.audit import AuditLog, summaries_at
from budget.projections.engine import views_engine
from budget.projections.follow import Positioned, Projection, catch_up, rebuild
from budget.projections.lanes import rebuild_in_lanes
from budget.projections.listen import VIEWS_CHANNEL
from budget.projections.positions import (
    REBUILDING,
    lock_key,
    lock_views,
    locked_positions,
    record_positions,
)
from budget.projections.project_state import ProjectState
from budget.projections.registry import all_projections
from budget.projections.scratch import scratch_views
from budget.projections.stored import stored_rows
from budget.projections.tables import (
    audit_log,
    metadata,
    project_state,
    projection_tracking,
)
from tests.audit_entries import audit_entries
from tests.builders import (
    AUDITOR,
    FINANCE,
    LAO,
    contracted_project,
    enacted_office,
    inspect,
    pay,
    planned_project,
)

CORRECTION = "พิมพ์จำนวนเงินผิด"
CANCEL = "ไม่มีผู้เสนอราคา"


@pytest.fixture
def views(store_url: str, tmp_path: Path) -> Iterator[Engine]:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    if settings.store == "sqlite":
        assert settings.views_url == f"sqlite:///{tmp_path / 'views.sqlite3'}"
    elif settings.store == "postgres":
        assert settings.views_url.startswith("postgresql+psycopg://")
        assert settings.views_url.endswith(store_url.split("://", 1)[1])
    else:
        assert settings.views_url == "sqlite://"
    engine = views_engine(settings)
    yield engine
    engine.dispose()


def first_half(office: BudgetOffice) -> tuple[UUID, UUID]:
    """Enacted budget; P1 contracted for 1,400,000 in two installments; P2 planned."""
    enacted_office(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")
    p2 = planned_project(office, code="P2", line_code="BRIDGE", amount="1500000.00")
    return p1, p2


def second_half(office: BudgetOffice, p1: UUID, p2: UUID) -> None:
    """P1: installment 1 inspected, paid 700,000, corrected to 650,000, topped up by 50,000.
    P2: cancelled."""
    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", voucher="V1", on=date(2027, 1, 25))
    office.execute(
        CorrectPayment(
            project_id=p1,
            corrects_version=office.project(p1).version,
            amount=Decimal("650000.00"),
            reason=CORRECTION,
            business_date=date(2027, 1, 26),
        ),
        actor=FINANCE,
    )
    pay(office, p1, 1, "50000.00", voucher="V2", on=date(2027, 1, 27))
    office.execute(
        CancelProject(project_id=p2, reason=CANCEL, business_date=date(2026, 12, 1)), actor=FINANCE
    )


NAMES = [p.name for p in all_projections()]


def everyone() -> list[Projection]:
    return list(all_projections())


def rows(engine: Engine, table: Any) -> list[dict[str, Any]]:
    """The table's rows by key as Python reads it (PostgreSQL orders a coded name by its
    code: tables/named.py)."""
    keys = [c.name for c in table.primary_key.columns]
    with engine.connect() as connection:
        found = [dict(r._mapping) for r in connection.execute(select(table))]
    return sorted(found, key=lambda row: tuple(row[k] for k in keys))


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    return {t.name: rows(engine, t) for t in metadata.sorted_tables}


def positions(engine: Engine) -> dict[str, int]:
    return {r["name"]: r["position"] for r in rows(engine, projection_tracking)}


def state_of(engine: Engine, project: UUID) -> dict[str, Any]:
    with engine.connect() as connection:
        found = connection.execute(
            select(project_state).where(project_state.c.project_id == str(project))
        ).one()
    return dict(found._mapping)


def test_views_match_the_hand_computed_figures(office: BudgetOffice, views: Engine) -> None:
    p1, p2 = first_half(office)
    first = office.recorder.max_notification_id()
    assert catch_up(office, views, everyone(), batch_size=5) == first
    assert state_of(views, p1)["stage"] == "contract_signed"
    assert state_of(views, p2)["stage"] == "planned"

    second_half(office, p1, p2)
    last = office.recorder.max_notification_id()
    assert last is not None
    assert first is not None
    assert catch_up(office, views, everyone(), batch_size=5) == last - first
    assert positions(views) == dict.fromkeys(NAMES, last)

    one = state_of(views, p1)
    assert one["lao_code"] == LAO
    assert (one["stage"], one["stage_entered_on"]) == ("inspected", date(2027, 1, 20))
    assert (one["budget_amount"], one["contract_amount"]) == (
        Decimal("1500000.00"),
        Decimal("1400000.00"),
    )
    assert one["paid"] == Decimal("700000.00")  # 700,000 corrected to 650,000, then 50,000
    assert (
        one["installments_total"],
        one["installments_inspected"],
        one["installments_paid"],
    ) == (2, 1, 1)
    assert (one["cancelled"], one["closed"]) == (False, False)
    assert (one["method"], one["budget_group"], one["line_code"]) == (
        "e_bidding",
        "investment",
        "ROAD",
    )

    two = state_of(views, p2)
    assert (two["stage"], two["stage_entered_on"]) == ("cancelled", date(2026, 12, 1))
    assert (two["contract_amount"], two["paid"], two["cancelled"]) == (None, Decimal("0"), True)
    assert (two["installments_total"], two["installments_inspected"]) == (0, 0)

    with views.connect() as reading:
        log = audit_entries(reading)  # who recorded each entry joined (audit_actor, 0023)
    assert [r["position"] for r in log] == list(range(1, last + 1))  # one row per event
    history = office.history(p1, actor=AUDITOR)
    of_p1 = [r for r in log if r["aggregate_id"] == str(p1)]
    assert [(r["version"], r["event_type"]) for r in of_p1] == [
        (h.version, h.event_type) for h in history
    ]
    assert all(r["user_id"] == FINANCE.user_id for r in of_p1)
    assert all((r["role"], r["acting_for"]) == ("lao_finance", LAO) for r in of_p1)
    corrected = next(r for r in of_p1 if r["event_type"] == "Project.PaymentCorrected")
    assert (corrected["business_date"], corrected["reason"]) == (date(2027, 1, 26), CORRECTION)
    position = corrected["position"]
    assert "amount=650000.00" in summaries_at(office, [position])[position]  # from the event
    cancelled = next(r for r in log if r["event_type"] == "Project.Cancelled")
    assert (cancelled["aggregate_id"], cancelled["reason"]) == (str(p2), CANCEL)
    assert cancelled["business_date"] == date(2026, 12, 1)
    assert all(r["recorded_at"].utcoffset() == timedelta(0) for r in log)
    enacted = [r for r in log if r["user_id"] == "system"]
    assert enacted
    assert all(r["role"] == "system" for r in enacted)


def views_after_the_scenario(office: BudgetOffice, engine: Engine) -> dict[str, Any]:
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    catch_up(office, engine, everyone(), batch_size=4)
    views = snapshot(engine)
    for row in views["audit_log"]:
        row.pop("recorded_at")  # the moment each run recorded, different by nature
    return views


def test_sqlite_and_postgresql_give_identical_views(postgres_url: str, tmp_path: Path) -> None:
    found = []
    for url in (f"sqlite:///{tmp_path / 'budget.sqlite3'}", postgres_url):
        settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
        office = BudgetOffice(settings)
        engine = views_engine(settings)
        try:
            found.append(views_after_the_scenario(office, engine))
        finally:
            engine.dispose()
            office.close()
    on_sqlite, on_postgres = found
    assert on_sqlite["project_state"]
    assert on_sqlite == on_postgres


def test_catching_up_twice_adds_nothing(office: BudgetOffice, views: Engine) -> None:
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    assert catch_up(office, views, everyone(), batch_size=7) > 0
    before = snapshot(views)
    assert catch_up(office, views, everyone(), batch_size=7) == 0
    assert snapshot(views) == before


class CrashError(RuntimeError):
    pass


class CrashesInSecondBatch:
    """Project state that writes half of its second batch, then fails."""

    name = "project_state"

    def __init__(self) -> None:
        self.inner = ProjectState()
        self.tables = self.inner.tables
        self.topics = self.inner.topics
        self.calls = 0

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        self.calls += 1
        if self.calls < 2:
            self.inner.apply(connection, events)
            return
        self.inner.apply(connection, events[: len(events) // 2])
        raise CrashError


def test_a_crash_mid_batch_resumes_without_double_counting(
    office: BudgetOffice, views: Engine
) -> None:
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    size = 6
    with pytest.raises(CrashError):
        catch_up(office, views, [AuditLog(), CrashesInSecondBatch()], batch_size=size)
    assert positions(views) == {"audit_log": size, "project_state": size}
    assert [r["position"] for r in rows(views, audit_log)] == list(range(1, size + 1))
    assert all(r["last_position"] <= size for r in rows(views, project_state))

    catch_up(office, views, everyone(), batch_size=size)
    resumed = snapshot(views)
    last = office.recorder.max_notification_id()
    assert positions(views) == dict.fromkeys(NAMES, last)

    assert rebuild(office, views, everyone(), batch_size=1000) == last
    assert snapshot(views) == resumed
    assert state_of(views, p1)["paid"] == Decimal("700000.00")


def test_a_paid_and_closed_project(office: BudgetOffice, views: Engine) -> None:
    enacted_office(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")
    for number, paid_on in ((1, date(2027, 1, 25)), (2, date(2027, 3, 20))):
        inspect(office, p1, number, paid_on)
        pay(office, p1, number, "700000.00", voucher=f"V{number}", on=paid_on)
    catch_up(office, views, everyone(), batch_size=3)
    paid = state_of(views, p1)
    assert (paid["stage"], paid["stage_entered_on"]) == ("paid", date(2027, 3, 20))
    assert (paid["installments_inspected"], paid["installments_paid"]) == (2, 2)

    office.execute(CloseProject(project_id=p1, business_date=date(2027, 3, 31)), actor=FINANCE)
    catch_up(office, views, everyone(), batch_size=3)
    closed = state_of(views, p1)
    assert (closed["stage"], closed["stage_entered_on"]) == ("closed", date(2027, 3, 31))
    assert (closed["paid"], closed["closed"], closed["cancelled"]) == (
        Decimal("1400000.00"),
        True,
        False,
    )
    assert closed["last_position"] == office.recorder.max_notification_id()


class SeesTheCollector:
    """Project state that notes whether Python's cycle collector runs while it applies."""

    name = "project_state"

    def __init__(self) -> None:
        self.inner = ProjectState()
        self.tables = self.inner.tables
        self.topics = self.inner.topics
        self.collecting: list[bool] = []

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        self.collecting.append(gc.isenabled())
        self.inner.apply(connection, events)


def test_the_cycle_collector_is_paused_for_a_batch_and_back_after(
    office: BudgetOffice, views: Engine
) -> None:
    first_half(office)
    seeing = SeesTheCollector()
    assert gc.isenabled()
    catch_up(office, views, [seeing], batch_size=3)
    assert seeing.collecting
    assert not any(seeing.collecting)
    assert gc.isenabled()
    with pytest.raises(CrashError):  # also after a batch that failed
        catch_up(office, views, [AuditLog(), CrashesInSecondBatch()], batch_size=3)
    assert gc.isenabled()


def test_a_lane_reads_every_notification_but_only_its_topics_states(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL sends a lane the state of its own topics' events only; it still sees
    every notification (its position moves past the others), and lanes in their own
    processes, with small batches, give the views one loop gives."""
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": postgres_url, "BUDGET_HOME": str(tmp_path)}
    )
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        p1, p2 = first_half(office)
        second_half(office, p1, p2)
        last = office.recorder.max_notification_id() or 0
        everything = stored_rows(office, 1, last, None)
        mine = sorted(ProjectState.topics)
        only_mine = stored_rows(office, 1, last, None, mine)
        assert [r[:4] for r in only_mine] == [r[:4] for r in everything]
        assert {r[3] for r in everything} - set(mine)  # budget events too
        for full, narrowed in zip(everything, only_mine, strict=True):
            assert narrowed[4] == (full[4] if full[3] in mine else b"")
        catch_up(office, engine, everyone())
        one_loop = snapshot(engine)
        rebuild_in_lanes(settings, engine, everyone(), batch_size=3)
        assert snapshot(engine) == one_loop
    finally:
        engine.dispose()
        office.close()


def test_a_projection_ahead_of_the_others_keeps_its_position(
    office: BudgetOffice, views: Engine
) -> None:
    """A projection added to views already kept (project_record was) catches up from the
    first event in the loop of the others, batch by batch; a projection ahead of a batch
    stays where it is and never applies an event twice."""
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    catch_up(office, views, everyone())
    engine = views
    kept = snapshot(engine)
    last = max(positions(engine).values())
    with engine.begin() as connection:  # the audit log as if added after the others
        connection.execute(audit_log.delete())
        connection.execute(
            projection_tracking.delete().where(projection_tracking.c.name == "audit_log")
        )
    catch_up(office, engine, everyone(), batch_size=3)
    assert positions(engine) == dict.fromkeys(NAMES, last)
    assert snapshot(engine) == kept


def test_a_batch_locks_every_projection_in_one_statement(postgres_url: str, tmp_path: Path) -> None:
    """The follow loop's write locks, one per projection, taken in one round trip per batch
    (issue 17: one statement each cost the live follower a seventh of its CPU); another
    follower finds every one of them held."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    names = [p.name for p in all_projections()]
    executed: list[str] = []

    def seen(_c: Any, _k: Any, statement: str, *_rest: Any) -> None:
        executed.append(statement)

    try:
        with engine.begin() as first:
            event.listen(engine, "before_cursor_execute", seen)
            try:
                lock_views(first, names)
            finally:
                event.remove(engine, "before_cursor_execute", seen)
            with engine.begin() as second:
                free = [
                    second.execute(select(func.pg_try_advisory_xact_lock(lock_key(n)))).scalar()
                    for n in names
                ]
        assert len(executed) == 1, executed
        assert free == [False] * len(names)
        with engine.begin() as after:  # released with the first's transaction
            assert after.execute(
                select(func.pg_try_advisory_xact_lock(lock_key(names[0])))
            ).scalar()
    finally:
        engine.dispose()


def test_a_batch_records_positions_goes_online_and_announces_in_one_statement(
    postgres_url: str, tmp_path: Path
) -> None:
    """A batch's bookkeeping on PostgreSQL is one round trip (issue 17: the live follower
    commits ~10 small batches a second; the positions went as one server statement per
    projection, then the rebuild's mark and the announcement as two more): every position
    written, the views back online once every projection reached the rebuild's target, and
    the position announced when the transaction commits."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    executed: list[str] = []

    def seen(_c: Any, _k: Any, statement: str, *_rest: Any) -> None:
        executed.append(statement)

    t = projection_tracking
    try:
        with engine.begin() as connection:
            connection.execute(t.insert(), [{"name": REBUILDING, "position": 5}])
        with psycopg.connect(conninfo, autocommit=True) as listener:
            listener.execute(f"LISTEN {VIEWS_CHANNEL}")
            with engine.begin() as connection:
                event.listen(engine, "before_cursor_execute", seen)
                try:
                    record_positions(connection, {"a": 7, "b": 5}, announce_at=5)
                finally:
                    event.remove(engine, "before_cursor_execute", seen)
            heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        with engine.connect() as connection:
            found = dict(connection.execute(select(t.c.name, t.c.position)).all())
        assert len(executed) == 1, executed
        assert heard == ["5"]
        assert found == {"a": 7, "b": 5}  # the rebuild's mark is gone

        with engine.begin() as connection:  # again: positions move on, the mark stays away
            record_positions(connection, {"a": 9, "b": 8}, announce_at=8)
            record_positions(connection, {"c": 1})  # not announced
        with engine.connect() as connection:
            found = dict(connection.execute(select(t.c.name, t.c.position)).all())
        assert found == {"a": 9, "b": 8, "c": 1}
    finally:
        engine.dispose()


def test_positions_of_scratch_views_go_to_the_scratch_tracking_table(
    postgres_url: str, tmp_path: Path
) -> None:
    """Scratch views (a report as of a moment, verify) keep their positions in their own
    schema's tracking table, never in the live one."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    t = projection_tracking
    try:
        with scratch_views(engine) as scratch:
            for announce_at in (None, 4):
                with scratch.engine.begin() as connection:
                    record_positions(connection, {"a": 4}, announce_at=announce_at)
            with scratch.both.connect() as connection:
                copy = scratch.table(t)
                kept = dict(connection.execute(select(copy.c.name, copy.c.position)).all())
                live = dict(connection.execute(select(t.c.name, t.c.position)).all())
        assert kept == {"a": 4}
        assert live == {}
    finally:
        engine.dispose()


def test_a_second_follower_reads_the_positions_the_first_committed(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The locks and the positions of a batch in one round trip (issue 17): sent together
    in psycopg's pipeline, yet a follower that waited for the locks reads the positions
    the holder committed, never those from before it waited."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    names = ["a", "b"]
    statuses: list[Any] = []
    execute = psycopg.Cursor.execute

    def watched(cursor: psycopg.Cursor[Any], *args: Any, **kwargs: Any) -> Any:
        statuses.append(cursor.connection.pgconn.pipeline_status)
        return execute(cursor, *args, **kwargs)

    found: list[dict[str, int]] = []
    try:
        with engine.begin() as first:
            monkeypatch.setattr(psycopg.Cursor, "execute", watched)
            assert locked_positions(first, names) == {"a": 0, "b": 0}
            monkeypatch.undo()
            second = threading.Thread(
                target=lambda: found.append(_locked_positions_of(engine, names))
            )
            second.start()
            second.join(1.0)
            assert second.is_alive()  # waiting for the locks
            record_positions(first, {"a": 5, "b": 3})
        second.join(10.0)
        assert found == [{"a": 5, "b": 3}]
        assert len(statuses) == 2
        assert all(s != psycopg.pq.PipelineStatus.OFF for s in statuses)
    finally:
        engine.dispose()


def _locked_positions_of(engine: Engine, names: list[str]) -> dict[str, int]:
    with engine.begin() as connection:
        return locked_positions(connection, names)
