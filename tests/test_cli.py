"""The `budget` command line, run with click's CliRunner on a throwaway store."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from budget.application import BudgetOffice
from budget.application.passwords import verify_password
from budget.cli import main
from budget.config import Settings
from budget.demo import DEMO_PASSWORD, present_demo_accounts
from budget.domain.access import Actor, Role
from budget.domain.ids import authority_id
from budget.registry import AuthorityRecord, generate_authorities

FY = 2570
AUDITOR = Actor("auditor.test", Role.AUDITOR)
COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "type",
    "province_code",
    "district_code",
    "subdistrict_code",
)


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A fresh SQLite store for each test, kept across the commands of the test."""
    return {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": ""}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def as_row(record: AuthorityRecord) -> dict[str, str]:
    return {**{c: str(getattr(record, c)) for c in COLUMNS}, "type": record.type.abbreviation_th}


def registered(env: dict[str, str], code: str) -> bool:
    office = BudgetOffice(Settings.from_env(env))
    try:
        return office.exists(authority_id(code))
    finally:
        office.close()


def test_demo_prints_a_summary_and_records_once(home: dict[str, str]) -> None:
    result = run(home, "demo", "--limit", "3", "--projects", "3")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Province 50 เชียงใหม่: 3 LAOs" in out
    assert "Recorded 3 LAOs" in out
    assert "รวม 3 อปท." in out
    assert "15000000" in out  # the PAO of Chiang Mai
    assert "อบจ." in out

    again = run(home, "demo", "--limit", "3", "--projects", "3")
    assert again.exit_code == 0, again.output
    assert "already recorded: nothing was recorded again" in again.stdout
    assert "Recorded" not in again.stdout
    assert "รวม 3 อปท." in again.stdout


def test_the_demo_history_is_under_the_accounts_people_log_in_with(
    home: dict[str, str],
) -> None:
    """Issue 13, item 11: the clerk's, the executive's and the reviewer's acts of the demo
    are recorded as `clerk`, `executive` and `reviewer`, who log in with `demo`."""
    assert run(home, "demo", "--limit", "3", "--projects", "3").exit_code == 0
    office = BudgetOffice(Settings.from_env(home))
    try:
        accounts = {a.username: a for a in present_demo_accounts(office)}
        lao = accounts["clerk"].acting_for
        assert accounts["executive"].acting_for == lao
        budget = office.budget(lao, FY)
        who = {r.user_id for r in office.history(budget.id, actor=AUDITOR)}
        assert "clerk" in who
        assert f"finance.{lao}" not in who
        everyone = set()
        for n in office.recorder.select_notifications(start=1, limit=1_000_000):
            actor = getattr(office.mapper.to_domain_event(n), "actor", None)
            everyone.add(getattr(actor, "user_id", ""))
        assert {"clerk", "executive", "clerk2", "dla"} <= everyone
        assert not {f"finance.{lao}", f"exec.{lao}", "dla.executive"} & everyone
        for username in ("clerk", "executive", "reviewer", "clerk2", "dla"):
            assert verify_password(office.account(username).password_hash, DEMO_PASSWORD)
    finally:
        office.close()


def test_the_demo_stops_at_the_services_today(home: dict[str, str]) -> None:
    """The doors refuse a fact dated after the service's today (BUDGET_TODAY, issue 13):
    the demo's year and its last day are that day's, so nothing it records is ahead of
    what a person may type the next moment."""
    env = {**home, "BUDGET_TODAY": "2027-02-15"}
    result = run(env, "demo", "--limit", "2", "--projects", "3")
    assert result.exit_code == 0, result.output
    assert "FY 2570, seed 1, today 2027-02-15" in result.stdout
    office = BudgetOffice(Settings.from_env(env))
    try:
        dates = [
            getattr(office.mapper.to_domain_event(n), "business_date", None)
            for n in office.recorder.select_notifications(start=1, limit=1_000_000)
        ]
    finally:
        office.close()
    days = [d for d in dates if isinstance(d, date)]
    assert max(days) == date(2027, 2, 15)


def test_demo_refuses_an_unknown_province(home: dict[str, str]) -> None:
    result = run(home, "demo", "--province", "00")
    assert result.exit_code == 2
    assert "unknown province" in result.stderr


def test_import_of_a_good_file_counts_new_and_known(home: dict[str, str], tmp_path: Path) -> None:
    records = generate_authorities(["51"])[:5]
    good = write_csv(tmp_path / "good.csv", [as_row(r) for r in records])
    first = run(home, "authorities", "import", str(good))
    assert first.exit_code == 0, first.output
    assert "5 LAOs, 5 new, 0 already registered" in first.stdout
    second = run(home, "authorities", "import", str(good))
    assert second.exit_code == 0, second.output
    assert "5 LAOs, 0 new, 5 already registered" in second.stdout


def test_import_of_a_bad_file_lists_problems_and_records_nothing(
    home: dict[str, str], tmp_path: Path
) -> None:
    records = generate_authorities(["51"])[:3]
    rows = [as_row(r) for r in records]
    rows[1]["type"] = "village"
    rows[2]["province_code"] = "00"
    bad = write_csv(tmp_path / "bad.csv", rows)
    result = run(home, "authorities", "import", str(bad))
    assert result.exit_code == 1
    assert "line 3: type: unknown authority type 'village'" in result.stderr
    assert "line 4: province_code:" in result.stderr
    assert "nothing recorded" in result.stderr
    assert result.stdout == ""
    assert not registered(home, records[0].code)


def test_a_file_s_contacts_are_set_and_the_contact_command_changes_one(
    home: dict[str, str], tmp_path: Path
) -> None:
    records = generate_authorities(["51"])[:2]
    rows = [as_row(r) for r in records]
    rows[0] |= {"officer": "นางสมศรี ใจดี", "phone": "0 5311 2233", "email": "a@b.go.th"}
    path = tmp_path / "contacts.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=(*COLUMNS, "officer", "phone", "email"))
        writer.writeheader()
        writer.writerows(rows)
    assert run(home, "authorities", "import", str(path)).exit_code == 0
    rows[1] |= {"officer": "นายสมชาย มีสุข", "phone": "", "email": "c@d.go.th"}
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=(*COLUMNS, "officer", "phone", "email"))
        writer.writeheader()
        writer.writerows(rows)
    again = run(home, "authorities", "import", str(path))
    assert again.exit_code == 0, again.output
    assert "0 new, 2 already registered (not recorded again), 1 contacts set" in again.stdout
    code = records[0].code
    changed = run(home, "authorities", "contact", code, "--phone", "053-112244")
    assert changed.exit_code == 0, changed.output
    refused = run(home, "authorities", "contact", code, "--phone", "053-112244")
    assert refused.exit_code == 1
    assert "[invalid_input]" in refused.stderr
    office = BudgetOffice(Settings.from_env(home))
    try:
        contacts = [office.authority(r.code).contact for r in records]
    finally:
        office.close()
    assert [(c.officer, c.phone, c.email) for c in contacts] == [
        ("", "053-112244", ""),
        ("นายสมชาย มีสุข", "", "c@d.go.th"),
    ]


