"""From a workbook's project sheets to the commands they ask for (see budget.imports.plan):
the projects, their procurement steps, contracts with installments (and terms),
advances and retention returned, inspections, payments, and carry-over, cancellation and
closing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, get_args
from uuid import UUID

from budget.application.commands import (
    GUARANTEE_FIELDS,
    CancelCarriedFunds,
    CancelProject,
    CarryOver,
    CloseProject,
    CorrectPayment,
    CorrectStageDate,
    GuaranteeIn,
    InspectInstallment,
    InstallmentIn,
    PayAdvance,
    PaymentTermsIn,
    PlanProject,
    ProcurementStep,
    RecordPayment,
    RecordProcurementStep,
    ReleaseRetention,
    SignContract,
)
from budget.application.from_text import Checker
from budget.domain.budget_lines import CarryOverKind
from budget.domain.ids import project_id
from budget.domain.procurement import Stage
from budget.domain.project import Project
from budget.imports.cells import Row, Workbook
from budget.imports.plan import Plan
from budget.imports.rows import D, council_approval, dated, dated_command
from budget.imports.sheets import TERMS

NO_PROJECT = UUID(int=0)  # stands for a project the row names wrongly (refused as such)
STEPS: dict[str, type[ProcurementStep]] = {
    str(kind.__struct_config__.tag): kind for kind in get_args(ProcurementStep)
}


class Projects:
    """The projects the system holds for the year, by code (None: not recorded yet)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.known: dict[str, Project | None] = {}
        self.in_file: set[str] = set()
        self.ids: dict[str, UUID] = {}

    def id_of(self, code: str) -> Any:
        found = self.ids.get(code)
        if found is None:
            found = self.ids[code] = project_id(self.plan.lao_code, self.plan.fiscal_year, code)
        return found

    def get(self, code: str) -> Project | None:
        if code not in self.known:
            office, the_id = self.plan.office, self.id_of(code)
            found = office.project(the_id) if office.exists(the_id) else None
            self.known[code] = found
        return self.known[code]


def plan_projects(plan: Plan, book: Workbook) -> None:
    projects = Projects(plan)
    _projects(plan, projects, book.rows.get("projects", []))
    _steps(plan, projects, book.rows.get("steps", []))
    _contracts(plan, projects, book.rows.get("contracts", []), book.rows.get("installments", []))
    _contract_money(plan, projects, book.rows.get("contract_money", []))
    _inspections(plan, projects, book.rows.get("inspections", []))
    _payments(plan, projects, book.rows.get("payments", []))
    _ends(plan, projects, book.rows.get("project_ends", []))
    if plan.budget is not None:
        _missing_projects(plan, projects)


