"""Thai words for the codes the views keep (stages, methods, groups, statuses, roles)."""

from __future__ import annotations

from enum import Enum

from budget.domain.authority_types import AuthorityType
from budget.domain.classification import BudgetGroup
from budget.domain.procurement import Method, Stage

REPORT_STATUS = {
    "draft": "ร่าง (ยังไม่ส่ง)",
    "submitted": "ส่งแล้ว รอตรวจ",
    "returned": "ส่งกลับให้แก้ไข",
    "accepted": "รับรายงานแล้ว",
}
REPORT_STEP = {
    "drafted": "จัดทำร่างรายงาน",
    "revised": "แก้ไขรายงาน",
    "signed_off": "ผู้บริหารลงนามรับรอง",
    "submitted": "ส่งรายงาน",
    "resubmitted": "ส่งรายงานอีกครั้ง",
    "returned": "ส่งกลับให้แก้ไข",
    "accepted": "รับรายงาน",
}
METHOD_SHORT = {
    "e_market": "e-market",
    "e_bidding": "e-bidding",
    "price_quotation": "สอบราคา",
    "selection": "คัดเลือก",
    "specific": "เฉพาะเจาะจง",
}
ROLE = {
    "lao_finance": "เจ้าหน้าที่การเงิน",
    "lao_executive": "ผู้บริหารท้องถิ่น",
    "provincial_reviewer": "สถจ. (ผู้ตรวจรายงาน)",
    "dla_executive": "ผู้บริหาร สถ.",
    "auditor": "ผู้ตรวจสอบ",
    "dla_administrator": "ผู้ดูแลระบบ สถ.",
    "system": "ระบบ",
}


def _name(kind: type[Enum], value: str) -> str:
    try:
        name: str = kind(value).name_th  # type: ignore[attr-defined]
    except ValueError:
        return value
    return name


def stage_name(value: str) -> str:
    return _name(Stage, value)


def method_name(value: str) -> str:
    return _name(Method, value)


def method_short(value: str) -> str:
    """The method as a table's narrow column prints it (e-bidding, สอบราคา, ...)."""
    return METHOD_SHORT.get(value, method_name(value))


def group_name(value: str) -> str:
    return _name(BudgetGroup, value)


def type_name(value: str) -> str:
    return _name(AuthorityType, value)


def status_name(value: str) -> str:
    return REPORT_STATUS.get(value, value)


def step_name(value: str) -> str:
    return REPORT_STEP.get(value, value)


def role_name(value: str) -> str:
    return ROLE.get(value, value)
