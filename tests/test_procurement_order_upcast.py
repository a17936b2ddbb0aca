"""Histories stored in the old order (the procurement report before the TOR, the report
without a reference price: ProcurementReportApproved version 1) still load, replay and
project: the report's upcaster (budget/domain/project.py) reads them as version 2, and
the rules let such a project go on from where it stood. Events are written raw, as an
old store holds them, on every store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Engine, select

from budget.application import BudgetOffice
from budget.application.commands import (
    BidsEvaluated,
    InvitationAnnounced,
    PlanPublished,
    RecordProcurementStep,
    ReportApproved,
    TermsSet,
    WinnerAnnounced,
)
from budget.domain.procurement import Method, Stage
from budget.domain.project import Project
from budget.projections.follow import catch_up
from budget.projections.registry import all_projections
from budget.projections.tables import project_state
from budget.projections.verify import verify
from tests.builders import (
    FINANCE,
    enacted_office,
    inspect,
    pay,
    planned_project,
    procured_until_winner,
    refused,
    sign,
)
from tests.given_when_then import then_recorded, when

AMOUNT = Decimal("900000.00")  # two such projects fit on the line (2,000,000)
PRICE = Decimal("880000.00")
OCT_15 = date(2026, 10, 15)
OLD_REPORT = {"estimate", "actor", "business_date", "timestamp"}


def store_in_the_old_order(office: BudgetOffice, project_id: UUID) -> None:
    """Plan published 10 Oct, report 15 Oct (version 1: an estimate, no reference price),
    TOR and reference price 21 Oct: the order and the shape the first version recorded,
    written straight into the store."""
    project = office.project(project_id)
    on = {"actor": FINANCE}
    project._plan_published(business_date=date(2026, 10, 10), **on)
    project._report_approved(
        estimate=AMOUNT, reference_price=None, simplified=False,
        business_date=date(2026, 10, 15), **on,
    )  # fmt: skip
    project._terms_set(
        reference_price=AMOUNT, public_hearing_ended_on=date(2026, 10, 20),
        business_date=date(2026, 10, 21), **on,
    )  # fmt: skip
    stored = [office.mapper.to_stored_event(e) for e in project.collect_events()]
    report = stored[1]
    assert report.topic == "budget.domain.project:Project.ProcurementReportApproved"
    state: dict[str, Any] = office.mapper.transcoder.decode(report.state)
    old = {key: value for key, value in state.items() if key in OLD_REPORT}
    assert set(old) == OLD_REPORT  # no class_version, no reference_price, no simplified
    stored[1] = StoredEvent(
        originator_id=report.originator_id,
        originator_version=report.originator_version,
        topic=report.topic,
        state=office.mapper.transcoder.encode(old),
    )
    office.recorder.insert_events(stored)


def go_on_to_payment(office: BudgetOffice, project: UUID, *, old: bool) -> None:
    if old:  # the old history stopped at its TOR: the invitation is next
        for step in (
            InvitationAnnounced(invited_firms=3, business_date=date(2026, 10, 22)),
            BidsEvaluated(bids_received=3, business_date=date(2026, 11, 5)),
            WinnerAnnounced(
                winner="หจก. ทดสอบก่อสร้าง", offered_amount=AMOUNT, business_date=date(2026, 11, 6)
            ),
        ):
            office.execute(RecordProcurementStep(project_id=project, step=step), actor=FINANCE)
    else:
        procured_until_winner(office, project, offered=str(AMOUNT))
    sign(office, project, str(AMOUNT))
    inspect(office, project, 1, date(2027, 1, 20))
    pay(office, project, 1, "450000.00", on=date(2027, 1, 25))


def test_a_report_stored_before_its_tor_reads_as_version_2(office: BudgetOffice) -> None:
    enacted_office(office)
    project = planned_project(office, amount=str(AMOUNT))
    store_in_the_old_order(office, project)
    report = next(
        e for e in office.events.get(project) if isinstance(e, Project.ProcurementReportApproved)
    )
    assert (report.estimate, report.reference_price, report.simplified) == (AMOUNT, None, False)
    loaded = office.project(project)
    assert loaded.steps_done == [Stage.PLAN_PUBLISHED, Stage.REPORT_APPROVED, Stage.TOR_SET]
    assert loaded.stage is Stage.TOR_SET  # the last step recorded, as the views say
    assert loaded.next_step is Stage.INVITATION_ANNOUNCED
    assert loaded.version == 4


def test_an_old_order_history_goes_on_and_projects_to_the_same_figures(
    office: BudgetOffice, views: Engine
) -> None:
    """Two projects on one line: one stored in the old order, one recorded in the new,
    both to the first payment; their figures in the views are the same, and a rebuild of
    the views from the first event equals the live ones."""
    enacted_office(office)
    old = planned_project(office, code="P1", amount=str(AMOUNT))
    new = planned_project(office, code="P2", amount=str(AMOUNT))
    store_in_the_old_order(office, old)
    catch_up(office, views, all_projections(), batch_size=3)  # the views saw the old form
    go_on_to_payment(office, old, old=True)
    go_on_to_payment(office, new, old=False)
    assert office.project(old).paid == office.project(new).paid == Decimal("450000.00")
    catch_up(office, views, all_projections(), batch_size=3)
    figures = ("stage", "budget_amount", "contract_amount", "paid", "installments_total",
               "installments_inspected", "installments_paid")  # fmt: skip
    with views.connect() as connection:
        rows = {
            row.project_id: tuple(getattr(row, name) for name in figures)
            for row in connection.execute(select(project_state))
        }
    assert rows[str(old)] == rows[str(new)]
    assert rows[str(old)][0] == Stage.INSPECTED.value
    assert verify(office, views, lanes=False).equal


def record_step(office: BudgetOffice, project: UUID, made: Any) -> None:
    office.execute(RecordProcurementStep(project_id=project, step=made), actor=FINANCE)


def test_the_report_states_the_tors_reference_price_and_comes_after_it(
    office: BudgetOffice,
) -> None:
    """Regulation cl. 21 then cl. 22 (3): refused before the TOR, refused naming another
    price, and recorded stating the TOR's."""
    enacted_office(office)
    project = planned_project(office, amount=str(AMOUNT))
    record_step(office, project, PlanPublished(business_date=date(2026, 10, 10)))
    with refused(office, "stage_out_of_order", stage="report_approved", expected="tor_set"):
        record_step(office, project, ReportApproved(estimate=AMOUNT, business_date=OCT_15))
    with refused(office, "public_hearing_required"):
        record_step(office, project, TermsSet(reference_price=PRICE, business_date=OCT_15))
    record_step(
        office,
        project,
        TermsSet(reference_price=PRICE, public_hearing_ended_on=OCT_15, business_date=OCT_15),
    )
    with refused(office, "invalid_input"):
        record_step(
            office,
            project,
            ReportApproved(estimate=AMOUNT, reference_price=AMOUNT, business_date=OCT_15),
        )
    with when(office) as recorded:
        record_step(office, project, ReportApproved(estimate=AMOUNT, business_date=OCT_15))
    then_recorded(
        recorded,
        Project.ProcurementReportApproved,
        estimate=AMOUNT,
        reference_price=PRICE,
        simplified=False,
    )
    assert office.project(project).next_step is Stage.INVITATION_ANNOUNCED


