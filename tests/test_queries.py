"""The queries over hand-written view rows: sums, cumulative quarters, targets, ranking,
paging and the inbox, on SQLite and PostgreSQL. (What the projections write into the
views is tested with the projections; the demo year is checked end to end elsewhere.)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_OID, uuid5

import pytest
from sqlalchemy import Connection, Engine, insert

from budget.config import Settings
from budget.domain.ids import authority_id
from budget.projections import queries
from budget.projections.audit import keep
from budget.projections.engine import views_engine
from budget.projections.progress import fill_national_province_progress
from budget.projections.queries import (
    AuditSearch,
    Filters,
    PageRequest,
    PagingError,
    lao_dashboard,
    national_dashboard,
    peer_ranking,
    projects,
    province_dashboard,
    review_inbox,
    search_audit_log,
)
from budget.projections.tables import (
    authority,
    budget_state,
    disbursement_target,
    lao_progress,
    national_progress,
    national_stage_count,
    project_state,
    province_lao_progress,
    province_progress,
    report_state,
    stage_count,
)

# Ids of aggregates, shaped as the views keep them (PostgreSQL: uuid columns, schema 0016).
ID = {name: str(uuid5(NAMESPACE_OID, name)) for name in ("p1", "p2", "p3", "p4", "bA")} | {
    f"r{n}": str(uuid5(NAMESPACE_OID, f"r{n}")) for n in range(1, 5)
}
FY = 2570
D = Decimal
TODAY = date(2027, 3, 31)


@pytest.fixture
def views(file_store_url: str, tmp_path: Path) -> Iterator[Engine]:
    url = file_store_url
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
    engine = views_engine(settings)
    with engine.begin() as connection:
        fill(connection)
    yield engine
    engine.dispose()


LAOS = [  # code, province, type, name
    ("A", "50", "sao", "อบต.เอ"),
    ("B", "50", "sao", "อบต.บี"),
    ("C", "50", "town_municipality", "ทม.ซี"),
    ("D", "10", "sao", "อบต.ดี"),
]
# lao, quarter, group, allocated, obligated, disbursed (flows dated in that quarter)
FLOWS = [
    ("A", 1, "investment", "1000000", "0", "0"),
    ("A", 1, "personnel", "500000", "100000", "100000"),
    ("A", 2, "investment", "0", "600000", "200000"),
    ("A", 2, "personnel", "0", "150000", "150000"),
    ("A", 5, "investment", "0", "0", "50000"),
    ("B", 1, "investment", "2000000", "1000000", "0"),
    ("B", 2, "investment", "0", "0", "1500000"),
    ("C", 1, "operating", "400000", "0", "0"),
    ("C", 3, "operating", "0", "300000", "300000"),
    ("D", 1, "investment", "1000000", "0", "0"),
    ("D", 2, "investment", "0", "500000", "400000"),
]


def row(values: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {**values, **more}


def fill(connection: Connection) -> None:
    kinds = {code: (province, kind) for code, province, kind, _ in LAOS}
    connection.execute(
        insert(authority),
        [
            dict(lao_code=c, authority_id=str(authority_id(c)), name_th=n, name_en=c,
                 lao_type=t, province_code=p,
                 district_code="", subdistrict_code="", merged_into="", last_position=1)
            for c, p, t, n in LAOS
        ],
    )  # fmt: skip
    connection.execute(
        insert(lao_progress),
        [
            dict(lao_code=c, fiscal_year=FY, quarter=q, budget_group=g,
                 province_code=kinds[c][0], lao_type=kinds[c][1],
                 allocated=D(a), obligated=D(o), disbursed=D(d))
            for c, q, g, a, o, d in FLOWS
        ],
    )  # fmt: skip
    provinces: dict[tuple[str, str, int, str], list[Decimal]] = defaultdict(
        lambda: [D(0), D(0), D(0)]
    )
    for c, q, g, a, o, d in FLOWS:
        sums = provinces[(kinds[c][0], kinds[c][1], q, g)]
        for i, v in enumerate((a, o, d)):
            sums[i] += D(v)
    connection.execute(
        insert(province_progress),
        [
            dict(province_code=p, lao_type=t, fiscal_year=FY, quarter=q, budget_group=g,
                 allocated=s[0], obligated=s[1], disbursed=s[2])
            for (p, t, q, g), s in provinces.items()
        ],
    )  # fmt: skip
    fill_national_province_progress(connection)  # each province through each quarter, as kept
    through: dict[tuple[str, str, int, str], list[Decimal]] = defaultdict(
        lambda: [D(0), D(0), D(0)]
    )
    for c, q, g, a, o, d in FLOWS:  # each LAO's sums up to each quarter, by group and in all
        for later in range(q, 6):
            for into in (g, "all"):
                for i, v in enumerate((a, o, d)):
                    through[(c, into, later, kinds[c][0])][i] += D(v)
    connection.execute(
        insert(province_lao_progress),
        [
            dict(province_code=p, fiscal_year=FY, budget_group=g, quarter=q, lao_code=c,
                 lao_type=kinds[c][1], allocated=s[0], obligated=s[1], disbursed=s[2])
            for (c, g, q, p), s in through.items()
        ],
    )  # fmt: skip
    nation: dict[tuple[str, int, str], list[Decimal]] = defaultdict(lambda: [D(0), D(0), D(0)])
    for (_, t, q, g), sums in provinces.items():  # the provinces summed, as kept
        for i, v in enumerate(sums):
            nation[(t, q, g)][i] += v
    connection.execute(
        insert(national_progress),
        [
            dict(lao_type=t, fiscal_year=FY, quarter=q, budget_group=g,
                 allocated=s[0], obligated=s[1], disbursed=s[2])
            for (t, q, g), s in nation.items()
        ],
    )  # fmt: skip
    connection.execute(
        insert(disbursement_target),
        [
            dict(fiscal_year=FY, quarter=2, budget_group="all", percent=D(45),
                 obligated_percent=None, source="ว 1"),
            dict(fiscal_year=FY, quarter=2, budget_group="investment", percent=D(25),
                 obligated_percent=D(60), source="ว 1"),
            dict(fiscal_year=FY, quarter=4, budget_group="all", percent=D(80),
                 obligated_percent=None, source="ว 1"),
        ],
    )  # fmt: skip
    project = dict(
        lao_type="sao", fiscal_year=FY, name="ถนน", line_code="L1", budget_group="investment",
        contract_amount=None, paid=D(0), installments_total=0, installments_inspected=0,
        installments_paid=0, cancelled=False, closed=False, last_position=1,
        method="e_bidding",
    )  # fmt: skip
    connection.execute(
        insert(project_state),
        [
            row(project, project_id=ID["p1"], lao_code="A", province_code="50", code="P1",
                budget_amount=D(1000000), stage="tor_set", stage_entered_on=date(2026, 11, 1)),
            row(project, project_id=ID["p2"], lao_code="A", province_code="50", code="P2",
                budget_amount=D(300000), stage="paid", stage_entered_on=date(2026, 11, 1),
                contract_amount=D(290000), paid=D(290000)),
            row(project, project_id=ID["p3"], lao_code="A", province_code="50", code="P3",
                budget_amount=D(200000), stage="planned", stage_entered_on=date(2027, 3, 1)),
            row(project, project_id=ID["p4"], lao_code="B", province_code="50", code="P4",
                budget_amount=D(2000000), stage="contract_signed",
                stage_entered_on=date(2026, 12, 1), contract_amount=D(1000000)),
        ],
    )  # fmt: skip
    counts = [
        ("50", "sao", "investment", "e_bidding", "tor_set", 1, "1000000", "0", "0"),
        ("50", "sao", "investment", "e_bidding", "paid", 1, "300000", "290000", "290000"),
        ("50", "sao", "investment", "e_bidding", "planned", 1, "200000", "0", "0"),
        ("50", "sao", "investment", "e_bidding", "contract_signed", 1, "2000000", "1000000", "0"),
        ("50", "sao", "investment", "e_bidding", "cancelled", 0, "0", "0", "0"),  # emptied
    ]
    connection.execute(
        insert(stage_count),
        [
            dict(province_code=p, lao_type=t, fiscal_year=FY, budget_group=g, method=m,
                 stage=s, projects=n, budget_amount=D(b), contract_amount=D(c), paid=D(pd))
            for p, t, g, m, s, n, b, c, pd in counts
        ],
    )  # fmt: skip
    connection.execute(
        insert(national_stage_count),
        [  # the one province's counts, as the nation's (an emptied key goes)
            dict(lao_type=t, fiscal_year=FY, budget_group=g, method=m,
                 stage=s, projects=n, budget_amount=D(b), contract_amount=D(c), paid=D(pd))
            for _, t, g, m, s, n, b, c, pd in counts
            if n
        ],
    )  # fmt: skip
    report = dict(
        province_code="50", fiscal_year=FY, period_kind="Q", drafted_on=date(2027, 1, 2),
        signed_off_by="", submissions=1, returns=0, reviewed_on=None, reviewed_by="",
        accepted_on=None, last_comments="", last_position=1,
    )  # fmt: skip
    connection.execute(
        insert(report_state),
        [
            row(report, report_id=ID["r1"], lao_code="A", period="2570-Q1", period_number=1,
                period_ends_on=date(2026, 12, 31), status="accepted",
                first_submitted_on=date(2027, 1, 5), last_submitted_on=date(2027, 1, 5),
                accepted_on=date(2027, 1, 9), reviewed_on=date(2027, 1, 9), reviewed_by="rv"),
            row(report, report_id=ID["r2"], lao_code="B", period="2570-Q1", period_number=1,
                period_ends_on=date(2026, 12, 31), status="submitted",
                first_submitted_on=date(2027, 1, 20), last_submitted_on=date(2027, 1, 25),
                submissions=2, returns=1),
            row(report, report_id=ID["r3"], lao_code="A", period="2570-Q2", period_number=2,
                period_ends_on=date(2027, 3, 31), status="submitted",
                first_submitted_on=date(2027, 4, 2), last_submitted_on=date(2027, 4, 2)),
            row(report, report_id=ID["r4"], lao_code="D", period="2570-Q1", period_number=1,
                province_code="10", period_ends_on=date(2026, 12, 31), status="submitted",
                first_submitted_on=date(2027, 1, 3), last_submitted_on=date(2027, 1, 3)),
        ],
    )  # fmt: skip
    connection.execute(
        insert(budget_state),
        [
            dict(budget_id=ID["bA"], lao_code="A", province_code="50", lao_type="sao",
                 fiscal_year=FY, drafted_on=date(2026, 8, 1), enacted_on=date(2026, 9, 20),
                 closed_on=None, last_position=1),
        ],
    )  # fmt: skip
    audit = dict(
        business_date=date(2027, 1, 1), role="lao_finance", version=1, reason="",
    )  # fmt: skip
    keep(
        connection,
        [
            row(audit, position=1, recorded_at=datetime(2027, 1, 1, 3, tzinfo=UTC),
                user_id="fa", acting_for="A", event_type="Project.Planned", aggregate_id=ID["p1"]),
            row(audit, position=2, recorded_at=datetime(2027, 1, 2, 3, tzinfo=UTC),
                user_id="sys", acting_for="", event_type="AnnualBudget.Disbursed",
                aggregate_id=ID["bA"]),
            row(audit, position=3, recorded_at=datetime(2027, 1, 3, 3, tzinfo=UTC),
                user_id="sys", acting_for="", event_type="LocalAuthority.Renamed",
                aggregate_id=str(authority_id("A"))),
            row(audit, position=4, recorded_at=datetime(2027, 1, 4, 3, tzinfo=UTC),
                user_id="fb", acting_for="B", event_type="Project.Planned", aggregate_id=ID["p4"]),
        ],
    )  # fmt: skip


def test_national_dashboard_sums_every_province_to_the_quarters_asked(views: Engine) -> None:
    with views.connect() as connection:
        whole = national_dashboard(connection, Filters(fiscal_year=FY))
        q2 = national_dashboard(connection, Filters(fiscal_year=FY, quarter=2))
    # the whole year: A 1.5m / 0.85m / 0.5m, B 2m / 1m / 1.5m, C 0.4m / 0.3m / 0.3m,
    # D 1m / 0.5m / 0.4m
    assert (whole.total.allocated, whole.total.obligated, whole.total.disbursed) == (
        D("4900000.00"), D("2650000.00"), D("2700000.00"),
    )  # fmt: skip
    assert whole.total.disbursed_percent == D("55.10")  # 2.7 / 4.9
    assert whole.total.target_percent == D(80)  # the year's end target when no quarter
    # by the end of Q2: C's Q3 spending and A's after-year payment are not counted yet
    assert (q2.total.obligated, q2.total.disbursed) == (D("2350000.00"), D("2350000.00"))
    assert q2.total.target_percent == D(45)
    provinces = {p.key: p for p in q2.by_province}
    assert provinces["50"].name == "เชียงใหม่"
    assert provinces["50"].progress.disbursed == D("1950000.00")  # 0.45m + 1.5m
    assert provinces["10"].progress.allocated == D("1000000.00")
    groups = {g.budget_group: g.progress for g in q2.by_group}
    assert groups["investment"].target_percent == D(25)  # its own, lower target
    assert groups["investment"].target_obligated_percent == D(60)
    assert groups["personnel"].target_percent == D(45)  # falls back to "all groups"
    types = {t.key: t for t in q2.by_lao_type}
    assert types["town_municipality"].progress.disbursed == D("0.00")
    assert types["sao"].name == "องค์การบริหารส่วนตำบล"
    curve = [(p.quarter, p.progress.disbursed) for p in whole.by_quarter]
    assert curve == [
        (1, D("100000.00")), (2, D("2350000.00")), (3, D("2650000.00")), (5, D("2700000.00")),
    ]  # fmt: skip
    assert [(s.stage, s.projects) for s in whole.stages] == [
        ("planned", 1),
        ("tor_set", 1),
        ("contract_signed", 1),
        ("paid", 1),
    ]  # fmt: skip  (legal order; the emptied "cancelled" sum is left out)


def test_filters_narrow_the_nation(views: Engine) -> None:
    with views.connect() as connection:
        towns = national_dashboard(
            connection, Filters(fiscal_year=FY, lao_type="town_municipality")
        )
        investment = national_dashboard(
            connection, Filters(fiscal_year=FY, quarter=2, budget_group="investment")
        )
    assert towns.total.allocated == D("400000.00")
    assert [p.key for p in towns.by_province] == ["50"]
    assert towns.stages == []
    assert investment.total.disbursed == D("2100000.00")  # A 0.2m, B 1.5m, D 0.4m
    assert investment.total.target_percent == D(25)
    assert [g.budget_group for g in investment.by_group] == ["investment"]


def test_province_dashboard_lists_its_laos_reports_and_inbox(views: Engine) -> None:
    with views.connect() as connection:
        board = province_dashboard(connection, "50", Filters(fiscal_year=FY, quarter=2))
    assert board.province_name == "เชียงใหม่"
    laos = {a.key: a for a in board.by_lao}
    assert set(laos) == {"A", "B", "C"}
    assert laos["B"].name == "อบต.บี"
    assert laos["B"].progress.disbursed_percent == D("75.00")
    assert laos["A"].progress.disbursed == D("450000.00")
    assert board.total.allocated == D("3900000.00")
    assert (board.reports.accepted, board.reports.submitted, board.awaiting_review) == (1, 2, 2)
    assert sum(s.projects for s in board.stages) == 4


def test_lao_dashboard_counts_stuck_projects_as_of_today(views: Engine) -> None:
    with views.connect() as connection:
        board = lao_dashboard(connection, "A", Filters(fiscal_year=FY), today=TODAY)
        strict = lao_dashboard(
            connection, "A", Filters(fiscal_year=FY), today=TODAY, stuck_days=200
        )
        alone = (queries.authority(connection, "A"), queries.reports_of(connection, "A", FY))
    assert board.authority.name_th == "อบต.เอ"
    assert (board.authority, board.reports) == alone  # as the LAO and its reports asked alone
    assert board.total.disbursed == D("500000.00")
    # P1 in TOR since 1 Nov (150 days): stuck; P2 paid (finished); P3 planned 30 days ago
    assert (board.projects, board.stuck_projects) == (3, 1)
    assert strict.stuck_projects == 0
    assert [(r.period, r.status, r.days_late) for r in board.reports] == [
        ("2570-Q1", "accepted", 5), ("2570-Q2", "submitted", 2),
    ]  # fmt: skip
    assert {(s.stage, s.projects) for s in board.stages} == {
        ("tor_set", 1), ("paid", 1), ("planned", 1),
    }  # fmt: skip


def test_projects_pages_and_stuck_first(views: Engine) -> None:
    with views.connect() as connection:
        first = projects(connection, Filters(fiscal_year=FY), PageRequest(limit=3), today=TODAY)
        rest = projects(connection, Filters(fiscal_year=FY), PageRequest(offset=3), today=TODAY)
        stuck = projects(
            connection, Filters(fiscal_year=FY), PageRequest(), today=TODAY, stuck_only=True
        )
        with pytest.raises(PagingError):
            projects(connection, Filters(fiscal_year=FY), PageRequest(limit=0))
    assert [p.code for p in first.items] == ["P1", "P2", "P3"]
    assert (first.total, [p.code for p in rest.items]) == (4, ["P4"])
    assert first.items[0].days_in_stage == 150
    # stuck: longest in its stage first; paid P2 never counts
    assert [(p.code, p.stuck) for p in stuck.items] == [("P1", True), ("P4", True)]


def test_a_stage_dated_after_today_is_never_a_negative_age(views: Engine) -> None:
    early = date(2026, 10, 2)  # before every project's stage date
    with views.connect() as connection:
        found = projects(connection, Filters(fiscal_year=FY), PageRequest(), today=early)
    assert found.items
    assert all(p.stage_entered_on > early for p in found.items)
    assert [p.days_in_stage for p in found.items] == [0] * len(found.items)
    assert not any(p.stuck for p in found.items)


def test_review_inbox_is_the_submitted_reports_oldest_first(views: Engine) -> None:
    with views.connect() as connection:
        everywhere = review_inbox(connection, None, PageRequest())
        chiang_mai = review_inbox(connection, "50", PageRequest())
    assert [(r.lao_code, r.period) for r in everywhere.items] == [
        ("D", "2570-Q1"), ("B", "2570-Q1"), ("A", "2570-Q2"),
    ]  # fmt: skip
    assert [r.lao_name for r in chiang_mai.items] == ["อบต.บี", "อบต.เอ"]
    assert chiang_mai.items[0].returns == 1


def test_peer_ranking_within_type_and_size(views: Engine) -> None:
    with views.connect() as connection:
        ranking = peer_ranking(connection, Filters(fiscal_year=FY), PageRequest(), today=TODAY)
        mine = peer_ranking(
            connection, Filters(fiscal_year=FY), PageRequest(), today=TODAY, lao_code="A"
        )
        chiang_mai = peer_ranking(
            connection, Filters(fiscal_year=FY, province_code="50"), PageRequest(), today=TODAY
        )
    ranked = {r.lao_code: r for r in ranking.items}
    # A, B and D are SAOs under 20m baht: peers. C is alone among towns.
    assert {r.lao_code: r.peers for r in ranking.items} == {"A": 3, "B": 3, "C": 1, "D": 3}
    # disbursed: B 75%, D 40%, A 33.33%
    assert [ranked[c].disbursement_rank for c in "BDA"] == [1, 2, 3]
    assert ranked["A"].disbursed_percent == D("33.33")
    # days late: D 3, A (5 + 2) / 2 = 3.5, B 20
    assert [ranked[c].timeliness_rank for c in "DAB"] == [1, 2, 3]
    assert ranked["A"].average_days_late == D("3.5")
    # stuck (more than 60 days in a stage by 31 Mar): A's P1, B's P4; D none
    assert (ranked["D"].stuck_rank, ranked["A"].stuck_rank, ranked["B"].stuck_rank) == (1, 2, 2)
    # overall: D 2+1+1 = 4, B 1+3+2 = 6, A 3+2+2 = 7
    assert [(ranked[c].rank) for c in "DBA"] == [1, 2, 3]
    assert [r.lao_code for r in mine.items] == ["A"]
    assert mine.items[0].peers == 3  # still ranked among all its peers
    assert {r.lao_code for r in chiang_mai.items} == {"A", "B", "C"}


def test_audit_log_search(views: Engine) -> None:
    with views.connect() as connection:
        everything = search_audit_log(connection, AuditSearch(), PageRequest())
        of_a = search_audit_log(connection, AuditSearch(lao_code="A"), PageRequest())
        by_fb = search_audit_log(connection, AuditSearch(user_id="fb"), PageRequest())
        window = search_audit_log(
            connection,
            AuditSearch(
                recorded_from=datetime(2027, 1, 2, tzinfo=UTC),
                recorded_until=datetime(2027, 1, 3, 3, tzinfo=UTC),
            ),
            PageRequest(),
        )
        kind = search_audit_log(
            connection, AuditSearch(event_type="Project.Planned"), PageRequest(limit=1)
        )
    assert [e.position for e in everything.items] == [4, 3, 2, 1]  # newest first
    assert [e.position for e in of_a.items] == [3, 2, 1]  # its authority, budget, project
    assert [e.position for e in by_fb.items] == [4]
    assert [e.position for e in window.items] == [2]
    assert (kind.total, [e.position for e in kind.items]) == (2, [4])
    assert everything.items[0].recorded_at == datetime(2027, 1, 4, 3, tzinfo=UTC)
