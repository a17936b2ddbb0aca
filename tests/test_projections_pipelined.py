"""A small batch's writes in psycopg's pipeline (budget/projections/pipelined.py): they wait
for no answer of their own, and the views come out as a rebuild makes them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import pq
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import IntegrityError

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections import follow
from budget.projections.budget_lines import BudgetLines
from budget.projections.compliance import Compliance
from budget.projections.engine import views_engine
from budget.projections.events import STORED_JSON
from budget.projections.follow import catch_up, rebuild
from budget.projections.missing_rows import MissingRows
from budget.projections.pipelined import pipelined
from budget.projections.tables import projection_tracking
from budget.projections.upsert import FEW_ROWS, accumulate, update_columns, upsert
from tests.test_projections_follow import everyone, first_half, second_half, snapshot


@pytest.fixture
def office_and_views(postgres_url: str, tmp_path: Path) -> Iterator[tuple[BudgetOffice, Engine]]:
    settings = Settings(database_url=postgres_url, home=tmp_path)
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    yield office, engine
    engine.dispose()
    office.close()


def test_a_small_batch_writes_in_the_pipeline_and_makes_the_views_a_rebuild_makes(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: the live follower's batches of a few events waited for the server ~45
    times each, a round trip for every write and two for every COPY. In the pipeline
    every INSERT, UPDATE and DELETE goes out with the next read, and no COPY is made (a
    few rows go as an executemany), nor the positions' record (sent with the pipeline's
    end, before the commit); the views equal those a rebuild (one fold, no pipeline)
    makes of the same events. Fails before: the writes ran outside any pipeline, and the
    batches made COPYs."""
    office, engine = office_and_views
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    writes: list[tuple[str, bool]] = []
    copies: list[str] = []

    def seen(conn: Any, _c: Any, statement: str, *_rest: Any) -> None:
        if statement.split(None, 1)[0] in {"INSERT", "UPDATE", "DELETE", "WITH"}:
            status = conn.connection.driver_connection.pgconn.pipeline_status
            writes.append((statement[:40], status != pq.PipelineStatus.OFF))

    real_copy = psycopg.Cursor.copy

    def copy(self: psycopg.Cursor[Any], statement: Any, *args: Any, **kwargs: Any) -> Any:
        copies.append(str(statement)[:60])
        return real_copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", copy)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        read = catch_up(office, engine, everyone(), batch_size=4)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert read == office.recorder.max_notification_id()
    assert writes, "the batches wrote nothing through SQLAlchemy"
    assert [w for w in writes if not w[1]] == []  # the positions' too
    assert any(w[0].startswith("WITH positions") for w in writes)
    assert copies == []
    followed = snapshot(engine)
    monkeypatch.undo()
    rebuild(office, engine, everyone())
    assert snapshot(engine) == followed


def test_many_rows_in_the_pipeline_go_a_share_at_a_time(postgres_url: str, tmp_path: Path) -> None:
    """More rows than an executemany sends at once (upsert's COPY path) are written in
    shares within the pipeline, each answered: all of them arrive."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    many = [{"name": f"p{i:04d}", "position": i} for i in range(FEW_ROWS * 3 + 5)]
    try:
        with engine.begin() as connection, pipelined(connection):
            upsert(connection, projection_tracking, many)
            found = connection.execute(select(func.count()).select_from(projection_tracking))
            assert found.scalar() == len(many)
        with engine.connect() as connection:
            assert connection.execute(
                select(func.sum(projection_tracking.c.position))
            ).scalar() == sum(r["position"] for r in many)
    finally:
        engine.dispose()


def test_a_write_that_fails_in_the_pipeline_fails_the_batch(
    postgres_url: str, tmp_path: Path
) -> None:
    """A write nobody reads the answer of still fails its transaction: at the end of the
    pipeline at the latest, before the commit, and nothing of it is kept."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    try:
        with pytest.raises((IntegrityError, psycopg.IntegrityError)):
            _insert_twice(engine)
        with engine.connect() as connection:
            assert connection.execute(select(projection_tracking.c.name)).all() == []
    finally:
        engine.dispose()


def _insert_twice(engine: Engine) -> None:
    with engine.begin() as connection, pipelined(connection):
        connection.execute(projection_tracking.insert(), [{"name": "a", "position": 1}])
        connection.execute(projection_tracking.insert(), [{"name": "a", "position": 2}])


