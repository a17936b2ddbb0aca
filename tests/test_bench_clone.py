"""The projections benchmark's national year: a template LAO year recorded through the
commands, copied to another LAO, replays through the office to the same figures under
the other LAO's ids and codes; the sample keeps whole provinces and the type mix."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.commands import RecordExpenditure
from budget.bench import nation_load
from budget.bench.clone import LaoCopy
from budget.bench.nation import assign_templates, sao_projects, select_authorities
from budget.bench.nation_load import interleaved, set_up_year
from budget.bench.template_year import TemplateYear, json_text, record_template
from budget.config import Settings
from budget.demo import DemoOptions, finance_actor, record_year
from budget.domain.access import Role
from budget.domain.authority_types import AuthorityType
from budget.domain.budget import AnnualBudget
from budget.domain.ids import budget_id, project_id, report_id
from budget.domain.project import Project
from budget.registry import AuthorityRecord, generate_authorities

FY = 2570
SEED = 11
OPTIONS = DemoOptions(projects=12, today=date(2027, 9, 30))  # a town: 21 projects
PROJECT_FIELDS = (
    *("code", "name", "line_code", "budget_group", "method", "amount", "stage_dates"),
    *("appeal_ends_on", "contract", "inspected", "payments", "carried_until", "closed"),
    *("cancelled", "version", "stage", "fiscal_year"),
)
LEDGER_FIELDS = (
    *("line", "appropriated", "transferred_in", "transferred_out", "supplementary", "spent"),
)
MONEY_BY_PROJECT = ("reserved", "committed", "paid", "carried")


def memory_office() -> BudgetOffice:
    return BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))


def first_town(province: str) -> AuthorityRecord:
    return next(
        r for r in generate_authorities([province]) if r.type is AuthorityType.TOWN_MUNICIPALITY
    )


@pytest.fixture(scope="module")
def template() -> TemplateYear:
    """A town of Chiang Mai's year, recorded through the commands."""
    return record_template(first_town("50"), FY, SEED, OPTIONS)


@pytest.fixture(scope="module")
def copied(template: TemplateYear) -> tuple[BudgetOffice, AuthorityRecord]:
    """An office holding the template LAO's own copy and a copy for a town of Phuket."""
    other = first_town("83")
    office = memory_office()
    set_up_year(office, [template.authority, other], FY)
    for authority in (template.authority, other):
        office.recorder.insert_events(LaoCopy(template, authority).events())
    return office, other


def codes_of(template: TemplateYear) -> list[str]:
    return [key for kind, key in template.keys if kind == "project"]


def by_project(ledger: Any, name: str, ids: dict[str, str]) -> dict[str, Decimal]:
    return {ids.get(pid, pid): amount for pid, amount in getattr(ledger, name).items()}


def test_the_template_is_the_lao_s_own_year_without_what_copies_share(
    template: TemplateYear,
) -> None:
    kinds = Counter(kind for kind, _ in template.keys)
    assert kinds["budget"] == 1
    assert kinds["account"] == 2  # finance officer and executive
    assert 21 <= kinds["project"] <= 23  # 12 * 7 / 4 for a town, and a council's new item
    assert kinds["report"] >= 3  # Q1-Q3: the Q4 report is due after the year
    topics = {shape.topic.rpartition(":")[2] for shape in template.events}
    assert not {t for t in topics if t.startswith(("LocalAuthority.", "DisbursementTargets."))}
    days = [shape.day for shape in template.events]
    assert days == sorted(days)


def test_the_template_lao_copying_itself_replays_as_recorded_by_commands(
    template: TemplateYear, copied: tuple[BudgetOffice, AuthorityRecord]
) -> None:
    office, _ = copied
    reference = memory_office()
    record_year(reference, [template.authority], FY, SEED, OPTIONS)
    code = template.authority.code
    assert (
        office.budget(code, FY).figures_by_group() == reference.budget(code, FY).figures_by_group()
    )
    for project_code in codes_of(template):
        pid = project_id(code, FY, project_code)
        mine, theirs = office.project(pid), reference.project(pid)
        assert [getattr(mine, f) for f in PROJECT_FIELDS] == [
            getattr(theirs, f) for f in PROJECT_FIELDS
        ]


def test_every_copied_event_decodes_and_names_only_the_other_lao(
    template: TemplateYear, copied: tuple[BudgetOffice, AuthorityRecord]
) -> None:
    office, other = copied
    source = template.authority
    copy = LaoCopy(template, other)
    template_ids = LaoCopy(template, source).ids
    stale = [
        f'"{source.code}"'.encode(),
        f'.{source.code}"'.encode(),
        f'"province_code":"{source.province_code}"'.encode(),
        f'"acting_for":"{source.province_code}"'.encode(),
        f'reviewer.{source.province_code}"'.encode(),
        json_text(source.name_th),
        *(str(i).encode() for i in template_ids),
        *(i.hex.encode() for i in template_ids),
    ]
    events = copy.events()
    assert len(events) == len(template.events)
    assert {e.originator_id for e in events} == set(copy.ids)
    assert not set(copy.ids) & set(template_ids)
    for stored in events:
        assert [s for s in stale if s in stored.state] == []
        event: Any = office.mapper.to_domain_event(stored)
        assert event.originator_id in copy.ids
        if hasattr(event, "lao_code"):
            assert event.lao_code == other.code
        if hasattr(event, "province_code"):
            assert event.province_code == other.province_code
        assert event.actor.acting_for in {other.code, other.province_code, ""}


