"""An LAO's year as the system holds it, as the workbook's rows (budget.imports.sheets).

Read from the year's event history (the budget and every project planned on it), so
the rows hold what was recorded: the ordinance's own lines and amounts, the transfers
and supplementary budgets as they were approved, every payment and expenditure at its
amount as corrected since, the procurement dates as corrected, and the corrections
themselves as history. Downloaded, this is what an import of the same file finds
already present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from budget.application import BudgetOffice
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import ApprovalLevel, BudgetLine
from budget.domain.contract_terms import NO_TERMS, PaymentTerms
from budget.domain.errors import BudgetNotFound
from budget.domain.ids import budget_id
from budget.domain.procurement import Stage
from budget.domain.project import Project
from budget.domain.project_money import PaymentEntry
from budget.imports.sheets import FORMAT

Rows = dict[str, list[dict[str, Any]]]  # by the sheet's key: each row's values by column
# The event classes the aggregates' @event decorators make (mypy cannot see them).
BUDGET: Any = AnnualBudget
PROJECT: Any = Project


@dataclass(slots=True)
class Year:
    """What the rows are gathered into while the events are read."""

    rows: Rows = field(default_factory=lambda: {})
    project_ids: list[str] = field(default_factory=list)
    approvals: dict[str, tuple[str, date]] = field(default_factory=dict)  # carried, by project
    delivered: dict[tuple[str, int], date] = field(default_factory=dict)  # by project, number
    guarantees: dict[str, Any] = field(default_factory=dict)  # an advance's, by project code
    expenditures: dict[int, dict[str, Any]] = field(default_factory=dict)  # by version

    def add(self, sheet: str, **values: Any) -> dict[str, Any]:
        row = dict(values)
        self.rows.setdefault(sheet, []).append(row)
        return row


def year_rows(office: BudgetOffice, lao_code: str, fiscal_year: int) -> Rows:
    """The LAO's year: the About row only (an empty, valid template) if it has no budget."""
    authority = office.authority(lao_code)
    year = Year()
    about = year.add(
        "about",
        lao_code=lao_code,
        lao_name=authority.name_th,
        fiscal_year=fiscal_year,
        drafted_on=None,
        ordinance_date=None,
        approved_by="",
        format=FORMAT,
    )
    try:
        budget = office.budget(lao_code, fiscal_year)
    except BudgetNotFound:
        return _complete(year.rows)
    for event in office.events.get(budget_id(lao_code, fiscal_year)):
        _budget_event(year, about, event)
    for version, row in sorted(year.expenditures.items()):
        line_code, amount, voucher = budget.expenditures[version]
        year.add("expenditures", **row, line_code=line_code, amount=amount, voucher=voucher)
    _revenue(year, budget)
    for project_id in year.project_ids:
        _project_rows(office, year, UUID(project_id))
    return _complete(year.rows)


def _complete(rows: Rows) -> Rows:
    from budget.imports.sheets import SHEETS

    return {sheet.key: rows.get(sheet.key, []) for sheet in SHEETS}


def _line(line: BudgetLine) -> dict[str, Any]:
    return {
        "programme": line.programme.value,
        "work_unit": line.work_unit,
        "budget_group": line.group.value,
        "category": line.category.value,
        "description": line.description,
    }


def _budget_event(year: Year, about: dict[str, Any], event: Any) -> None:
    match event:
        case BUDGET.Drafted(lines=lines, business_date=on):
            about["drafted_on"] = on
            _lines(year, lines)
        case BUDGET.DraftLineAdded(line=line):
            _lines(year, [line])
        case BUDGET.FundedLineAdded(new_line=line, reference=reference, business_date=on):
            row = {"code": line.code, **_line(line), "amount": line.amount, **_funding(line)}
            year.add("funded_lines", **row, reference=reference, added_on=on)
        case BUDGET.Enacted(ordinance_date=ordinance, approved_by=approved_by):
            about["ordinance_date"], about["approved_by"] = ordinance, approved_by
        case BUDGET.FundsTransferred() | BUDGET.SupplementaryBudgetEnacted():
            _change(year, event)
        case BUDGET.FundsReserved(project_id=project_id):
            if project_id not in year.project_ids:
                year.project_ids.append(project_id)
        case BUDGET.FundsCarriedOver(project_id=project_id, council_approval=approval):
            if approval is not None:
                year.approvals[project_id] = (approval.resolution, approval.approved_on)
        case (
            BUDGET.ExpenditureRecorded(description=text)
            | BUDGET.SpentBeforeEnactment(description=text)
        ):
            year.expenditures[event.originator_version] = {
                "paid_on": event.business_date,
                "description": text,
                "correction_reason": "",
            }
        case (
            BUDGET.ExpenditureCorrected(corrects_version=version, old_amount=old, amount=new)
            | BUDGET.RevenueCorrected(corrects_version=version, old_amount=old, amount=new)
        ):
            what = "รายรับ" if isinstance(event, BUDGET.RevenueCorrected) else "รายจ่ายไม่ผ่านโครงการ"
            _correction(year, what, f"ฉบับที่ {version}", (old, new), event)
        case _:
            pass


