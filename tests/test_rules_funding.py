"""Where the money came from (issue 14, item 5): every budget line has a funding source
(budget/domain/funding.py) and every project spends its line's; a specific grant names its
grantor, accumulated funds and a loan the council's resolution; money outside the ordinance
is added as a line of its own after enactment; only the ordinance's own money is
transferred; a grant's unused money goes back to its grantor or is kept for its purpose,
as its letter says. Given/when/then on every store: allowed, and refused with nothing
recorded."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec

from budget.application import BudgetOffice
from budget.application.commands import DraftBudget, RegisterAuthority
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget import AnnualBudget
from budget.domain.classification import Category
from budget.domain.funding import (
    OWN_REVENUE,
    FundingKind,
    SourceFigures,
    UnusedGoesTo,
    UnusedGrant,
    figures_by_source,
    unused_by_destination,
)
from budget.domain.ids import budget_id
from tests.builders import (
    FY,
    LAO,
    close_year,
    enacted_office,
    inspect,
    line,
    pay,
    planned_project,
    procured_until_winner,
    record,
    refused,
    sign,
    supplement,
    transfer,
)
from tests.funding_world import (
    DLA,
    accumulated_line,
    add_funded,
    grant_line,
    office_with_sources,
)
from tests.given_when_then import then_recorded, when

ZERO = Decimal("0.00")


def budget_of(office: BudgetOffice) -> AnnualBudget:
    return office.budget(LAO, FY)


def draft(office: BudgetOffice, *lines: Any) -> None:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        DraftBudget(
            lao_code=LAO, fiscal_year=FY, lines=list(lines), business_date=date(2026, 8, 15)
        ),
        actor=SYSTEM_ACTOR,
    )


def test_each_line_keeps_its_source_and_a_project_spends_its_lines(office: BudgetOffice) -> None:
    office_with_sources(office)
    ledgers = budget_of(office).ledgers
    assert ledgers["ROAD"].line.source == OWN_REVENUE
    grant = ledgers["GRANT"].line.source
    assert (grant.kind, grant.grantor, grant.unused) == (
        FundingKind.SPECIFIC_GRANT,
        DLA,
        UnusedGrant.RETURN,  # the default: returned to the grantor
    )
    kept = ledgers["WELL"].line.source
    assert kept.kind is FundingKind.ACCUMULATED_FUNDS
    assert kept.council_approval is not None
    assert kept.council_approval.resolution == "มติสภา สมัยวิสามัญ 1/2569"
    project = planned_project(office, code="G1", line_code="GRANT", amount="700000.00")
    assert budget_of(office).ledger(office.project(project).line_code).line.source == grant


def test_a_specific_grant_without_its_grantor_is_refused(office: BudgetOffice) -> None:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    with refused(office, "funding_not_allowed", problem="a specific grant names its grantor"):
        office.execute(
            DraftBudget(
                lao_code=LAO,
                fiscal_year=FY,
                lines=[grant_line(grantor="  ")],
                business_date=date(2026, 8, 15),
            ),
            actor=SYSTEM_ACTOR,
        )


def test_accumulated_funds_need_the_councils_resolution_and_an_investment_item(
    office: BudgetOffice,
) -> None:
    """MoI regulation on LAO money B.E. 2566 ข้อ 97: with the council's approval (and (1):
    equipment, land and construction)."""
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )

    def drafting(*lines: Any) -> None:
        office.execute(
            DraftBudget(lao_code=LAO, fiscal_year=FY, lines=list(lines),
                        business_date=date(2026, 8, 15)),
            actor=SYSTEM_ACTOR,
        )  # fmt: skip

    with refused(office, "funding_not_allowed"):
        drafting(accumulated_line(resolution="", approved_on=None))
    with refused(
        office,
        "funding_not_allowed",
        problem="accumulated funds are spent on investment items only, not operating",
    ):
        drafting(accumulated_line(category=Category.MATERIALS))
    with refused(office, "funding_not_allowed"):  # a resolution on own money says nothing
        drafting(msgspec.structs.replace(accumulated_line(), source=FundingKind.OWN_REVENUE))
    with when(office) as recorded:
        drafting(accumulated_line())
    then_recorded(recorded, AnnualBudget.Drafted)  # type: ignore[attr-defined]


def test_money_outside_the_ordinance_is_added_as_a_line_of_its_own(office: BudgetOffice) -> None:
    enacted_office(office)
    with when(office) as recorded:
        add_funded(office, grant_line("G-ROAD", "900000.00", unused=UnusedGrant.CARRY))
    added = then_recorded(
        recorded,
        AnnualBudget.FundedLineAdded,  # type: ignore[attr-defined]
        reference="มท 0808.2/ว 1234",
        business_date=date(2026, 12, 10),
    )
    assert added.new_line.source.unused is UnusedGrant.CARRY
    ledger = budget_of(office).ledger("G-ROAD")
    assert (ledger.appropriated, ledger.supplementary, ledger.available) == (
        ZERO,
        Decimal("900000.00"),
        Decimal("900000.00"),
    )
    project = planned_project(office, code="G1", line_code="G-ROAD", amount="850000.00")
    assert office.project(project).amount == Decimal("850000.00")


def test_money_outside_the_ordinance_is_refused_where_it_does_not_belong(
    office: BudgetOffice,
) -> None:
    draft(office, line("ROAD", "2000000.00"))
    with refused(office, "budget_not_enacted"):  # a draft takes it as a line of the draft
        add_funded(office, grant_line())
    office_two = enacted_office()
    with refused(office_two, "funding_not_allowed"):  # own money: a supplementary budget
        add_funded(office_two, line("MORE", "100.00"))
    with refused(office_two, "duplicate_budget_line"):
        add_funded(office_two, grant_line("ROAD"))
    with refused(office_two, "invalid_input"):
        add_funded(office_two, grant_line(), reference="   ")
    with refused(office_two, "date_outside_fiscal_year"):
        add_funded(office_two, grant_line(), on=date(2027, 10, 2))


def test_a_loan_is_added_with_the_councils_resolution_and_stays_on_its_item(
    office: BudgetOffice,
) -> None:
    """Borrowing (เงินกู้) is spent with the council's approval, like accumulated funds
    (budget/domain/funding.py COUNCIL_APPROVED): without its resolution refused, nothing
    recorded; with it, a line of its own outside the ordinance, never transferred."""
    enacted_office(office)
    loan = msgspec.structs.replace(
        accumulated_line("LOAN", "3000000.00", resolution="มติสภา สมัยสามัญ 1/2570"),
        source=FundingKind.BORROWING,
    )
    with refused(office, "funding_not_allowed"):
        add_funded(
            office, msgspec.structs.replace(loan, source_resolution="", source_approved_on=None)
        )
    with when(office) as recorded:
        add_funded(office, loan, reference="สัญญากู้เงิน กสท. 12/2570")
    added = then_recorded(
        recorded,
        AnnualBudget.FundedLineAdded,  # type: ignore[attr-defined]
        reference="สัญญากู้เงิน กสท. 12/2570",
    )
    source = added.new_line.source
    assert source.kind is FundingKind.BORROWING
    assert source.council_approval.resolution == "มติสภา สมัยสามัญ 1/2570"
    assert budget_of(office).ledger("LOAN").available == Decimal("3000000.00")
    with refused(office, "funding_not_allowed"):
        transfer(office, "LOAN", "ROAD", "1000.00", on=date(2026, 12, 15))


def test_only_the_ordinances_own_money_is_transferred(office: BudgetOffice) -> None:
    """ข้อ 26-27 move appropriations: a grant, accumulated funds or a loan stays on the
    item it was given or approved for."""
    office_with_sources(office)
    for source, target in (("GRANT", "ROAD"), ("ROAD", "GRANT"), ("WELL", "BRIDGE")):
        with refused(office, "funding_not_allowed"):
            transfer(office, source, target, "1000.00")
    with refused(office, "funding_not_allowed"):
        transfer(
            office, "ROAD", "NEW", "1000.00", new_line=grant_line("NEW"),
            council_approval=None,
        )  # fmt: skip
    with when(office) as recorded:
        transfer(office, "SUPPLIES", "SERVICES", "1000.00")
    then_recorded(recorded, AnnualBudget.FundsTransferred, amount=Decimal("1000.00"))  # type: ignore[attr-defined]


def test_a_supplementary_budget_adds_own_money_only_to_own_lines(office: BudgetOffice) -> None:
    office_with_sources(office)
    with refused(office, "funding_not_allowed"):
        supplement(office, {"GRANT": "1000.00"})
    with when(office) as recorded:
        supplement(office, {"ROAD": "1000.00"}, new_lines=[grant_line("G2", "5000.00")])
    then_recorded(recorded, AnnualBudget.SupplementaryBudgetEnacted)  # type: ignore[attr-defined]
    assert budget_of(office).ledger("G2").line.source.grantor == DLA


def test_a_grants_unused_money_goes_back_or_is_kept_as_its_letter_says(
    office: BudgetOffice,
) -> None:
    """At the year's closing what was neither paid nor carried lapses, line by line: the
    LAO's own money (and its accumulated funds) to the accumulated funds; a grant's to its
    grantor, or kept for the grant's purpose where its letter says so. A grant project's
    saving lapses with its line."""
    office_with_sources(office)
    add_funded(office, grant_line("KEEP", "100000.00", unused=UnusedGrant.CARRY))
    project = planned_project(office, code="G1", line_code="GRANT", amount="800000.00")
    procured_until_winner(office, project, offered="750000.00")
    sign(office, project, "750000.00")
    inspect(office, project, 1, date(2027, 1, 20))
    inspect(office, project, 2, date(2027, 3, 20))
    pay(office, project, 1, "375000.00", on=date(2027, 1, 25))
    pay(office, project, 2, "375000.00", on=date(2027, 3, 25))
    close_year(office)
    budget = budget_of(office)
    assert budget.ledger("GRANT").lapsed == Decimal("50000.00")  # the contract's saving
    assert unused_by_destination(budget.ledgers.values()) == {
        UnusedGoesTo.GRANTOR: Decimal("50000.00"),
        UnusedGoesTo.CARRIED: Decimal("100000.00"),
        UnusedGoesTo.ACCUMULATED_FUNDS: sum(
            (
                budget.ledger(code).lapsed
                for code in ("ROAD", "BRIDGE", "EQUIP", "SUPPLIES", "SERVICES", "WELL")
            ),
            ZERO,
        ),
    }
    by_source = figures_by_source(budget.ledgers.values())
    assert by_source[FundingKind.SPECIFIC_GRANT] == SourceFigures(
        allocated=Decimal("900000.00"),
        obligated=Decimal("750000.00"),
        disbursed=Decimal("750000.00"),
        lapsed=Decimal("150000.00"),
    )
    assert by_source[FundingKind.ACCUMULATED_FUNDS].allocated == Decimal("450000.00")


def test_a_line_stored_before_lines_had_a_source_reads_as_own_revenue(
    office: BudgetOffice,
) -> None:
    """Drafted events stored by the first version hold lines without a `source`: they load
    as the LAO's own revenue (BudgetLine's default), never edited."""
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    store_a_draft_without_sources(office)
    budget = office.budget(LAO, FY)
    assert budget.ledger("ROAD").line.source == OWN_REVENUE
    assert budget.ledger("ROAD").line.amount == Decimal("2000000.00")


def store_a_draft_without_sources(office: BudgetOffice) -> None:
    """A Drafted event written raw, its lines as the first version stored them."""
    from eventsourcing.persistence import StoredEvent

    made = AnnualBudget.draft(
        lao_code=LAO,
        province_code="50",
        lao_type=record(LAO).type,
        fiscal_year=FY,
        lines=[
            line("ROAD", "2000000.00").line(),
            line("EQUIP", "300000.00", Category.EQUIPMENT).line(),
        ],
        actor=SYSTEM_ACTOR,
        business_date=date(2026, 8, 15),
    )
    stored = office.mapper.to_stored_event(made.collect_events()[0])
    assert made.id == budget_id(LAO, FY)
    state = json.loads(stored.state)
    for written in state["lines"]:
        del written["_data_"]["f"]["source"]  # as the first version wrote a line
    old = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
    assert b"FundingSource" not in old
    office.recorder.insert_events(
        [
            StoredEvent(
                originator_id=stored.originator_id,
                originator_version=stored.originator_version,
                topic=stored.topic,
                state=old,
            )
        ]
    )
