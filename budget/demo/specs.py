"""How big an LAO's budget is, which projects it runs, and the lines that hold them.

Sizes by type (baht): SAO 20–80 M, subdistrict municipality 30–120 M, town
150–500 M, city 800 M–3 B, PAO 500 M–2 B. Each project sits on its own line
(each investment item is a line of the ordinance); the rest of the budget is
shared over standing lines of the six budget groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from random import Random
from typing import Any

from budget.application.commands import LineIn
from budget.demo.catalog import (
    ACCOUNTS,
    PRICE_QUOTATION_REASON,
    PROJECTS,
    SELECTION_REASON,
    STANDING_LINES,
    VILLAGES,
    ProjectTemplate,
    WorkUnit,
)
from budget.demo.draw import baht_between, split
from budget.domain.authority_types import AuthorityType
from budget.domain.classification import BudgetGroup, Category
from budget.domain.money import total
from budget.domain.procurement import THRESHOLD_SPECIFIC, Method, Stage

T = AuthorityType
S = Stage
M = Method
MILLION = 1_000_000
TEN_THOUSAND = Decimal(10_000)

BUDGET_MILLIONS = {
    T.SAO: (20, 80),
    T.SUBDISTRICT_MUNICIPALITY: (30, 120),
    T.TOWN_MUNICIPALITY: (150, 500),
    T.CITY_MUNICIPALITY: (800, 3000),
    T.PAO: (500, 2000),
    T.PATTAYA: (2000, 3000),
    T.BMA: (80000, 90000),
}
# Projects relative to an SAO's, in quarters (an SAO: 4/4).
PROJECT_QUARTERS = {
    T.SAO: 4,
    T.SUBDISTRICT_MUNICIPALITY: 5,
    T.TOWN_MUNICIPALITY: 7,
    T.CITY_MUNICIPALITY: 10,
    T.PAO: 10,
    T.PATTAYA: 10,
    T.BMA: 10,
}
# How the money outside projects is shared: central, personnel, operating, subsidy, other.
GROUP_WEIGHTS = {
    T.SAO: (32, 42, 18, 7, 1),
    T.SUBDISTRICT_MUNICIPALITY: (26, 45, 20, 8, 1),
    T.TOWN_MUNICIPALITY: (16, 48, 26, 9, 1),
    T.CITY_MUNICIPALITY: (12, 48, 30, 9, 1),
    T.PAO: (8, 35, 30, 26, 1),
    T.PATTAYA: (12, 48, 30, 9, 1),
    T.BMA: (12, 48, 30, 9, 1),
}
STANDING_GROUPS = (
    BudgetGroup.CENTRAL,
    BudgetGroup.PERSONNEL,
    BudgetGroup.OPERATING,
    BudgetGroup.SUBSIDY,
    BudgetGroup.OTHER,
)
MAX_PROJECT_SHARE = 40  # percent of the budget that projects may take

# A realistic spread: some still planned, some mid-procurement, most contracted,
# some inspected, paid or closed, a few cancelled. Dealt like cards, so an LAO
# with at least 19 projects has every outcome and every method.
OUTCOME_DECK = (
    S.PLANNED,
    S.PLAN_PUBLISHED,
    S.REPORT_APPROVED,
    S.TOR_SET,
    S.INVITATION_ANNOUNCED,
    S.BIDS_EVALUATED,
    S.WINNER_ANNOUNCED,
    *(S.CONTRACT_SIGNED,) * 3,
    *(S.INSPECTED,) * 3,
    *(S.PAID,) * 2,
    *(S.CLOSED,) * 3,
    S.CANCELLED,
)
METHOD_DECK = (
    *(M.SPECIFIC,) * 8,
    *(M.E_BIDDING,) * 5,
    *(M.E_MARKET,) * 3,
    *(M.SELECTION,) * 2,
    M.PRICE_QUOTATION,
)


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """A project the LAO will run, and how far it gets by the demo's 'today'."""

    code: str
    name: str
    template: ProjectTemplate
    method: Method
    amount: Decimal
    method_reason: str
    outcome: Stage


def project_count(projects: int, authority_type: AuthorityType) -> int:
    return max(1, round(projects * PROJECT_QUARTERS[authority_type] / 4))


def budget_total(rng: Random, authority_type: AuthorityType) -> Decimal:
    low, high = BUDGET_MILLIONS[authority_type]
    return baht_between(rng, low * MILLION, high * MILLION, unit=10_000)