def _projects(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    for row, (command, on) in plan.dated("projects", rows, PlanProject, plan.of_budget):
        projects.in_file.add(command.code)
        found = projects.get(command.code)
        if found is None:
            plan.add("projects", row, on, command)
            continue
        plan.present["projects"] += 1
        for column, in_file, held in (
            ("name", command.name, found.name),
            ("line_code", command.line_code, found.line_code),
            ("method", command.method, found.method),
            ("amount", command.amount, found.amount),
        ):
            if in_file != held:
                plan.disagree("projects", row.number, command.code, column, (in_file, held))


def _project_row(
    plan: Plan, projects: Projects, sheet: str, row: Row
) -> tuple[Any, Project | None] | None:
    """The row's project (its id, and the record if the system holds it), or a refusal."""
    code = row.cells.get("project_code", "")
    if code in projects.in_file or projects.get(code) is not None:
        return projects.id_of(code), projects.get(code)
    words = (
        f"ไม่พบโครงการรหัส {code} ทั้งในแผ่นโครงการและในระบบ",
        f"No project {code}, in the projects sheet or in the system",
    )
    plan.refuse(sheet, row.number, "project_code", "project_not_found", words)
    return None


def _of_projects(
    plan: Plan,
    projects: Projects,
    sheet: str,
    rows: list[Row],
    kind: type[D],
    *,
    given: Callable[[Checker, Row], dict[str, Any]] | None = None,
) -> Iterator[tuple[Row, tuple[D, date, Project | None]]]:
    """Each row's command of `kind` with its day, about the project the row's code names
    (with its record: None while not recorded yet), as Plan.read: a row naming no project
    the file or the system holds is refused."""

    def read(checker: Checker, row: Row) -> tuple[D, date, Project | None] | None:
        found = _project_row(plan, projects, sheet, row)
        fields = given(checker, row) if given else {}
        fields["project_id"] = found[0] if found else NO_PROJECT
        dated = dated_command(checker, sheet, kind, fields)
        return None if dated is None or found is None else (*dated, found[1])

    return plan.read(sheet, rows, read)


def _steps(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    for row in rows:
        checker = plan.checker(row)
        kind = STEPS.get(row.cells.get("step", ""))
        if kind is None:
            checker.fail("step", "ขั้นตอนไม่ถูกต้อง", "Not a procurement step")
        step = checker.command(kind, names={"business_date": "on"}) if kind else None
        found = _project_row(plan, projects, "steps", row)
        dated(checker, "on")
        if step is None or step.business_date is None or found is None:
            plan.refuse_cells("steps", row, checker)
            continue
        the_id, project = found
        on = step.business_date
        stage = Stage(row.cells["step"])
        held = project.stage_dates.get(stage) if project is not None else None
        if held is None:
            plan.add("steps", row, on, RecordProcurementStep(project_id=the_id, step=step))
        elif held == on:
            plan.present["steps"] += 1
        else:
            correction = CorrectStageDate(
                project_id=the_id,
                stage=stage,
                corrected_date=on,
                reason=plan.reason("steps", row),
                business_date=on,
            )
            plan.add("steps", row, on, correction, correction=True)


def _installments(plan: Plan, rows: list[Row]) -> dict[str, list[InstallmentIn]]:
    found: dict[str, list[InstallmentIn]] = defaultdict(list)

    def read(checker: Checker, _: Row) -> InstallmentIn | None:
        return checker.command(InstallmentIn, names={"number": "number"})

    for row, part in plan.read("installments", rows, read):
        found[row.cells.get("project_code", "")].append(part)
    return found


def _contracts(plan: Plan, projects: Projects, rows: list[Row], parts: list[Row]) -> None:
    installments = _installments(plan, parts)

    def given(checker: Checker, row: Row) -> dict[str, Any]:
        terms = None
        if any(row.cells.get(column.key) for column in TERMS):
            terms = checker.command(PaymentTermsIn)
        code = row.cells.get("project_code", "")
        parts = sorted(installments.get(code, []), key=lambda i: i.number)
        return {"installments": parts, "terms": terms}

    for row, (command, on, project) in _of_projects(
        plan, projects, "contracts", rows, SignContract, given=given
    ):
        code = row.cells.get("project_code", "")
        if project is None or project.contract is None:
            plan.add("contracts", row, on, command)
            continue
        plan.present["contracts"] += 1
        for column, in_file, held in (
            ("number", command.number, project.contract.number),
            ("amount", command.amount, project.contract.amount),
        ):
            if in_file != held:
                plan.disagree("contracts", row.number, code, column, (in_file, held))


def _contract_money(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    """An advance with its guarantee, or the retention returned: recorded once (by its
    voucher), else refused where the system holds another."""
    for row in rows:
        checker = plan.checker(row)
        found = _project_row(plan, projects, "contract_money", row)
        given: dict[str, Any] = {"project_id": found[0] if found else NO_PROJECT}
        kind = checker.text("kind", limit=20)
        dated: tuple[PayAdvance | ReleaseRetention, date] | None = None
        if kind == "advance":
            given["guarantee"] = checker.command(GuaranteeIn, names=GUARANTEE_FIELDS)
            dated = dated_command(checker, "contract_money", PayAdvance, given)
        elif kind == "retention":
            dated = dated_command(checker, "contract_money", ReleaseRetention, given)
        elif kind:
            checker.fail("kind", "รายการไม่ถูกต้อง", "Not one of the choices")
        if dated is None or found is None:
            plan.refuse_cells("contract_money", row, checker)
            continue
        (command, on), project = dated, found[1]
        held = None
        if project is not None:
            held = project.advance if kind == "advance" else project.retention_release
        if held is None:
            plan.add("contract_money", row, on, command)
        elif held.voucher == command.voucher:
            plan.present["contract_money"] += 1
        else:
            reference = f"{row.cells.get('project_code', '')} {kind}"
            plan.disagree(
                "contract_money", row.number, reference, "voucher", (command.voucher, held.voucher)
            )


def _inspections(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    inspections = _of_projects(plan, projects, "inspections", rows, InspectInstallment)
    for row, (command, on, project) in inspections:
        held = project.inspected.get(command.installment) if project is not None else None
        if held is None:
            plan.add("inspections", row, on, command)
        elif held == on:
            plan.present["inspections"] += 1
        else:
            reference = f"{row.cells['project_code']} #{command.installment}"
            plan.disagree("inspections", row.number, reference, "inspected_on", (on, held))


def _payments(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    # a refused row lists its payment too
    listed = {(row.cells.get("project_code", ""), row.cells.get("voucher", "")) for row in rows}
    for row, (command, on, project) in _of_projects(
        plan, projects, "payments", rows, RecordPayment
    ):
        held = _payment(project, command.voucher)
        if held is None:
            plan.add("payments", row, on, command)
            continue
        version, paid = held
        if paid.installment != command.installment:
            plan.disagree(
                "payments",
                row.number,
                command.voucher,
                "installment",
                (command.installment, paid.installment),
            )
        if paid.amount == command.amount:
            plan.present["payments"] += 1
            continue
        correction = CorrectPayment(
            project_id=command.project_id,
            corrects_version=version,
            amount=command.amount,
            reason=plan.reason("payments", row, row.cells.get("correction_reason", "")),
            business_date=on,
        )
        plan.add("payments", row, on, correction, correction=True)
    for code, project in projects.known.items():
        for paid in project.payments.values() if project is not None else ():
            if (code, paid.voucher) not in listed:
                plan.missing("payments", f"{code} {paid.voucher}")


def _payment(project: Project | None, voucher: str) -> tuple[int, Any] | None:
    if project is None:
        return None
    for version, paid in project.payments.items():
        if paid.voucher == voucher:
            return version, paid
    return None


def _ends(plan: Plan, projects: Projects, rows: list[Row]) -> None:
    for row in rows:
        checker = plan.checker(row)
        found = _project_row(plan, projects, "project_ends", row)
        on = checker.day("on", required=True)
        action = checker.text("action", limit=30)
        command = _end(checker, found[0] if found else None, action, on)
        if command is None or found is None or on is None:
            plan.refuse_cells("project_ends", row, checker)
            continue
        project = found[1]
        done = project is not None and {
            "carry_over": project.carried_until is not None,
            "cancel_carried": project.cancelled and project.carried_until is not None,
            "cancel": project.cancelled,
            "close": project.closed,
        }.get(action, False)
        if done:
            plan.present["project_ends"] += 1
        else:
            plan.add("project_ends", row, on, command)


def _end(checker: Any, the_id: Any, action: str, on: date | None) -> Any:
    if the_id is None or on is None:
        return None
    if action == "carry_over":
        kind = checker.choice("kind", CarryOverKind)
        amount = checker.amount("amount")
        deadline = checker.day("deadline", required=True)
        approval = council_approval(checker)
        if kind is None or amount is None or deadline is None or checker.problems:
            return None
        return CarryOver(
            project_id=the_id,
            kind=CarryOverKind(kind),
            amount=amount,
            deadline=deadline,
            council_approval=approval,
            business_date=on,
        )
    if action == "cancel":
        reason = checker.text("reason", limit=4000)
        return CancelProject(project_id=the_id, reason=reason, business_date=on) if reason else None
    if action == "cancel_carried":
        return CancelCarriedFunds(project_id=the_id, business_date=on)
    if action == "close":
        return CloseProject(project_id=the_id, business_date=on)
    checker.fail("action", "การดำเนินการไม่ถูกต้อง", "Not one of the actions")
    return None


def _missing_projects(plan: Plan, projects: Projects) -> None:
    budget = plan.budget
    assert budget is not None
    held = {
        project_id
        for ledger in budget.ledgers.values()
        for project_id in (*ledger.reserved, *ledger.committed)
    }
    in_file = {str(projects.id_of(code)) for code in projects.in_file}
    for missing in sorted(held - in_file):
        plan.missing("projects", plan.office.project(UUID(missing)).code)