def test_the_copy_s_budget_projects_and_reports_replay_to_the_template_s_figures(
    template: TemplateYear, copied: tuple[BudgetOffice, AuthorityRecord]
) -> None:
    office, other = copied
    source = template.authority
    ids = {
        str(project_id(source.code, FY, c)): str(project_id(other.code, FY, c))
        for c in codes_of(template)
    }
    mine: AnnualBudget = office.budget(other.code, FY)
    theirs: AnnualBudget = office.budget(source.code, FY)
    assert mine.id == budget_id(other.code, FY)
    assert (mine.lao_code, mine.province_code) == (other.code, other.province_code)
    assert mine.figures_by_group() == theirs.figures_by_group()
    assert mine.expenditures == theirs.expenditures
    assert mine.version == theirs.version
    assert mine.ledgers.keys() == theirs.ledgers.keys()
    for line_code, ledger in mine.ledgers.items():
        template_ledger = theirs.ledgers[line_code]
        assert [getattr(ledger, f) for f in LEDGER_FIELDS] == [
            getattr(template_ledger, f) for f in LEDGER_FIELDS
        ]
        for name in MONEY_BY_PROJECT:
            assert getattr(ledger, name) == by_project(template_ledger, name, ids)
            assert set(getattr(ledger, name)) <= set(ids.values())
    reserved = {pid for ledger in mine.ledgers.values() for pid in ledger.reserved}
    assert reserved == set(ids.values())  # every project holds money on the copy's budget
    for code in codes_of(template):
        project: Project = office.project(project_id(other.code, FY, code))
        original: Project = office.project(project_id(source.code, FY, code))
        assert (project.lao_code, project.province_code) == (other.code, other.province_code)
        assert project.budget_id == mine.id
        assert [getattr(project, f) for f in PROJECT_FIELDS] == [
            getattr(original, f) for f in PROJECT_FIELDS
        ]
    for kind, key in template.keys:
        if kind == "report":
            report = office.report(report_id(other.code, key))
            original_report = office.report(report_id(source.code, key))
            assert report.lao_code == other.code
            assert report.figures == original_report.figures
            assert report.status == original_report.status
            assert report.narrative == original_report.narrative.replace(
                source.name_th, other.name_th
            )


def test_the_copy_takes_commands_as_its_own_lao(
    copied: tuple[BudgetOffice, AuthorityRecord],
) -> None:
    office, other = copied
    finance = office.account(f"finance.{other.code}")
    assert finance.actor_as(Role.LAO_FINANCE, other.code) == finance_actor(other.code)
    budget = office.budget(other.code, FY)
    line = next(x for x in budget.ledgers.values() if x.available >= Decimal("1000.00"))
    disbursed = sum(f.disbursed for f in budget.figures_by_group())
    office.execute(
        RecordExpenditure(
            lao_code=other.code,
            fiscal_year=FY,
            line_code=line.line.code,
            amount=Decimal("1000.00"),
            voucher="9999/2570",
            description="ค่าวัสดุ",
            business_date=date(2027, 9, 30),
        ),
        actor=finance_actor(other.code),
    )
    after = office.budget(other.code, FY)
    assert sum(f.disbursed for f in after.figures_by_group()) == disbursed + Decimal("1000.00")


def test_a_late_lao_s_template_copies_last_year_s_project_carried_into_the_year() -> None:
    """An LAO whose ordinance passed late records last year's, and its road carried with
    the council into this year (budget/demo/carried.py): the template keys it by its own
    year, and the copy's is the other LAO's under the id the office gives it."""
    late = generate_authorities(["50"])[3]  # a town whose ordinance passes in November
    small = DemoOptions(projects=4, today=date(2027, 3, 31))
    template = record_template(late, FY, 7, small)
    assert {("budget", str(FY - 1)), ("project", f"001/{FY - 1}")} <= set(template.keys)
    other = first_town("83")
    office = memory_office()
    set_up_year(office, [other], FY)
    office.recorder.insert_events(LaoCopy(template, other).events())
    carried = office.project(project_id(other.code, FY - 1, "001"))
    assert (carried.lao_code, carried.fiscal_year) == (other.code, FY - 1)
    assert carried.contract is not None
    assert office.budget(other.code, FY - 1).ledger(carried.line_code).carried


def test_a_copy_must_be_of_the_template_s_type(template: TemplateYear) -> None:
    sao = next(r for r in generate_authorities(["83"]) if r.type is AuthorityType.SAO)
    with pytest.raises(ValueError, match="cannot copy"):
        LaoCopy(template, sao)


