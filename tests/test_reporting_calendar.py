"""DLA's reporting calendar: its rules (one per kind of report, 1 to 120 days, set by a
DLA administrator with its source), and the progress reports' deadlines it gives, on
every store: due after each period, met by the first submission, overdue by N working
days; a new calendar moves them; the view equals a rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftReport,
    SetReportingCalendar,
    SignOffReport,
    SubmitReport,
)
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.deadlines import Counting, Standing
from budget.domain.errors import DomainError
from budget.domain.fiscal import PeriodKind
from budget.domain.reporting import ReportDueRule
from budget.projections.engine import views_engine
from budget.projections.events import decode
from budget.projections.follow import catch_up
from budget.projections.queries.deadlines import lao_deadlines
from budget.projections.registry import all_projections
from budget.projections.verify import verify
from tests.builders import ADMIN, FINANCE, FY, LAO, OTHER_LAO, enacted_office, refused
from tests.test_projections_events import same

MONTHLY_15 = ReportDueRule(PeriodKind.MONTH, 15)
QUARTERLY_20_WORKING = ReportDueRule(PeriodKind.QUARTER, 20, Counting.WORKING)


def set_calendar(office: BudgetOffice, *rules: ReportDueRule, source: str = "หนังสือ สถ.") -> None:
    office.execute(
        SetReportingCalendar(fiscal_year=FY, rules=list(rules), source=source), actor=ADMIN
    )


def submit(office: BudgetOffice, period: str, on: date) -> None:
    drafted = office.execute(
        DraftReport(lao_code=LAO, period=period, narrative="ตามแผน", business_date=on),
        actor=FINANCE,
    )
    office.execute(SignOffReport(report_id=drafted.id, business_date=on), actor=SYSTEM_ACTOR)
    office.execute(SubmitReport(report_id=drafted.id, business_date=on), actor=FINANCE)


def test_the_calendars_rules() -> None:
    office = enacted_office()
    with pytest.raises(DomainError, match="1 to 120"):
        ReportDueRule(PeriodKind.MONTH, 0)
    with pytest.raises(DomainError, match="days or working days"):
        ReportDueRule(PeriodKind.MONTH, 5, Counting.FIXED)
    with refused(office, "invalid_input"):
        set_calendar(office, MONTHLY_15, ReportDueRule(PeriodKind.MONTH, 10))
    with refused(office, "invalid_input"):
        set_calendar(office, MONTHLY_15, source=" ")
    with refused(office, "not_permitted"):
        office.execute(
            SetReportingCalendar(fiscal_year=FY, rules=[MONTHLY_15], source="x"), actor=FINANCE
        )
    set_calendar(office, MONTHLY_15)
    set_calendar(office, MONTHLY_15, QUARTERLY_20_WORKING, source="หนังสือ สถ. ฉบับที่ 2")
    assert office.reporting_rules(FY) == [MONTHLY_15, QUARTERLY_20_WORKING]


@pytest.fixture
def office_and_views(store_url: str, tmp_path: Path) -> Iterator[tuple[BudgetOffice, Engine]]:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    yield office, engine
    engine.dispose()
    office.close()


def reports_on(engine: Engine, day: date, lao: str = LAO) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as connection:
        found = lao_deadlines(connection, lao, FY, day)
    return {
        d.subject: (d.standing, d.late_working_days, d.due_on, d.met_by)
        for d in found
        if d.kind.value == "progress_report"
    }


def test_reports_are_due_by_the_calendar_and_met_by_their_first_submission(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, engine = office_and_views
    enacted_office(office)
    catch_up(office, engine, all_projections())
    assert reports_on(engine, date(2026, 12, 20)) == {}  # no calendar set: nothing due
    set_calendar(office, MONTHLY_15, QUARTERLY_20_WORKING)
    submit(office, "2570-M10", date(2026, 11, 18))
    catch_up(office, engine, all_projections(), batch_size=2)
    # October ends on the 31st: + 15 = Sun 15 Nov, due Mon 16 Nov; sent on the 18th
    assert reports_on(engine, date(2026, 11, 17)) == {
        "2570-M10": (Standing.OVERDUE, 1, date(2026, 11, 16), "")
    }
    on_dec_16 = reports_on(engine, date(2026, 12, 16))
    assert on_dec_16 == {
        "2570-M10": (Standing.MET_LATE, 2, date(2026, 11, 16), "Submitted"),
        "2570-M11": (Standing.OVERDUE, 1, date(2026, 12, 15), ""),
    }
    # the quarter ends on 31 Dec: 20 working days, New Year's Day skipped: Fri 29 Jan
    assert reports_on(engine, date(2027, 1, 29))["2570-Q1"] == (
        Standing.DUE,
        0,
        date(2027, 1, 29),
        "",
    )
    assert reports_on(engine, date(2026, 12, 16), lao=OTHER_LAO) == {}  # no budget there
    set_calendar(office, ReportDueRule(PeriodKind.MONTH, 20), source="หนังสือ สถ. ฉบับใหม่")
    catch_up(office, engine, all_projections())
    assert reports_on(engine, date(2026, 12, 16)) == {
        "2570-M10": (Standing.MET, 0, date(2026, 11, 20), "Submitted"),
        "2570-M11": (Standing.DUE, 0, date(2026, 12, 21), ""),  # 20 Dec is a Sunday
    }
    checked = verify(office, engine, batch_size=3)
    assert checked.equal, [t for t in checked.tables if t.differing]
    assert {t.table: t.rows for t in checked.tables}["reporting_rule"] == 1


def test_the_calendars_typed_event_holds_what_the_mapper_revives(
    office_and_views: tuple[BudgetOffice, Engine],
) -> None:
    office, _ = office_and_views
    set_calendar(office, MONTHLY_15, QUARTERLY_20_WORKING)
    (stored,) = [
        n
        for n in office.recorder.select_notifications(start=1, limit=100)
        if n.topic.endswith("ReportingCalendarSet")
    ]
    typed = decode(stored.topic, stored.state)
    assert typed is not None
    same(typed, office.mapper.to_domain_event(stored), stored.topic)
