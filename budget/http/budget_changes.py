"""An annual budget's changes: a line added to the draft; after enactment, transfers
between lines, supplementary budgets, spending straight from a line (and its
corrections); the year's closing. Carry-over belongs to a project's money: see
budget.http.project_changes.

Every write is a POST on a sub-resource of the budget and takes `If-Match` with the
budget's version (the ETag of GET .../budgets/{fiscal_year}).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK

from budget.application import BudgetOffice
from budget.domain.access import Action
from budget.http.budget_bodies import (
    DraftLineIn,
    ExpenditureCorrectionIn,
    ExpenditureIn,
    SupplementaryIn,
    TransferIn,
    YearClosingIn,
)
from budget.http.guards import services_of
from budget.http.params import FiscalYearPath, LaoCodePath
from budget.http.project_bodies import approval_of
from budget.http.routing import WRITE_PROBLEMS, action
from budget.http.writes import Writer, Written, provide_writer

ENTER = action(Action.ENTER_BUDGET)
ExpenditureVersion = Annotated[
    int,
    PathParameter(
        ge=1, le=10**9, description="the budget's version the expenditure was recorded as"
    ),
]


def office_of(writer: Writer) -> BudgetOffice:
    return services_of(writer.request).office


class BudgetChangesController(Controller):
    path = "/api/authorities/{lao_code:str}/budgets/{fiscal_year:int}"
    tags = ["budgets"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {"writer": Provide(provide_writer, sync_to_thread=False)}  # noqa: RUF012

    @post(
        "/lines",
        operation_id="addDraftLine",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def add_line(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[DraftLineIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Add a line to the budget while it is still a draft."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.add_draft_line(
                lao_code,
                fiscal_year,
                data.line(),
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/transfers",
        operation_id="transferFunds",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.APPROVE_TRANSFER),
    )
    def transfer(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[TransferIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Transfer money between lines (โอนงบประมาณ), approved by the LAO's executive;
        an investment transfer that changes an item needs the council's approval."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.transfer_funds(
                lao_code,
                fiscal_year,
                from_line=data.from_line,
                to_line=data.to_line,
                amount=data.amount,
                changes_item=data.changes_item,
                new_line=data.new_line.line() if data.new_line is not None else None,
                council_approval=approval_of(data.council_approval),
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/supplementary-budgets",
        operation_id="enactSupplementaryBudget",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def supplement(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[SupplementaryIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Record a supplementary budget (งบประมาณรายจ่ายเพิ่มเติม): money added to lines,
        and new lines."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.add_supplementary_budget(
                lao_code,
                fiscal_year,
                ordinance_date=data.ordinance_date,
                additions=data.additions_by_line(),
                new_lines=[line.line() for line in data.new_lines],
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/expenditures",
        operation_id="recordExpenditure",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def spend(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[ExpenditureIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Pay straight from a line, without a project; the version is the expenditure's
        number (for its corrections)."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.record_expenditure(
                lao_code,
                fiscal_year,
                line_code=data.line_code,
                amount=data.amount,
                voucher=data.voucher,
                description=data.description,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/expenditures/{expenditure_version:int}/corrections",
        operation_id="correctExpenditure",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def correct_spending(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        expenditure_version: ExpenditureVersion,
        data: JSONBody[ExpenditureCorrectionIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Correct a recorded expenditure's amount, with the reason (nothing is edited)."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.correct_expenditure(
                lao_code,
                fiscal_year,
                corrects_version=expenditure_version,
                amount=data.amount,
                reason=data.reason,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/closing",
        operation_id="closeBudgetYear",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def close_year(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[YearClosingIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Close the fiscal year (after 30 September): money neither paid nor carried over
        lapses, line by line."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.close_year(
                lao_code,
                fiscal_year,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )
