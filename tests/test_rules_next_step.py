"""The domain's pure rules a project's page shares with the Project aggregate: the step to
record next (the legal order of the method's steps) and whether an installment may take a
payment (inspected, and not yet paid in full)."""

from __future__ import annotations

from decimal import Decimal

from budget.domain.contract import open_for_payment
from budget.domain.procurement import (
    SMALL_PURCHASE,
    Method,
    Stage,
    next_step,
    open_steps,
    optional_steps,
    steps_for,
)

BIG = Decimal("1500000.00")
SMALL = Decimal("5000.00")  # a 5,000-baht purchase by the specific method


def test_the_tor_and_reference_price_come_before_the_procurement_report() -> None:
    """Regulation of the Ministry of Finance on Public Procurement B.E. 2560, cl. 21 then
    cl. 22 (the report states the reference price)."""
    for method in Method:
        path = steps_for(method)
        assert path.index(Stage.TOR_SET) < path.index(Stage.REPORT_APPROVED)
    assert list(Stage).index(Stage.TOR_SET) < list(Stage).index(Stage.REPORT_APPROVED)


def test_the_next_step_is_the_first_of_the_method_s_steps_not_reached() -> None:
    assert next_step(Method.E_BIDDING, BIG, set()) is Stage.PLAN_PUBLISHED
    published = {Stage.PLANNED, Stage.PLAN_PUBLISHED}
    assert next_step(Method.E_BIDDING, BIG, published) is Stage.TOR_SET
    assert next_step(Method.E_BIDDING, BIG, published | {Stage.TOR_SET}) is Stage.REPORT_APPROVED
    reached = {Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.REPORT_APPROVED, Stage.TOR_SET}
    assert next_step(Method.E_BIDDING, BIG, reached) is Stage.INVITATION_ANNOUNCED
    assert next_step(Method.SPECIFIC, BIG, reached) is Stage.BIDS_EVALUATED  # no invitation
    before_contract = set(steps_for(Method.SELECTION)) - {Stage.CONTRACT_SIGNED}
    assert next_step(Method.SELECTION, BIG, before_contract) is Stage.CONTRACT_SIGNED


def test_no_next_step_once_the_contract_is_signed_or_the_project_ended() -> None:
    signed = set(steps_for(Method.E_MARKET)) | {Stage.INSPECTED}
    assert next_step(Method.E_MARKET, BIG, signed) is None
    assert next_step(Method.E_MARKET, BIG, {Stage.PLAN_PUBLISHED}, ended=True) is None
    assert open_steps(Method.E_MARKET, BIG, {Stage.PLAN_PUBLISHED}, ended=True) == ()


def test_a_small_specific_purchase_may_skip_the_plan_the_tor_and_the_bids() -> None:
    """The small-purchase path (SmallPurchase): the simplified report stands for the TOR;
    the plan-publication exemption; skipping is allowed, never forced."""
    assert optional_steps(Method.SPECIFIC, SMALL) == {
        Stage.PLAN_PUBLISHED,
        Stage.TOR_SET,
        Stage.BIDS_EVALUATED,
    }
    assert open_steps(Method.SPECIFIC, SMALL, {Stage.PLANNED}) == (
        Stage.PLAN_PUBLISHED,
        Stage.TOR_SET,
        Stage.REPORT_APPROVED,
    )
    assert next_step(Method.SPECIFIC, SMALL, {Stage.PLANNED}) is Stage.REPORT_APPROVED
    reported = {Stage.PLANNED, Stage.REPORT_APPROVED}
    assert open_steps(Method.SPECIFIC, SMALL, reported) == (
        Stage.BIDS_EVALUATED,
        Stage.WINNER_ANNOUNCED,
    )
    # a step once passed is not offered again: the TOR after the report is not
    assert Stage.TOR_SET not in open_steps(Method.SPECIFIC, SMALL, reported)


def test_the_exemptions_follow_the_amounts_given_as_data() -> None:
    above_simplified = SMALL_PURCHASE.simplified_up_to + Decimal("0.01")
    assert optional_steps(Method.SPECIFIC, above_simplified) == {Stage.PLAN_PUBLISHED}
    above_plan = SMALL_PURCHASE.plan_exempt_up_to + Decimal("0.01")
    assert optional_steps(Method.SPECIFIC, above_plan) == frozenset()
    for method in set(Method) - {Method.SPECIFIC}:
        assert optional_steps(method, SMALL) == frozenset()


def test_a_history_in_the_old_order_sets_its_tor_after_its_report() -> None:
    """Recorded before the order was corrected: plan, report, and no TOR yet. The TOR
    cannot be skipped, so it is next, then the invitation."""
    old = {Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.REPORT_APPROVED}
    assert open_steps(Method.E_BIDDING, BIG, old) == (Stage.TOR_SET,)
    assert next_step(Method.E_BIDDING, BIG, old | {Stage.TOR_SET}) is (Stage.INVITATION_ANNOUNCED)


def test_an_installment_takes_a_payment_once_inspected_until_paid_in_full() -> None:
    amount = Decimal("700000.00")
    assert not open_for_payment(inspected=False, paid=Decimal("0.00"), amount=amount)
    assert open_for_payment(inspected=True, paid=Decimal("0.00"), amount=amount)
    assert open_for_payment(inspected=True, paid=Decimal("650000.00"), amount=amount)
    assert not open_for_payment(inspected=True, paid=amount, amount=amount)
