"""The words a person picks a workbook's choice by: each code's Thai name (the
validation list of a download, and what an import reads back as the code)."""

from __future__ import annotations

from enum import Enum

from budget.domain.budget_lines import CarryOverKind
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.contract_terms import FineBasis
from budget.domain.funding import FundingKind, UnusedGrant
from budget.domain.procurement import Method, Stage
from budget.domain.revenue import RevenueCategory
from budget.imports.sheets import END_CHOICES, LUMP_CHOICES, STEP_CHOICES, Column, codes_of

_END_LABELS = {
    "carry_over": "กันเงินไว้เบิกเหลื่อมปี",
    "cancel_carried": "ยกเลิกเงินกันที่เหลือ",
    "cancel": "ยกเลิกโครงการ",
    "close": "ปิดโครงการ",
}
_KIND_LABELS = {
    CarryOverKind.COMMITTED.value: "ก่อหนี้ผูกพันแล้ว",
    CarryOverKind.COUNCIL_APPROVED.value: "ยังไม่ก่อหนี้ ได้รับอนุมัติจากสภา",
}
_ENUMS: dict[tuple[str, ...], type[Enum]] = {
    codes_of(FundingKind): FundingKind,
    codes_of(UnusedGrant): UnusedGrant,
    codes_of(RevenueCategory): RevenueCategory,
    codes_of(Method): Method,
    codes_of(Programme): Programme,
    codes_of(BudgetGroup): BudgetGroup,
    codes_of(Category): Category,
}


def choice_labels(column: Column) -> dict[str, str]:
    """Each choice's code and the words a person picks it by (the Thai name)."""
    if column.choices == STEP_CHOICES:
        return {code: Stage(code).name_th for code in STEP_CHOICES}
    if column.choices == END_CHOICES:
        return dict(_END_LABELS)
    if column.choices == LUMP_CHOICES:
        return {"advance": "จ่ายเงินล่วงหน้า", "retention": "คืนเงินประกันผลงาน"}
    if column.choices == codes_of(FineBasis):
        return {
            FineBasis.UNDELIVERED.value: "ราคางวดที่ส่งมอบล่าช้า",
            FineBasis.WHOLE_WORK.value: "ราคางานทั้งหมด",
        }
    if column.choices == codes_of(CarryOverKind):
        return dict(_KIND_LABELS)
    kind = _ENUMS.get(column.choices)
    if kind is None:
        return {code: code for code in column.choices}
    return {str(member.value): str(member.name_th) for member in kind}  # type: ignore[attr-defined]


_BY_LABEL: dict[tuple[str, ...], dict[str, str]] = {}


def label_to_code(column: Column, text: str) -> str:
    """The code a cell names, by its code or its Thai name (else the text as it is)."""
    known = _BY_LABEL.get(column.choices)
    if known is None:
        labels = choice_labels(column)
        known = {" ".join(label.split()).casefold(): code for code, label in labels.items()}
        known.update({code.casefold(): code for code in labels})
        _BY_LABEL[column.choices] = known
    return known.get(" ".join(text.split()).casefold(), text)
