"""The project_record projection: what a project's page shows beside project_state (its
version, the appeal window's end, the contract's parties, the installments' due dates
and inspection dates, the payments' vouchers and dates) equals what the Project
aggregate holds, through payments corrected, a stage's date corrected and cancellations;
a rebuild writes the same; and a store whose views predate it fills it by itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import Engine, delete, event

from budget.application import BudgetOffice
from budget.application.commands import CancelProject, CorrectStageDate
from budget.config import Settings
from budget.domain.procurement import Method, Stage
from budget.http.projects.pages import offered, upcoming
from budget.projections import queries
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, rebuild
from budget.projections.positions import tracked_positions
from budget.projections.project_record import ProjectRecord
from budget.projections.queries import ProjectDetail
from budget.projections.queries.project_models import ContractRow
from budget.projections.registry import all_projections
from budget.projections.tables import projection_tracking
from tests.builders import (
    FINANCE,
    contracted_project,
    correct,
    enacted_office,
    inspect,
    pay,
    planned_project,
    procured_until_winner,
)

FIX = "พิมพ์วันที่ผิด"


def settings(store_url: str, home: Path) -> Settings:
    return Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(home)})


def follow(office: BudgetOffice, views: Engine, batch_size: int = 3) -> None:
    catch_up(office, views, all_projections(), batch_size=batch_size)


def detail(views: Engine, project: UUID) -> ProjectDetail:
    with views.connect() as connection:
        return queries.project(connection, str(project))


def assert_shows_the_aggregate(office: BudgetOffice, views: Engine, project: UUID) -> None:
    """The views' detail of `project` holds what its aggregate holds."""
    held = office.project(project)
    shown = detail(views, project)
    assert shown.version == held.version
    assert shown.appeal_ends_on == held.appeal_ends_on
    assert {d.stage: d.entered_on for d in shown.stage_dates}.items() >= {
        s.value: on for s, on in held.stage_dates.items()
    }.items()
    signed = held.contract
    if signed is None:
        assert shown.contract is None
        assert shown.installments == []
    else:
        assert shown.contract == ContractRow(
            number=signed.number,
            contractor=signed.contractor,
            contractor_tax_id=signed.contractor_tax_id,
            amount=signed.amount,
        )
        assert [
            (i.number, i.amount, i.due_on, i.description, i.inspected_on, i.paid)
            for i in shown.installments
        ] == [
            (
                i.number,
                i.amount,
                i.due_on,
                i.description,
                held.inspected.get(i.number),
                held.paid_on(i.number),
            )
            for i in signed.installments
        ]
    assert [(p.version, p.installment, p.voucher, p.paid_on, p.amount) for p in shown.payments] == [
        (version, e.installment, e.voucher, e.paid_on, e.amount)
        for version, e in sorted(held.payments.items())
    ]
    assert upcoming(shown) == held.open_steps
    assert offered(shown)["open"] == (not (held.closed or held.cancelled))


def test_the_record_follows_payments_their_corrections_and_a_stage_date_correction(
    office: BudgetOffice, views: Engine
) -> None:
    enacted_office(office)
    p1 = contracted_project(office, code="P1")  # two installments of 700,000
    follow(office, views)
    assert_shows_the_aggregate(office, views, p1)
    assert detail(views, p1).appeal_ends_on == date(2026, 11, 17)

    inspect(office, p1, 1, date(2027, 1, 20))
    first = pay(office, p1, 1, "700000.00", on=date(2027, 1, 25), voucher="ฎ.1/2570").version
    inspect(office, p1, 2, date(2027, 3, 10))
    pay(office, p1, 2, "700000.00", on=date(2027, 3, 20), voucher="ฎ.2/2570")
    follow(office, views)
    assert_shows_the_aggregate(office, views, p1)
    shown = detail(views, p1)
    assert [i.inspected_on for i in shown.installments] == [date(2027, 1, 20), date(2027, 3, 10)]
    assert [(p.voucher, p.paid_on) for p in shown.payments] == [
        ("ฎ.1/2570", date(2027, 1, 25)),
        ("ฎ.2/2570", date(2027, 3, 20)),
    ]

    correct(office, p1, first, "650000.00", on=date(2027, 3, 25))  # names the payment
    office.execute(
        CorrectStageDate(
            project_id=p1,
            stage=Stage.TOR_SET,
            corrected_date=date(2026, 10, 18),
            reason=FIX,
            business_date=date(2027, 3, 26),
        ),
        actor=FINANCE,
    )
    follow(office, views, batch_size=1)
    assert_shows_the_aggregate(office, views, p1)
    shown = detail(views, p1)
    corrected = shown.payments[0]
    assert (corrected.voucher, corrected.amount) == ("ฎ.1/2570", Decimal("650000.00"))
    assert [(i.number, left) for i, left in offered(shown)["to_pay"]] == [
        (1, Decimal("50000.00"))  # 50,000 left on it
    ]

    before = detail(views, p1)
    rebuild(office, views, all_projections(), batch_size=1000)  # every event in one batch
    assert detail(views, p1) == before