def _lines(year: Year, lines: list[BudgetLine]) -> None:
    for line in lines:
        year.add("lines", code=line.code, **_line(line), amount=line.amount, **_funding(line))


def _revenue(year: Year, budget: AnnualBudget) -> None:
    """The estimate by category, and each receipt at its amount as corrected since."""
    for category, amount in budget.revenue.estimate.items():
        year.add("revenue_estimate", category=category.value, amount=amount)
    for _, receipt in sorted(budget.revenue.receipts.items()):
        year.add(
            "revenue",
            category=receipt.category.value,
            reference=receipt.reference,
            received_on=receipt.received_on,
            amount=receipt.amount,
            correction_reason="",
        )


def _funding(line: BudgetLine) -> dict[str, Any]:
    """Where a line's money comes from, as the lines sheet's columns say it."""
    source = line.source
    approval = source.council_approval
    return {
        "source": source.kind.value,
        "grantor": source.grantor,
        "grant_unused": source.unused.value if source.unused is not None else "",
        "source_resolution": approval.resolution if approval else "",
        "source_approved_on": approval.approved_on if approval else None,
    }


def _change(year: Year, event: Any) -> None:
    """A transfer or a supplementary budget."""
    if hasattr(event, "from_line"):
        _transfer(year, event)
    else:
        _supplementary(year, event)


def _supplementary(year: Year, event: Any) -> None:
    on = event.ordinance_date
    for code, amount in event.additions.items():
        year.add("supplementary", ordinance_date=on, line_code=code, amount=amount)
    for line in event.new_lines:
        year.add(
            "supplementary",
            ordinance_date=on,
            line_code=line.code,
            amount=line.amount,
            **_line(line),
        )


def _transfer(year: Year, event: Any) -> None:
    approval = event.council_approval
    line = _line(event.new_line) if event.new_line is not None else {}
    year.add(
        "transfers",
        on=event.business_date,
        from_line=event.from_line,
        to_line=event.to_line,
        amount=event.amount,
        changes_item=event.approval_level is ApprovalLevel.COUNCIL and event.new_line is None,
        council_resolution=approval.resolution if approval else "",
        council_approved_on=approval.approved_on if approval else None,
        **line,
    )


def _correction(year: Year, what: str, reference: str, change: tuple[Any, Any], event: Any) -> None:
    year.add(
        "corrections",
        what=what,
        reference=reference,
        before=str(change[0]),
        after=str(change[1]),
        reason=event.reason,
        on=event.business_date,
    )


STEP_DETAILS = {
    PROJECT.TermsOfReferenceSet: ("tor_set", ("reference_price", "public_hearing_ended_on")),
    PROJECT.ProcurementReportApproved: ("report_approved", ("estimate", "reference_price")),
    PROJECT.InvitationAnnounced: ("invitation_announced", ("invited_firms",)),
    PROJECT.BidsEvaluated: ("bids_evaluated", ("bids_received",)),
    PROJECT.WinnerAnnounced: ("winner_announced", ("winner", "offered_amount")),
}


def _project_rows(office: BudgetOffice, year: Year, project_id: UUID) -> None:
    project = office.project(project_id)
    code = project.code
    events: list[Any] = list(office.events.get(project_id))
    year.add(
        "projects",
        code=code,
        name=project.name,
        line_code=project.line_code,
        method=project.method.value,
        amount=project.amount,
        method_reason=events[0].method_reason,
        planned_on=project.stage_dates[Stage.PLANNED],
    )
    details: dict[str, dict[str, Any]] = {}
    notes: dict[int, str] = {}
    for event in events:
        _project_event(year, code, event, details, notes)
    for stage in (s for s in project.stage_dates if s.value in _STEPS):
        row = {"project_code": code, "step": stage.value, "on": project.stage_dates[stage]}
        year.add("steps", **row, **details.get(stage.value, {}))
    _contract_rows(year, project, notes)


_STEPS = {"plan_published", *(step for step, _ in STEP_DETAILS.values())}


