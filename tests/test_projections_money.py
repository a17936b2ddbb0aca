"""The money views: line balances, quarterly flows and targets, on every store.

The scenario's figures are computed by hand below; the views must also agree with the
aggregate (its line ledgers) and with the domain's figures as of a day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select
from sqlalchemy import text as sql

from budget.application import BudgetOffice
from budget.application.commands import (
    AddDraftLine,
    AdditionIn,
    AddSupplementaryBudget,
    CancelCarriedFunds,
    CancelProject,
    CarryOver,
    CloseYear,
    CorrectExpenditure,
    CorrectPayment,
    CouncilApprovalIn,
    DraftBudget,
    EnactBudget,
    RecordExpenditure,
    RegisterAuthority,
    SetTargets,
    TransferFunds,
)
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import CarryOverKind
from budget.domain.classification import BudgetGroup, Category
from budget.domain.ids import budget_id
from budget.domain.money import total
from budget.domain.targets import Target
from budget.projections import queries
from budget.projections.engine import create_tables
from budget.projections.events import annual_budget
from budget.projections.events import revenue as events_of_revenue
from budget.projections.follow import catch_up, rebuild
from budget.projections.queries import Filters
from budget.projections.registry import all_projections
from budget.projections.tables import (
    budget_line_balance,
    budget_line_text,
    budget_state,
    disbursement_target,
    lao_progress,
    metadata,
    national_province_progress,
    province_lao_progress,
    province_progress,
)
from tests.builders import (
    ADMIN,
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    OTHER_LAO,
    PROVINCE,
    STANDARD_LINES,
    contracted_project,
    enacted_office,
    inspect,
    line,
    pay,
    planned_project,
    record,
)

INV, OPS = "investment", "operating"
MONEY_TABLES = (
    budget_state,
    budget_line_balance,
    lao_progress,
    province_progress,
    province_lao_progress,
)


def baht(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def follow(office: BudgetOffice, views: Engine, batch_size: int = 4) -> None:
    catch_up(office, views, all_projections(), batch_size=batch_size)


def rows(engine: Engine, table: Any, **where: Any) -> list[dict[str, Any]]:
    query = select(table).order_by(*table.primary_key.columns)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def balances(engine: Engine, lao: str = LAO) -> dict[str, dict[str, Any]]:
    return {r["line_code"]: r for r in rows(engine, budget_line_balance, lao_code=lao)}


def assert_lines_match_the_ledgers(engine: Engine, budget: AnnualBudget) -> None:
    """Every line of the view holds what the aggregate's ledger holds."""
    found = {r["line_code"]: r for r in rows(engine, budget_line_balance, budget_id=str(budget.id))}
    assert set(found) == set(budget.ledgers)
    for code, ledger in budget.ledgers.items():
        expected = {
            "appropriated": ledger.appropriated,
            "transferred_in": ledger.transferred_in,
            "transferred_out": ledger.transferred_out,
            "supplementary": ledger.supplementary,
            "allocated": ledger.allocated,
            "reserved": ledger.total_reserved,
            "committed": ledger.total_committed,
            "paid": ledger.total_paid,
            "spent": ledger.spent,
            "carried": total(ledger.carried.values()),
            "lapsed": ledger.lapsed,
            "available": ledger.available,
            "budget_group": ledger.line.group.value,
        }
        assert {k: found[code][k] for k in expected} == expected, code


