"""Every value an event carries is written and read back as it was, on both paths.

The BudgetTranscoder writes the eventsourcing library's JSON; with msgspec it takes a
faster path. Both paths are checked here: the fast one against the library's own bytes.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError
from freezegun import freeze_time

import budget.domain
from budget.application import BudgetOffice
from budget.application.transcoding import BudgetTranscoder, register_transcodings
from budget.bench.stream import lao_year, long_project_script, project_scripts
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.account import UserAccount
from budget.domain.budget_lines import BudgetLine, CouncilApproval, GroupFigures
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.contract import Contract, Installment
from budget.domain.contract_terms import AdvanceGuarantee, FineBasis, PaymentTerms
from budget.domain.deadlines import Counting
from budget.domain.fiscal import FiscalYear, PeriodKind, ReportingPeriod
from budget.domain.funding import FundingKind, FundingSource, UnusedGrant
from budget.domain.report import ProgressReport
from budget.domain.reporting import ReportDueRule
from budget.domain.targets import DisbursementTargets, Target
from budget.domain.values import ValueObject
from budget.registry.geography import generate_authorities

BANGKOK = ZoneInfo("Asia/Bangkok")


def _domain_classes() -> Iterator[type]:
    for module_info in pkgutil.walk_packages(budget.domain.__path__, "budget.domain."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                yield cls


ENUMS = sorted({c for c in _domain_classes() if issubclass(c, Enum)}, key=lambda c: c.__qualname__)
VALUE_OBJECT_CLASSES = {
    c for c in _domain_classes() if issubclass(c, ValueObject) and c is not ValueObject
}

INSTALLMENTS = [
    Installment(1, Decimal("600000.00"), date(2027, 1, 15), "งวดที่ 1 งานฐานราก"),
    Installment(2, Decimal("800000.00"), date(2027, 3, 15)),
]
VALUE_OBJECTS: list[ValueObject] = [
    Actor("finance.75001020", Role.LAO_FINANCE, "75001020"),
    Actor("dla.admin", Role.DLA_ADMINISTRATOR),
    BudgetLine(
        code="ROAD",
        programme=Programme.INDUSTRY_AND_PUBLIC_WORKS,
        work_unit="กองช่าง",
        group=BudgetGroup.INVESTMENT,
        category=Category.LAND_AND_CONSTRUCTION,
        description="ก่อสร้างถนนคอนกรีตเสริมเหล็ก",
        amount=Decimal("2500000.50"),
    ),
    CouncilApproval("มติสภา ครั้งที่ 3/2569", date(2026, 5, 12)),
    FundingSource(FundingKind.SPECIFIC_GRANT, "กรมส่งเสริมการปกครองท้องถิ่น", UnusedGrant.CARRY),
    BudgetLine(
        code="WELL",
        programme=Programme.INDUSTRY_AND_PUBLIC_WORKS,
        work_unit="กองช่าง",
        group=BudgetGroup.INVESTMENT,
        category=Category.LAND_AND_CONSTRUCTION,
        description="ขุดบ่อบาดาล (จ่ายขาดเงินสะสม)",
        amount=Decimal("450000.00"),
        source=FundingSource(
            FundingKind.ACCUMULATED_FUNDS,
            council_approval=CouncilApproval("มติสภา สมัยวิสามัญ 2/2569", date(2026, 12, 1)),
        ),
    ),
    GroupFigures(BudgetGroup.OPERATING, Decimal("1000.00"), Decimal("250.10"), Decimal("0.00")),
    INSTALLMENTS[0],
    Contract(
        number="12/2570",
        contractor="หจก. ทดสอบก่อสร้าง",
        contractor_tax_id="0503561000123",
        amount=Decimal("1400000.00"),
        installments=INSTALLMENTS,
    ),
    PaymentTerms(
        advance_rate=Decimal(15),
        advance_recovery_rate=Decimal("12.5"),
        retention_rate=Decimal(5),
        warranty_months=24,
        fine_rate=Decimal("0.10"),
        fine_basis=FineBasis.WHOLE_WORK,
    ),
    AdvanceGuarantee("ธนาคารกรุงไทย", "LG-1/2570", Decimal("210000.00")),
    FiscalYear(2570),
    ReportingPeriod(2570, PeriodKind.QUARTER, 2),
    Target(quarter=2, percent=Decimal("43.5")),
    Target(
        quarter=4,
        percent=Decimal("100"),
        group=BudgetGroup.INVESTMENT,
        obligated_percent=Decimal("75.25"),
    ),
    ReportDueRule(PeriodKind.MONTH, 15),
    ReportDueRule(PeriodKind.QUARTER, 20, Counting.WORKING),
]

SCALARS: list[Any] = [
    date(2026, 10, 1),
    datetime(2026, 10, 1, 9, 30, 15, 123456, tzinfo=UTC),
    datetime(2026, 10, 1, 16, 30, tzinfo=BANGKOK),
    datetime(2026, 10, 1, 16, 30, tzinfo=timezone(timedelta(hours=7))),
    Decimal("1234567.89"),
    Decimal("0.00"),
    Decimal("-12.5"),
    UUID("6f1d2c58-3f0e-5b7a-9a51-0c3e4d2b7a10"),
    'ก่อสร้างถนน "สาย" \\ 1\n',
    "",
    0,
    2**63 - 1,
    True,
    None,
    0.25,
]


def _transcoder() -> BudgetTranscoder:
    transcoder = BudgetTranscoder()
    register_transcodings(transcoder)
    return transcoder


def _library_transcoder() -> JSONTranscoder:
    """The library's own JSONTranscoder with the same transcodings: the reference bytes."""

    class Reference(JSONTranscoder):
        def _encode_obj(self, o: Any) -> dict[str, Any]:
            for base in type(o).__mro__:
                if base in self.types:
                    self.types[type(o)] = self.types[base]
                    break
            return super()._encode_obj(o)

    reference = Reference()
    register_transcodings(reference)
    return reference