def _project_event(
    year: Year, code: str, event: Any, details: dict[str, dict[str, Any]], notes: dict[int, str]
) -> None:
    found = STEP_DETAILS.get(type(event))
    if found is not None:
        step, names = found
        details[step] = {name: getattr(event, name) for name in names}
        return
    match event:
        case PROJECT.InstallmentInspected(installment=number, committee_note=note):
            notes[number] = note
        case PROJECT.DeductionsAssessed(installment=number, delivered_on=delivered):
            year.delivered[(code, number)] = delivered
        case PROJECT.AdvancePaid(guarantee=guarantee):
            year.guarantees[code] = guarantee
        case PROJECT.PaymentCorrected(corrects_version=version, old_amount=old, amount=new):
            _correction(year, "เบิกจ่าย", f"{code} ฉบับที่ {version}", (old, new), event)
        case PROJECT.StageDateCorrected(stage=stage, old_date=old, corrected_date=new):
            _correction(year, "วันที่ของขั้นตอน", f"{code} {stage.value}", (old, new), event)
        case PROJECT.CarriedOver(kind=kind, amount=amount, deadline=deadline):
            resolution, approved_on = year.approvals.get(str(event.originator_id), ("", None))
            year.add(
                "project_ends",
                project_code=code,
                action="carry_over",
                on=event.business_date,
                kind=kind.value,
                amount=amount,
                deadline=deadline,
                council_resolution=resolution,
                council_approved_on=approved_on,
            )
        case PROJECT.CarriedFundsCancelled():
            year.add(
                "project_ends", project_code=code, action="cancel_carried", on=event.business_date
            )
        case PROJECT.Cancelled(reason=reason):
            year.add(
                "project_ends",
                project_code=code,
                action="cancel",
                on=event.business_date,
                reason=reason,
            )
        case PROJECT.Closed():
            year.add("project_ends", project_code=code, action="close", on=event.business_date)
        case _:
            pass


def _end(year: Year, code: str, action: str, event: Any, **values: Any) -> None:
    year.add("project_ends", project_code=code, action=action, on=event.business_date, **values)


def _terms(terms: PaymentTerms) -> dict[str, Any]:
    """A contract's terms as the contracts sheet's cells (none: blank)."""
    if terms == NO_TERMS:
        return {}
    return {
        "advance_rate": terms.advance_rate,
        "advance_recovery_rate": terms.advance_recovery_rate,
        "retention_rate": terms.retention_rate,
        "warranty_months": terms.warranty_months,
        "fine_rate": terms.fine_rate,
        "fine_basis": terms.fine_basis.value,
    }


def _paid(entry: PaymentEntry) -> dict[str, Any]:
    """A payment's cells (sheets.PAID): its voucher, the day it was paid, its amount."""
    return {"voucher": entry.voucher, "paid_on": entry.paid_on, "amount": entry.amount}


def _lump_sums(year: Year, project: Project) -> None:
    """The advance with its guarantee, the retention returned (the contract as amended
    stands in the contracts and installments sheets)."""
    code = project.code
    if project.advance is not None:
        guarantee = year.guarantees[code]
        year.add(
            "contract_money",
            project_code=code,
            kind="advance",
            **_paid(project.advance),
            guarantee_issuer=guarantee.issuer,
            guarantee_reference=guarantee.reference,
            guarantee_amount=guarantee.amount,
        )
    released = project.retention_release
    if released is not None:
        year.add(
            "contract_money",
            project_code=code,
            kind="retention",
            **_paid(released),
        )


def _contract_rows(year: Year, project: Project, notes: dict[int, str]) -> None:
    code, contract = project.code, project.contract
    if contract is None:
        return
    year.add(
        "contracts",
        project_code=code,
        number=contract.number,
        contractor=contract.contractor,
        contractor_tax_id=contract.contractor_tax_id,
        amount=contract.amount,
        signed_on=project.stage_dates.get(Stage.CONTRACT_SIGNED),
        **_terms(contract.terms),
    )
    _lump_sums(year, project)
    for part in contract.installments:
        year.add(
            "installments",
            project_code=code,
            number=part.number,
            amount=part.amount,
            due_on=part.due_on,
            description=part.description,
        )
    for number, inspected_on in sorted(project.inspected.items()):
        year.add(
            "inspections",
            project_code=code,
            installment=number,
            inspected_on=inspected_on,
            committee_note=notes.get(number, ""),
            delivered_on=year.delivered.get((code, number)),
        )
    for _, paid in sorted(project.payments.items()):
        year.add(
            "payments",
            project_code=code,
            installment=paid.installment,
            **_paid(paid),
            correction_reason="",
        )
