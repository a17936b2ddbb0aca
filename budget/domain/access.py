"""Who did it, and who may do what (DOMAIN.md, "Who uses the system").

Every event carries the :class:`Actor` that caused it. The application checks
:func:`authorize` before it lets an aggregate decide.

Beside DOMAIN.md's roles, the district office (สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ,
the district chief's office for local administration) reads the LAOs its district
oversees (budget/domain/oversight.py: the SAOs and subdistrict municipalities of the
district, SAO Act B.E. 2537 s. 90, Municipality Act B.E. 2496 s. 71). It reads and does
not review: DOMAIN.md gives the review of a progress report to the provincial office, and
one report has one reviewer. Bangkok has no provincial office: DLA's executive reviews the
BMA's reports (and only the BMA's).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from budget.domain.checks import check_given
from budget.domain.errors import DomainError, InvalidInput, NotPermitted
from budget.domain.oversight import BANGKOK, check_district_code, check_provincial_office
from budget.domain.values import ValueObject
from budget.domain.worded import Worded


class Role(Worded):
    LAO_FINANCE = "lao_finance", "เจ้าหน้าที่การเงิน อปท."  # เจ้าหน้าที่การเงิน/กองคลัง: their own LAO
    LAO_EXECUTIVE = "lao_executive", "ผู้บริหาร อปท."  # นายก/ปลัด: their own LAO
    PROVINCIAL_REVIEWER = "provincial_reviewer", "ผู้ตรวจรายงาน สถจ."  # สถจ.: LAOs of their province
    # สถอ./นายอำเภอ: the LAOs their district oversees
    DISTRICT_OFFICE = "district_office", "ท้องถิ่นอำเภอ"
    DLA_EXECUTIVE = "dla_executive", "ผู้บริหาร กสถ."  # กสถ.: nationwide
    AUDITOR = "auditor", "ผู้ตรวจสอบ"  # สตง. / DLA audit division
    # keeps the registry, accounts and targets
    DLA_ADMINISTRATOR = "dla_administrator", "ผู้ดูแลระบบ กสถ."
    SYSTEM = "system", "ระบบ"  # imports and the demo seeder
    # keys an LAO's own records into the system from a workbook, for that LAO; granted to
    # nobody: an import gives it to the importing person for the commands of one file
    BACKFILL = "backfill", "บันทึกย้อนหลังจากไฟล์"

    @property
    def scope_kind(self) -> ScopeKind:
        return _SCOPE_KIND[self]


class ScopeKind(Enum):
    LAO = "lao"
    PROVINCE = "province"
    DISTRICT = "district"
    NATION = "nation"


class Action(Worded):
    ENTER_BUDGET = "enter_budget", "บันทึกงบประมาณ"
    APPROVE_TRANSFER = "approve_transfer", "อนุมัติการโอนงบประมาณ"
    ENTER_PROJECT = "enter_project", "บันทึกโครงการ"
    PREPARE_REPORT = "prepare_report", "จัดทำรายงาน"
    SIGN_OFF_REPORT = "sign_off_report", "ลงนามรับรองรายงาน"
    SUBMIT_REPORT = "submit_report", "ส่งรายงาน"
    REVIEW_REPORT = "review_report", "ตรวจรายงาน"
    READ = "read", "ดูข้อมูล"
    READ_HISTORY = "read_history", "ดูประวัติการบันทึก"
    MANAGE_REGISTRY = "manage_registry", "จัดการทะเบียน อปท."
    MANAGE_ACCOUNTS = "manage_accounts", "จัดการบัญชีผู้ใช้"
    SET_TARGETS = "set_targets", "กำหนดเป้าหมายการเบิกจ่าย"
    MANAGE_CALENDAR = "manage_calendar", "กำหนดวันหยุดราชการและปฏิทินการรายงาน"
    IMPORT_WORKBOOK = "import_workbook", "นำเข้าไฟล์งบประมาณ"


# Where a refusal happened, when it is not an LAO's or a province's code.
ANY_RECORD = "any record"
EVERY_PROVINCE = "every province"
NATION = "the nation"
_SCOPE_TH = {ANY_RECORD: "ข้อมูลใด ๆ", EVERY_PROVINCE: "ทุกจังหวัด", NATION: "ทั้งประเทศ"}


_SCOPE_KIND = {
    Role.LAO_FINANCE: ScopeKind.LAO,
    Role.LAO_EXECUTIVE: ScopeKind.LAO,
    Role.PROVINCIAL_REVIEWER: ScopeKind.PROVINCE,
    Role.DISTRICT_OFFICE: ScopeKind.DISTRICT,
    Role.DLA_EXECUTIVE: ScopeKind.NATION,
    Role.AUDITOR: ScopeKind.NATION,
    Role.DLA_ADMINISTRATOR: ScopeKind.NATION,
    Role.SYSTEM: ScopeKind.NATION,
    Role.BACKFILL: ScopeKind.LAO,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.LAO_FINANCE: frozenset(
        {
            Action.ENTER_BUDGET,
            Action.ENTER_PROJECT,
            Action.PREPARE_REPORT,
            Action.SUBMIT_REPORT,
            Action.READ,
            Action.IMPORT_WORKBOOK,
        }
    ),
    Role.LAO_EXECUTIVE: frozenset(
        {Action.APPROVE_TRANSFER, Action.SIGN_OFF_REPORT, Action.READ, Action.PREPARE_REPORT}
    ),
    Role.PROVINCIAL_REVIEWER: frozenset({Action.REVIEW_REPORT, Action.READ}),
    Role.DISTRICT_OFFICE: frozenset({Action.READ}),
    # reviews reports only where no provincial office does: the BMA's (see may)
    Role.DLA_EXECUTIVE: frozenset({Action.READ, Action.SET_TARGETS, Action.REVIEW_REPORT}),
    Role.AUDITOR: frozenset({Action.READ, Action.READ_HISTORY}),
    Role.DLA_ADMINISTRATOR: frozenset(
        {
            Action.MANAGE_REGISTRY,
            Action.MANAGE_ACCOUNTS,
            Action.SET_TARGETS,
            Action.MANAGE_CALENDAR,
            Action.READ,
            Action.IMPORT_WORKBOOK,
        }
    ),
    Role.SYSTEM: frozenset(Action),
    # what an LAO's records hold: its budget and its changes (the executive's approvals
    # of transfers among them, as recorded then), its projects and their money
    Role.BACKFILL: frozenset(
        {Action.ENTER_BUDGET, Action.APPROVE_TRANSFER, Action.ENTER_PROJECT, Action.READ}
    ),
}
GRANTABLE = frozenset(set(Role) - {Role.SYSTEM, Role.BACKFILL})


@dataclass(frozen=True, slots=True)
class Actor(ValueObject):
    """Who did something: a user, in a role, acting for an LAO, province or district, and
    what they said about it.

    `acting_for` is an LAO code for LAO roles, a province code for provincial
    reviewers, a district code for district offices, and empty for national roles.
    `source` says where the fact came from when it was not typed at a door: an imported
    workbook's cell (the import's id, the file's SHA-256, its sheet and row), so an
    auditor can trace a figure to it. `note` is why, in the person's words (one line,
    optional; a correction's required reason stays on its event): like `source` it rides
    on the actor because every event carries one, so every write keeps its note without a
    field on each event class, and events stored before either existed read back with "".
    """

    user_id: str
    role: Role
    acting_for: str = ""
    source: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        check_given(
            self.user_id, problem="an actor needs a user id", problem_th="ผู้ทำรายการต้องมีรหัสผู้ใช้"
        )
        needs_scope = self.role.scope_kind is not ScopeKind.NATION
        if needs_scope and not self.acting_for:
            raise InvalidInput(
                problem=f"role {self.role.value} must act for an LAO, province or district",
                problem_th=f"บทบาท{self.role.name_th}ต้องระบุ อปท. จังหวัด หรืออำเภอ",
            )
        if not needs_scope and self.acting_for:
            raise InvalidInput(
                problem=f"role {self.role.value} acts nationwide, not for one place",
                problem_th=f"บทบาท{self.role.name_th}ทำงานทั้งประเทศ ไม่ใช่เฉพาะพื้นที่",
            )
        if len(self.note) > NOTE_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in self.note):
            raise InvalidInput(
                problem=f"a note is one line of at most {NOTE_LENGTH} characters",
                problem_th=f"หมายเหตุต้องเป็นข้อความบรรทัดเดียว ไม่เกิน {NOTE_LENGTH} ตัวอักษร",
            )

    @property
    def scope(self) -> str:
        return self.acting_for or "nation"


NOTE_LENGTH = 500
SYSTEM_ACTOR = Actor("system", Role.SYSTEM)


def may(
    actor: Actor, action: Action, *, lao: str = "", province: str = "", district: str = ""
) -> bool:
    """Whether the actor's role and scope allow the action on a record of `lao` in
    `province`; `district` is the district whose office oversees that LAO ("" when none:
    budget.domain.oversight.overseeing_district), asked only of district offices."""
    if action not in PERMISSIONS[actor.role]:
        return False
    kind = actor.role.scope_kind
    if action is Action.REVIEW_REPORT and actor.role is not Role.SYSTEM:
        return _reviews(actor, province)
    if kind is ScopeKind.NATION:
        return True
    if kind is ScopeKind.PROVINCE:
        return bool(province) and actor.acting_for == province
    if kind is ScopeKind.DISTRICT:
        return bool(district) and actor.acting_for == district
    return bool(lao) and actor.acting_for == lao


def _reviews(actor: Actor, province: str) -> bool:
    """The office above an LAO reviews its reports: the provincial office (DOMAIN.md); in
    Bangkok, which has none (budget/domain/oversight.py), DLA's executive."""
    if province == BANGKOK:
        return actor.role is Role.DLA_EXECUTIVE
    return actor.role.scope_kind is ScopeKind.PROVINCE and actor.acting_for == province