@pytest.fixture(params=["msgspec", "library"])
def transcoder(request: pytest.FixtureRequest) -> JSONTranscoder:
    """The BudgetTranscoder (msgspec), and the library's own JSONTranscoder with the same
    transcodings (what the stored events must stay readable by)."""
    return _transcoder() if request.param == "msgspec" else _library_transcoder()


def _round_trip(transcoder: JSONTranscoder, value: Any) -> Any:
    state = {"value": value, "nested": [value, {"inner": [value]}]}
    decoded = transcoder.decode(transcoder.encode(state))
    assert decoded == state
    return decoded["value"]


@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_scalars_round_trip(transcoder: JSONTranscoder, value: Any) -> None:
    back = _round_trip(transcoder, value)
    assert type(back) is type(value)
    if isinstance(value, datetime):
        assert back.utcoffset() == value.utcoffset()


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda c: c.__qualname__)
def test_every_member_of_every_domain_enum_round_trips(
    transcoder: JSONTranscoder, enum_class: type[Enum]
) -> None:
    for member in enum_class:
        assert _round_trip(transcoder, member) is member


def test_every_domain_value_object_has_an_example_here() -> None:
    missing = VALUE_OBJECT_CLASSES - {type(v) for v in VALUE_OBJECTS}
    assert not missing, f"add an example of {sorted(c.__name__ for c in missing)} to VALUE_OBJECTS"


@pytest.mark.parametrize("value", VALUE_OBJECTS, ids=lambda v: type(v).__name__)
def test_value_objects_round_trip_field_by_field(transcoder: JSONTranscoder, value: Any) -> None:
    back = _round_trip(transcoder, value)
    assert type(back) is type(value)
    assert is_dataclass(value)
    for field in fields(value):
        original, copy = getattr(value, field.name), getattr(back, field.name)
        assert copy == original
        assert type(copy) is type(original)


def test_lists_and_dicts_of_values_round_trip(transcoder: JSONTranscoder) -> None:
    state = {
        "lines": [VALUE_OBJECTS[2], VALUE_OBJECTS[2]],
        "targets": [v for v in VALUE_OBJECTS if isinstance(v, Target)],
        "additions": {"ROAD": Decimal("10.00"), "BRIDGE": Decimal("0.01")},
        "stages": [[Role.AUDITOR, date(2026, 1, 2)], (Category.SERVICES, None)],
        "empty": {"list": [], "dict": {}},
    }
    decoded = transcoder.decode(transcoder.encode(state))
    assert decoded == {
        **state,
        "stages": [[Role.AUDITOR, date(2026, 1, 2)], [Category.SERVICES, None]],
    }


def test_the_fast_path_writes_the_librarys_bytes() -> None:
    fast, reference = _transcoder(), _library_transcoder()
    state = {
        "timestamp": datetime(2026, 11, 1, 3, 4, 5, 6, tzinfo=UTC),
        "values": [*SCALARS, *VALUE_OBJECTS, *(member for e in ENUMS for member in e)],
        "by_code": {"ก": Decimal("1.10"), "b": [uuid4(), date(2026, 1, 1)]},
    }
    written = fast.encode(state)
    assert written == reference.encode(state)
    assert reference.decode(written) == fast.decode(written) == state


def test_values_the_fast_path_cannot_write_exactly_take_the_librarys_path() -> None:
    fast, reference = _transcoder(), _library_transcoder()
    for state in (
        {"x": float("nan"), "y": float("inf")},
        {1: "one", 2.5: "two and a half", None: "none"},
        {False: "no", "s": "x"},
        {"big": 2**70},
    ):
        assert fast.encode(state) == reference.encode(state)


def test_unregistered_types_are_refused_both_ways(transcoder: JSONTranscoder) -> None:
    with pytest.raises(TranscodingNotRegisteredError):
        transcoder.encode({"a": {1, 2}})
    with pytest.raises(TranscodingNotRegisteredError):
        transcoder.decode(b'{"a":{"_type_":"no_such_type","_data_":"x"}}')