def deal(rng: Random, count: int) -> list[tuple[Stage, Method]]:
    """(outcome, method) pairs; an invitation is never paired with the specific method."""
    pairs: list[tuple[Stage, Method]] = []
    while len(pairs) < count:
        outcomes = list(OUTCOME_DECK)
        methods = list(METHOD_DECK)
        rng.shuffle(outcomes)
        rng.shuffle(methods)
        i = outcomes.index(S.INVITATION_ANNOUNCED)
        if methods[i] is M.SPECIFIC:
            j = next(k for k, m in enumerate(methods) if m is not M.SPECIFIC)
            methods[i], methods[j] = methods[j], methods[i]
        pairs.extend(zip(outcomes, methods, strict=True))
    return pairs[:count]


def amount_for(rng: Random, method: Method, template: ProjectTemplate, size: Decimal) -> Decimal:
    """A project budget that fits the method (MoF regulation thresholds)."""
    scale = int(size)
    if method is M.SPECIFIC:
        if template.reason:  # a specific case the law lists: any amount, reason recorded
            return baht_between(rng, 300_000, min(max(1_500_000, scale // 40), 10 * MILLION))
        return baht_between(rng, 20_000, int(THRESHOLD_SPECIFIC), unit=500)
    if method in (M.E_MARKET, M.PRICE_QUOTATION):
        return baht_between(rng, 520_000, min(5 * MILLION, 500_000 + scale // 20))
    if method is M.E_BIDDING:
        return baht_between(rng, 600_000, min(max(2 * MILLION, scale // 8), 120 * MILLION), 10_000)
    return baht_between(rng, 300_000, min(max(MILLION, scale // 12), 50 * MILLION), 10_000)


def method_reason(method: Method, template: ProjectTemplate) -> str:
    if method is M.PRICE_QUOTATION:
        return PRICE_QUOTATION_REASON
    if method is M.SELECTION:
        return SELECTION_REASON
    return template.reason if method is M.SPECIFIC else ""


def project_name(rng: Random, pattern: str) -> str:
    return pattern.format(village=rng.choice(VILLAGES), moo=rng.randint(1, 15))


def project_specs(rng: Random, count: int, size: Decimal) -> list[ProjectSpec]:
    specs = []
    for number, (outcome, method) in enumerate(deal(rng, count), start=1):
        template = rng.choice([t for t in PROJECTS if method in t.methods])
        specs.append(
            ProjectSpec(
                code=f"{number:03d}",
                name=project_name(rng, template.name),
                template=template,
                method=method,
                amount=amount_for(rng, method, template, size),
                method_reason=method_reason(method, template),
                outcome=outcome,
            )
        )
    return specs


def grown_total(size: Decimal, specs: list[ProjectSpec]) -> Decimal:
    """The budget, grown if its projects would take more than their share of it."""
    least = total(s.amount for s in specs) * 100 / MAX_PROJECT_SHARE
    if least <= size:
        return size
    return (least / TEN_THOUSAND).quantize(Decimal(1), rounding=ROUND_UP) * TEN_THOUSAND


class LineCodes:
    """`<work unit>-<account>-<item>`, items numbered per work unit and account."""

    def __init__(self) -> None:
        self._used: dict[str, int] = {}

    def next(self, unit_code: str, account: str) -> str:
        key = f"{unit_code}-{account}"
        self._used[key] = self._used.get(key, 0) + 1
        return f"{key}-{self._used[key]:02d}"

    def line(
        self, unit: WorkUnit, category: Category, description: str, amount: Decimal, **source: Any
    ) -> LineIn:
        """A new line of `unit` for `category`, under the next free code (`source`: where
        its money comes from, when not the LAO's own)."""
        return LineIn(
            code=self.next(unit.code, ACCOUNTS[category]),
            programme=unit.programme,
            work_unit=unit.name,
            budget_group=category.group,
            category=category,
            description=description,
            amount=amount,
            **source,
        )


def budget_lines(
    rng: Random,
    authority_type: AuthorityType,
    size: Decimal,
    specs: list[ProjectSpec],
    codes: LineCodes,
) -> tuple[list[LineIn], dict[str, str]]:
    """The ordinance's lines, and the line of each project (by project code)."""
    lines: list[LineIn] = []
    line_of: dict[str, str] = {}
    for spec in specs:
        line = codes.line(spec.template.unit, spec.template.category, spec.name, spec.amount)
        line_of[spec.code] = line.code
        lines.append(line)
    rest = size - total(s.amount for s in specs)
    weights = [w * rng.randint(80, 120) for w in GROUP_WEIGHTS[authority_type]]
    for group, group_amount in zip(
        STANDING_GROUPS, split(rest, weights, TEN_THOUSAND), strict=True
    ):
        templates = [t for t in STANDING_LINES if t.category.group is group]
        amounts = split(group_amount, [t.weight * rng.randint(70, 130) for t in templates])
        lines += [
            codes.line(t.unit, t.category, t.description, amount)
            for t, amount in zip(templates, amounts, strict=True)
        ]
    return lines, line_of
