"""Who is missing reads one row per LAO and fiscal year (lao_missing, budget/projections/
missing_rows.py) with no join: after each kind of event that changes a row (an LAO
registered, placed in another district, merged away; a budget drafted and
enacted; a project's step; a report drafted and submitted; a new year's first entry)
the rows are those the views they copy say (the registry, budget_state, lao_compliance:
missing_rows.PARTS), whatever the batches; a year nothing was entered for reads the
registry's rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftBudget,
    DraftReport,
    EnactBudget,
    MergeAuthority,
    PlaceInDistrict,
    RegisterAuthority,
    SignOffReport,
    SubmitReport,
)
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, empty_views
from budget.projections.missing_rows import COLUMNS, PARTS, REGISTRY
from budget.projections.queries import PageRequest
from budget.projections.queries.missing import who_is_missing
from budget.projections.registry import all_projections
from tests.builders import (
    FINANCE,
    FY,
    LAO,
    OTHER_LAO,
    STANDARD_LINES,
    line,
    planned_project,
    record,
)

FAR = "76001010"  # of province 76
LATE = "75001050"  # registered after the year's first entry


@pytest.fixture
def office(store_url: str, tmp_path: Path) -> Iterator[tuple[BudgetOffice, Engine]]:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    views = views_engine(settings)
    yield office, views
    views.dispose()
    office.close()


def kept(office: BudgetOffice, views: Engine) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The rows of lao_missing once caught up, by year and LAO, checked against the views
    they copy."""
    catch_up(office, views, all_projections(), batch_size=3)
    with views.connect() as connection:
        rows = {
            tuple(r[:2]): tuple(r[2:])
            for r in connection.execute(text(f"SELECT {COLUMNS} FROM lao_missing"))
        }
        parts = {tuple(r[:2]): tuple(r[2:]) for r in connection.execute(text(PARTS))}
    assert rows == parts
    return rows


def day(value: Any) -> date | None:
    """A date as the text() query gives it (SQLite: ISO text)."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def register(office: BudgetOffice, code: str, province: str) -> None:
    office.execute(
        RegisterAuthority(authority=record(code, province), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )


def draft(office: BudgetOffice, year: int, on: date) -> None:
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    office.execute(
        DraftBudget(lao_code=LAO, fiscal_year=year, lines=lines, business_date=on),
        actor=SYSTEM_ACTOR,
    )


def test_each_row_is_what_the_events_say_after_each_kind_of_event(
    office: tuple[BudgetOffice, Engine],
) -> None:
    o, views = office
    for code, province in ((LAO, "75"), (OTHER_LAO, "75"), (FAR, "76")):
        register(o, code, province)
    rows = kept(o, views)
    assert sorted(rows) == [(REGISTRY, LAO), (REGISTRY, OTHER_LAO), (REGISTRY, FAR)]
    assert rows[(REGISTRY, FAR)][0] == "76"

    draft(o, FY, date(2026, 8, 15))  # the year's first entry: a row for every LAO
    rows = kept(o, views)
    assert {key for key in rows if key[0] == FY} == {(FY, LAO), (FY, OTHER_LAO), (FY, FAR)}
    assert day(rows[(FY, LAO)][1]) == date(2026, 8, 15)
    assert rows[(FY, OTHER_LAO)][1:] == (None, None, None, 0, None)

    enact = EnactBudget(
        lao_code=LAO, fiscal_year=FY, ordinance_date=date(2026, 9, 20), approved_by="นายอำเภอ"
    )
    o.execute(enact, actor=SYSTEM_ACTOR)
    assert day(kept(o, views)[(FY, LAO)][2]) == date(2026, 9, 20)

    planned_project(o)  # planned on 5 October 2026
    assert day(kept(o, views)[(FY, LAO)][3]) == date(2026, 10, 5)

    drafted = o.execute(
        DraftReport(lao_code=LAO, period="2570-M10", narrative="", business_date=date(2026, 11, 9)),
        actor=FINANCE,
    )
    assert day(kept(o, views)[(FY, LAO)][5]) == date(2026, 11, 9)
    signed = SignOffReport(report_id=drafted.id, business_date=date(2026, 11, 10))
    o.execute(signed, actor=SYSTEM_ACTOR)
    o.execute(SubmitReport(report_id=drafted.id, business_date=date(2026, 11, 10)), actor=FINANCE)
    rows = kept(o, views)
    assert (rows[(FY, LAO)][4], day(rows[(FY, LAO)][5])) == (1 << 9, date(2026, 11, 10))

    register(o, LATE, "75")  # a row in every year opened
    rows = kept(o, views)
    assert rows[(FY, LATE)] == ("75", None, None, None, 0, None)

    # placed in another district (the domain keeps an LAO in its province: no event moves
    # one to another), its row unchanged
    before = rows[(FY, OTHER_LAO)]
    moved = PlaceInDistrict(code=OTHER_LAO, district_code="7502", reason="เขตอำเภอเปลี่ยน")
    o.execute(moved, actor=SYSTEM_ACTOR)
    assert kept(o, views)[(FY, OTHER_LAO)] == before

    o.execute(MergeAuthority(code=OTHER_LAO, into=LAO), actor=SYSTEM_ACTOR)
    assert OTHER_LAO not in {code for _, code in kept(o, views)}

    draft(o, FY + 1, date(2027, 8, 15))  # next year opened, without the LAO merged away
    rows = kept(o, views)
    assert {code for year, code in rows if year == FY + 1} == {LAO, FAR, LATE}

    empty_views(o, views, all_projections())  # the same rows rebuilt, one event a batch
    catch_up(o, views, all_projections(), batch_size=1)
    assert kept(o, views) == rows


def test_a_year_nothing_was_entered_for_reads_the_registry(
    office: tuple[BudgetOffice, Engine],
) -> None:
    o, views = office
    register(o, LAO, "75")
    register(o, FAR, "76")
    draft(o, FY, date(2026, 8, 15))
    kept(o, views)
    with views.connect() as connection:
        page = PageRequest(offset=0, limit=10)
        empty = who_is_missing(connection, FY + 3, date(2030, 1, 1), page)
        entered = who_is_missing(connection, FY, date(2026, 9, 1), page)
    assert [(c.province_code, c.laos, c.no_budget, c.quiet) for c in empty.counts] == [
        ("75", 1, 1, 1),
        ("76", 1, 1, 1),
        (None, 2, 2, 2),
    ]
    assert [c.no_budget for c in entered.counts] == [0, 1, 1]
