"""Commands of a budget's revenue (budget/domain/revenue.py): the ordinance's estimate by
category, revenue received (each receipt dated when it came) and a receipt's correction."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from budget.application.commands.base import Body, Command, Dated
from budget.application.fields import Code, FiscalYearBE, Money, Text, Version, check_once_each
from budget.domain.revenue import RevenueCategory


class EstimateLineIn(Body, kw_only=True, frozen=True):
    category: RevenueCategory
    amount: Money


class RevenueEstimateIn(Dated, kw_only=True, frozen=True):
    """ประมาณการรายรับ: the whole estimate, one amount per category (each once)."""

    estimates: Annotated[
        list[EstimateLineIn], msgspec.Meta(min_length=1, max_length=len(RevenueCategory))
    ]

    def __post_init__(self) -> None:
        super().__post_init__()
        check_once_each("estimates", [e.category for e in self.estimates], "a category")

    def by_category(self) -> dict[RevenueCategory, Decimal]:
        return {e.category: e.amount for e in self.estimates}


class EstimateRevenue(RevenueEstimateIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class RevenueIn(Dated, kw_only=True, frozen=True):
    """Revenue received on its business date, with the receipt's or the transfer letter's
    reference (each recorded once)."""

    category: RevenueCategory
    amount: Money
    reference: Code


class RecordRevenue(RevenueIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class RevenueCorrectionIn(Dated, kw_only=True, frozen=True):
    """The recorded receipt's right amount (0 voids it), with the reason."""

    amount: Money
    reason: Text


class CorrectRevenue(RevenueCorrectionIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE
    corrects_version: Version