def test_the_live_follower_commits_each_small_batch_in_its_one_pipeline(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a small batch's transaction is one pipeline from its locks to its COMMIT:
    the locks and positions answered in one round trip (no pipeline of their own, which
    ended with a sync), and the COMMIT sent with the last writes and the positions,
    answered by the pipeline's one sync (before: that sync, then the COMMIT, a round trip
    each), so that SQLAlchemy's commit finds the transaction over. Fails before: two
    pipelines a transaction, and every commit found it open."""
    office, engine = office_and_views
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    pipelines: list[int] = []
    open_at_commit: list[bool] = []
    real_pipeline, real_commit = psycopg.Connection.pipeline, psycopg.Connection.commit

    def pipeline(self: psycopg.Connection[Any]) -> Any:
        pipelines.append(self.pgconn.pipeline_status == pq.PipelineStatus.OFF)
        return real_pipeline(self)

    def commit(self: psycopg.Connection[Any]) -> None:
        open_at_commit.append(self.pgconn.transaction_status != pq.TransactionStatus.IDLE)
        real_commit(self)

    monkeypatch.setattr(psycopg.Connection, "pipeline", pipeline)
    monkeypatch.setattr(psycopg.Connection, "commit", commit)
    batches: list[int] = []
    read = catch_up(
        office, engine, everyone(), batch_size=4, on_batch=lambda last, _: batches.append(last)
    )
    monkeypatch.undo()
    assert read == office.recorder.max_notification_id()
    assert len(batches) == -(-read // 4)
    assert pipelines.count(True) == len(batches) + 1  # the last pass finds nothing more
    assert open_at_commit.count(True) == 0  # ... and commits in its pipeline too
    followed = snapshot(engine)
    rebuild(office, engine, everyone())
    assert snapshot(engine) == followed


def test_a_batch_too_big_for_the_pipeline_leaves_it_before_it_applies(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of more events than PIPELINED_EVENTS (the follower behind after a pause)
    leaves the pipeline its locks were taken in, and writes its COPYs: the views equal a
    rebuild's."""
    office, engine = office_and_views
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    monkeypatch.setattr(follow, "PIPELINED_EVENTS", 2)
    copies: list[bool] = []
    real_copy = psycopg.Cursor.copy

    def copy(self: psycopg.Cursor[Any], statement: Any, *args: Any, **kwargs: Any) -> Any:
        copies.append(self.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF)
        return real_copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", copy)
    read = catch_up(office, engine, everyone(), batch_size=100)
    monkeypatch.undo()
    assert read == office.recorder.max_notification_id()
    assert copies
    assert all(copies)
    followed = snapshot(engine)
    rebuild(office, engine, everyone())
    assert snapshot(engine) == followed


class _PlanProbe:
    """A projection that notes, for each batch it is given, how its transaction plans
    prepared statements."""

    name = "plan_probe"
    tables: tuple[Any, ...] = ()
    topics = frozenset({STORED_JSON})

    def __init__(self) -> None:
        self.seen: list[str] = []

    def apply(self, connection: Any, events: Any) -> None:
        setting = text("SELECT current_setting('plan_cache_mode')")
        self.seen.append(connection.execute(setting).scalar_one())


