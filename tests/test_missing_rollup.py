"""Who is missing reads one row per LAO (lao_compliance, a rollup of the projects' and the
reports' views) and works out in SQL what each misses, counted per province and listed a
page at a time: its answers (the counts, and the list cut into pages) are those worked
out in Python from every report and project of the year, on every day of the year; the
rollup fills itself on a store upgraded to it; a stage date corrected earlier, or a
project entered late, moves an LAO's latest entry back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, delete, select

from budget.application import BudgetOffice
from budget.application.commands import CorrectStageDate, PlanPublished, RecordProcurementStep
from budget.config import Settings
from budget.demo import DemoOptions, record_year
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.procurement import Method, Stage
from budget.projections.compliance import Compliance
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.queries import PageRequest
from budget.projections.queries.deadlines import working_calendar
from budget.projections.queries.missing import Missing, _owed, who_is_missing
from budget.projections.registry import all_projections
from budget.projections.tables import (
    authority,
    budget_state,
    lao_compliance,
    project_state,
    projection_tracking,
    report_state,
)
from budget.registry import generate_authorities
from tests.builders import FINANCE, LAO, enacted_office, planned_project

FY = 2570
OPTIONS = DemoOptions(projects=5, today=date(2027, 8, 31))


@dataclass
class Year:
    office: BudgetOffice
    views: Engine


@pytest.fixture
def year(file_store_url: str, tmp_path: Path) -> Iterator[Year]:
    """The demo year of twelve LAOs in two provinces (late ordinances, late and missing
    reports among them) and an LAO with no budget, followed 97 events at a time."""
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": file_store_url, "BUDGET_HOME": str(tmp_path)}
    )
    office = BudgetOffice(settings)
    records = generate_authorities(["50"])[:8] + generate_authorities(["51"])[:4]
    record_year(office, records, FY, 5, OPTIONS)
    office.import_authorities(generate_authorities(["51"])[4:5], actor=SYSTEM_ACTOR)
    views = views_engine(settings)
    catch_up(office, views, all_projections(), batch_size=97)
    yield Year(office, views)
    views.dispose()
    office.close()


def worked_out(
    connection: Connection, as_of: date, province: str | None, quiet_days: int
) -> list[tuple[Any, ...]]:
    """Who is missing worked out from every report and project of the year: the LAO, what
    it misses, its reports overdue, its last entry; the most missing first."""
    a = authority
    where = [a.c.merged_into == ""] + ([a.c.province_code == province] if province else [])
    laos = connection.execute(select(a.c.lao_code, a.c.province_code).where(*where))
    b = budget_state
    budgets = {
        r.lao_code: (r.drafted_on, r.enacted_on)
        for r in connection.execute(select(b).where(b.c.fiscal_year == FY))
    }
    sent: dict[str, set[str]] = defaultdict(set)
    entries: dict[str, list[date]] = defaultdict(list)
    for r in connection.execute(select(report_state).where(report_state.c.fiscal_year == FY)):
        if r.first_submitted_on is not None and r.first_submitted_on <= as_of:
            sent[r.lao_code].add(r.period)
        entries[r.lao_code] += [d for d in (r.drafted_on, r.first_submitted_on) if d]
    p = project_state
    for r in connection.execute(
        select(p.c.lao_code, p.c.stage_entered_on).where(p.c.fiscal_year == FY)
    ):
        entries[f"stage {r.lao_code}"].append(r.stage_entered_on)
    owed = _owed(connection, FY, as_of, working_calendar(connection))
    found = []
    for code, province_code in ((str(x), str(y)) for x, y in laos):
        misses: list[Missing] = []
        overdue = 0
        budget = budgets.get(code)
        if budget is None:
            misses.append(Missing.NO_BUDGET)
        else:
            if budget[1] is None or budget[1] > as_of:
                misses.append(Missing.NOT_ENACTED)
            if owed and not sent[code]:
                misses.append(Missing.NO_REPORT)
            overdue = sum(
                1 for period, late in owed.items() if late and period.key not in sent[code]
            )
            if overdue:
                misses.append(Missing.REPORT_OVERDUE)
        stage = max(entries[f"stage {code}"], default=None)  # the latest, counted if by then
        days = [*(budget or ()), stage, *entries[code]]
        last = max((d for d in days if d is not None and d <= as_of), default=None)
        if last is None or last < as_of - timedelta(days=quiet_days):
            misses.append(Missing.QUIET)
        found.append((code, province_code, misses, overdue, last))
    found.sort(key=lambda x: (-len(x[2]), -x[3], x[1], x[0]))
    return found


def counted(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Per province (then all of them): LAOs, those missing anything, then each reason."""
    tallies: dict[str | None, list[int]] = {}
    for _, province_code, misses, _, _ in found:
        for key in (province_code, None):
            tally = tallies.setdefault(key, [0] * (2 + len(Missing)))
            tally[0] += 1
            tally[1] += 1 if misses else 0
            for n, reason in enumerate(Missing, start=2):
                tally[n] += 1 if reason in misses else 0
    ordered = sorted(k for k in tallies if k is not None)
    return [(key, *tallies[key]) for key in [*ordered, None] if key in tallies]


