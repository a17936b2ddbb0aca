"""The domain's pure rules a project's page shares with the Project aggregate: the step to
record next (the legal order of the method's steps) and whether an installment may take a
payment (inspected, and not yet paid in full)."""

from __future__ import annotations

from decimal import Decimal

from budget.domain.contract import open_for_payment
from budget.domain.procurement import Method, Stage, next_step, steps_for


def test_the_next_step_is_the_first_of_the_method_s_steps_not_reached() -> None:
    assert next_step(Method.E_BIDDING, set()) is Stage.PLAN_PUBLISHED
    assert next_step(Method.E_BIDDING, {Stage.PLANNED, Stage.PLAN_PUBLISHED}) is (
        Stage.REPORT_APPROVED
    )
    reached = {Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.REPORT_APPROVED, Stage.TOR_SET}
    assert next_step(Method.E_BIDDING, reached) is Stage.INVITATION_ANNOUNCED
    assert next_step(Method.SPECIFIC, reached) is Stage.BIDS_EVALUATED  # no invitation
    before_contract = set(steps_for(Method.SELECTION)) - {Stage.CONTRACT_SIGNED}
    assert next_step(Method.SELECTION, before_contract) is Stage.CONTRACT_SIGNED


def test_no_next_step_once_the_contract_is_signed_or_the_project_ended() -> None:
    signed = set(steps_for(Method.E_MARKET)) | {Stage.INSPECTED}
    assert next_step(Method.E_MARKET, signed) is None
    assert next_step(Method.E_MARKET, {Stage.PLAN_PUBLISHED}, ended=True) is None


def test_an_installment_takes_a_payment_once_inspected_until_paid_in_full() -> None:
    amount = Decimal("700000.00")
    assert not open_for_payment(inspected=False, paid=Decimal("0.00"), amount=amount)
    assert open_for_payment(inspected=True, paid=Decimal("0.00"), amount=amount)
    assert open_for_payment(inspected=True, paid=Decimal("650000.00"), amount=amount)
    assert not open_for_payment(inspected=True, paid=amount, amount=amount)
