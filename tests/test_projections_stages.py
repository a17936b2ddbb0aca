"""The date each project entered each stage, and the running count of projects per stage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, func, select

from budget.application import BudgetOffice
from budget.application.commands import (
    CancelProject,
    ChangeAuthorityType,
    CloseProject,
    CorrectPayment,
    CorrectStageDate,
    DraftBudget,
    EnactBudget,
    PlanProject,
    PlanPublished,
    RecordProcurementStep,
    RegisterAuthority,
    SignContract,
)
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.procurement import Method, Stage
from budget.projections.follow import catch_up, rebuild
from budget.projections.registry import all_projections
from budget.projections.tables import (
    STAGE_DATES,
    national_stage_count,
    project_state,
    stage_count,
)
from tests.builders import (
    FINANCE,
    FY,
    contract,
    contracted_project,
    enacted_office,
    inspect,
    line,
    pay,
    planned_project,
    procured_until_winner,
    record,
)

FIX = "พิมพ์วันที่ผิด"
OTHER = "76001010"  # a subdistrict municipality in another province
OTHER_FINANCE = Actor(f"finance.{OTHER}", Role.LAO_FINANCE, OTHER)
KEY = ("province_code", "lao_type", "fiscal_year", "budget_group", "method", "stage")


def follow(office: BudgetOffice, views: Engine, batch_size: int = 3) -> None:
    catch_up(office, views, all_projections(), batch_size=batch_size)


def stage_dates(views: Engine, project: UUID) -> dict[str, date]:
    """The day the project entered each stage it reached (its row's columns)."""
    with views.connect() as connection:
        row = connection.execute(
            select(project_state).where(project_state.c.project_id == str(project))
        ).one()
    found = {stage: row._mapping[column] for stage, column in STAGE_DATES.items()}
    return {stage: on for stage, on in found.items() if on is not None}


def test_the_date_of_each_stage_with_a_corrected_one(office: BudgetOffice, views: Engine) -> None:
    enacted_office(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")  # 2 × 700,000
    office.execute(
        CorrectStageDate(
            project_id=p1,
            stage=Stage.TOR_SET,
            corrected_date=date(2026, 10, 18),
            reason=FIX,
            business_date=date(2026, 11, 20),
        ),
        actor=FINANCE,
    )
    follow(office, views)
    procured = {
        "planned": date(2026, 10, 5),
        "plan_published": date(2026, 10, 10),
        "tor_set": date(2026, 10, 18),  # entered on 15 October, corrected to the 18th
        "report_approved": date(2026, 10, 21),
        "invitation_announced": date(2026, 10, 22),
        "bids_evaluated": date(2026, 11, 5),
        "winner_announced": date(2026, 11, 6),
        "contract_signed": date(2026, 11, 18),
    }
    assert stage_dates(views, p1) == procured

    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", on=date(2027, 1, 25))
    inspect(office, p1, 2, date(2027, 3, 10))
    second = pay(office, p1, 2, "700000.00", on=date(2027, 3, 20)).version
    follow(office, views)
    inspected = {"inspected": date(2027, 1, 20)}  # the first inspection, not the second
    assert stage_dates(views, p1) == procured | inspected | {"paid": date(2027, 3, 20)}

    office.execute(
        CorrectPayment(
            project_id=p1,
            corrects_version=second,
            amount=Decimal("600000.00"),
            reason=FIX,
            business_date=date(2027, 3, 21),
        ),
        actor=FINANCE,
    )
    follow(office, views)
    assert stage_dates(views, p1) == procured | inspected  # no longer paid in full

    pay(office, p1, 2, "100000.00", on=date(2027, 3, 25))
    office.execute(CloseProject(project_id=p1, business_date=date(2027, 3, 31)), actor=FINANCE)
    follow(office, views, batch_size=1)
    done = {"paid": date(2027, 3, 25), "closed": date(2027, 3, 31)}
    assert stage_dates(views, p1) == procured | inspected | done

    p2 = planned_project(office, code="P2", line_code="BRIDGE")
    office.execute(
        CancelProject(project_id=p2, reason="ไม่มีผู้เสนอราคา", business_date=date(2026, 12, 1)),
        actor=FINANCE,
    )
    follow(office, views)
    assert stage_dates(views, p2) == {"planned": date(2026, 10, 5), "cancelled": date(2026, 12, 1)}

    before = stage_dates(views, p1), stage_dates(views, p2)
    rebuild(office, views, all_projections(), batch_size=1000)  # one batch: every step at once
    assert (stage_dates(views, p1), stage_dates(views, p2)) == before


def test_a_stage_undone_and_entered_again_in_one_batch_replaces_its_date(
    office: BudgetOffice, views: Engine
) -> None:
    """A stage entered for the first time is a new row; paid in full in one batch, then
    corrected below it and paid in full again in the next, the date of `paid` moves."""
    enacted_office(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")  # 2 × 700,000
    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", on=date(2027, 1, 25))
    inspect(office, p1, 2, date(2027, 3, 10))
    second = pay(office, p1, 2, "700000.00", on=date(2027, 3, 20)).version
    follow(office, views)
    assert stage_dates(views, p1)["paid"] == date(2027, 3, 20)
    office.execute(
        CorrectPayment(
            project_id=p1,
            corrects_version=second,
            amount=Decimal("600000.00"),
            reason=FIX,
            business_date=date(2027, 3, 21),
        ),
        actor=FINANCE,
    )
    pay(office, p1, 2, "100000.00", on=date(2027, 3, 25))
    follow(office, views, batch_size=100)  # the correction and the payment in one batch
    assert stage_dates(views, p1)["paid"] == date(2027, 3, 25)
    assert stage_dates(views, p1)["inspected"] == date(2027, 1, 20)


# -- stage_count ------------------------------------------------------------------------


def enact_other(office: BudgetOffice) -> None:
    """A second LAO, in province 76, upgraded to a subdistrict municipality before its budget."""
    office.execute(
        RegisterAuthority(authority=record(OTHER, "76"), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        ChangeAuthorityType(
            code=OTHER,
            new_type=AuthorityType.SUBDISTRICT_MUNICIPALITY,
            reason="ยกฐานะ",
            business_date=date(2026, 8, 2),
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        DraftBudget(
            lao_code=OTHER,
            fiscal_year=FY,
            lines=[line("ROAD", "2000000.00")],
            business_date=date(2026, 8, 15),
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        EnactBudget(
            lao_code=OTHER, fiscal_year=FY, ordinance_date=date(2026, 9, 20), approved_by="นายอำเภอ"
        ),
        actor=SYSTEM_ACTOR,
    )


def counted(
    views: Engine, table: Any = stage_count, key: tuple[str, ...] = KEY
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    with views.connect() as connection:
        found = connection.execute(select(table))
        return {
            tuple(r._mapping[k] for k in key): (
                r.projects, r.budget_amount, r.contract_amount, r.paid
            )
            for r in found
        }  # fmt: skip


def recounted(views: Engine) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """stage_count as a GROUP BY over project_state would give it."""
    columns = [project_state.c[k] for k in KEY]
    query = select(
        *columns,
        func.count().label("projects"),
        func.sum(project_state.c.budget_amount).label("budget_amount"),
        func.sum(func.coalesce(project_state.c.contract_amount, 0)).label("contract_amount"),
        func.sum(project_state.c.paid).label("paid"),
    ).group_by(*columns)
    with views.connect() as connection:
        return {
            tuple(r._mapping[k] for k in KEY): (
                r.projects, r.budget_amount, r.contract_amount, r.paid
            )
            for r in connection.execute(query)
        }  # fmt: skip


def sums(projects: int, budget: str, contract: str = "0", paid: str = "0") -> tuple[Any, ...]:
    cents = Decimal("0.01")
    return projects, *(Decimal(v).quantize(cents) for v in (budget, contract, paid))


def assert_counts_match_the_projects(views: Engine) -> None:
    """stage_count as the projects grouped, national_stage_count as it summed over the
    provinces, and no key of either left at zero projects."""
    by_province = counted(views)
    assert by_province == recounted(views)
    nationally: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for key, sums in by_province.items():
        before = nationally.get(key[1:], (0, 0, 0, 0))
        nationally[key[1:]] = tuple(a + b for a, b in zip(before, sums, strict=True))
    national = counted(views, national_stage_count, KEY[1:])
    assert national == nationally
    assert all(sums[0] > 0 for sums in (*by_province.values(), *national.values()))


def test_stage_counts_are_the_projects_grouped(office: BudgetOffice, views: Engine) -> None:
    enacted_office(office)
    enact_other(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")  # ROAD, budget 1,500,000
    p2 = planned_project(office, code="P2", line_code="BRIDGE", amount="1500000.00")
    p3 = planned_project(office, code="P3", line_code="BRIDGE", amount="3000000.00")
    follow(office, views, batch_size=4)
    assert_counts_match_the_projects(views)

    procured_until_winner(office, p3, offered="2800000.00")
    office.execute(
        SignContract.of(contract("2800000.00"), project_id=p3, business_date=date(2026, 11, 18)),
        actor=FINANCE,
    )
    p4 = planned_project(office, code="P4", line_code="BRIDGE", amount="1200000.00")
    procured_until_winner(office, p4, offered="1100000.00")
    p5 = planned_project(office, code="P5", line_code="EQUIP", method=Method.SPECIFIC,
                         amount="300000.00")  # fmt: skip
    office.execute(
        RecordProcurementStep(project_id=p5, step=PlanPublished(business_date=date(2026, 10, 10))),
        actor=FINANCE,
    )
    for code, line_code, amount in (
        ("P6", "SUPPLIES", "400000.00"),
        ("P7", "SERVICES", "450000.00"),
    ):
        planned_project(office, code=code, line_code=line_code, method=Method.SPECIFIC,
                        amount=amount)  # fmt: skip
    office.execute(
        PlanProject(
            lao_code=OTHER,
            fiscal_year=FY,
            code="Q1",
            name="ถนน",
            line_code="ROAD",
            method=Method.E_BIDDING,
            amount=Decimal("1000000.00"),
            business_date=date(2026, 10, 6),
        ),
        actor=OTHER_FINANCE,
    )
    office.execute(
        CancelProject(project_id=p2, reason="ไม่มีผู้เสนอราคา", business_date=date(2026, 12, 1)),
        actor=FINANCE,
    )
    follow(office, views, batch_size=5)
    assert_counts_match_the_projects(views)

    inspect(office, p3, 1, date(2027, 1, 20))
    for number, paid_on in ((1, date(2027, 1, 25)), (2, date(2027, 3, 20))):
        inspect(office, p1, number, paid_on)
        pay(office, p1, number, "700000.00", on=paid_on)
    follow(office, views, batch_size=2)
    assert_counts_match_the_projects(views)
    pay(office, p3, 1, "1000000.00", on=date(2027, 1, 25))  # of installment 1's 1,400,000
    office.execute(CloseProject(project_id=p1, business_date=date(2027, 3, 31)), actor=FINANCE)
    follow(office, views, batch_size=2)

    investment = ("50", "sao", 2570, "investment")
    operating = ("50", "sao", 2570, "operating")
    expected = {
        (*investment, "e_bidding", "closed"): sums(1, "1500000", "1400000", "1400000"),
        (*investment, "e_bidding", "cancelled"): sums(1, "1500000"),
        (*investment, "e_bidding", "inspected"): sums(1, "3000000", "2800000", "1000000"),
        (*investment, "e_bidding", "winner_announced"): sums(1, "1200000"),
        (*investment, "specific", "plan_published"): sums(1, "300000"),
        (*operating, "specific", "planned"): sums(2, "850000"),  # 400,000 + 450,000
        ("76", "subdistrict_municipality", 2570, "investment", "e_bidding", "planned"): sums(
            1, "1000000"
        ),
    }
    assert counted(views) == expected  # no key left at zero where projects have moved on
    assert_counts_match_the_projects(views)

    rebuild(office, views, all_projections(), batch_size=7)
    assert counted(views) == expected
    assert_counts_match_the_projects(views)


def test_a_projects_stages_of_one_day_are_listed_by_name_on_every_store(
    office: BudgetOffice, views: Engine
) -> None:
    """PostgreSQL keeps a stage as its code (schema 0018), whose order is not the names':
    the project's page lists the stages of one day by name on every store."""
    from budget.projections.queries.lists import project as project_detail

    enacted_office(office)
    p1 = contracted_project(office, amount="1400000.00", code="P1")
    office.execute(
        CorrectStageDate(
            project_id=p1,
            stage=Stage.TOR_SET,
            corrected_date=date(2026, 10, 21),  # the day its report was approved
            reason=FIX,
            business_date=date(2026, 11, 20),
        ),
        actor=FINANCE,
    )
    follow(office, views)
    with views.connect() as connection:
        listed = project_detail(connection, str(p1), today=date(2026, 12, 1)).stage_dates
    same_day = [d.stage for d in listed if d.entered_on == date(2026, 10, 21)]
    assert same_day == ["report_approved", "tor_set"]
