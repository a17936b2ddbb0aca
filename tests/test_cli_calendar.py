"""`budget calendar`: the cabinet's extra holidays recorded and withdrawn from the command
line, and an LAO's deadlines counted on them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from budget.application import BudgetOffice
from budget.cli import main
from budget.config import Settings
from tests.builders import FY, LAO, enacted_office, transfer


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A SQLite store with an enacted budget and a transfer on 17 Dec 2026 (its report is
    due on Mon 4 Jan 2027: 1 Jan is New Year's Day)."""
    env = {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": ""}
    office = BudgetOffice(Settings.from_env(env))
    try:
        enacted_office(office)
        transfer(office, "SUPPLIES", "SERVICES", "1000.00", on=date(2026, 12, 17))
    finally:
        office.close()
    return env


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def transfer_line(env: dict[str, str]) -> str:
    shown = run(
        env, "calendar", "deadlines", LAO, "--fiscal-year", str(FY), "--as-of", "2027-01-05"
    )
    assert shown.exit_code == 0, shown.output
    (line,) = [x for x in shown.output.splitlines() if x.startswith("transfer_report")]
    return " ".join(line.split())


def test_a_holiday_added_and_withdrawn_moves_the_deadline(home: dict[str, str]) -> None:
    assert transfer_line(home).endswith("2027-01-04 overdue 1")
    added = run(
        home, "calendar", "add-holiday", "2027-01-04", "วันหยุดพิเศษ", "--source", "มติ ครม. 1/2570"
    )
    assert added.exit_code == 0, added.output
    assert "4 ม.ค. 2570" in added.output
    assert "2027-01-04" in run(home, "calendar", "holidays").output
    assert transfer_line(home).endswith("2027-01-05 due 0")
    again = run(home, "calendar", "add-holiday", "2027-01-04", "ซ้ำ", "--source", "มติ ครม.")
    assert again.exit_code == 1
    assert "[holiday_already_recorded]" in again.output
    withdrawn = run(home, "calendar", "withdraw-holiday", "2027-01-04", "--reason", "ผิดวัน")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert "No extra holiday recorded." in run(home, "calendar", "holidays").output
    assert transfer_line(home).endswith("2027-01-04 overdue 1")


def test_a_bad_day_is_a_usage_error(home: dict[str, str]) -> None:
    bad = run(home, "calendar", "add-holiday", "4/1/2027", "x", "--source", "y")
    assert bad.exit_code == 2
    assert "4/1/2027" in bad.output


def test_the_reporting_calendar_and_the_targets_from_the_command_line(
    home: dict[str, str],
) -> None:
    assert "No reporting calendar" in run(home, "calendar", "reporting", str(FY)).output
    bad = run(home, "calendar", "set-reporting", str(FY), "--monthly", "x", "--source", "s")
    assert bad.exit_code == 2
    assert "20w (working days)" in bad.output
    assert run(home, "calendar", "set-reporting", str(FY), "--source", "s").exit_code == 2
    sent = run(
        home, "calendar", "set-reporting", str(FY), "--monthly", "15", "--quarterly", "20w",
        "--source", "หนังสือ สถ.",
    )  # fmt: skip
    assert sent.exit_code == 0, sent.output
    shown = run(home, "calendar", "reporting", str(FY)).output
    assert "monthly 15 days after; quarterly 20 working days after" in shown
    asked = ("calendar", "deadlines", LAO, "--fiscal-year", str(FY), "--as-of", "2026-11-17")
    (line,) = [x for x in run(home, *asked).output.splitlines() if x.startswith("progress")]
    assert " ".join(line.split()) == "progress_report 2570-M10 2026-11-16 overdue 1"
    wrong = run(home, "targets", "set", str(FY), "--target", "5=20", "--source", "s")
    assert wrong.exit_code == 2
    refused = run(home, "targets", "set", str(FY), "--target", "1=120", "--source", "s")
    assert refused.exit_code == 1
    assert "[invalid_input]" in refused.output
    done = run(
        home, "targets", "set", str(FY), "--target", "1=20", "--target", "4/investment=60/80",
        "--source", "มติ ครม.",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert run(home, "targets", "show", str(FY)).output.splitlines() == [
        "Q1 all: 20%",
        "Q4 investment: 60% (obligated 80%)",
    ]