def test_a_5000_baht_purchase_takes_the_simplified_path(office: BudgetOffice) -> None:
    """The specific method under the small-purchase amounts (procurement.SMALL_PURCHASE):
    no plan publication, no TOR step, no evaluation of bids; the simplified report states
    its own price; then the winner and the purchase order."""
    enacted_office(office)
    small = planned_project(
        office, code="S1", line_code="BRIDGE", method=Method.SPECIFIC, amount="5000.00"
    )
    with refused(office, "stage_out_of_order", stage="winner_announced"):
        record_step(office, small, WinnerAnnounced(winner="ร้าน ก", offered_amount=Decimal(5000),
                                                   business_date=OCT_15))  # fmt: skip
    with when(office) as recorded:
        record_step(office, small, ReportApproved(estimate=Decimal(5000), business_date=OCT_15))
    then_recorded(
        recorded,
        Project.ProcurementReportApproved,
        reference_price=Decimal("5000.00"),
        simplified=True,
    )
    assert office.project(small).open_steps == (Stage.BIDS_EVALUATED, Stage.WINNER_ANNOUNCED)
    with refused(office, "stage_out_of_order", stage="tor_set"):  # passed, not offered again
        record_step(office, small, TermsSet(reference_price=Decimal(5000), business_date=OCT_15))
    record_step(office, small, WinnerAnnounced(winner="ร้าน ก", offered_amount=Decimal(4900),
                                               business_date=OCT_15))  # fmt: skip
    assert office.project(small).next_step is Stage.CONTRACT_SIGNED
    assert office.project(small).steps_done == [Stage.REPORT_APPROVED, Stage.WINNER_ANNOUNCED]
