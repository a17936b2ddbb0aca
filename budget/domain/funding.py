"""Where a budget line's money comes from (แหล่งเงิน), and where its unused money goes.

An LAO spends four kinds of money, each on lines of its own:

- its own revenue and the general subsidy (รายได้ของ อปท. และเงินอุดหนุนทั่วไป): what the
  ordinance appropriates from the revenue it estimates (budget/domain/revenue.py);
- a specific grant (เงินอุดหนุนเฉพาะกิจ) from a grantor (a department or ministry), spent only
  on the item it was given for;
- accumulated funds (เงินสะสม), spent with the council's approval: MoI regulation on the
  receipt, disbursement, deposit, keeping and audit of LAO money B.E. 2566, ข้อ 97 ("an LAO
  may spend its accumulated funds with the local council's approval", condition (1): only
  on work within its powers that is equipment, land and construction); ข้อ 5 defines the
  funds as the money left of its receipts at each year's end. The clause was read from a
  published excerpt (its text was cut after condition (2)), so the budget groups it allows
  are data here (`ACCUMULATED_FUNDS_GROUPS`), not a constant inside a rule;
- borrowing (เงินกู้), with the council's approval. The Acts name loans among an LAO's
  revenue; the clauses on their approval were not confirmed against the current texts, so
  which kinds need a recorded council approval is data (`COUNCIL_APPROVED`).

A project spends the money of the line it is planned on, so its source is its line's.

What is left of a line when the year closes (or carried money past its deadline) lapses
(budget/domain/carry_over.py). Where it goes depends on the source (`UnusedGoesTo`):
the LAO's own money, its accumulated funds and a loan's money become accumulated funds;
a specific grant's unused money is returned to its grantor, or kept for the grant's
purpose into the next year where the grant's letter lets the LAO keep it (`UnusedGrant`).
No text of a regulation on specific grants' unused money could be confirmed (the grant
letters of DLA say it grant by grant), so the rule is data on each grant's source, with
returning it as the default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from budget.domain.classification import BudgetGroup
from budget.domain.errors import FundingNotAllowed
from budget.domain.money import ZERO
from budget.domain.values import ValueObject
from budget.domain.worded import Worded

if TYPE_CHECKING:
    from budget.domain.budget_lines import CouncilApproval
    from budget.domain.line_ledger import LineLedger


class FundingKind(Worded):
    OWN_REVENUE = "own_revenue", "รายได้ของ อปท. และเงินอุดหนุนทั่วไป"
    SPECIFIC_GRANT = "specific_grant", "เงินอุดหนุนเฉพาะกิจ"
    ACCUMULATED_FUNDS = "accumulated_funds", "เงินสะสม"
    BORROWING = "borrowing", "เงินกู้"


class UnusedGrant(Worded):
    """What a specific grant's letter says of its unused money."""

    RETURN = "return", "ส่งคืนผู้ให้เงินอุดหนุน"
    CARRY = "carry", "กันไว้ใช้ตามวัตถุประสงค์ในปีถัดไป"  # กันไว้ใช้ตามวัตถุประสงค์ของเงินอุดหนุนในปีถัดไป


class UnusedGoesTo(Worded):
    """Where a line's lapsed money goes, by its source."""

    ACCUMULATED_FUNDS = "accumulated_funds", "ตกเป็นเงินสะสม"
    GRANTOR = "grantor", "ส่งคืนผู้ให้เงินอุดหนุน"
    CARRIED = "carried", "กันไว้ตามวัตถุประสงค์ของเงินอุดหนุน"


# -- the rules as data (see the module's docstring for what could be confirmed) ----------

# sources spent only with a recorded council resolution
COUNCIL_APPROVED = frozenset({FundingKind.ACCUMULATED_FUNDS, FundingKind.BORROWING})
# ข้อ 97 (1): accumulated funds are spent on equipment, land and construction only
ACCUMULATED_FUNDS_GROUPS = frozenset({BudgetGroup.INVESTMENT})
# budget transfers (MoI budget regulation B.E. 2563 ข้อ 26-27) move the ordinance's own
# appropriations: a grant, accumulated funds or a loan is spent on what it was given for
TRANSFERABLE = frozenset({FundingKind.OWN_REVENUE})
# what the LAO may add as a line after its ordinance is enacted, outside the ordinance
# (its own money needs a supplementary ordinance instead)
OUTSIDE_THE_ORDINANCE = frozenset(
    {FundingKind.SPECIFIC_GRANT, FundingKind.ACCUMULATED_FUNDS, FundingKind.BORROWING}
)
DEFAULT_UNUSED_GRANT = UnusedGrant.RETURN


