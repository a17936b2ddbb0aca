"""Use cases of a signed contract's money beyond its installments: the advance, the
retention returned, an amendment. Cash paid moves the budget's line (`disburse`); a
changed amount moves what the line holds for the contract (`amend_commitment`): the
project and its AnnualBudget are saved in one transaction, as a signing is."""

from __future__ import annotations

from budget.application.commands import AmendContract, PayAdvance, ReleaseRetention
from budget.application.handlers import handles
from budget.application.project_cases import ProjectCases
from budget.application.results import Recorded
from budget.domain.access import Actor


class ContractCases(ProjectCases):
    @handles(PayAdvance)
    def _pay_advance(self, c: PayAdvance, actor: Actor, expected: int | None) -> Recorded:
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        project.pay_advance(
            amount=c.amount, guarantee=c.guarantee.guarantee(), voucher=c.voucher, **by
        )
        assert project.advance is not None
        budget.disburse(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=project.advance.amount,
            **by,
        )
        return self.record(project, budget)

    @handles(ReleaseRetention)
    def _release_retention(
        self, c: ReleaseRetention, actor: Actor, expected: int | None
    ) -> Recorded:
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        released = project.release_retention(voucher=c.voucher, **by)
        budget.disburse(
            project_id=str(project.id), line_code=project.line_code, amount=released, **by
        )
        return self.record(project, budget)

    @handles(AmendContract)
    def _amend_contract(self, c: AmendContract, actor: Actor, expected: int | None) -> Recorded:
        """A changed amount is held on the line (the budget checks its money), else only
        the project changes."""
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        before = project.contract.amount if project.contract else None
        amended = project.amend_contract(
            kind=c.kind, installments=c.amended(), approved_by=c.approved_by, reason=c.reason, **by
        )
        if amended.amount == before:
            return self.record(project)
        budget.amend_commitment(
            project_id=str(project.id), line_code=project.line_code, amount=amended.amount, **by
        )
        return self.record(project, budget)
