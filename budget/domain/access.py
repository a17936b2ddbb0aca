"""Who did it, and who may do what (DOMAIN.md, "Who uses the system").

Every event carries the :class:`Actor` that caused it. The application checks
:func:`authorize` before it lets an aggregate decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from budget.domain.errors import InvalidInput, NotPermitted
from budget.domain.values import ValueObject


class Role(Enum):
    LAO_FINANCE = "lao_finance"  # เจ้าหน้าที่การเงิน/กองคลัง: their own LAO
    LAO_EXECUTIVE = "lao_executive"  # นายก/ปลัด: their own LAO
    PROVINCIAL_REVIEWER = "provincial_reviewer"  # สถจ.: LAOs of their province
    DLA_EXECUTIVE = "dla_executive"  # กสถ.: nationwide
    AUDITOR = "auditor"  # สตง. / DLA audit division
    DLA_ADMINISTRATOR = "dla_administrator"  # keeps the registry, accounts and targets
    SYSTEM = "system"  # imports and the demo seeder
    # keys an LAO's own records into the system from a workbook, for that LAO; granted to
    # nobody: an import gives it to the importing person for the commands of one file
    BACKFILL = "backfill"

    @property
    def scope_kind(self) -> ScopeKind:
        return _SCOPE_KIND[self]


class ScopeKind(Enum):
    LAO = "lao"
    PROVINCE = "province"
    NATION = "nation"


class Action(Enum):
    ENTER_BUDGET = "enter_budget"
    APPROVE_TRANSFER = "approve_transfer"
    ENTER_PROJECT = "enter_project"
    PREPARE_REPORT = "prepare_report"
    SIGN_OFF_REPORT = "sign_off_report"
    SUBMIT_REPORT = "submit_report"
    REVIEW_REPORT = "review_report"
    READ = "read"
    READ_HISTORY = "read_history"
    MANAGE_REGISTRY = "manage_registry"
    MANAGE_ACCOUNTS = "manage_accounts"
    SET_TARGETS = "set_targets"
    IMPORT_WORKBOOK = "import_workbook"


_SCOPE_KIND = {
    Role.LAO_FINANCE: ScopeKind.LAO,
    Role.LAO_EXECUTIVE: ScopeKind.LAO,
    Role.PROVINCIAL_REVIEWER: ScopeKind.PROVINCE,
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
    Role.DLA_EXECUTIVE: frozenset({Action.READ, Action.SET_TARGETS}),
    Role.AUDITOR: frozenset({Action.READ, Action.READ_HISTORY}),
    Role.DLA_ADMINISTRATOR: frozenset(
        {
            Action.MANAGE_REGISTRY,
            Action.MANAGE_ACCOUNTS,
            Action.SET_TARGETS,
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
    """Who did something: a user, in a role, acting for an LAO or province.

    `acting_for` is an LAO code for LAO roles, a province code for provincial
    reviewers, and empty for national roles. `source` says where the fact came from
    when it was not typed at a door: an imported workbook's cell (the import's id, the
    file's SHA-256, its sheet and row), so an auditor can trace a figure to it.
    """

    user_id: str
    role: Role
    acting_for: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.user_id.strip():
            raise InvalidInput(problem="an actor needs a user id")
        needs_scope = self.role.scope_kind is not ScopeKind.NATION
        if needs_scope and not self.acting_for:
            raise InvalidInput(problem=f"role {self.role.value} must act for an LAO or province")
        if not needs_scope and self.acting_for:
            raise InvalidInput(problem=f"role {self.role.value} acts nationwide, not for one place")

    @property
    def scope(self) -> str:
        return self.acting_for or "nation"


SYSTEM_ACTOR = Actor("system", Role.SYSTEM)


def may(actor: Actor, action: Action, *, lao: str = "", province: str = "") -> bool:
    if action not in PERMISSIONS[actor.role]:
        return False
    kind = actor.role.scope_kind
    if kind is ScopeKind.NATION:
        return True
    if kind is ScopeKind.PROVINCE:
        return bool(province) and actor.acting_for == province
    return bool(lao) and actor.acting_for == lao


def authorize(actor: Actor, action: Action, *, lao: str = "", province: str = "") -> None:
    """Raise NotPermitted unless the actor's role and scope allow the action."""
    if not may(actor, action, lao=lao, province=province):
        raise NotPermitted(
            user=actor.user_id,
            role=actor.role.value,
            action=action.value,
            scope=lao or province or "the nation",
        )
