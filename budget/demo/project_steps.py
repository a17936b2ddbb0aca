"""One project's steps, from planning to its outcome, on dates that keep the rules.

Steps come in the legal order with non-decreasing dates; e-bidding has its
public hearing, selection invites at least three firms, the contract is signed
after the appeal window, installments add up to the contract, payments follow
their inspection. Projects that stop before the contract are placed late in
the year ('in procurement now' or stuck), the others early.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

import msgspec

from budget.application.commands import (
    AmendContract,
    BidsEvaluated,
    CancelProject,
    CloseProject,
    CorrectPayment,
    CorrectStageDate,
    InspectInstallment,
    InstallmentIn,
    InvitationAnnounced,
    PayAdvance,
    PlanProject,
    PlanPublished,
    RecordPayment,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.demo import contract_money
from budget.demo.catalog import (
    CANCEL_REASONS,
    PAYMENT_TYPO_REASON,
    STAGE_DATE_REASON,
)
from budget.demo.draw import days_after, firm, percent_of, split, tax_id, working_day
from budget.demo.specs import ProjectSpec
from budget.demo.steps import LaoContext, ProjectSteps, Step
from budget.domain.calendar import appeal_window_end
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.ids import project_id
from budget.domain.money import SATANG, ZERO
from budget.domain.procurement import (
    Method,
    Stage,
    has_appeal_window,
    needs_public_hearing,
    optional_steps,
    steps_for,
)

S = Stage
M = Method
AFTER_CONTRACT = frozenset({S.CONTRACT_SIGNED, S.INSPECTED, S.PAID, S.CLOSED})
BIDDING_DAYS = {
    M.E_BIDDING: (12, 25),
    M.E_MARKET: (5, 10),
    M.PRICE_QUOTATION: (7, 14),
    M.SELECTION: (7, 14),
    M.SPECIFIC: (1, 5),
}
BIDS = {M.E_BIDDING: (2, 9), M.E_MARKET: (2, 6), M.PRICE_QUOTATION: (1, 4), M.SPECIFIC: (1, 1)}
PAYMENT_TYPO_PERCENT = 6
STAGE_DATE_TYPO_PERCENT = 4


class ProjectPlanner(ProjectSteps):
    """Plans one project; read `steps` after `plan()`."""

    def __init__(
        self,
        ctx: LaoContext,
        rng: Random,
        spec: ProjectSpec,
        line_code: str,
        planned_on: date,
        *,
        terms: bool = False,
    ) -> None:
        super().__init__(ctx, project_id(ctx.code, ctx.fiscal_year, spec.code), planned_on)
        self.rng = rng
        self.spec = spec
        self.line_code = line_code
        self.planned_on = planned_on
        self.dates: dict[Stage, date] = {}
        self.reference = spec.amount
        self.offer = spec.amount
        self.invited = 0
        self.bids = 1
        self.winner = ""
        self.contract: SignContract | None = None
        self.terms = terms  # an advance, retention and a fine (budget/demo/contract_money.py)
        self.installments: list[InstallmentIn] = []  # as last amended
        self.settlement: contract_money.Settlement | None = None

    @property
    def contract_on(self) -> date | None:
        return self.dates.get(S.CONTRACT_SIGNED)

    @property
    def saving(self) -> Decimal:
        """What the contract left on the line (เงินเหลือจ่าย)."""
        return self.spec.amount - self.contract.amount if self.contract else ZERO

    def _after(self, low: int, high: int) -> date:
        return days_after(self.rng, self.day, low, high)

    def plan(self) -> list[Step]:
        spec = self.spec
        self.act(
            PlanProject,
            self.planned_on,
            lao_code=self.ctx.code,
            fiscal_year=self.ctx.fiscal_year,
            code=spec.code,
            name=spec.name,
            line_code=self.line_code,
            method=spec.method,
            amount=spec.amount,
            method_reason=spec.method_reason,
        )
        if spec.outcome is S.PLANNED:
            return self.steps
        self.dates[S.PLAN_PUBLISHED] = self._after(1, 25)  # within 30 days of allocation
        self.procure(PlanPublished, self.dates[S.PLAN_PUBLISHED])
        if spec.outcome is S.PLAN_PUBLISHED:
            return self.steps
        cancel = self._cancel_point()
        if cancel == "planned":
            self.act(CancelProject, self._after(10, 60), reason=CANCEL_REASONS[cancel])
            return self.steps
        stop = spec.outcome if spec.outcome in steps_for(spec.method) else S.CONTRACT_SIGNED
        if cancel:
            stop = S.INVITATION_ANNOUNCED if cancel == "no_bids" else S.BIDS_EVALUATED
        self._procure_until(stop, late=spec.outcome not in AFTER_CONTRACT)
        if cancel:
            self.act(CancelProject, self._after(3, 20), reason=CANCEL_REASONS[cancel])
        elif self.contract is not None:
            self._deliver(self.contract)
        return self.steps

    def _cancel_point(self) -> str | None:
        if self.spec.outcome is not S.CANCELLED:
            return None
        options = ["planned", "over_budget"]
        if self.spec.method is not M.SPECIFIC:
            options.append("no_bids")
        return self.rng.choice(options)

    # -- procurement -------------------------------------------------------------

    def _procure_until(self, stop: Stage, *, late: bool) -> None:
        """The steps after the plan up to `stop`, in the regulation's order (the TOR and
        reference price before the report); a small purchase takes its simplified path
        (procurement.optional_steps: no TOR step, no evaluation of bids)."""
        stages = list(steps_for(self.spec.method))
        stages = stages[stages.index(S.TOR_SET) : stages.index(stop) + 1]
        skipped = optional_steps(self.spec.method, self.spec.amount) - {S.PLAN_PUBLISHED}
        stages = [stage for stage in stages if stage not in skipped]
        if not stages:
            return
        gaps = [self._gap(stage) for stage in stages]
        if late:  # reach the stop recently: procurement began long after the plan
            span = sum(gaps[1:]) + 20 + self.rng.randint(0, 45)
            latest = self.ctx.today - timedelta(days=span)
            gaps[0] = max(gaps[0], (latest - self.day).days)
        for index, (stage, gap) in enumerate(zip(stages, gaps, strict=True)):
            on = working_day(self.day + timedelta(days=gap))
            self._stage(stage, on)
            if index == 0:
                self._maybe_correct_published(on)

    def _gap(self, stage: Stage) -> int:
        method = self.spec.method
        low, high = {
            S.REPORT_APPROVED: (3, 20),
            S.TOR_SET: (8, 20) if method is M.E_BIDDING else (2, 10),
            S.INVITATION_ANNOUNCED: (2, 7),
            S.BIDS_EVALUATED: BIDDING_DAYS[method],
            S.WINNER_ANNOUNCED: (1, 5),
            S.CONTRACT_SIGNED: (1, 10),
        }[stage]
        return self.rng.randint(low, high)

    def _stage(self, stage: Stage, on: date) -> None:
        rng, spec = self.rng, self.spec
        if stage is S.REPORT_APPROVED:
            if S.TOR_SET not in self.dates:  # the simplified report states its own price
                self.reference = spec.amount
            self.procure(ReportApproved, on, estimate=spec.amount)
        elif stage is S.TOR_SET:
            self.reference = percent_of(spec.amount, rng.randint(94, 100))
            hearing = None
            if needs_public_hearing(spec.method, spec.amount):  # the drafts' hearing ended
                hearing = max(self.day, on - timedelta(days=rng.randint(1, 3)))
            self.procure(
                TermsSet, on, reference_price=self.reference, public_hearing_ended_on=hearing
            )
        elif stage is S.INVITATION_ANNOUNCED:
            self.invited = rng.randint(3, 6) if spec.method is M.SELECTION else 0
            self.procure(InvitationAnnounced, on, invited_firms=self.invited)
        elif stage is S.BIDS_EVALUATED:
            low, high = BIDS.get(spec.method, (1, self.invited))
            self.bids = rng.randint(low, high)
            self.procure(BidsEvaluated, on, bids_received=self.bids)
        elif stage is S.WINNER_ANNOUNCED:
            competitive = spec.method is not M.SPECIFIC and self.bids > 1
            low = 82 if competitive else 96
            self.offer = percent_of(self.reference, rng.randint(low, 99))
            self.winner = self._contractor()
            self.procure(WinnerAnnounced, on, winner=self.winner, offered_amount=self.offer)
        else:
            self._sign(on)
        self.dates.setdefault(stage, on)

    def _maybe_correct_published(self, report_on: date) -> None:
        if self.rng.randrange(100) >= STAGE_DATE_TYPO_PERCENT:
            return
        span = (report_on - self.planned_on).days
        corrected = self.planned_on + timedelta(days=self.rng.randint(0, span))
        if corrected != self.dates[S.PLAN_PUBLISHED]:
            self.act(
                CorrectStageDate,
                self._after(0, 3),
                stage=S.PLAN_PUBLISHED,
                corrected_date=corrected,
                reason=STAGE_DATE_REASON,
            )
            self.dates[S.PLAN_PUBLISHED] = corrected

    def _contractor(self) -> str:
        template = self.spec.template
        if template.contractor:
            return template.contractor
        return firm(self.rng, shop=self.spec.amount <= Decimal(100_000))

    def _sign(self, on: date) -> None:
        if has_appeal_window(self.spec.method):  # not inside the appeal window
            appeal_ends = appeal_window_end(self.dates[S.WINNER_ANNOUNCED])
            on = max(on, days_after(self.rng, appeal_ends, 1, 10))
        low, high = self.spec.template.installments
        count = self.rng.randint(low, high)
        if self.spec.outcome is S.INSPECTED:
            count = max(count, 2)
        elif self.spec.outcome in (S.PAID, S.CLOSED):  # 20 days apart, all before 'today'
            count = min(count, 1 + max(0, (self.ctx.today - on).days - 41) // 20)
        amounts = split(self.offer, [self.rng.randint(20, 40) for _ in range(count)])
        installments = [
            InstallmentIn(number=number, amount=amount, due_on=due, description=f"งวดที่ {number}")
            for number, (amount, due) in enumerate(
                zip(amounts, self._due_dates(on, count), strict=True), start=1
            )
        ]
        province = self.ctx.authority.province_code
        self.dates[S.CONTRACT_SIGNED] = on
        self.act(
            SignContract,
            on,
            number=f"{int(self.spec.code)}/{self.ctx.fiscal_year}",
            contractor=self.winner,
            contractor_tax_id=tax_id(
                self.rng, "0994000" if self.spec.template.contractor else f"0{province}5"
            ),
            amount=self.offer,
            installments=installments,
            terms=contract_money.DEMO_TERMS if self.terms else None,
        )
        signed = self.steps[-1].command
        assert isinstance(signed, SignContract)
        self.contract = signed
        self.installments = list(installments)
        if self.terms:
            self._advance_and_extension()

    def _advance_and_extension(self) -> None:
        """The advance paid against its guarantee, then the first installment's time
        extended by the executive (budget/demo/contract_money.py)."""
        paid = contract_money.advance(self.rng, self.offer, self.spec.code)
        self.act(
            PayAdvance,
            self._after(1, 4),
            amount=paid.amount,
            voucher=paid.voucher,
            guarantee=paid.guarantee,
        )
        self.installments = contract_money.extended(self.rng, self.installments)
        self.act(
            AmendContract,
            self._after(0, 2),
            kind=AmendmentKind.TIME_EXTENDED,
            installments=self.installments,
            approved_by=f"นายก{self.ctx.authority.name_th}",
            reason=contract_money.EXTENSION_REASON,
        )
        assert self.contract is not None
        amended = msgspec.structs.replace(self.contract, installments=self.installments)
        self.settlement = contract_money.Settlement(amended.contract(), paid.amount)

    def _due_dates(self, signed_on: date, count: int) -> list[date]:
        """When each installment is due, so the outcome is reached by 'today'.

        Paid or closed: every installment due early enough to be inspected and
        paid (and closed) before 'today', 20 days apart. Inspected: the first
        due soon, the others after 'today'. Contract signed: all after 'today'.
        """
        rng, outcome = self.rng, self.spec.outcome
        elapsed = (self.ctx.today - signed_on).days
        if outcome in (S.PAID, S.CLOSED):
            room = max(5, elapsed - (36 if outcome is S.CLOSED else 22))
            offsets = [room - 20 * n - rng.randint(0, 4) for n in reversed(range(count))]
        else:
            first = rng.randint(5, max(5, elapsed - 15))
            if outcome is not S.INSPECTED:
                first = max(15, elapsed + rng.randint(5, 40))
            offsets = [first]
            later = max(first, elapsed + rng.randint(10, 40))
            for _ in range(count - 1):
                later += rng.randint(20, 45)
                offsets.append(later)
        return [working_day(signed_on + timedelta(days=max(1, o))) for o in offsets]

    # -- delivery and payment ----------------------------------------------------

    def _deliver(self, contract: SignContract) -> None:
        for installment in self.installments or contract.installments:
            number = installment.number
            inspected_on = max(self.day, days_after(self.rng, installment.due_on, 0, 3))
            due = installment.amount
            delivered = None
            if self.settlement is not None:  # delivered late, the payment what is left
                if number == 1:
                    delivered = contract_money.delivered_late(self.rng, installment.due_on)
                    inspected_on = max(self.day, days_after(self.rng, delivered, 0, 2))
                due = self.settlement.payable(number, delivered or inspected_on)
            note = f"คณะกรรมการตรวจรับพัสดุตรวจรับงานงวดที่ {number} ถูกต้องครบถ้วน"
            self.act(
                InspectInstallment,
                inspected_on,
                installment=number,
                committee_note=note,
                delivered_on=delivered,
                events=1 if due == installment.amount else 2,  # and what it withheld
            )
            voucher = f"{self.spec.code}-{number}"  # numbered in date order by the plan
            typo = number == 1 and self.rng.randrange(100) < PAYMENT_TYPO_PERCENT
            amount = (due / 10).quantize(SATANG) if typo else due
            version = self.act(
                RecordPayment,
                self._after(2, 12),
                installment=number,
                amount=amount,
                voucher=voucher,
            )
            if typo:
                self.act(
                    CorrectPayment,
                    self._after(1, 6),
                    corrects_version=version,
                    amount=due,
                    reason=PAYMENT_TYPO_REASON,
                )
        if self.spec.outcome is S.CLOSED:
            self.act(CloseProject, self._after(3, 15))