def other_lao(office: BudgetOffice) -> None:
    """OTHER_LAO, same province and type: the standard lines and a line EXTRA of
    70,000 (operating) added to the draft, enacted on 20 Sep 2026."""
    office.execute(
        RegisterAuthority(authority=record(OTHER_LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    office.execute(
        DraftBudget(
            lao_code=OTHER_LAO, fiscal_year=FY, lines=lines, business_date=date(2026, 8, 15)
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        AddDraftLine.of(
            line("EXTRA", "70000.00", Category.MATERIALS),
            lao_code=OTHER_LAO,
            fiscal_year=FY,
            business_date=date(2026, 8, 20),
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        EnactBudget(
            lao_code=OTHER_LAO,
            fiscal_year=FY,
            ordinance_date=date(2026, 9, 20),
            approved_by="นายอำเภอเมือง",
        ),
        actor=SYSTEM_ACTOR,
    )


def the_year(office: BudgetOffice, views: Engine) -> UUID:
    """FY 2570 of LAO (figures by hand in the tests), and OTHER_LAO's enacted budget.

    Dated before the year: drafting (15 Aug 2026) and enactment (20 Sep 2026).
    Q1: 100,000 moved from SERVICES (operating) to ROAD (investment) on 3 Oct, 50,000
        from EQUIP to a new line CCTV (both investment) on 10 Oct;
        P1 on ROAD, budget 1,500,000, contracted for 1,400,000 (saving 100,000);
        P2 on BRIDGE, budget 1,000,000, cancelled (all of it returns);
        expenditures E1 120,000 (SERVICES, 15 Dec) and E2 30,000 (SUPPLIES, 30 Nov),
        both keyed in late, after later-dated payments.
    Q2: P1 paid 700,000 on 25 Jan, corrected to 650,000 on 26 Jan; supplementary budget
        on 10 Feb (SUPPLIES +50,000, new line TRAINING 80,000); E1 corrected to 100,000.
    Q3: P1 paid 500,000 on 10 May.  Q4: 200,000 of P1's unpaid 250,000 carried over.
    """
    enacted_office(office)
    other_lao(office)
    office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line="SERVICES",
            to_line="ROAD",
            amount=baht("100,000.00"),
            business_date=date(2026, 10, 3),
        ),
        actor=EXECUTIVE,
    )
    office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line="EQUIP",
            to_line="CCTV",
            amount=baht("50,000.00"),
            new_line=line("CCTV", "0", Category.EQUIPMENT),
            council_approval=CouncilApprovalIn(
                resolution="มติสภา 3/2569", approved_on=date(2026, 10, 8)
            ),
            business_date=date(2026, 10, 10),
        ),
        actor=EXECUTIVE,
    )
    p1 = contracted_project(office, amount="1400000.00", code="P1", budget="1500000.00")
    p2 = planned_project(office, code="P2", line_code="BRIDGE", amount="1000000.00")
    office.execute(
        CancelProject(project_id=p2, reason="ไม่มีผู้เสนอราคา", business_date=date(2026, 12, 1)),
        actor=FINANCE,
    )
    follow(office, views)
    inspect(office, p1, 1, date(2027, 1, 20))
    pay(office, p1, 1, "700000.00", voucher="V1", on=date(2027, 1, 25))
    office.execute(
        CorrectPayment(
            project_id=p1,
            corrects_version=office.project(p1).version,
            amount=baht("650,000.00"),
            reason="พิมพ์ผิด",
            business_date=date(2027, 1, 26),
        ),
        actor=FINANCE,
    )
    e1 = office.execute(
        RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code="SERVICES",
            amount=baht("120,000.00"),
            voucher="E1",
            description="ค่าจ้างเหมาบริการ",
            business_date=date(2026, 12, 15),
        ),
        actor=FINANCE,
    )
    office.execute(
        AddSupplementaryBudget(
            lao_code=LAO,
            fiscal_year=FY,
            ordinance_date=date(2027, 2, 10),
            additions=[AdditionIn(line_code="SUPPLIES", amount=baht("50,000.00"))],
            new_lines=[line("TRAINING", "80000.00", Category.SERVICES)],
        ),
        actor=FINANCE,
    )
    follow(office, views, batch_size=3)
    office.execute(
        CorrectExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            corrects_version=e1.version,
            amount=baht("100,000.00"),
            reason="ใบสำคัญผิด",
            business_date=date(2027, 3, 5),
        ),
        actor=FINANCE,
    )
    inspect(office, p1, 2, date(2027, 4, 20))
    pay(office, p1, 2, "500000.00", voucher="V2", on=date(2027, 5, 10))
    office.execute(
        RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code="SUPPLIES",
            amount=baht("30,000.00"),
            voucher="E2",
            description="วัสดุสำนักงาน",
            business_date=date(2026, 11, 30),
        ),
        actor=FINANCE,
    )
    office.execute(
        CarryOver(
            project_id=p1,
            kind=CarryOverKind.COMMITTED,
            amount=baht("200,000.00"),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 20),
        ),
        actor=FINANCE,
    )
    follow(office, views, batch_size=5)
    return p1