def authorize(
    actor: Actor, action: Action, *, lao: str = "", province: str = "", district: str = ""
) -> None:
    """Raise NotPermitted unless the actor's role and scope allow the action."""
    if not may(actor, action, lao=lao, province=province, district=district):
        raise not_permitted(actor, action, lao=lao, province=province)


def check_grant_scope(role: Role, acting_for: str) -> None:
    """A grant names an office that exists in law: a district office a district outside
    Bangkok, a provincial reviewer a province with a provincial office (not Bangkok)."""
    Actor("grant", role, acting_for)  # the scope fits the role's kind
    if role is Role.DISTRICT_OFFICE:
        check_district_code(acting_for)
    if role is Role.PROVINCIAL_REVIEWER:
        check_provincial_office(acting_for)


def not_permitted(
    actor: Actor, action: Action, *, lao: str = "", province: str = "", where: str = NATION
) -> DomainError:
    """The refusal of `action` to `actor` for an LAO, a province or `where` (NATION,
    ANY_RECORD, EVERY_PROVINCE), in English and wholly in Thai."""
    if lao:
        scope, scope_th = lao, f"อปท. {lao}"
    elif province:
        scope, scope_th = province, f"จังหวัดรหัส {province}"
    else:
        scope, scope_th = where, _SCOPE_TH.get(where, where)
    return NotPermitted(
        user=actor.user_id,
        role=actor.role.value,
        role_th=actor.role.name_th,
        action=action.value,
        action_th=action.name_th,
        scope=scope,
        scope_th=scope_th,
    )
