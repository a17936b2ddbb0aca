"""Every `detail_th` is wholly Thai (issue 13, item 10): the names of actions, roles,
scopes, statuses and stages come translated from the domain's one table, and after the
contract a step's refusal says what to do next."""

from __future__ import annotations

import re
from datetime import date

import pytest

from budget.application.commands import (
    DraftReport,
    InspectInstallment,
    PlanPublished,
    RecordProcurementStep,
    SubmitReport,
)
from budget.domain import errors
from budget.domain.access import Action, Role
from budget.domain.errors import DomainError, InvalidInput
from budget.domain.report import ReportStatus
from tests.builders import FINANCE, LAO, contracted_project, enacted_office
from tests.http_world import Api

LATIN = re.compile(r"[A-Za-z]{2,}")
# Words Thai officials write in Latin letters themselves.
ALLOWED = {"TOR", "bidding", "market"}
ENGLISH_KEYS = {"role", "action", "scope", "status", "stage", "problem", "state_en", "next_en"}


def english_words(text: str) -> set[str]:
    return set(LATIN.findall(text)) - ALLOWED


def domain_errors() -> list[type[DomainError]]:
    found = [v for v in vars(errors).values() if isinstance(v, type)]
    return [k for k in found if issubclass(k, DomainError) and k.code != "domain_error"]


@pytest.mark.parametrize("kind", domain_errors(), ids=lambda k: k.code)
def test_every_thai_template_is_thai_and_names_only_thai_values(kind: type[DomainError]) -> None:
    template = kind.message_th
    keys = set(re.findall(r"\{(\w+)", template))
    assert not keys & ENGLISH_KEYS, f"{kind.code}: give the Thai of {keys & ENGLISH_KEYS}"
    assert not english_words(re.sub(r"\{[^}]*\}", "", template))


def test_an_input_problem_without_its_thai_is_never_shown_in_english() -> None:
    error = InvalidInput(problem="something odd")
    assert not english_words(error.thai)
    assert error.english == "Invalid input: something odd"


def test_roles_actions_and_statuses_have_thai_names() -> None:
    for named in (*Role, *Action, *ReportStatus):
        assert named.name_th
        assert not english_words(named.name_th)


@pytest.mark.parametrize("store_url", ["memory"], indirect=True)
@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("clerk", "/api/dashboards/national?fiscal_year=2570"),
        ("clerk", "/api/authorities/75001030/projects?fiscal_year=2570"),
        ("reviewer", "/api/dashboards/provinces/51?fiscal_year=2570"),
        ("clerk", "/api/audit/log"),
    ],
)
def test_a_refused_read_is_wholly_thai(api: Api, user: str, path: str) -> None:
    response = api.get(path, user)
    assert response.status_code == 403, response.text
    thai = response.json()["detail_th"]
    assert not english_words(thai.replace(user, "")), thai


def test_a_report_refusal_names_its_status_in_thai() -> None:
    office = enacted_office()
    report = office.execute(
        DraftReport(lao_code=LAO, period="2570-M11", narrative="ตามแผน"), actor=FINANCE
    ).id
    with pytest.raises(DomainError) as raised:
        office.execute(SubmitReport(report_id=report), actor=FINANCE)
    assert raised.value.code == "report_status_conflict"
    assert not english_words(raised.value.thai), raised.value.thai
    assert "ผู้บริหารยังไม่ได้ลงนามรับรอง" in raised.value.thai


def test_after_the_contract_a_step_says_to_inspect_an_installment() -> None:
    office = enacted_office()
    project = contracted_project(office)
    step = RecordProcurementStep(
        project_id=project, step=PlanPublished(business_date=date(2027, 3, 1))
    )
    with pytest.raises(DomainError) as raised:
        office.execute(step, actor=FINANCE)
    error = raised.value
    assert error.code == "stage_out_of_order"
    assert "(none)" not in error.english
    assert "inspect an installment" in error.english
    assert "ตรวจรับ" in error.thai
    assert not english_words(error.thai), error.thai
    office.execute(  # and that is what it takes next
        InspectInstallment(project_id=project, installment=1, business_date=date(2027, 3, 1)),
        actor=FINANCE,
    )