def after_the_year(office: BudgetOffice, views: Engine, p1: UUID) -> None:
    """P1 paid 100,000 of the carried money on 15 Nov 2027 (carried: 100,000 left);
    then, keyed late, 80,000 paid on 25 Sep 2027 inside the year (unpaid 70,000: carried
    capped to it); the year closed on 1 Oct 2027 (700,000 of ROAD lapsed); the carried
    70,000 cancelled in 2028 (and lapsed too: 770,000 to the accumulated funds)."""
    pay(office, p1, 2, "100000.00", voucher="V3", on=date(2027, 11, 15))
    follow(office, views, batch_size=2)
    road = balances(views)["ROAD"]
    assert (road["paid"], road["carried"]) == (baht("1,250,000"), baht("100,000"))
    pay(office, p1, 2, "80000.00", voucher="V4", on=date(2027, 9, 25))
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=FY, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    office.execute(CancelCarriedFunds(project_id=p1, business_date=date(2028, 4, 5)), actor=FINANCE)
    follow(office, views, batch_size=2)


COLUMNS = [
    "appropriated",
    "transferred_in",
    "transferred_out",
    "supplementary",
    "allocated",
    "reserved",
    "committed",
    "paid",
    "spent",
    "carried",
    "savings",
    "lapsed",
    "available",
]


def by_hand(table: str) -> dict[str, dict[str, Decimal]]:
    """Rows of a line code and its COLUMNS, in thousands of baht."""
    found = {}
    for text in table.strip().splitlines():
        code, *figures = text.split()
        found[code] = {c: Decimal(f) * 1000 for c, f in zip(COLUMNS, figures, strict=True)}
    return found


def test_line_balances_match_the_hand_computed_ledger(office: BudgetOffice, views: Engine) -> None:
    p1 = the_year(office, views)
    # thousands:   approp  in  out suppl alloc  resv  comm  paid spent carr sav lapsed avail
    before_closing = by_hand("""
        ROAD        2000  100    0    0  2100  1400  1400  1150    0  200  100    0  700
        BRIDGE      6000    0    0    0  6000     0     0     0    0    0    0    0 6000
        EQUIP        300    0   50    0   250     0     0     0    0    0    0    0  250
        CCTV           0   50    0    0    50     0     0     0    0    0    0    0   50
        SUPPLIES     400    0    0   50   450     0     0     0   30    0    0    0  420
        SERVICES     500    0  100    0   400     0     0     0  100    0    0    0  300
        TRAINING       0    0    0   80    80     0     0     0    0    0    0    0   80
    """)  # fmt: skip
    found = balances(views)
    assert {code: {c: row[c] for c in COLUMNS} for code, row in found.items()} == before_closing
    assert_lines_match_the_ledgers(views, office.budget(LAO, FY))

    after_the_year(office, views, p1)
    after = by_hand("""
        ROAD        2000  100    0    0  2100  1330  1330  1330    0    0  100  770  770
        BRIDGE      6000    0    0    0  6000     0     0     0    0    0    0 6000 6000
        EQUIP        300    0   50    0   250     0     0     0    0    0    0  250  250
        CCTV           0   50    0    0    50     0     0     0    0    0    0   50   50
        SUPPLIES     400    0    0   50   450     0     0     0   30    0    0  420  420
        SERVICES     500    0  100    0   400     0     0     0  100    0    0  300  300
        TRAINING       0    0    0   80    80     0     0     0    0    0    0   80   80
    """)  # fmt: skip
    found = balances(views)
    assert {code: {c: row[c] for c in COLUMNS} for code, row in found.items()} == after
    assert_lines_match_the_ledgers(views, office.budget(LAO, FY))
    assert_lines_match_the_ledgers(views, office.budget(OTHER_LAO, FY))
    road = found["ROAD"]
    assert (road["lao_code"], road["province_code"], road["lao_type"]) == (LAO, PROVINCE, "sao")
    # the line's text is kept once, by its code (schema 0022)
    (text,) = rows(views, budget_line_text, text_code=road["text_code"])
    assert (road["budget_group"], text["category"], text["programme"]) == (
        INV,
        "land_and_construction",
        "00310",
    )
    assert found["TRAINING"]["budget_group"] == OPS

    (state,) = rows(views, budget_state, budget_id=str(budget_id(LAO, FY)))
    assert (state["lao_code"], state["province_code"], state["lao_type"]) == (LAO, PROVINCE, "sao")
    assert (state["drafted_on"], state["enacted_on"], state["closed_on"]) == (
        date(2026, 8, 15),
        date(2026, 9, 20),
        date(2027, 10, 1),
    )
    assert state["last_position"] == max(r["last_position"] for r in found.values())

    live = {t.name: rows(views, t) for t in MONEY_TABLES}
    rebuild(office, views, all_projections(), batch_size=1000)
    assert {t.name: rows(views, t) for t in MONEY_TABLES} == live