def test_a_batch_writes_the_record_without_reading_it_back(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every column of project_record is set by an event whatever it held (the version by
    each, the appeal window's end, the contract's parties), so a batch writes what its
    events set and never reads the rows back (fails before: each batch read them). The
    statements psycopg runs itself on PostgreSQL (a few rows' UPDATE ... FROM unnest(),
    the lookups by key) are seen too."""
    enacted_office(office)
    p1 = contracted_project(office, code="P1")
    follow(office, views)
    statements: list[str] = []

    def seen(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(" ".join(statement.split()))

    real = psycopg.Cursor.execute

    def execute(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        text = query if isinstance(query, str) else query.as_string(self)
        statements.append(" ".join(str(text).split()))
        return real(self, query, *args, **kwargs)

    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", on=date(2027, 1, 25), voucher="ฎ.1/2570")
    event.listen(views, "before_cursor_execute", seen)
    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    try:
        follow(office, views, batch_size=1)
    finally:
        monkeypatch.undo()
        event.remove(views, "before_cursor_execute", seen)
    assert_shows_the_aggregate(office, views, p1)
    named = ("project_record", '"project_record"')  # by SQLAlchemy, by psycopg.sql
    assert any(f"UPDATE {t} " in s for s in statements for t in named)
    assert not [s for s in statements if any(f"FROM {t} " in s for t in named)]


def test_the_record_of_cancelled_projects(office: BudgetOffice, views: Engine) -> None:
    enacted_office(office)
    planned = planned_project(office, code="P2", line_code="BRIDGE")
    specific = planned_project(
        office, code="P3", method=Method.SPECIFIC, amount="400000.00", line_code="BRIDGE"
    )
    procured_until_winner(office, specific, offered="400000.00")
    follow(office, views)
    assert detail(views, specific).appeal_ends_on is None  # the specific method has none
    assert upcoming(detail(views, specific)) == (Stage.CONTRACT_SIGNED,)
    contracted = contracted_project(office, code="P4")
    inspect(office, contracted, 1, date(2027, 1, 20))
    for project in (planned, specific, contracted):
        office.execute(
            CancelProject(
                project_id=project, reason="ไม่มีผู้เสนอราคา", business_date=date(2027, 2, 1)
            ),
            actor=FINANCE,
        )
    follow(office, views)
    for project in (planned, specific, contracted):
        assert_shows_the_aggregate(office, views, project)
        shown = detail(views, project)
        assert upcoming(shown) == ()
        assert not offered(shown)["open"]
    assert detail(views, contracted).installments[0].inspected_on == date(2027, 1, 20)


def test_views_that_predate_the_record_fill_it_from_the_first_event(
    office: BudgetOffice, views: Engine, store_url: str, tmp_path: Path
) -> None:
    """A store whose views were followed before project_record existed: its tables are
    created when the views' engine starts, and the next catch-up fills them from the
    first event (the projection's own position is 0), leaving the others where they
    were."""
    enacted_office(office)
    p1 = contracted_project(office, code="P1")
    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", on=date(2027, 1, 25), voucher="ฎ.1/2570")
    follow(office, views)
    record = ProjectRecord()
    with views.begin() as connection:  # as the store was before: no such tables, no position
        for table in reversed(record.tables):
            table.drop(connection)
        connection.execute(
            delete(projection_tracking).where(projection_tracking.c.name == record.name)
        )
    with views.connect() as connection:
        names = [p.name for p in all_projections()]
        before = tracked_positions(connection, names)
    assert before[record.name] == 0
    reopened = views if store_url == "memory:" else views_engine(settings(store_url, tmp_path))
    if reopened is views:
        with views.begin() as connection:
            for table in record.tables:
                table.create(connection)
    follow(office, reopened, batch_size=5_000)
    assert_shows_the_aggregate(office, reopened, p1)
    with reopened.connect() as connection:
        after = tracked_positions(connection, names)
    assert set(after.values()) == {max(before.values())}
    if reopened is not views:
        reopened.dispose()
