"""Current state of each project: stage, money, installments. New row states are
computed in Python for the whole batch, then written with one upsert per table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, select

from budget.domain.procurement import Stage
from budget.projections.follow import Positioned
from budget.projections.tables import project_installment, project_payment, project_state
from budget.projections.upsert import upsert

PREFIX = "Project."
STEPS = {
    "ProcurementPlanPublished": Stage.PLAN_PUBLISHED,
    "ProcurementReportApproved": Stage.REPORT_APPROVED,
    "TermsOfReferenceSet": Stage.TOR_SET,
    "InvitationAnnounced": Stage.INVITATION_ANNOUNCED,
    "BidsEvaluated": Stage.BIDS_EVALUATED,
    "WinnerAnnounced": Stage.WINNER_ANNOUNCED,
}
Row = dict[str, Any]


class ProjectState:
    name = "project_state"
    tables: tuple[Table, ...] = (project_state, project_installment, project_payment)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if type(e.event).__qualname__.startswith(PREFIX)]
        if not mine:
            return
        batch = _Batch.load(connection, {str(e.event.originator_id) for e in mine})
        for positioned in mine:
            batch.apply(positioned)
        batch.save(connection)


class _Batch:
    """The rows a batch touches, loaded once and written once."""

    def __init__(
        self, connection: Connection, states: dict[str, Row], parts: dict[str, dict[int, Row]]
    ) -> None:
        self.connection = connection
        self.states = states
        self.parts = parts  # by project, then installment number
        self.payments: dict[tuple[str, int], Row] = {}  # by project and payment version

    @classmethod
    def load(cls, connection: Connection, ids: set[str]) -> _Batch:
        states = connection.execute(
            select(project_state).where(project_state.c.project_id.in_(ids))
        )
        parts = connection.execute(
            select(project_installment).where(project_installment.c.project_id.in_(ids))
        )
        by_project: dict[str, dict[int, Row]] = {}
        for r in parts:
            by_project.setdefault(r.project_id, {})[r.number] = dict(r._mapping)
        return cls(connection, {r.project_id: dict(r._mapping) for r in states}, by_project)

    def save(self, connection: Connection) -> None:
        upsert(connection, project_state, list(self.states.values()))
        parts = [part for numbered in self.parts.values() for part in numbered.values()]
        upsert(connection, project_installment, parts)
        upsert(connection, project_payment, list(self.payments.values()))

    def apply(self, positioned: Positioned) -> None:
        event = positioned.event
        kind = type(event).__qualname__.removeprefix(PREFIX)
        pid = str(event.originator_id)
        if kind == "Planned":
            self.states[pid] = _planned(pid, event)
        state = self.states[pid]
        before = state["stage"]
        if kind in STEPS:
            state["stage"] = STEPS[kind].value
        elif kind == "ContractSigned":
            self._contract(pid, state, event)
        elif kind == "InstallmentInspected":
            self.parts[pid][event.installment]["inspected"] = True
        elif kind == "PaymentRecorded":
            self._pay(pid, event.installment, event.amount)
            self.payments[(pid, event.originator_version)] = {
                "project_id": pid,
                "version": event.originator_version,
                "installment": event.installment,
                "amount": event.amount,
            }
        elif kind == "PaymentCorrected":
            payment = self._payment(pid, event.corrects_version)
            self._pay(pid, payment["installment"], event.amount - payment["amount"])
            payment["amount"] = event.amount
        elif kind in {"Cancelled", "CarriedFundsCancelled"}:
            state["cancelled"] = True
        elif kind == "Closed":
            state["closed"] = True
        elif kind == "StageDateCorrected" and event.stage.value == state["stage"]:
            state["stage_entered_on"] = event.corrected_date
        self._derive(pid, state)
        if state["stage"] != before:
            state["stage_entered_on"] = event.business_date
        state["last_position"] = positioned.position

    def _contract(self, pid: str, state: Row, event: Any) -> None:
        state["stage"] = Stage.CONTRACT_SIGNED.value
        state["contract_amount"] = event.contract.amount
        state["installments_total"] = len(event.contract.installments)
        numbered = self.parts.setdefault(pid, {})
        for part in event.contract.installments:
            numbered[part.number] = {
                "project_id": pid,
                "number": part.number,
                "amount": part.amount,
                "inspected": False,
                "paid": Decimal("0.00"),
            }

    def _pay(self, pid: str, installment: int, amount: Decimal) -> None:
        self.parts[pid][installment]["paid"] += amount
        self.states[pid]["paid"] += amount

    def _payment(self, pid: str, version: int) -> Row:
        key = (pid, version)
        if key not in self.payments:
            row = self.connection.execute(
                select(project_payment).where(
                    project_payment.c.project_id == pid, project_payment.c.version == version
                )
            ).one()
            self.payments[key] = dict(row._mapping)
        return self.payments[key]

    def _derive(self, pid: str, state: Row) -> None:
        parts = list(self.parts.get(pid, {}).values())
        state["installments_inspected"] = sum(1 for p in parts if p["inspected"])
        state["installments_paid"] = sum(1 for p in parts if p["paid"] == p["amount"])
        if state["closed"]:
            state["stage"] = Stage.CLOSED.value
        elif state["cancelled"]:
            state["stage"] = Stage.CANCELLED.value
        elif state["contract_amount"] is not None:
            if parts and state["installments_paid"] == len(parts):
                state["stage"] = Stage.PAID.value
            elif state["installments_inspected"]:
                state["stage"] = Stage.INSPECTED.value
            else:
                state["stage"] = Stage.CONTRACT_SIGNED.value


def _value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _planned(pid: str, event: Any) -> Row:
    return {
        "project_id": pid,
        "lao_code": event.lao_code,
        "province_code": event.province_code,
        "lao_type": _value(event.lao_type),
        "fiscal_year": event.fiscal_year,
        "code": event.code,
        "name": event.name,
        "line_code": event.line_code,
        "budget_group": _value(event.budget_group),
        "method": _value(event.method),
        "budget_amount": event.amount,
        "stage": Stage.PLANNED.value,
        "stage_entered_on": event.business_date,
        "contract_amount": None,
        "paid": Decimal("0.00"),
        "installments_total": 0,
        "installments_inspected": 0,
        "installments_paid": 0,
        "cancelled": False,
        "closed": False,
        "last_position": 0,
    }
