"""Local authorities and user accounts."""

from __future__ import annotations

from datetime import date

import pytest

from budget.application.commands import (
    ChangeAuthorityType,
    DraftBudget,
    GrantRole,
    MergeAuthority,
    OpenAccount,
    RegisterAuthority,
    RenameAuthority,
    RevokeRole,
    SetTargets,
)
from budget.domain.access import Actor, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.errors import DomainError
from tests.builders import (
    ADMIN,
    AUDITOR,
    FINANCE,
    LAO,
    OTHER_LAO,
    enacted_office,
    memory_office,
    record,
)
from tests.builders import refused as refused_by


def test_an_lao_changes_type_and_history_keeps_the_old_one() -> None:
    office = memory_office()
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2020, 1, 1)), actor=ADMIN
    )
    office.execute(
        ChangeAuthorityType(
            code=LAO,
            new_type=AuthorityType.SUBDISTRICT_MUNICIPALITY,
            reason="ยกฐานะเป็นเทศบาลตำบล",
            business_date=date(2027, 1, 1),
        ),
        actor=ADMIN,
    )
    authority = office.authority(LAO)
    assert authority.type is AuthorityType.SUBDISTRICT_MUNICIPALITY
    assert office.as_of(authority.id, version=1, actor=AUDITOR).type is AuthorityType.SAO
    event = office.history(authority.id, actor=AUDITOR)[-1]
    assert event.details["old_type"] is AuthorityType.SAO
    assert event.business_date == date(2027, 1, 1)


def test_a_merged_lao_records_nothing_more() -> None:
    office = memory_office()
    office.execute(RegisterAuthority(authority=record()), actor=ADMIN)
    office.execute(RegisterAuthority(authority=record(OTHER_LAO)), actor=ADMIN)
    office.execute(MergeAuthority(code=LAO, into=OTHER_LAO), actor=ADMIN)
    with refused_by(office, "authority_merged"):
        office.execute(RenameAuthority(code=LAO, name_th="ใหม่", name_en="New"), actor=ADMIN)
    with refused_by(office, "authority_merged"):
        office.execute(
            DraftBudget(lao_code=LAO, fiscal_year=2570, lines=[]),
            actor=Actor("f", Role.LAO_FINANCE, LAO),
        )


def test_only_administrators_keep_the_registry() -> None:
    office = memory_office()
    with refused_by(office, "not_permitted"):
        office.execute(RegisterAuthority(authority=record()), actor=FINANCE)


def test_importing_the_same_list_twice_records_nothing_twice() -> None:
    from budget.registry import generate_authorities

    office = memory_office()
    records = generate_authorities(["58"])
    assert office.import_authorities(records, actor=ADMIN).new == len(records)
    position = office.recorder.max_notification_id()
    assert office.import_authorities(records, actor=ADMIN).new == 0
    assert office.recorder.max_notification_id() == position


def test_roles_are_granted_and_revoked_as_events() -> None:
    office = memory_office()
    office.execute(OpenAccount(username="Somchai", display_name="สมชาย ใจดี"), actor=ADMIN)
    with refused_by(office, "already_exists"):
        office.execute(OpenAccount(username="somchai", display_name="อีกคน"), actor=ADMIN)
    office.execute(
        GrantRole(username="somchai", role=Role.LAO_FINANCE, acting_for=LAO), actor=ADMIN
    )
    with refused_by(office, "role_already_granted"):
        office.execute(
            GrantRole(username="somchai", role=Role.LAO_FINANCE, acting_for=LAO), actor=ADMIN
        )
    with refused_by(office, "invalid_input"):
        office.execute(GrantRole(username="somchai", role=Role.LAO_EXECUTIVE), actor=ADMIN)
    account = office.account("somchai")
    assert account.actor_as(Role.LAO_FINANCE, LAO) == Actor("somchai", Role.LAO_FINANCE, LAO)
    office.execute(
        RevokeRole(username="somchai", role=Role.LAO_FINANCE, acting_for=LAO, reason="ย้ายไปสังกัดอื่น"),
        actor=ADMIN,
    )
    with pytest.raises(DomainError) as raised:
        office.account("somchai").actor_as(Role.LAO_FINANCE, LAO)
    assert raised.value.code == "role_not_granted"
    with refused_by(office, "role_not_granted"):
        office.execute(
            RevokeRole(username="somchai", role=Role.LAO_FINANCE, acting_for=LAO, reason="x"),
            actor=ADMIN,
        )


def test_targets_are_data_per_fiscal_year() -> None:
    from decimal import Decimal

    from budget.domain.classification import BudgetGroup
    from budget.domain.targets import Target

    office = enacted_office()
    targets = [
        Target(quarter=4, percent=Decimal(80)),
        Target(quarter=4, percent=Decimal(65), group=BudgetGroup.INVESTMENT),
    ]
    with refused_by(office, "not_permitted"):
        office.execute(
            SetTargets(fiscal_year=2570, targets=targets, source="มติ ครม."), actor=FINANCE
        )
    office.execute(
        SetTargets(fiscal_year=2570, targets=targets, source="มติ ครม. 2569"), actor=ADMIN
    )
    assert office.targets(2570) == targets
    assert office.targets(2571) == []
    with refused_by(office, "invalid_input"):
        office.execute(
            SetTargets(fiscal_year=2570, targets=[*targets, targets[0]], source="ซ้ำ"), actor=ADMIN
        )


def test_errors_speak_thai_and_english_with_a_stable_code() -> None:
    office = memory_office()
    with pytest.raises(DomainError) as raised:
        office.authority("99999999")
    error = raised.value
    assert error.code == "not_found"
    assert error.thai == "ไม่พบอปท. 99999999"
    assert error.english == "No LocalAuthority 99999999"
