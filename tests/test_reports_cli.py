"""`budget report lao|province|national`: the views caught up, the PDF written, the
figures' last event named; as of a moment in Bangkok time unless a zone is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from budget.application import BudgetOffice
from budget.cli import main
from budget.config import Settings
from budget.domain.calendar import BANGKOK
from budget.reports.sources import position_at, recorded_at
from tests.report_world import FY, PROVINCE, demo_records, pages, record_demo, subject


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A SQLite store holding two LAOs' demo year; its views not caught up."""
    home = tmp_path_factory.mktemp("cli-reports")
    variables = {"BUDGET_HOME": str(home), "BUDGET_DATABASE_URL": ""}
    demo = record_demo(Settings.from_env(variables), demo_records(2), projects=3)
    demo.views.dispose()
    demo.office.close()
    return variables


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def test_each_kind_of_report_is_written(env: dict[str, str], tmp_path: Path) -> None:
    code = demo_records(2)[0].code
    for args, name in [
        (["lao", code, "--quarter", "2"], f"lao-{code}-{FY}-q2.pdf"),
        (["province", PROVINCE], f"province-{PROVINCE}-{FY}.pdf"),
        (["national", "--today", "2027-08-31"], f"national-th-{FY}.pdf"),
    ]:
        target = tmp_path / name
        result = run(env, "report", *args, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert f"Wrote {target}" in result.output
        assert target.read_bytes().startswith(b"%PDF")
        assert len(pages(target.read_bytes())) >= 1


def test_a_report_as_of_a_moment_in_bangkok_time(env: dict[str, str], tmp_path: Path) -> None:
    office = BudgetOffice(Settings.from_env(env))
    try:
        moment = recorded_at(office, office.recorder.select_notifications(start=200, limit=1)[0])
        position = position_at(office, moment)
    finally:
        office.close()
    naive = moment.astimezone(BANGKOK).replace(tzinfo=None).isoformat()
    target = tmp_path / "past.pdf"
    result = run(env, "report", "national", "--as-of", naive, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"include events 1 to {position:,} as of {moment.astimezone(BANGKOK).isoformat()}" in (
        result.output
    )
    assert "as of" in subject(target.read_bytes())


def test_refusals_are_one_line(env: dict[str, str]) -> None:
    unknown = run(env, "report", "lao", "99999999")
    assert unknown.exit_code == 1
    assert "not_found" in unknown.output
    bad = run(env, "report", "national", "--as-of", "yesterday")
    assert bad.exit_code == 2
    assert "not a moment" in bad.output
