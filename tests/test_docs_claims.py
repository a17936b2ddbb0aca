"""What README and docs/api.md say about who does what is what the service does
(issue 13, item 14): the clerk (finance staff) enacts the budget, not the executive, and
a revised report needs a new sign-off; and the door's answers the README names (items
1, 2 and 6) are the statuses and codes the service gives."""

from __future__ import annotations

from pathlib import Path

from litestar.handlers import HTTPRouteHandler

from budget.application.commands import ReviseReport, SignOffReport, SubmitReport
from budget.domain.access import PERMISSIONS, Action, Role
from budget.http.budgets.routes import BudgetsController
from budget.http.door import too_deep, unsupported_media_type
from budget.http.idempotency import key_in_flight, key_reused
from budget.http.writes import precondition_required
from tests.builders import EXECUTIVE, FINANCE, refused
from tests.test_rules_reports import drafted

ROOT = Path(__file__).resolve().parents[1]


def enactment_action() -> Action:
    for handler in vars(BudgetsController).values():
        if isinstance(handler, HTTPRouteHandler) and "enactment" in str(handler.paths):
            action = handler.opt["action"]
            assert isinstance(action, Action)
            return action
    raise AssertionError("no enactment route")


def test_the_clerk_enacts_the_budget_and_the_readme_says_so() -> None:
    action = enactment_action()
    assert action in PERMISSIONS[Role.LAO_FINANCE]
    assert action not in PERMISSIONS[Role.LAO_EXECUTIVE]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    clerk = next(line for line in readme.splitlines() if line.startswith("| `clerk` |"))
    executive = next(line for line in readme.splitlines() if line.startswith("| `executive` |"))
    assert "enacts the budget" in clerk
    assert "enact" not in executive


def test_the_docs_say_a_revised_report_is_signed_off_again() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert "again after every revision" in readme
    assert "a revised report is signed off again" in api


def test_a_revision_clears_the_sign_off() -> None:
    office, report = drafted()
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(ReviseReport(report_id=report, narrative="แก้ไข"), actor=FINANCE)
    with refused(office, "report_status_conflict"):
        office.execute(SubmitReport(report_id=report), actor=FINANCE)
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report), actor=FINANCE)


def test_the_readme_names_the_doors_answers_by_their_codes() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for problem in (
        key_in_flight(),
        key_reused(),
        unsupported_media_type(""),
        too_deep(),
        precondition_required(),
    ):
        assert f"`{problem.status} {problem.code}`" in readme, problem.code
