"""People the law names above an LAO: who approves its budget ordinance, which district
office oversees it, and who reviews it where there is no provincial office.

The laws, as far as their texts could be checked (the tables below are the one place to
change when a text says otherwise):

- SAO (อบต.): the council passes the draft and the SAO's chief sends it to the district
  chief (นายอำเภอ), who approves it (Tambon Council and SAO Act B.E. 2537, s. 87,
  confirmed). The district chief oversees the SAOs of the district (the same Act, s. 90:
  not checked against its text here).
- Municipalities of every class (ทน., ทม., ทต.): the governor (ผู้ว่าราชการจังหวัด)
  approves the ordinance (Municipality Act B.E. 2496, s. 62, confirmed: a subdistrict
  municipality's ordinance is sent to the governor "under s. 62" and promulgated under
  s. 63). The district chief helps the governor oversee the subdistrict municipalities of
  the district (the same Act, s. 71: not checked against its text here); the town and
  city municipalities answer to the governor alone.
- PAO (อบจ.): the governor approves (PAO Act B.E. 2540, s. 63: the section number is not
  confirmed against its text here).
- Pattaya City (เมืองพัทยา): the Chonburi governor approves (Pattaya City Administration
  Act B.E. 2542; its section on the budget ordinance is not confirmed here). Pattaya lies
  in Bang Lamung district but answers to the governor, not to the district office.
- Bangkok (กทม.): no governor or district chief above it. The Bangkok council passes the
  ordinance and the Governor of Bangkok (ผู้ว่าราชการกรุงเทพมหานคร, BMA's own elected
  executive) signs it (Bangkok Metropolitan Administration Act B.E. 2528; section not
  confirmed here). Bangkok is divided into khet, BMA's own offices, not districts (อำเภอ)
  with a district chief, and has no provincial office for local administration (สถจ.):
  DLA reviews the BMA's progress reports (our choice, see access.py), as the Ministry of
  Interior oversees the BMA (the same Act).
"""

from __future__ import annotations

from budget.domain.authority_types import AuthorityType
from budget.domain.errors import InvalidInput, WrongOrdinanceApprover
from budget.domain.worded import Worded

BANGKOK = "10"  # the province code (geothai's, DOPA's) of Bangkok: the BMA's alone


class OrdinanceApprover(Worded):
    """Who approves (or, for Bangkok, signs) an LAO's budget ordinance after its council."""

    DISTRICT_CHIEF = "district_chief", "นายอำเภอ"
    GOVERNOR = "governor", "ผู้ว่าราชการจังหวัด"
    BMA_GOVERNOR = "bma_governor", "ผู้ว่าราชการกรุงเทพมหานคร"


# Who approves each type's ordinance (see the module's docstring for the sections).
ORDINANCE_APPROVER: dict[AuthorityType, OrdinanceApprover] = {
    AuthorityType.SAO: OrdinanceApprover.DISTRICT_CHIEF,  # SAO Act s. 87
    AuthorityType.SUBDISTRICT_MUNICIPALITY: OrdinanceApprover.GOVERNOR,  # Municipality Act s. 62
    AuthorityType.TOWN_MUNICIPALITY: OrdinanceApprover.GOVERNOR,  # Municipality Act s. 62
    AuthorityType.CITY_MUNICIPALITY: OrdinanceApprover.GOVERNOR,  # Municipality Act s. 62
    AuthorityType.PAO: OrdinanceApprover.GOVERNOR,  # PAO Act s. 63
    AuthorityType.PATTAYA: OrdinanceApprover.GOVERNOR,  # the Chonburi governor (Pattaya Act)
    AuthorityType.BMA: OrdinanceApprover.BMA_GOVERNOR,  # BMA Act: signed by its own governor
}

# The types a district office oversees in its district (SAO Act s. 90, Municipality Act
# s. 71): the others answer to the governor (or, Bangkok, to the ministry) directly.
DISTRICT_OVERSEEN = frozenset({AuthorityType.SAO, AuthorityType.SUBDISTRICT_MUNICIPALITY})


def ordinance_approver(lao_type: AuthorityType) -> OrdinanceApprover:
    """Who the law names to approve an ordinance of an LAO of this type."""
    return ORDINANCE_APPROVER[lao_type]


def check_ordinance_approver(lao_type: AuthorityType, approver: OrdinanceApprover) -> None:
    """Refuse an approver the law does not name for this type of LAO (an SAO's ordinance
    approved by a governor, a municipality's by a district chief, ...)."""
    lawful = ordinance_approver(lao_type)
    if approver is not lawful:
        raise WrongOrdinanceApprover(
            approver=approver.value,
            approver_th=approver.name_th,
            lao_type=lao_type.value,
            lao_type_th=lao_type.name_th,
            lawful=lawful.value,
            lawful_th=lawful.name_th,
        )


def overseeing_district(lao_type: AuthorityType, district_code: str) -> str:
    """The district whose office oversees an LAO of this type registered in this district
    ("" when none does: a PAO, a town or city municipality, Pattaya, the BMA, or an LAO the
    registry places in no district yet)."""
    return district_code if lao_type in DISTRICT_OVERSEEN else ""


def check_district_code(code: str) -> None:
    """A district office's scope: a district code (4 digits, its province's 2 first), never
    in Bangkok (its khet are the BMA's own offices, with no district chief)."""
    if len(code) != 4 or not code.isdigit():
        raise InvalidInput(
            problem=f"a district office acts for a district code of 4 digits, not {code!r}",
            problem_th=f"สำนักงานท้องถิ่นอำเภอต้องระบุรหัสอำเภอ 4 หลัก ไม่ใช่ {code!r}",
        )
    if code.startswith(BANGKOK):
        raise InvalidInput(
            problem="Bangkok has no districts with a district chief: DLA oversees the BMA",
            problem_th="กรุงเทพมหานครไม่มีอำเภอและนายอำเภอ กสถ. กำกับดูแล กทม.",
        )


def has_provincial_office(province_code: str) -> bool:
    """Every province has a provincial office for local administration (สถจ.) but Bangkok."""
    return province_code != BANGKOK


def check_provincial_office(province_code: str) -> None:
    """A provincial reviewer's scope: a province with a provincial office (สถจ.), which
    Bangkok has not."""
    if not has_provincial_office(province_code):
        raise InvalidInput(
            problem="Bangkok has no provincial office for local administration: DLA reviews "
            "the BMA",
            problem_th="กรุงเทพมหานครไม่มีสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด กสถ. ตรวจรายงานของ กทม.",
        )


def check_district_of(lao_type: AuthorityType, province_code: str, district_code: str) -> None:
    """Where the registry may place an LAO of this type: a PAO and the BMA in no district;
    any other in a district of its own province."""
    if lao_type in (AuthorityType.PAO, AuthorityType.BMA):
        raise InvalidInput(
            problem=f"a {lao_type.value} lies in no district",
            problem_th=f"{lao_type.name_th}ไม่อยู่ในอำเภอใด",
        )
    check_district_code(district_code)
    if not district_code.startswith(province_code):
        raise InvalidInput(
            problem=f"district {district_code} is not in province {province_code}",
            problem_th=f"อำเภอรหัส {district_code} ไม่อยู่ในจังหวัดรหัส {province_code}",
        )
