"""pytest plugin for the report tests: a demo year behind the views (module-scoped, on
SQLite and PostgreSQL), and reading a PDF back: its pages' text, the amounts in it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from uuid import uuid4

import pypdf
import pytest
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.cli.demo import sample
from budget.config import Settings
from budget.demo import DemoOptions, record_year
from budget.domain.calendar import BANGKOK
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.registry import all_projections
from budget.registry import AuthorityRecord, generate_authorities
from budget.reports import ReportRequest
from budget.testing.postgres import create_database, drop_database

FY = 2570
SEED = 11
TODAY = date(2027, 8, 31)
PRINTED = datetime(2027, 9, 1, 9, 30, tzinfo=BANGKOK)
PROVINCE = "50"
AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


@dataclass
class ReportDemo:
    office: BudgetOffice
    views: Engine
    records: list[AuthorityRecord]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.records]

    def position(self) -> int:
        return self.office.recorder.max_notification_id() or 0


def request(**changes: object) -> ReportRequest:
    """A report of the demo year, printed and counted to fixed days."""
    options: dict[str, object] = {
        "fiscal_year": FY,
        "today": TODAY,
        "printed_at": PRINTED,
        **changes,
    }
    return ReportRequest(**options)  # type: ignore[arg-type]


def demo_records(count: int = 5) -> list[AuthorityRecord]:
    """`count` LAOs of Chiang Mai, one of each type in turn (PAO, city, town, ...)."""
    return sample(generate_authorities([PROVINCE]), count)


def record_demo(
    settings: Settings, records: Sequence[AuthorityRecord], projects: int
) -> ReportDemo:
    office = BudgetOffice(settings)
    record_year(office, list(records), FY, SEED, DemoOptions(projects=projects, today=TODAY))
    views = views_engine(settings)
    catch_up(office, views, all_projections())
    return ReportDemo(office, views, list(records))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def report_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ReportDemo]:
    """Five LAOs' demo year (one of each type), views caught up; on each file store."""
    home: Path = tmp_path_factory.mktemp("reports")
    server: str | None = None
    name = f"test_reports_{uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'budget.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server_url")
        url = create_database(server, name)
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(home)})
    demo = record_demo(settings, demo_records(), projects=6)
    try:
        yield demo
    finally:
        demo.views.dispose()
        demo.office.close()
        if server is not None:
            drop_database(server, name)


@pytest.fixture(scope="module")
def memory_demo() -> Iterator[ReportDemo]:
    """The same five LAOs' year in memory (fast), for tests of the paper itself."""
    settings = Settings.from_env({"BUDGET_DATABASE_URL": "memory:"})
    demo = record_demo(settings, demo_records(), projects=6)
    try:
        yield demo
    finally:
        demo.views.dispose()
        demo.office.close()


def pages(pdf: bytes) -> list[str]:
    """The text of every page (Thai comes back lossy: digits and Latin do not)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


def subject(pdf: bytes) -> str:
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    return str(metadata.subject if metadata is not None else "")


def amounts(text: str) -> list[str]:
    """Every amount (`1,234.56`) in the text, in order."""
    return AMOUNT.findall(text)


def in_order(expected: Sequence[str], found: Sequence[str]) -> bool:
    """Whether `expected` appears in `found` in that order (others may come between)."""
    remaining = iter(found)
    return all(any(item == candidate for candidate in remaining) for item in expected)
