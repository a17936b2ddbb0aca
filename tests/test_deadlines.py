"""A year of deadlines walked day by day across New Year, Songkran and a day the cabinet
added, on every store: each deadline due, met and overdue on the right working day; and
the deadlines view equal to a rebuild from the first event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.application.commands import AddHoliday, CloseYear, ReportTransfer, WithdrawHoliday
from budget.config import Settings
from budget.domain.calendar import today
from budget.domain.deadlines import Standing
from budget.projections.engine import views_engine
from budget.projections.events import decode
from budget.projections.follow import catch_up
from budget.projections.queries.budgets import budget_lines
from budget.projections.queries.deadlines import holidays_recorded, lao_deadlines
from budget.projections.registry import all_projections
from budget.projections.verify import verify
from tests.builders import ADMIN, FINANCE, FY, LAO, carry, enacted_office, inspect, transfer
from tests.deadline_world import plan_on, procured, sign_on, step_on
from tests.test_projections_events import same

BRIDGE = date(2027, 4, 16)  # the cabinet makes the Friday after Songkran a holiday
MOVED = "SUPPLIES → SERVICES"
DUE, MET, LATE, OVER = Standing.DUE, Standing.MET, Standing.MET_LATE, Standing.OVERDUE


@pytest.fixture
def office_and_views(store_url: str, tmp_path: Path) -> Iterator[tuple[BudgetOffice, Engine]]:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    yield office, engine
    engine.dispose()
    office.close()


def report_transfer(office: BudgetOffice, version: int, on: date) -> None:
    office.execute(
        ReportTransfer(
            lao_code=LAO,
            fiscal_year=FY,
            transfer_version=version,
            reported_on=on,
            letter=f"มท 0808.2/{version}",
            business_date=on,
        ),
        actor=FINANCE,
    )


def a_year(office: BudgetOffice) -> dict[str, int]:
    """The year's facts, every one on its business date (recorded before the walk)."""
    from budget.application.commands import PlanPublished

    enacted_office(office)  # enacted on 20 Sep 2026
    office.execute(
        AddHoliday(
            day=BRIDGE,
            name="วันหยุดราชการเพิ่มเป็นกรณีพิเศษ",
            source="มติ ครม. 9 มี.ค. 2570",
            business_date=date(2027, 3, 9),
        ),
        actor=ADMIN,
    )
    first = transfer(office, "SUPPLIES", "SERVICES", "1000.00", on=date(2026, 12, 17)).version
    report_transfer(office, first, date(2027, 1, 11))
    p1 = procured(office, "P1", planned_on=date(2027, 3, 1), winner_on=date(2027, 4, 8))
    second = transfer(office, "SUPPLIES", "SERVICES", "1000.00", on=date(2027, 3, 31)).version
    report_transfer(office, second, date(2027, 4, 19))
    p2 = plan_on(office, "P2", date(2027, 3, 16))
    step_on(office, p2, PlanPublished(business_date=date(2027, 4, 21)))
    sign_on(office, p1, date(2027, 4, 26), due=(date(2027, 5, 14), date(2027, 6, 30)))
    inspect(office, p1, 1, date(2027, 5, 18))
    carry(office, p1, "500000.00", deadline=date(2028, 3, 31), on=date(2027, 9, 25))
    return {"first": first, "second": second}


Key = tuple[str, str, int]


def standings(engine: Engine, numbers: dict[str, int]) -> dict[Key, tuple[Any, ...]]:
    """Every deadline of the LAO's year on today's date: (standing, working days late, due)."""
    with engine.connect() as connection:
        found = lao_deadlines(connection, LAO, FY, today())
    return {
        (d.kind.value, d.subject, d.number): (d.standing, d.late_working_days, d.due_on)
        for d in found
    }