@dataclass(frozen=True, slots=True)
class FundingSource(ValueObject):
    """A line's source of money: its kind, a specific grant's grantor and what its letter
    says of the unused money, and the council's resolution where the kind needs one."""

    kind: FundingKind = FundingKind.OWN_REVENUE
    grantor: str = ""
    unused: UnusedGrant | None = None
    council_approval: CouncilApproval | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "grantor", self.grantor.strip())
        grant = self.kind is FundingKind.SPECIFIC_GRANT
        if grant and not self.grantor:
            raise FundingNotAllowed(
                problem="a specific grant names its grantor",
                problem_th="เงินอุดหนุนเฉพาะกิจต้องระบุหน่วยงานผู้ให้",
            )
        if not grant and (self.grantor or self.unused is not None):
            raise FundingNotAllowed(
                problem=f"only a specific grant has a grantor, not {self.kind.value}",
                problem_th=f"ระบุผู้ให้เงินอุดหนุนได้เฉพาะเงินอุดหนุนเฉพาะกิจ ไม่ใช่{self.kind.name_th}",
            )
        if grant and self.unused is None:
            object.__setattr__(self, "unused", DEFAULT_UNUSED_GRANT)
        needs_council = self.kind in COUNCIL_APPROVED
        if needs_council and self.council_approval is None:
            raise FundingNotAllowed(
                problem=f"{self.kind.value} is spent with the council's approval: "
                "give its resolution",
                problem_th=f"{self.kind.name_th}ต้องได้รับอนุมัติจากสภาท้องถิ่น ต้องระบุมติสภา",
            )
        if not needs_council and self.council_approval is not None:
            raise FundingNotAllowed(
                problem=f"a council resolution is recorded for accumulated funds or a loan, "
                f"not {self.kind.value}",
                problem_th=f"มติสภาบันทึกสำหรับเงินสะสมหรือเงินกู้ ไม่ใช่{self.kind.name_th}",
            )

    @property
    def unused_goes_to(self) -> UnusedGoesTo:
        if self.kind is not FundingKind.SPECIFIC_GRANT:
            return UnusedGoesTo.ACCUMULATED_FUNDS
        if self.unused is UnusedGrant.CARRY:
            return UnusedGoesTo.CARRIED
        return UnusedGoesTo.GRANTOR


OWN_REVENUE = FundingSource()


def check_line_funding(source: FundingSource, group: BudgetGroup) -> None:
    """Accumulated funds are spent on the budget groups ข้อ 97 (1) allows."""
    if source.kind is FundingKind.ACCUMULATED_FUNDS and group not in ACCUMULATED_FUNDS_GROUPS:
        raise FundingNotAllowed(
            problem=f"accumulated funds are spent on investment items only, not {group.value}",
            problem_th=f"เงินสะสมใช้จ่ายได้เฉพาะงบลงทุน ไม่ใช่{group.name_th}",
        )


def check_transferable(*sources: FundingSource) -> None:
    """A transfer moves the ordinance's own money only (ข้อ 26-27)."""
    for source in sources:
        if source.kind not in TRANSFERABLE:
            raise FundingNotAllowed(
                problem=f"money of {source.kind.value} is spent on what it was given for: "
                "it is not transferred",
                problem_th=f"{source.kind.name_th}ใช้ตามวัตถุประสงค์ที่ได้รับ โอนไปรายการอื่นไม่ได้",
            )


def check_outside_the_ordinance(source: FundingSource) -> None:
    """After enactment a line is added outside the ordinance for a grant, accumulated funds
    or a loan; the LAO's own money needs a supplementary ordinance."""
    if source.kind not in OUTSIDE_THE_ORDINANCE:
        raise FundingNotAllowed(
            problem="the LAO's own revenue is added by a supplementary budget",
            problem_th="เงินรายได้ของ อปท. เพิ่มได้ด้วยข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม",
        )


class SourceFigures(NamedTuple):
    """One kind of source's money in a budget, as its lines' ledgers hold it."""

    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal
    lapsed: Decimal


def figures_by_source(ledgers: Iterable[LineLedger]) -> dict[FundingKind, SourceFigures]:
    """Each kind of source's allocated, obligated, disbursed and lapsed money."""
    sums: dict[FundingKind, list[Decimal]] = {}
    for ledger in ledgers:
        found = sums.setdefault(ledger.line.source.kind, [ZERO, ZERO, ZERO, ZERO])
        for i, value in enumerate(
            (ledger.allocated, ledger.obligated, ledger.disbursed, ledger.lapsed)
        ):
            found[i] += value
    return {kind: SourceFigures(*sums[kind]) for kind in FundingKind if kind in sums}


def unused_by_destination(ledgers: Iterable[LineLedger]) -> dict[UnusedGoesTo, Decimal]:
    """The money that lapsed, by where it goes (accumulated funds, back to grantors,
    kept for a grant's purpose)."""
    found: dict[UnusedGoesTo, Decimal] = {}
    for ledger in ledgers:
        if ledger.lapsed:
            where = ledger.line.source.unused_goes_to
            found[where] = found.get(where, ZERO) + ledger.lapsed
    return found