def test_a_dict_that_only_looks_like_a_wrapper_stays_a_dict(transcoder: JSONTranscoder) -> None:
    state = {"a": {"_type_": "date_iso", "_data_": "2026-01-01", "more": 1}, "b": {"_type_": 1}}
    assert transcoder.decode(transcoder.encode(state)) == state


def test_freezegun_dates_are_written_like_real_ones(transcoder: JSONTranscoder) -> None:
    real = {
        "day": date(2026, 10, 1),
        "moment": datetime(2026, 10, 1, 9, 30, tzinfo=UTC),
        "days": [date(2026, 10, 1)],
    }
    with freeze_time("2026-10-01 09:30:00"):
        fake_day, fake_moment = date.today(), datetime.now(UTC)
        state = {"day": fake_day, "moment": fake_moment, "days": [fake_day]}
        written = transcoder.encode(state)
    assert (type(fake_day).__name__, type(fake_moment).__name__) == ("FakeDate", "FakeDatetime")
    assert written == transcoder.encode(real)
    back = transcoder.decode(written)
    assert back == real
    assert (type(back["day"]), type(back["moment"])) == (date, datetime)


# -- whole aggregates through SQLite -------------------------------------------------------


def _office(path: Path) -> BudgetOffice:
    """A fresh office on the file, without the aggregate cache: reading replays."""
    return BudgetOffice(
        Settings(database_url=f"sqlite:///{path}", home=path.parent, aggregate_cache=0)
    )


def _all_kinds_of_aggregate() -> tuple[list[Any], list[Aggregate]]:
    """Events of every kind and the aggregates they make: an LAO's year run through the
    benchmark's commands (kept in a batch, never saved), and the other kinds built here."""
    record = generate_authorities(["50"])[5]
    long = long_project_script(record.code, installments=12)  # paid, one payment corrected
    office = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))
    with office.batch() as batch:
        for command, actor in lao_year(record, [long, *project_scripts(record.code, 2)]):
            batch.execute(command, actor=actor)
        events, aggregates = list(batch.work.order), list(batch.work.aggregates.values())
    targets = DisbursementTargets.for_year(
        fiscal_year=2569, actor=SYSTEM_ACTOR, business_date=date(2025, 10, 1)
    )
    targets.set(
        targets=[v for v in VALUE_OBJECTS if isinstance(v, Target)],
        source="มติคณะรัฐมนตรี",
        actor=SYSTEM_ACTOR,
        business_date=date(2025, 10, 2),
    )
    account = UserAccount.open(
        username="Somchai",
        display_name="สมชาย",
        actor=SYSTEM_ACTOR,
        business_date=date(2025, 10, 1),
    )
    account.grant(
        role=Role.LAO_FINANCE,
        acting_for=record.code,
        actor=SYSTEM_ACTOR,
        business_date=date(2025, 10, 1),
    )
    report = ProgressReport(
        lao_code=record.code,
        province_code=record.province_code,
        period=ReportingPeriod(2569, PeriodKind.MONTH, 10),
        figures=[v for v in VALUE_OBJECTS if isinstance(v, GroupFigures)],
        narrative="เบิกจ่ายตามแผน",
        problems="",
        actor=SYSTEM_ACTOR,
        business_date=date(2025, 11, 5),
    )
    others: list[Aggregate] = [targets, account, report]
    return [*events, *others], [*aggregates, *others]


@pytest.mark.parametrize("path", ["msgspec", "library"])
def test_whole_aggregates_saved_to_sqlite_read_back_equal(
    path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if path == "library":  # written and read by the library's own JSONTranscoder
        monkeypatch.setattr(BudgetOffice, "construct_transcoder", lambda _: _library_transcoder())
    recorded, originals = _all_kinds_of_aggregate()
    writer = _office(tmp_path / "store.sqlite3")
    writer.save(*recorded)
    writer.close()

    reader = _office(tmp_path / "store.sqlite3")
    try:
        for original in originals:
            copy: Aggregate = reader.repository.get(original.id)
            assert type(copy) is type(original)
            assert vars(copy) == vars(original), type(original).__name__
    finally:
        reader.close()


def test_an_aggregate_saved_under_freezegun_reads_back(tmp_path: Path) -> None:
    with freeze_time("2026-10-01 02:00:00"):
        account = UserAccount.open(
            username="malee", display_name="มาลี", actor=SYSTEM_ACTOR, business_date=date.today()
        )
        office = _office(tmp_path / "frozen.sqlite3")
        office.record(account)
        office.close()
    reader = _office(tmp_path / "frozen.sqlite3")
    try:
        copy: UserAccount = reader.repository.get(account.id)
        assert copy.created_on == datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
        assert type(copy.created_on) is datetime
        assert vars(copy) == vars(account)
    finally:
        reader.close()