def test_a_year_of_deadlines_walked_day_by_day(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, engine = office_and_views
    n = a_year(office)
    catch_up(office, engine, all_projections())
    first = ("transfer_report", MOVED, n["first"])
    second = ("transfer_report", MOVED, n["second"])
    plan1 = ("procurement_plan", "P1", 0)
    plan2 = ("procurement_plan", "P2", 0)
    appeal = ("appeal_window", "P1", 0)
    part1 = ("installment_delivery", "P1 งวดที่ 1", 1)
    part2 = ("installment_delivery", "P1 งวดที่ 2", 2)
    carried = ("carry_over", "P1", 0)
    new_year_due = date(2027, 1, 4)  # 17 Dec + 15 = 1 Jan, New Year's Day: the Monday after
    walk: list[tuple[str, Key, tuple[Any, ...]]] = [
        ("2026-12-18", first, (DUE, 0, new_year_due)),
        ("2027-01-01", first, (DUE, 0, new_year_due)),
        ("2027-01-04", first, (DUE, 0, new_year_due)),
        ("2027-01-05", first, (OVER, 1, new_year_due)),
        ("2027-01-08", first, (OVER, 4, new_year_due)),
        ("2027-01-11", first, (LATE, 5, new_year_due)),  # reported on the 5th working day after
        ("2027-03-31", plan1, (MET, 0, date(2027, 3, 31))),
        # 31 Mar + 15 = 15 Apr (Songkran), 16 Apr the cabinet's day: due Mon 19 Apr
        ("2027-04-16", second, (DUE, 0, date(2027, 4, 19))),
        ("2027-04-19", second, (MET, 0, date(2027, 4, 19))),
        # 16 Mar + 30 = 15 Apr (Songkran), then the cabinet's day: due Mon 19 Apr
        ("2027-04-19", plan2, (DUE, 0, date(2027, 4, 19))),
        ("2027-04-20", plan2, (OVER, 1, date(2027, 4, 19))),
        ("2027-04-21", plan2, (LATE, 2, date(2027, 4, 19))),
        # 7 working days from Thu 8 Apr, skipping 13-15 (Songkran) and 16 (cabinet): 23 Apr
        ("2027-04-23", appeal, (Standing.OPEN, 0, date(2027, 4, 23))),
        ("2027-04-24", appeal, (Standing.ENDED, 0, date(2027, 4, 23))),
        ("2027-05-14", part1, (DUE, 0, date(2027, 5, 14))),
        ("2027-05-17", part1, (OVER, 1, date(2027, 5, 14))),
        ("2027-05-18", part1, (LATE, 2, date(2027, 5, 14))),
        ("2027-07-02", part2, (OVER, 2, date(2027, 6, 30))),
        ("2028-03-31", carried, (DUE, 0, date(2028, 3, 31))),
        ("2028-04-01", carried, (DUE, 0, date(2028, 3, 31))),  # a Saturday: not late yet
        ("2028-04-03", carried, (OVER, 1, date(2028, 3, 31))),
    ]
    for day, key, expected in walk:
        with freeze_time(f"{day} 10:00:00+07:00"):
            assert standings(engine, n).get(key) == expected, (day, key)
    with freeze_time("2027-01-10 10:00:00+07:00"):  # the year as it stood then
        assert set(standings(engine, n)) == {first}


def test_a_cabinet_day_withdrawn_moves_the_due_day_back(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, engine = office_and_views
    n = a_year(office)
    office.execute(
        WithdrawHoliday(day=BRIDGE, reason="มติ ครม. ยกเลิก", business_date=date(2027, 3, 20)),
        actor=ADMIN,
    )
    catch_up(office, engine, all_projections())
    with engine.connect() as connection:
        assert holidays_recorded(connection) == []
    with freeze_time("2027-04-16 10:00:00+07:00"):
        found = standings(engine, n)
    assert found[("transfer_report", MOVED, n["second"])] == (DUE, 0, BRIDGE)
    assert found[("procurement_plan", "P2", 0)] == (DUE, 0, BRIDGE)


def test_the_deadlines_view_equals_a_rebuild(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, engine = office_and_views
    a_year(office)
    catch_up(office, engine, all_projections(), batch_size=3)
    office.execute(AddHoliday(day=date(2027, 5, 14), name="วันพิเศษ", source="มติ ครม."), actor=ADMIN)
    checked = verify(office, engine, batch_size=7)
    assert checked.equal, [t for t in checked.tables if t.differing]
    names = {t.table: t.rows for t in checked.tables}
    assert names["deadline"] == 8
    assert names["cabinet_holiday"] == 2
    assert names["deadline_budget"] == 1


def test_the_deadlines_typed_events_hold_what_the_mapper_revives(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, _ = office_and_views
    a_year(office)
    office.execute(WithdrawHoliday(day=BRIDGE, reason="มติ ครม. ยกเลิก"), actor=ADMIN)
    seen = set()
    for n in office.recorder.select_notifications(start=1, limit=10_000):
        typed = decode(n.topic, n.state)
        if typed is not None:
            seen.add(type(typed).__name__)
            same(typed, office.mapper.to_domain_event(n), n.topic)
    assert {"TransferReported", "HolidayAdded", "HolidayWithdrawn", "CarriedOver"} <= seen


def test_from_1_october_the_lines_show_what_lapses_before_the_year_is_closed(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, engine = office_and_views
    a_year(office)  # P1's unpaid 500,000 carried over on 25 Sep 2027
    catch_up(office, engine, all_projections())

    def lines(day: str) -> dict[str, tuple[Any, Any]]:
        with freeze_time(f"{day} 10:00:00+07:00"), engine.connect() as connection:
            found = budget_lines(connection, LAO, FY)
        return {line.line_code: (line.lapsed, line.available) for line in found}

    before = lines("2027-09-30")
    assert all(lapsed == 0 for lapsed, _ in before.values())
    assert before["SERVICES"][1] == Decimal("502000.00")  # two transfers of 1,000 came in
    on_the_day = lines("2027-10-01")
    assert on_the_day["SERVICES"] == (Decimal("502000.00"), 0)
    # BRIDGE: 6,000,000 less P1's carried 500,000 (nothing of it paid): the contract's
    # other 500,000 and the free rest lapse
    assert on_the_day["BRIDGE"] == (Decimal("5500000.00"), 0)
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=FY, business_date=date(2027, 10, 2)), actor=FINANCE
    )
    catch_up(office, engine, all_projections())
    assert lines("2027-10-03") == on_the_day  # the closing records what the lines showed