def test_generate_registers_a_province_once(home: dict[str, str]) -> None:
    first = run(home, "authorities", "generate", "--province", "51")
    assert first.exit_code == 0, first.output
    count = len(generate_authorities(["51"]))
    assert f"{count} LAOs, {count} new, 0 already registered" in first.stdout
    second = run(home, "authorities", "generate", "--province", "51")
    assert f"{count} LAOs, 0 new, {count} already registered" in second.stdout
    assert run(home, "authorities", "generate", "--province", "99").exit_code == 2


def test_history_lists_who_did_what_and_when(home: dict[str, str]) -> None:
    code = generate_authorities(["51"])[0].code
    run(home, "authorities", "generate", "--province", "51")
    result = run(home, "history", f"authority:{code}")
    assert result.exit_code == 0, result.output
    assert "v1   LocalAuthority.Registered" in result.stdout
    assert "by system (system)" in result.stdout
    by_uuid = run(home, "history", str(authority_id(code)))
    assert by_uuid.stdout == result.stdout


def test_a_domain_error_is_one_line_and_exit_code_1() -> None:
    result = run({"BUDGET_DATABASE_URL": "memory:"}, "history", "authority:99999999")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: No record")
    assert "[not_found]" in lines[0]
    assert "Traceback" not in result.output


def test_an_unreadable_key_is_a_usage_error() -> None:
    result = run({"BUDGET_DATABASE_URL": "memory:"}, "history", "budget:nonsense")
    assert result.exit_code == 2
    assert "is not a UUID" in result.stderr
