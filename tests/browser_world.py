"""pytest plugin for the browser tests: a small demo year served by uvicorn on a free
loopback port, and headless Chromium (Debian's, never a downloaded build) driven by
Playwright.

The demo (3 LAOs of Chiang Mai, recorded up to today) gets one more project in the
clerk's LAO, bought by the specific method with its contract signed yesterday (two
installments), so the browser can inspect and pay an installment whatever day it is.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import uvicorn
from click.testing import CliRunner

from budget import bootstrap
from budget.application import BudgetOffice
from budget.application.commands import (
    BidsEvaluated,
    InstallmentIn,
    PlanProject,
    PlanPublished,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.cli import main
from budget.config import Settings
from budget.demo import present_demo_accounts
from budget.domain.access import Actor, Role
from budget.domain.calendar import today
from budget.domain.fiscal import FiscalYear
from budget.domain.procurement import Method
from budget.http import Services, create_app
from budget.projections import queries
from budget.projections.queries import PageRequest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
PROJECT_AMOUNT = Decimal("480000.00")
CONTRACT_AMOUNT = Decimal("450000.00")


@dataclass
class Served:
    url: str
    services: Services
    clerk_lao: str
    other_lao: str
    province: str
    fiscal_year: int
    project: UUID
    district: str  # the demo's district office's district
    district_lao: str  # an LAO it oversees

    @property
    def office(self) -> BudgetOffice:
        return self.services.office


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def record_demo(home: Path, day: date) -> dict[str, str]:
    env = {"BUDGET_HOME": str(home), "BUDGET_DATABASE_URL": ""}
    year = FiscalYear.of(day).be_year
    result = CliRunner().invoke(
        main,
        [
            "demo",
            "--limit",
            "4",  # a PAO, a city, a town and a subdistrict municipality (the district's)
            "--projects",
            "3",
            "--fiscal-year",
            str(year),
            "--today",
            day.isoformat(),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return env


def contracted_project(office: BudgetOffice, services: Services, lao: str, year: int) -> UUID:
    """A project of the specific method with its contract signed (yesterday, or today
    on the first day of the year), paid nothing yet."""
    clerk = Actor("clerk", Role.LAO_FINANCE, lao)
    day = max(today() - timedelta(days=1), FiscalYear(year).starts_on)
    with services.read() as connection:
        lines = queries.budget_lines(connection, lao, year)
    line = max(lines, key=lambda found: found.available)
    assert line.available >= PROJECT_AMOUNT, "the demo left no budget line with room"
    planned = office.execute(
        PlanProject(
            lao_code=lao,
            fiscal_year=year,
            code="WEB-1",
            name="ปรับปรุงถนนลูกรังสายบ้านใหม่ หมู่ที่ 4 (ทดสอบหน้าเว็บ)",
            line_code=line.line_code,
            method=Method.SPECIFIC,
            amount=PROJECT_AMOUNT,
            business_date=day,
        ),
        actor=clerk,
    )
    project = planned.id
    office.execute(
        RecordProcurementStep(project_id=project, step=PlanPublished(business_date=day)),
        actor=clerk,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=TermsSet(reference_price=PROJECT_AMOUNT, business_date=day)
        ),
        actor=clerk,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=ReportApproved(estimate=PROJECT_AMOUNT, business_date=day)
        ),
        actor=clerk,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=BidsEvaluated(bids_received=1, business_date=day)
        ),
        actor=clerk,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=WinnerAnnounced(
                winner="หจก. ทดสอบการโยธา", offered_amount=CONTRACT_AMOUNT, business_date=day
            ),
        ),
        actor=clerk,
    )
    contract = SignContract(
        project_id=project,
        number="WEB/2570",
        contractor="หจก. ทดสอบการโยธา",
        contractor_tax_id="0505560000001",
        amount=CONTRACT_AMOUNT,
        installments=[
            InstallmentIn(
                number=1,
                amount=Decimal("200000.00"),
                due_on=day + timedelta(days=30),
                description="งานดินและลูกรัง",
            ),
            InstallmentIn(
                number=2,
                amount=Decimal("250000.00"),
                due_on=day + timedelta(days=60),
                description="งานผิวทาง",
            ),
        ],
        business_date=day,
    )
    recorded = office.execute(contract, actor=clerk)
    services.runner.notify()
    assert services.runner.wait_for(recorded.position, 30)
    return project


class UvicornThread(threading.Thread):
    def __init__(self, app: Any, port: int) -> None:
        super().__init__(daemon=True)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)

    def run(self) -> None:
        self.server.run()

    def stop(self) -> None:
        self.server.should_exit = True
        self.join(timeout=20)


def overseen_lao(services: Services, district: str) -> str:
    """The first LAO the district's office oversees, as the views list it."""
    with services.read() as connection:
        found = queries.authorities(
            connection, PageRequest(offset=0, limit=1), overseen_by=district
        ).items
    assert found, f"the demo has no LAO district {district} oversees"
    return found[0].lao_code


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("browser-demo")
    day = today()
    env = record_demo(home, day)
    settings = Settings.from_env(env)
    services = bootstrap.services(settings)
    accounts = {a.username: a for a in present_demo_accounts(services.office)}
    year = FiscalYear.of(day).be_year
    port = free_port()
    server = UvicornThread(create_app(services), port)
    server.start()
    deadline = time.monotonic() + 60
    while not server.server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert server.is_alive(), "uvicorn stopped at start-up"
        time.sleep(0.05)
    try:
        services.runner.notify()
        position = services.office.recorder.max_notification_id() or 0
        assert services.runner.wait_for(position, 60)
        lao = accounts["clerk"].acting_for
        project = contracted_project(services.office, services, lao, year)
        yield Served(
            url=f"http://127.0.0.1:{port}",
            services=services,
            clerk_lao=lao,
            other_lao=accounts["clerk2"].acting_for,
            province=accounts["reviewer"].acting_for,
            fiscal_year=year,
            project=project,
            district=accounts["district"].acting_for,
            district_lao=overseen_lao(services, accounts["district"].acting_for),
        )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with nothing fetched from the network by itself."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.fail(
            "Chromium is needed for the browser tests: apt-get install -y chromium "
            "chromium-driver (scripts/test installs it where it can)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