def answered(
    connection: Connection, as_of: date, province: str | None, quiet: int, size: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The counts, and the list read `size` LAOs a page until its total."""
    pages, offset, total = [], 0, None
    while total is None or offset < total:
        found = who_is_missing(
            connection,
            FY,
            as_of,
            PageRequest(offset=offset, limit=size),
            province_code=province,
            quiet_days=quiet,
        )
        total, offset = found.laos.total, offset + size
        pages += [
            (m.lao_code, m.province_code, m.missing, m.overdue_reports, m.last_entry_on)
            for m in found.laos.items
        ]
    counts = [
        (c.province_code, c.laos, c.any_missing, *(getattr(c, m.value) for m in Missing))
        for c in found.counts
    ]
    return counts, pages


def test_the_list_is_what_every_report_and_project_say_on_every_day(year: Year) -> None:
    days = [date(2026, 9, 20) + timedelta(days=n) for n in range(0, 380, 11)]
    seen: set[Missing] = set()
    with year.views.connect() as connection:
        for n, day in enumerate(days):
            for province in (None, "51"):
                for quiet in (7, 30):
                    expected = worked_out(connection, day, province, quiet)
                    counts, pages = answered(connection, day, province, quiet, 1 + n % 4)
                    assert pages == [lao for lao in expected if lao[2]], (day, province)
                    assert counts == counted(expected), (day, province)
                    seen.update(reason for lao in expected for reason in lao[2])
    assert seen == set(Missing)  # the year misses everything once: the comparison means much


def rows(views: Engine) -> list[Any]:
    with views.connect() as connection:
        c = lao_compliance
        ordered = select(c).order_by(c.c.lao_code, c.c.fiscal_year)
        return [tuple(row) for row in connection.execute(ordered)]


def test_a_store_upgraded_to_the_rollup_fills_it_from_the_views_already_there(
    year: Year,
) -> None:
    kept = rows(year.views)
    assert len([row for row in kept if row[1] == FY]) == 12  # one row per LAO and year
    assert {row[1] for row in kept} == {FY - 1, FY}  # last year's road, carried into it
    with year.views.begin() as connection:
        connection.execute(delete(lao_compliance))
        tracked = projection_tracking.c.name == Compliance.name
        connection.execute(delete(projection_tracking).where(tracked))
    assert rows(year.views) == []
    catch_up(year.office, year.views, all_projections(), batch_size=500)  # the others: done
    assert rows(year.views) == kept


def latest_stage(views: Engine) -> date | None:
    with views.connect() as connection:
        c = lao_compliance
        found = select(c.c.latest_stage_on).where(c.c.lao_code == LAO, c.c.fiscal_year == FY)
        return connection.scalar(found)


def test_an_lao_s_latest_entry_moves_back_with_a_stage_date_corrected_earlier(
    office: BudgetOffice, views: Engine
) -> None:
    enacted_office(office)
    project = planned_project(office)  # planned on 5 October
    step = PlanPublished(business_date=date(2026, 10, 10))
    office.execute(RecordProcurementStep(project_id=project, step=step), actor=FINANCE)
    catch_up(office, views, all_projections())
    assert latest_stage(views) == date(2026, 10, 10)
    office.execute(
        CorrectStageDate(
            project_id=project,
            stage=Stage.PLAN_PUBLISHED,
            corrected_date=date(2026, 10, 7),
            reason="พิมพ์วันที่ผิด",
            business_date=date(2026, 10, 20),
        ),
        actor=FINANCE,
    )
    catch_up(office, views, all_projections())
    assert latest_stage(views) == date(2026, 10, 7)
    planned_project(office, code="LATE", amount="100000.00", method=Method.SPECIFIC)  # 5 Oct
    catch_up(office, views, all_projections())
    assert latest_stage(views) == date(2026, 10, 7)