# lao_progress of LAO by hand: quarter, group: allocated, obligated, disbursed
FLOWS = {
    (1, INV): ("8,400,000", "1,400,000", "0"),  # 8,300,000 drafted + 100,000 moved in
    (1, OPS): ("800,000", "150,000", "150,000"),  # 900,000 - 100,000; E1 120,000 + E2 30,000
    (2, INV): ("0", "0", "650,000"),  # 700,000 paid, corrected to 650,000
    (2, OPS): ("130,000", "-20,000", "-20,000"),  # supplementary; E1 corrected
    (3, INV): ("0", "0", "500,000"),
    (4, INV): ("0", "0", "80,000"),  # dated 25 Sep, keyed after a payment of 15 Nov
    (5, INV): ("0", "-70,000", "100,000"),  # carried money paid, then the rest cancelled
}
OTHER_FLOWS = {(1, INV): ("8,300,000", "0", "0"), (1, OPS): ("970,000", "0", "0")}  # + EXTRA


def flows(engine: Engine, lao: str) -> dict[tuple[int, str], tuple[Decimal, ...]]:
    return {
        (r["quarter"], r["budget_group"]): (r["allocated"], r["obligated"], r["disbursed"])
        for r in rows(engine, lao_progress, lao_code=lao, fiscal_year=FY)
    }


def cumulative(found: dict[tuple[int, str], tuple[Decimal, ...]], last: int) -> dict[str, Any]:
    sums: dict[str, list[Decimal]] = {}
    for (quarter, group), figures in found.items():
        if quarter <= last:
            into = sums.setdefault(group, [Decimal(0)] * 3)
            for i in range(3):
                into[i] += figures[i]
    return {group: tuple(figures) for group, figures in sums.items()}


def test_quarterly_flows_add_up_to_the_figures_as_of_each_quarter_end(
    office: BudgetOffice, views: Engine
) -> None:
    after_the_year(office, views, the_year(office, views))
    found = flows(views, LAO)
    assert found == {key: tuple(map(baht, figures)) for key, figures in FLOWS.items()}
    assert flows(views, OTHER_LAO) == {
        key: tuple(map(baht, figures)) for key, figures in OTHER_FLOWS.items()
    }
    assert {(r["province_code"], r["lao_type"]) for r in rows(views, lao_progress)} == {
        (PROVINCE, "sao")
    }

    days = [
        (date(2026, 12, 31), 1),
        (date(2027, 3, 31), 2),
        (date(2027, 6, 30), 3),
        (date(2027, 9, 30), 4),
        (date(2027, 10, 1), 4),  # only the year's closing is dated 1 Oct: it moves nothing
        (date(2027, 11, 14), 4),
        (date(2099, 1, 1), 5),
    ]
    zero = (Decimal(0),) * 3
    for day, last in days:
        domain = {
            f.group.value: (f.allocated, f.obligated, f.disbursed)
            for f in office.figures_as_of(LAO, FY, day)
        }
        projected = cumulative(found, last)
        assert set(projected) <= set(domain), day
        assert {group: projected.get(group, zero) for group in domain} == domain, day
    end = {f.group.value: f for f in office.budget(LAO, FY).figures_by_group()}
    assert cumulative(found, 5)[INV] == (
        end[INV].allocated,
        end[INV].obligated,
        end[INV].disbursed,
    )
    assert cumulative(found, 5)[INV] == tuple(map(baht, ("8,400,000", "1,330,000", "1,330,000")))


def test_province_progress_is_the_sum_of_its_laos(office: BudgetOffice, views: Engine) -> None:
    after_the_year(office, views, the_year(office, views))
    summed: dict[tuple[Any, ...], list[Decimal]] = {}
    for r in rows(views, lao_progress):
        key = (r["province_code"], r["lao_type"], r["fiscal_year"], r["quarter"], r["budget_group"])
        into = summed.setdefault(key, [Decimal(0)] * 3)
        for i, name in enumerate(("allocated", "obligated", "disbursed")):
            into[i] += r[name]
    province = {
        (r["province_code"], r["lao_type"], r["fiscal_year"], r["quarter"], r["budget_group"]): [
            r["allocated"],
            r["obligated"],
            r["disbursed"],
        ]
        for r in rows(views, province_progress)
    }
    assert province == summed
    assert province[(PROVINCE, "sao", FY, 1, INV)] == [
        baht("16,700,000"),  # 8,400,000 + 8,300,000
        baht("1,400,000"),
        Decimal(0),
    ]