def test_the_live_follower_plans_its_statements_once_and_nobody_else_changes(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    """Issue 17: PostgreSQL planned the live follower's prepared lookups again for every
    batch (a plan for a few keys looks cheaper than the generic one): a quarter of the
    server's CPU in batches of two events. Each live batch's transaction runs them on
    their generic plans; the setting ends with the transaction (the pool's next user of
    the connection, a dashboard's read, plans as before), and a rebuild (its fold) keeps
    the default. Fails before: every batch planned with 'auto'."""
    office, engine = office_and_views
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    probe = _PlanProbe()
    read = catch_up(office, engine, [*everyone(), probe], batch_size=4)
    assert read == office.recorder.max_notification_id()
    assert probe.seen == ["force_generic_plan"] * -(-read // 4)
    with engine.connect() as connection:  # the pool's connection, after the commits
        assert connection.execute(text("SHOW plan_cache_mode")).scalar_one() == "auto"
    probe.seen.clear()
    rebuild(office, engine, [*everyone(), probe])
    assert set(probe.seen) == {"auto"}


def test_a_few_rows_too_long_for_their_column_are_refused_not_cut(
    postgres_url: str, tmp_path: Path
) -> None:
    """A few rows go as one JSON parameter read by each column's type: a text longer than
    its column allows is refused, as the column itself would refuse it, and nothing is
    written. Fails before: the values went as arrays cast to varchar(100)[], and the
    cast cut the text to 100 characters without a word."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    try:
        too_long = [{"name": "ก" * 101, "position": 1}]
        with (
            pytest.raises(psycopg.errors.StringDataRightTruncation),
            engine.begin() as connection,
            pipelined(connection),
        ):
            upsert(connection, projection_tracking, too_long)
        with engine.connect() as connection:
            assert connection.execute(select(projection_tracking.c.name)).all() == []
    finally:
        engine.dispose()


@contextmanager
def executemanys() -> Iterator[list[str]]:
    """The statements psycopg's executemany sends meanwhile (their first 40 characters):
    each a message and an execution a row."""
    many: list[str] = []
    real = psycopg.Cursor.executemany

    def executemany(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        many.append(str(query)[:40])
        return real(self, query, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(psycopg.Cursor, "executemany", executemany)
        yield many


def test_a_few_rows_of_a_table_go_in_one_statement(postgres_url: str, tmp_path: Path) -> None:
    """Issue 17: upsert and accumulate of a few rows on PostgreSQL send one INSERT of their
    values as one JSON parameter, not an executemany (one message and one execution a row), and the
    rows come out as written: replaced, then added to. Fails before: an executemany."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    rows = [{"name": f"p{i}", "position": i} for i in range(5)]
    try:
        with executemanys() as many, engine.begin() as connection, pipelined(connection):
            upsert(connection, projection_tracking, rows)
            upsert(connection, projection_tracking, [{"name": "p1", "position": 10}])
            accumulate(connection, projection_tracking, [{"name": "p2", "position": 5}] * 2)
        assert many == []
        with engine.connect() as connection:
            found = dict(connection.execute(select(*projection_tracking.c)).all())
        assert found == {"p0": 0, "p1": 10, "p2": 12, "p3": 3, "p4": 4}
    finally:
        engine.dispose()


def test_a_few_rows_updated_by_their_columns_go_in_one_statement(
    postgres_url: str, tmp_path: Path
) -> None:
    """Issue 17: update_columns of a few rows on PostgreSQL (project_record's of a live
    batch) sends one UPDATE ... FROM their values as one JSON parameter, not an executemany (one
    UPDATE a row); the rows come out set, a key not there changing nothing. Fails before:
    an executemany."""
    engine = views_engine(Settings(database_url=postgres_url, home=tmp_path))
    try:
        with engine.begin() as connection:
            upsert(
                connection,
                projection_tracking,
                [{"name": f"u{i}", "position": i} for i in range(4)],
            )
        with executemanys() as many, engine.begin() as connection, pipelined(connection):
            changed = [("u1", 11), ("u3", 13), ("absent", 99)]
            rows = [{"name": n, "position": p} for n, p in changed]
            update_columns(connection, projection_tracking, rows)
        assert many == []
        with engine.connect() as connection:
            found = dict(connection.execute(select(*projection_tracking.c)).all())
        assert found == {"u0": 0, "u1": 11, "u2": 2, "u3": 13}
    finally:
        engine.dispose()


def test_who_is_missing_waits_for_the_server_twice_a_small_batch_of_projects(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: lao_missing's part of a live batch of project events waits for the server
    twice: once for the lao_compliance rows of the projects' LAO years (one statement),
    once for its own rows; opening a year is an INSERT that copies nothing once the year
    has rows, read by nobody, sent with the next read. The views still equal a rebuild's.
    Fails before: four (the projects' years, then their compliance rows, then whether the
    year had rows, then its own)."""
    assert _waits_of_the_last_batch(office_and_views, monkeypatch, MissingRows) == [2]


def test_compliance_reads_a_small_batch_of_projects_in_one_round_trip(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: lao_compliance's part of a live batch of project events reads the
    projects' stage days, the reports' and the compliance rows of their LAOs' years in
    one round trip; here a second reads the LAO's latest stage day again (an event of the
    batch is dated before it). The views still equal a rebuild's. Fails before: three
    (the compliance rows looked up by the years the others found)."""
    assert _waits_of_the_last_batch(office_and_views, monkeypatch, Compliance) == [2]


def _waits_of_the_last_batch(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch, kind: Any
) -> list[int]:
    """How many times the projection of class `kind` waited for the server's answers
    (a pipeline's sync, a fetch whose answer had not come) in each batch of the last three
    events of first_half and second_half, followed in one live batch; the views checked
    against a rebuild's."""
    office, engine = office_and_views
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    end = office.recorder.max_notification_id() or 0
    catch_up(office, engine, everyone(), until=end - 3)
    waits: list[int] = []
    applying = [False]
    real_sync, real_fetch = psycopg.Pipeline.sync, psycopg.Cursor._fetch_pipeline

    def sync(self: psycopg.Pipeline) -> None:
        if applying[0]:
            waits[-1] += 1
        real_sync(self)

    def fetch(self: psycopg.Cursor[Any]) -> None:
        if applying[0] and self.pgresult is None:  # its answer not here yet: a round trip
            waits[-1] += 1
        real_fetch(self)

    real_apply = kind.apply

    def apply(self: Any, connection: Any, events: Any) -> None:
        waits.append(0)
        applying[0] = True
        try:
            real_apply(self, connection, events)
        finally:
            applying[0] = False

    monkeypatch.setattr(psycopg.Pipeline, "sync", sync)
    monkeypatch.setattr(psycopg.Cursor, "_fetch_pipeline", fetch)
    monkeypatch.setattr(kind, "apply", apply)
    assert catch_up(office, engine, everyone(), batch_size=8) == 3
    followed = snapshot(engine)
    monkeypatch.undo()
    rebuild(office, engine, everyone())
    assert snapshot(engine) == followed
    return waits


def test_the_budget_lines_read_a_small_batch_in_one_round_trip(
    office_and_views: tuple[BudgetOffice, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: budget_lines' part of a live batch that corrects no expenditure reads
    its budgets' rows and their lines' in one round trip (a correction's line is known
    only once the expenditure is read: two then). The views still equal a rebuild's.
    Fails before: two, corrections or none."""
    assert _waits_of_the_last_batch(office_and_views, monkeypatch, BudgetLines) == [1]
