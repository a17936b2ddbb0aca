"""How budget lines are classified (MoI regulation on LAO budgets, B.E. 2563).

ด้าน (sector) › แผนงาน (programme) › งาน (work unit) › งบ (budget group) ›
หมวด (category) › รายการ/โครงการ (item or project).
"""

from __future__ import annotations

from enum import Enum

from budget.domain.worded import Worded


class Sector(Enum):
    GENERAL_ADMINISTRATION = "general_administration"  # ด้านบริหารงานทั่วไป
    COMMUNITY_AND_SOCIAL = "community_and_social"  # ด้านบริการชุมชนและสังคม
    ECONOMIC = "economic"  # ด้านการเศรษฐกิจ
    OTHER = "other"  # ด้านการดำเนินงานอื่น


class Programme(Worded):
    """แผนงาน, with the five-digit code LAO budgets print beside it."""

    GENERAL_ADMINISTRATION = "00110", "บริหารงานทั่วไป"
    PUBLIC_ORDER = "00120", "การรักษาความสงบภายใน"
    EDUCATION = "00210", "การศึกษา"
    PUBLIC_HEALTH = "00220", "สาธารณสุข"
    SOCIAL_WELFARE = "00230", "สังคมสงเคราะห์"
    HOUSING_AND_COMMUNITY = "00240", "เคหะและชุมชน"
    COMMUNITY_STRENGTHENING = "00250", "สร้างความเข้มแข็งของชุมชน"
    RELIGION_CULTURE_RECREATION = "00260", "การศาสนาวัฒนธรรมและนันทนาการ"
    INDUSTRY_AND_PUBLIC_WORKS = "00310", "อุตสาหกรรมและการโยธา"
    AGRICULTURE = "00320", "การเกษตร"
    COMMERCE = "00330", "การพาณิชย์"
    CENTRAL_FUND = "00410", "งบกลาง"

    @property
    def sector(self) -> Sector:
        return {
            "1": Sector.GENERAL_ADMINISTRATION,
            "2": Sector.COMMUNITY_AND_SOCIAL,
            "3": Sector.ECONOMIC,
            "4": Sector.OTHER,
        }[self.value[2]]


class BudgetGroup(Worded):
    """งบ."""

    CENTRAL = "central", "งบกลาง"
    PERSONNEL = "personnel", "งบบุคลากร"
    OPERATING = "operating", "งบดำเนินงาน"
    INVESTMENT = "investment", "งบลงทุน"
    SUBSIDY = "subsidy", "งบเงินอุดหนุน"
    OTHER = "other", "งบรายจ่ายอื่น"


class Category(Worded):
    """หมวด, each belonging to one budget group."""

    CENTRAL_FUND = "central_fund", "งบกลาง"
    SALARIES = "salaries", "เงินเดือน"  # เงินเดือน (ฝ่ายการเมือง/ฝ่ายประจำ)
    REMUNERATION = "remuneration", "ค่าตอบแทน"
    SERVICES = "services", "ค่าใช้สอย"
    MATERIALS = "materials", "ค่าวัสดุ"
    UTILITIES = "utilities", "ค่าสาธารณูปโภค"
    EQUIPMENT = "equipment", "ค่าครุภัณฑ์"
    LAND_AND_CONSTRUCTION = "land_and_construction", "ค่าที่ดินและสิ่งก่อสร้าง"
    SUBSIDIES = "subsidies", "เงินอุดหนุน"
    OTHER_EXPENDITURE = "other_expenditure", "รายจ่ายอื่น"

    @property
    def group(self) -> BudgetGroup:
        return _CATEGORY_GROUP[self]


_CATEGORY_GROUP = {
    Category.CENTRAL_FUND: BudgetGroup.CENTRAL,
    Category.SALARIES: BudgetGroup.PERSONNEL,
    Category.REMUNERATION: BudgetGroup.OPERATING,
    Category.SERVICES: BudgetGroup.OPERATING,
    Category.MATERIALS: BudgetGroup.OPERATING,
    Category.UTILITIES: BudgetGroup.OPERATING,
    Category.EQUIPMENT: BudgetGroup.INVESTMENT,
    Category.LAND_AND_CONSTRUCTION: BudgetGroup.INVESTMENT,
    Category.SUBSIDIES: BudgetGroup.SUBSIDY,
    Category.OTHER_EXPENDITURE: BudgetGroup.OTHER,
}