def test_each_province_is_kept_summed_through_each_quarter_by_type_and_group_and_in_all(
    office: BudgetOffice, views: Engine
) -> None:
    """national_province_progress (issue 16): each province's flows summed over the
    quarters up to each one, in each type and group and in "all" of each, as the national
    dashboard lists the provinces; each filter reads one row per province."""
    after_the_year(office, views, the_year(office, views))
    flows_of = rows(views, province_progress)
    listed = {
        (r["lao_type"], r["budget_group"], r["quarter"], r["province_code"]): (
            r["allocated"], r["obligated"], r["disbursed"])
        for r in rows(views, national_province_progress, fiscal_year=FY)
    }  # fmt: skip
    expected: dict[tuple[Any, ...], tuple[Decimal, ...]] = {}
    for r in flows_of:
        for last in range(r["quarter"], 6):
            for of_type in (r["lao_type"], "all"):
                for group in (r["budget_group"], "all"):
                    key = (of_type, group, last, r["province_code"])
                    was = expected.get(key, (Decimal(0),) * 3)
                    now = (r["allocated"], r["obligated"], r["disbursed"])
                    expected[key] = tuple(a + b for a, b in zip(was, now, strict=True))
    assert listed == expected
    with views.connect() as connection:
        nation = queries.national_dashboard(connection, Filters(fiscal_year=FY, quarter=2))
    (province,) = nation.by_province
    figures = province.progress
    assert (figures.allocated, figures.obligated, figures.disbursed) == listed[
        ("all", "all", 2, PROVINCE)
    ]


def test_each_lao_is_kept_summed_through_each_quarter_by_group_and_in_all(
    office: BudgetOffice, views: Engine
) -> None:
    """province_lao_progress: each LAO's flows summed over the quarters up to each one, in
    each group and in "all", equal to the domain's figures as of each quarter's end."""
    after_the_year(office, views, the_year(office, views))
    kept = {
        (r["budget_group"], r["quarter"]): (r["allocated"], r["obligated"], r["disbursed"])
        for r in rows(views, province_lao_progress, lao_code=LAO)
    }
    assert {r["province_code"] for r in rows(views, province_lao_progress)} == {PROVINCE}
    assert {r["lao_type"] for r in rows(views, province_lao_progress)} == {"sao"}
    found = flows(views, LAO)
    for last in range(1, 6):
        for group, figures in cumulative(found, last).items():
            assert kept[(group, last)] == figures, (group, last)
        every = [sum(f[i] for f in cumulative(found, last).values()) for i in range(3)]
        assert kept[("all", last)] == tuple(every), last
    end = office.budget(LAO, FY).figures_by_group()
    assert kept[("all", 5)] == (
        total(f.allocated for f in end),
        total(f.obligated for f in end),
        total(f.disbursed for f in end),
    )
    assert kept[(INV, 1)] == tuple(map(baht, ("8,400,000", "1,400,000", "0")))


def test_views_kept_before_the_laos_sums_through_each_quarter_get_them_made(
    office: BudgetOffice, views: Engine
) -> None:
    """Views kept before schema 0010 gain province_lao_progress, made from lao_progress
    when the views are next opened (views_engine creates the tables), equal to what the
    projection keeps."""
    after_the_year(office, views, the_year(office, views))
    kept = rows(views, province_lao_progress)
    groups = {(r["lao_code"], r["budget_group"]) for r in rows(views, lao_progress)}
    laos = {lao for lao, _ in groups}
    assert len(kept) == 5 * (len(groups) + len(laos))  # every quarter: each group, "all"
    with views.begin() as connection:
        connection.execute(sql("DROP TABLE province_lao_progress"))
    create_tables(views, metadata)
    assert rows(views, province_lao_progress) == kept
    create_tables(views, metadata)  # once there, left alone
    assert rows(views, province_lao_progress) == kept


