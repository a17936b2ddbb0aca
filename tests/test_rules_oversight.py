"""People the law names above an LAO (budget/domain/oversight.py): who approves its budget
ordinance (the district chief an SAO's, Tambon Council and SAO Act B.E. 2537 s. 87; the
governor a municipality's, a PAO's and Pattaya's; Bangkok's own governor the BMA's), the
district office that reads the SAOs and subdistrict municipalities of its district, and
DLA reviewing the BMA, which has no provincial office. Given/when/then on every store."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

import pytest

from budget.application import BudgetOffice
from budget.application.commands import (
    AcceptReport,
    ChangeAuthorityType,
    DraftBudget,
    DraftReport,
    EnactBudget,
    GrantRole,
    OpenAccount,
    PlaceInDistrict,
    RegisterAuthority,
    SignOffReport,
    SubmitReport,
)
from budget.domain.access import SYSTEM_ACTOR, Action, Actor, Role, may
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.authority_types import AuthorityType
from budget.domain.budget import AnnualBudget
from budget.domain.errors import InvalidInput
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import budget_id, report_id
from budget.domain.oversight import BANGKOK, OrdinanceApprover, check_provincial_office
from budget.registry.records import AuthorityRecord
from tests.builders import ADMIN, FY, STANDARD_LINES, line, refused
from tests.given_when_then import then_recorded, then_recorded_only, when

DISTRICT = "5001"  # Mueang Chiang Mai
SAO = "75001020"  # an SAO of Mueang Chiang Mai
SAO_ELSEWHERE = "75002010"  # an SAO of district 5002
SUBDISTRICT_MUNICIPALITY = "65001030"
TOWN = "55001010"  # a town municipality of Mueang Chiang Mai: the governor's
PAO = "15000000"
PATTAYA = "32004000"
BMA = "21000000"
OFFICE_OF_THE_DISTRICT = Actor("district.5001", Role.DISTRICT_OFFICE, DISTRICT)
DLA = Actor("dla", Role.DLA_EXECUTIVE)
ON = date(2026, 8, 1)


def authority(
    code: str, kind: AuthorityType, province: str = "50", district: str = DISTRICT
) -> AuthorityRecord:
    placed = kind not in (AuthorityType.PAO, AuthorityType.BMA)
    return AuthorityRecord(
        code=code,
        name_th=f"{kind.name_th}ทดสอบ {code}",
        name_en=f"Test {kind.value} {code}",
        type=kind,
        province_code=province,
        district_code=district if placed else "",
        subdistrict_code="",
    )


def registered(office: BudgetOffice, *records: AuthorityRecord) -> None:
    for record in records:
        office.execute(RegisterAuthority(authority=record, business_date=ON), actor=SYSTEM_ACTOR)


def drafted(office: BudgetOffice, record: AuthorityRecord) -> None:
    registered(office, record)
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    office.execute(
        DraftBudget(lao_code=record.code, fiscal_year=FY, lines=lines, business_date=ON),
        actor=SYSTEM_ACTOR,
    )


def enact(office: BudgetOffice, lao: str, approver: OrdinanceApprover | None) -> Any:
    return office.execute(
        EnactBudget(
            lao_code=lao,
            fiscal_year=FY,
            ordinance_date=date(2026, 9, 20),
            approved_by="ผู้อนุมัติตามหนังสือ",
            approver=approver,
        ),
        actor=SYSTEM_ACTOR,
    )


# -- who approves the ordinance -----------------------------------------------------------

LAWFUL = [
    (AuthorityType.SAO, OrdinanceApprover.DISTRICT_CHIEF, OrdinanceApprover.GOVERNOR),
    (
        AuthorityType.SUBDISTRICT_MUNICIPALITY,
        OrdinanceApprover.GOVERNOR,
        OrdinanceApprover.DISTRICT_CHIEF,
    ),
    (AuthorityType.TOWN_MUNICIPALITY, OrdinanceApprover.GOVERNOR, OrdinanceApprover.DISTRICT_CHIEF),
    (AuthorityType.CITY_MUNICIPALITY, OrdinanceApprover.GOVERNOR, OrdinanceApprover.BMA_GOVERNOR),
    (AuthorityType.PAO, OrdinanceApprover.GOVERNOR, OrdinanceApprover.DISTRICT_CHIEF),
    (AuthorityType.PATTAYA, OrdinanceApprover.GOVERNOR, OrdinanceApprover.DISTRICT_CHIEF),
    (AuthorityType.BMA, OrdinanceApprover.BMA_GOVERNOR, OrdinanceApprover.GOVERNOR),
]


@pytest.mark.parametrize(("kind", "lawful", "wrong"), LAWFUL, ids=[k.value for k, _, _ in LAWFUL])
def test_the_ordinance_is_approved_by_the_office_the_law_names_for_the_lao(
    office: BudgetOffice,
    kind: AuthorityType,
    lawful: OrdinanceApprover,
    wrong: OrdinanceApprover,
) -> None:
    province = {AuthorityType.BMA: "10", AuthorityType.PATTAYA: "20"}.get(kind, "50")
    district = "2004" if kind is AuthorityType.PATTAYA else DISTRICT
    lao = authority("90000000", kind, province, district)
    drafted(office, lao)
    with refused(
        office,
        "wrong_ordinance_approver",
        approver=wrong.value,
        lawful=lawful.value,
        lao_type=kind.value,
    ):
        enact(office, lao.code, wrong)
    assert not office.budget(lao.code, FY).is_enacted
    with when(office) as recorded:
        enact(office, lao.code, lawful)
    then_recorded(recorded, AnnualBudget.Enacted, approver=lawful, approved_by="ผู้อนุมัติตามหนังสือ")


def test_an_enactment_that_names_no_office_records_the_one_the_law_names(
    office: BudgetOffice,
) -> None:
    drafted(office, authority(SAO, AuthorityType.SAO))
    with when(office) as recorded:
        enact(office, SAO, None)
    then_recorded(recorded, AnnualBudget.Enacted, approver=OrdinanceApprover.DISTRICT_CHIEF)


def test_an_enactment_stored_before_the_office_was_recorded_reads_with_none(
    office: BudgetOffice,
) -> None:
    """Version 1 of Enacted named no office: written raw, as an old store holds it, it
    loads through the upcaster (approver None) and the budget is enacted."""
    drafted(office, authority(SAO, AuthorityType.SAO))
    budget = office.budget(SAO, FY)
    budget._enacted(
        ordinance_date=date(2026, 9, 20),
        approved_by="นายอำเภอเมืองเชียงใหม่",
        approver=OrdinanceApprover.DISTRICT_CHIEF,
        actor=SYSTEM_ACTOR,
        business_date=date(2026, 9, 20),
    )
    (stored,) = [office.mapper.to_stored_event(e) for e in budget.collect_events()]
    state: dict[str, Any] = office.mapper.transcoder.decode(stored.state)
    old = {k: v for k, v in state.items() if k not in ("approver", "class_version")}
    office.recorder.insert_events(
        [
            type(stored)(
                originator_id=stored.originator_id,
                originator_version=stored.originator_version,
                topic=stored.topic,
                state=office.mapper.transcoder.encode(old),
            )
        ]
    )
    enacted = [
        e for e in office.events.get(budget_id(SAO, FY)) if isinstance(e, AnnualBudget.Enacted)
    ]
    assert [(e.approved_by, e.approver) for e in enacted] == [("นายอำเภอเมืองเชียงใหม่", None)]
    assert office.budget(SAO, FY).enacted_on == date(2026, 9, 20)


# -- the district office ------------------------------------------------------------------


def test_a_district_office_is_granted_for_a_district_outside_bangkok(office: BudgetOffice) -> None:
    office.execute(OpenAccount(username="amphoe", display_name="ท้องถิ่นอำเภอ"), actor=ADMIN)
    for acting_for in ("50", "500102", "", "1001"):
        with refused(office, "invalid_input"):
            office.execute(
                GrantRole(username="amphoe", role=Role.DISTRICT_OFFICE, acting_for=acting_for),
                actor=ADMIN,
            )
    with refused(office, "invalid_input"):  # Bangkok has no provincial office either
        office.execute(
            GrantRole(username="amphoe", role=Role.PROVINCIAL_REVIEWER, acting_for="10"),
            actor=ADMIN,
        )
    with when(office) as recorded:
        office.execute(
            GrantRole(username="amphoe", role=Role.DISTRICT_OFFICE, acting_for=DISTRICT),
            actor=ADMIN,
        )
    then_recorded(recorded, UserAccount.RoleGranted, role=Role.DISTRICT_OFFICE, acting_for=DISTRICT)
    assert office.account("amphoe").actor_as(Role.DISTRICT_OFFICE, DISTRICT).scope == DISTRICT


def test_a_district_office_reads_the_saos_and_subdistrict_municipalities_of_its_district(
    office: BudgetOffice,
) -> None:
    """It reads (the figures by month, a record's story); the town municipality of its
    district answers to the governor, an SAO of another district to that district."""
    overseen = [
        authority(SAO, AuthorityType.SAO),
        authority(SUBDISTRICT_MUNICIPALITY, AuthorityType.SUBDISTRICT_MUNICIPALITY),
    ]
    not_overseen = [
        authority(SAO_ELSEWHERE, AuthorityType.SAO, district="5002"),
        authority(TOWN, AuthorityType.TOWN_MUNICIPALITY),
    ]
    for record in overseen + not_overseen:
        drafted(office, record)
    for record in overseen:
        seen = office.monthly_figures(record.code, FY, actor=OFFICE_OF_THE_DISTRICT)
        assert seen == office.monthly_figures(record.code, FY, actor=SYSTEM_ACTOR)
        story = office.story(
            budget_id(record.code, FY), actor=OFFICE_OF_THE_DISTRICT, lao=record.code, province="50"
        )
        assert [e.event_type for e in story] == ["AnnualBudget.Drafted"]
    for record in not_overseen:
        with refused(office, "not_permitted"):
            office.monthly_figures(record.code, FY, actor=OFFICE_OF_THE_DISTRICT)
        with refused(office, "not_permitted"):
            office.story(
                budget_id(record.code, FY),
                actor=OFFICE_OF_THE_DISTRICT,
                lao=record.code,
                province="50",
            )


def test_a_district_office_reads_and_nothing_more() -> None:
    sao = {"lao": SAO, "province": "50", "district": DISTRICT}
    assert may(OFFICE_OF_THE_DISTRICT, Action.READ, **sao)
    for action in set(Action) - {Action.READ}:
        assert not may(OFFICE_OF_THE_DISTRICT, action, **sao), action
    assert not may(OFFICE_OF_THE_DISTRICT, Action.READ, lao=SAO, province="50")  # no district
    assert not may(OFFICE_OF_THE_DISTRICT, Action.READ, province="50")  # the province's lists


def test_an_lao_registered_without_its_district_is_placed_in_it(office: BudgetOffice) -> None:
    registered(office, authority(SAO, AuthorityType.SAO, district=""))
    assert office.overseeing_district(OFFICE_OF_THE_DISTRICT, SAO) == ""
    with refused(office, "not_permitted"):
        office.execute(
            PlaceInDistrict(code=SAO, district_code=DISTRICT), actor=OFFICE_OF_THE_DISTRICT
        )
    with refused(office, "invalid_input"):  # geothai knows no such district
        office.execute(PlaceInDistrict(code=SAO, district_code="5099"), actor=ADMIN)
    with refused(office, "invalid_input"):  # in another province
        office.execute(PlaceInDistrict(code=SAO, district_code="5101"), actor=ADMIN)
    with when(office) as recorded:
        office.execute(PlaceInDistrict(code=SAO, district_code=DISTRICT), actor=ADMIN)
    then_recorded_only(recorded, LocalAuthority.PlacedInDistrict)
    then_recorded(
        recorded, LocalAuthority.PlacedInDistrict, district_code=DISTRICT, previous_district_code=""
    )
    assert office.overseeing_district(OFFICE_OF_THE_DISTRICT, SAO) == DISTRICT
    with refused(office, "invalid_input"):  # there already
        office.execute(PlaceInDistrict(code=SAO, district_code=DISTRICT), actor=ADMIN)
    with refused(office, "invalid_input"):  # a move says why
        office.execute(PlaceInDistrict(code=SAO, district_code="5002"), actor=ADMIN)
    office.execute(
        PlaceInDistrict(code=SAO, district_code="5002", reason="เปลี่ยนแปลงเขตอำเภอ"), actor=ADMIN
    )
    assert office.authority(SAO).district_code == "5002"


def test_a_pao_and_the_bma_lie_in_no_district(office: BudgetOffice) -> None:
    registered(office, authority(PAO, AuthorityType.PAO), authority(BMA, AuthorityType.BMA, "10"))
    for code in (PAO, BMA):
        with refused(office, "invalid_input"):
            office.execute(PlaceInDistrict(code=code, district_code=DISTRICT), actor=ADMIN)


def test_an_sao_upgraded_to_a_town_leaves_the_district_office(office: BudgetOffice) -> None:
    registered(office, authority(SAO, AuthorityType.SAO))
    assert office.overseeing_district(OFFICE_OF_THE_DISTRICT, SAO) == DISTRICT
    office.execute(
        ChangeAuthorityType(code=SAO, new_type=AuthorityType.TOWN_MUNICIPALITY, reason="ยกฐานะ"),
        actor=ADMIN,
    )
    assert office.overseeing_district(OFFICE_OF_THE_DISTRICT, SAO) == ""


# -- Bangkok and Pattaya --------------------------------------------------------------------


def submitted_report(office: BudgetOffice, record: AuthorityRecord) -> Any:
    drafted(office, record)
    enact(office, record.code, None)
    period = ReportingPeriod.parse("2570-Q1")
    office.execute(
        DraftReport(
            lao_code=record.code,
            period=period.key,
            narrative="ตามแผน",
            business_date=date(2027, 1, 5),
        ),
        actor=SYSTEM_ACTOR,
    )
    the_id = report_id(record.code, period.key)
    office.execute(SignOffReport(report_id=the_id), actor=SYSTEM_ACTOR)
    office.execute(SubmitReport(report_id=the_id), actor=SYSTEM_ACTOR)
    return the_id


def test_dla_reviews_the_bma_which_has_no_provincial_office(office: BudgetOffice) -> None:
    bma = submitted_report(office, authority(BMA, AuthorityType.BMA, "10"))
    sao = submitted_report(office, authority(SAO, AuthorityType.SAO))
    bangkok_reviewer = Actor("reviewer.10", Role.PROVINCIAL_REVIEWER, "10")  # none is granted
    for who in (bangkok_reviewer, OFFICE_OF_THE_DISTRICT, Actor("audit", Role.AUDITOR)):
        with refused(office, "not_permitted"):
            office.execute(AcceptReport(report_id=bma), actor=who)
    with refused(office, "not_permitted"):  # a province's report is its provincial office's
        office.execute(AcceptReport(report_id=sao), actor=DLA)
    with when(office) as recorded:
        office.execute(AcceptReport(report_id=bma), actor=DLA)
    assert [type(e).__name__ for e in recorded] == ["Accepted"]


def test_pattaya_answers_to_the_chonburi_governor_not_to_bang_lamung(office: BudgetOffice) -> None:
    pattaya = authority(PATTAYA, AuthorityType.PATTAYA, "20", "2004")
    drafted(office, pattaya)
    with refused(office, "wrong_ordinance_approver", lawful="governor"):
        enact(office, PATTAYA, OrdinanceApprover.DISTRICT_CHIEF)
    bang_lamung = Actor("district.2004", Role.DISTRICT_OFFICE, "2004")
    with refused(office, "not_permitted"):
        office.monthly_figures(PATTAYA, FY, actor=bang_lamung)
    chonburi = Actor("reviewer.20", Role.PROVINCIAL_REVIEWER, "20")
    seen = office.monthly_figures(PATTAYA, FY, actor=chonburi)
    assert seen == office.monthly_figures(PATTAYA, FY, actor=SYSTEM_ACTOR)


def test_a_broken_rule_raised_in_another_process_reaches_its_caller_as_itself() -> None:
    """multiprocessing pickles what a worker raises: a domain error pickled as Exception's
    args could not be rebuilt (its __init__ takes keywords), which hung the benchmark's
    pool (`bench-projections --scale 1.0`) instead of saying what rule was broken."""
    with pytest.raises(InvalidInput) as raised:
        check_provincial_office(BANGKOK)
    revived = pickle.loads(pickle.dumps(raised.value))
    assert type(revived) is InvalidInput
    assert (str(revived), revived.thai, revived.details) == (
        str(raised.value),
        raised.value.thai,
        raised.value.details,
    )
    spawned = multiprocessing.get_context("spawn")
    with (
        ProcessPoolExecutor(1, mp_context=spawned) as pool,
        pytest.raises(InvalidInput, match="Bangkok has no provincial office"),
    ):
        pool.submit(check_provincial_office, BANGKOK).result(timeout=60)