def test_the_stream_interleaves_laos_by_day_and_keeps_each_aggregate_s_order(
    template: TemplateYear,
) -> None:
    laos = [LaoCopy(template, a) for a in (template.authority, first_town("83"))]
    chunks = list(interleaved(laos))
    versions: dict[UUID | str, int] = {}
    for chunk in chunks:
        for stored in chunk:
            assert stored.originator_version == versions.get(stored.originator_id, 0) + 1
            versions[stored.originator_id] = stored.originator_version
    assert sum(len(c) for c in chunks) == 2 * len(template.events)
    owners = [laos.index(next(x for x in laos if c[0].originator_id in x.ids)) for c in chunks]
    assert owners[:4] == [0, 1, 0, 1]  # day by day, not one LAO after the other


def test_the_sample_keeps_whole_provinces_and_the_national_type_mix() -> None:
    registry = generate_authorities()
    sample = select_authorities(registry, 0.1)
    provinces = {r.province_code for r in sample}
    assert 0.1 * len(registry) <= len(sample) < 0.1 * len(registry) + 400
    assert sample == [r for r in registry if r.province_code in provinces]
    assert len(provinces) >= 5
    share = Counter(r.type for r in sample)[AuthorityType.SAO] / len(sample)
    national = Counter(r.type for r in registry)[AuthorityType.SAO] / len(registry)
    assert abs(share - national) < 0.1
    assert select_authorities(registry, 1.0) == registry
    assert {r.province_code for r in select_authorities(registry, 0.5, ["83"])} == {"83"}


def test_an_sao_count_giving_a_national_mean_of_150_projects() -> None:
    registry = generate_authorities()
    projects = sao_projects(registry)
    quarters = {
        AuthorityType.SAO: 4,
        AuthorityType.SUBDISTRICT_MUNICIPALITY: 5,
        AuthorityType.TOWN_MUNICIPALITY: 7,
    }
    mean = sum(projects * quarters.get(r.type, 10) / 4 for r in registry) / len(registry)
    assert projects == 135
    assert abs(mean - 150) < 1


def test_each_lao_copies_a_template_of_its_type_and_templates_copy_themselves() -> None:
    sample = generate_authorities(["50", "83"])
    assignment = assign_templates(sample, 3)
    by_code = {r.code: r for r in sample}
    assert set(assignment.template_of) == set(by_code)
    for code, template_code in assignment.template_of.items():
        assert by_code[template_code].type is by_code[code].type
    for template in assignment.templates:
        assert assignment.template_of[template.code] == template.code
    per_type = Counter(t.type for t in assignment.templates)
    assert max(per_type.values()) == 3
    assert per_type[AuthorityType.PAO] == 2  # one per province


def test_inserts_in_order_in_transactions_bounded_by_events_and_bytes(
    template: TemplateYear, monkeypatch: pytest.MonkeyPatch
) -> None:
    laos = [LaoCopy(template, a) for a in (template.authority, first_town("83"))]
    events = [e for chunk in interleaved(laos) for e in chunk]
    biggest = max(len(e.state) for e in events)
    monkeypatch.setattr(nation_load, "MAX_BATCH_BYTES", biggest)
    office = memory_office()
    saved: list[int] = []
    sizes: list[int] = []
    insert = office.recorder.insert_events

    def counted(batch: Any, **kwargs: Any) -> Any:
        saved.append(len(batch))
        sizes.append(sum(len(e.state) for e in batch))
        return insert(batch, **kwargs)

    monkeypatch.setattr(office.recorder, "insert_events", counted)
    loaded = nation_load.insert_all(office, interleaved(laos), batch_size=500)
    assert loaded.events == sum(saved) == len(events)
    assert loaded.transactions == len(saved)
    assert max(saved) < 500 + 200  # a batch ends at the LAO-day that reaches 500 events
    for count, size in list(zip(saved, sizes, strict=True))[:-1]:
        assert count >= 500 or size >= biggest
    assert min(saved[:-1]) <= 2  # the budgets' big Drafted events go one LAO-day at a time
    stored = office.recorder.select_notifications(start=1, limit=len(events) + 1)
    assert [(n.originator_id, n.originator_version) for n in stored] == [
        (e.originator_id, e.originator_version) for e in events
    ]


def test_the_bma_s_template_year_has_its_reports_reviewed_by_dla() -> None:
    """The nation's sample holds the BMA, and Bangkok has no provincial office
    (budget/domain/oversight.py): the template year opened a reviewer for Bangkok, was
    refused, and `bench-projections --scale 1.0` hung. DLA's executive reviews instead."""
    bma = next(r for r in generate_authorities(["10"]) if r.type is AuthorityType.BMA)
    template = record_template(bma, FY, 7, DemoOptions(projects=4, today=date(2027, 9, 30)))
    accepted = [e for e in template.events if e.topic.endswith("ProgressReport.Accepted")]
    assert accepted
    assert all(b'"user_id":"dla.executive"' in e.state for e in accepted)
    office = memory_office()
    set_up_year(office, [bma], FY)
    office.recorder.insert_events(LaoCopy(template, bma).events())
    assert office.report(report_id(bma.code, f"{FY}-Q1")).status.value == "accepted"