def target_rows(engine: Engine, year: int) -> list[tuple[Any, ...]]:
    return [
        (r["quarter"], r["budget_group"], r["percent"], r["obligated_percent"], r["source"])
        for r in rows(engine, disbursement_target, fiscal_year=year)
    ]


def test_targets_are_replaced_by_the_next_setting(office: BudgetOffice, views: Engine) -> None:
    first = [
        Target(quarter=1, percent=Decimal("30")),
        Target(
            quarter=2,
            percent=Decimal("55.5"),
            group=BudgetGroup.INVESTMENT,
            obligated_percent=Decimal("80"),
        ),
    ]
    office.execute(
        SetTargets(
            fiscal_year=FY, targets=first, source="มติ ครม. 1", business_date=date(2026, 9, 1)
        ),
        actor=ADMIN,
    )
    office.execute(
        SetTargets(
            fiscal_year=FY + 1,
            targets=[Target(1, Decimal("25"))],
            source="ปีหน้า",
            business_date=date(2026, 9, 2),
        ),
        actor=ADMIN,
    )
    follow(office, views, batch_size=1)
    assert target_rows(views, FY) == [
        (1, "all", Decimal("30.00"), None, "มติ ครม. 1"),
        (2, INV, Decimal("55.50"), Decimal("80.00"), "มติ ครม. 1"),
    ]

    office.execute(
        SetTargets(
            fiscal_year=FY,
            targets=[Target(4, Decimal("100"))],
            source="หนังสือ 2",
            business_date=date(2027, 1, 5),
        ),
        actor=ADMIN,
    )
    follow(office, views)
    assert target_rows(views, FY) == [(4, "all", Decimal("100.00"), None, "หนังสือ 2")]

    office.execute(
        SetTargets(
            fiscal_year=FY,
            targets=[Target(3, Decimal("70"))],
            source="หนังสือ 3",
            business_date=date(2027, 2, 5),
        ),
        actor=ADMIN,
    )
    office.execute(
        SetTargets(
            fiscal_year=FY,
            targets=[Target(2, Decimal("40"))],
            source="หนังสือ 4",
            business_date=date(2027, 2, 6),
        ),
        actor=ADMIN,
    )
    follow(office, views, batch_size=100)  # two settings in one batch: the last one stands
    assert target_rows(views, FY) == [(2, "all", Decimal("40.00"), None, "หนังสือ 4")]
    assert target_rows(views, FY + 1) == [(1, "all", Decimal("25.00"), None, "ปีหน้า")]


def test_savings_are_a_budget_less_its_contract_never_a_cancelled_reservation(
    office: BudgetOffice, views: Engine
) -> None:
    """Issue 13, item 7: a project cancelled before its contract saved nothing (its
    reservation is available again); one cancelled after it keeps the saving its
    contract made, and what the cancellation freed is available, not saved."""
    enacted_office(office)
    cancelled = planned_project(office, code="C", amount="1500000.00")
    office.execute(
        CancelProject(project_id=cancelled, reason="ยกเลิก", business_date=date(2026, 11, 1)),
        actor=FINANCE,
    )
    signed = contracted_project(office, code="S", amount="1400000.00", budget="1500000.00")
    office.execute(
        CancelProject(project_id=signed, reason="ผู้รับจ้างทิ้งงาน", business_date=date(2026, 12, 1)),
        actor=FINANCE,
    )
    follow(office, views)
    road = balances(views)["ROAD"]
    assert road["savings"] == baht("100,000.00")  # 1,500,000 budget - 1,400,000 contract
    assert road["available"] == road["allocated"] == baht("2,000,000.00")
    with views.connect() as connection:
        shown = {line.line_code: line for line in queries.budget_lines(connection, LAO, FY)}
    assert shown["ROAD"].savings == baht("100,000.00")
    assert all(line.savings <= line.allocated for line in shown.values())


def test_every_budget_event_has_a_rule() -> None:
    events = {
        name
        for name, value in vars(AnnualBudget).items()
        if isinstance(value, type) and issubclass(value, AnnualBudget.Event)
    }
    read = {event.__name__ for event in annual_budget.TOPICS.values()}
    moves_no_money = {event.__name__ for event in annual_budget.REPORTED.values()}  # deadlines'
    revenue = {event.__name__ for event in events_of_revenue.TOPICS.values()}  # the revenue's
    assert events - {"Event", "Created"} == read | moves_no_money | revenue
    assert not read & moves_no_money
    assert not read & revenue
