"""Current state of each project: stage, the date it entered each stage, money,
installments (what each inspected one withheld: the advance taken back, retention, a
fine); the money of its contract beyond the installments (project_money); and the running
count of projects per stage. New row states are computed in Python for the whole batch, then
written with one statement per table."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, delete, select, tuple_

from budget.domain.procurement import Stage, stage_of
from budget.projections.contract_rows import WITHHELD, ZERO, ContractRows, Row, withheld_by
from budget.projections.corrected import corrected_keys
from budget.projections.emptied_counts import COUNTED, emptied
from budget.projections.events import project
from budget.projections.events.wire import Event
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.slotted import shared, slotted
from budget.projections.tables import (
    STAGE_DATES,
    national_stage_count,
    project_installment,
    project_installment_deduction,
    project_money,
    project_payment,
    project_state,
    stage_count,
)
from budget.projections.upsert import (
    AsRead,
    accumulate,
    append,
    as_read,
    rows_by_keys,
    rows_by_keys_together,
    save,
    upsert,
)

STEPS: dict[type, str] = {
    project.ProcurementPlanPublished: Stage.PLAN_PUBLISHED.value,
    project.ProcurementReportApproved: Stage.REPORT_APPROVED.value,
    project.TermsOfReferenceSet: Stage.TOR_SET.value,
    project.InvitationAnnounced: Stage.INVITATION_ANNOUNCED.value,
    project.BidsEvaluated: Stage.BIDS_EVALUATED.value,
    project.WinnerAnnounced: Stage.WINNER_ANNOUNCED.value,
}
COUNT_KEY = ("province_code", "lao_type", "fiscal_year", "budget_group", "method", "stage")
NATIONAL_KEY = COUNT_KEY[1:]  # the same without the province
COUNT_SUMS = ("projects", "budget_amount", "contract_amount", "paid")
STAGES = {stage.value: stage for stage in Stage}
Sums = list[Any]  # projects, budget_amount, contract_amount, paid
READ_BACK = (project_state, project_installment, project_money)  # compared when written
PAYMENT_KEY = ("project_id", "version")


# The keys no project is at any more, deleted: built once (issue 17: for each batch, the
# statements' construction cost the live follower more than their run).
_EMPTIED = tuple(emptied(t) for t in COUNTED)


class ProjectState:
    name = "project_state"
    tables: tuple[Table, ...] = (
        project_state,
        project_installment,
        project_payment,
        stage_count,
        national_stage_count,
        project_money,
        project_installment_deduction,
    )
    topics = frozenset(project.TOPICS)
    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)
    partitions = topics  # each a project's: a long fold in parts, by project (fold.py)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Batch.load)


class _Batch(ContractRows):
    """The rows a batch touches, loaded once and written once (follow.Streamed).

    In a fold (fold.py) it holds what later events read: each project's row, its
    installments and its contract's money, in slots (slotted.py). A payment and an
    inspection's deductions, which no later event reads (a correction reads its payment
    back from the table), are written after the read that recorded them (`stream`)."""

    def __init__(
        self,
        connection: Connection,
        states: dict[str, Row],
        parts: dict[str, dict[int, Row]],
        read: dict[Table, AsRead],
    ) -> None:
        self.connection = connection
        self.states = states
        self.parts = parts  # by project, then installment number
        self.read = read  # the rows loaded, as loaded: only those changed are written
        self.payments: dict[tuple[str, int], Row] = {}  # by project and payment version
        self.stored_payments: set[tuple[str, int]] = set()  # those read from the table
        self.counted = {pid: _counted(state) for pid, state in states.items()}  # as loaded
        self.money: dict[str, Row] = {}  # by project: loaded lazily (contracts with terms)
        self.deductions: dict[tuple[str, int], Row] = {}  # new: written once, when inspected
        self.removed: set[tuple[str, int]] = set()  # installments an amendment took away
        self.ended: list[str] = []  # projects closed or cancelled since the last `stream`
        # what the projects written out by `stream` add to stage_count (by its key)
        self.deltas: dict[tuple[Any, ...], Sums] = {}

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Batch:
        batch = cls(connection, {}, {}, {t: {} for t in READ_BACK})
        batch._read_back(connection, {e.originator_id for e in events})
        return batch

    def _read_back(self, connection: Connection, pids: set[str]) -> None:
        """The rows of projects `pids` read from the tables, held as read."""
        keys = {(pid,) for pid in pids}
        states, parts, withheld, money = rows_by_keys_together(
            connection,
            [
                (table, ["project_id"], keys, None)
                for table in (
                    project_state,
                    project_installment,
                    project_installment_deduction,
                    project_money,
                )
            ],
        )
        for part in parts:
            part["withheld"] = ZERO
            held = slotted(project_installment, part, WITHHELD)
            self.parts.setdefault(part["project_id"], {})[part["number"]] = held
        for row in withheld:
            self.parts[row["project_id"]][row["number"]]["withheld"] = withheld_by(row)
        for table, found in ((project_state, states), (project_installment, parts)):
            self.read[table].update(as_read(table, found))
        self.read[project_money].update(as_read(project_money, money))
        for state in states:
            pid = state["project_id"]
            held = self.states[pid] = slotted(project_state, state)
            self.counted[pid] = _counted(held)
        self.money.update((row["project_id"], slotted(project_money, row)) for row in money)

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """The rows written out earlier that `events` read: the payments they correct (one
        statement, not one a correction: `_payment`), and those of ended projects they
        name (none today: the domain records nothing on a project once it is closed or
        cancelled)."""
        corrected = corrected_keys(events, project.PaymentCorrected, self.payments)
        for row in rows_by_keys(connection, project_payment, PAYMENT_KEY, corrected):
            key = (row["project_id"], row["version"])
            self.payments[key] = row
            self.stored_payments.add(key)
        planned = {e.originator_id for e in events if isinstance(e.event, project.Planned)}
        # not `set - dict.keys()`, which walks every key held (a national fold's ~1.2 M
        # projects) on each batch: the batch's projects looked up in it instead
        named = {e.originator_id for e in events}
        wanted = {pid for pid in named if pid not in self.states} - planned
        if wanted:
            self._read_back(connection, wanted)

    def stream(self, connection: Connection) -> None:
        """The payments and deductions written, and the rows of the projects that ended
        (closed, cancelled: read by no later event but a correction's, `recall`), and
        forgotten; what the ended projects add to the stage counts kept."""
        self._save_payments(connection)
        self.payments, self.stored_payments = {}, set()
        upsert(connection, project_installment_deduction, list(self.deductions.values()))
        self.deductions = {}
        ended = [pid for pid in dict.fromkeys(self.ended) if pid in self.states]
        self.ended = []
        if not ended:
            return
        states = []
        for pid in ended:
            state = self.states.pop(pid)
            self._count(pid, state, self.deltas)
            states.append(state)
        save(connection, project_state, states, self.read[project_state])
        parts = [part for pid in ended for part in self.parts.pop(pid, {}).values()]
        save(connection, project_installment, parts, self.read[project_installment])
        money = [self.money.pop(pid) for pid in ended if pid in self.money]
        save(connection, project_money, money, self.read[project_money])

    def _save_payments(self, connection: Connection) -> None:
        new = [row for key, row in self.payments.items() if key not in self.stored_payments]
        append(connection, project_payment, new)  # recorded in this batch
        upsert(connection, project_payment, [self.payments[key] for key in self.stored_payments])

    def save(self, connection: Connection) -> None:
        save(connection, project_state, self.states.values(), self.read[project_state])
        parts = [part for numbered in self.parts.values() for part in numbered.values()]
        save(connection, project_installment, parts, self.read[project_installment])
        self._save_payments(connection)
        if self.removed:
            columns = tuple_(project_installment.c.project_id, project_installment.c.number)
            connection.execute(delete(project_installment).where(columns.in_(self.removed)))
        save(connection, project_money, self.money.values(), self.read[project_money])
        upsert(connection, project_installment_deduction, list(self.deductions.values()))
        self._save_counts(connection)

    def _count(self, pid: str, state: Row, deltas: dict[tuple[Any, ...], Sums]) -> None:
        """The project's row leaves its old key (as read) and joins its new one."""
        new_key, new_sums = _counted(state)
        old = self.counted.pop(pid, None)
        if old is not None:
            old_key, old_sums = old
            if old_key == new_key and old_sums == new_sums:
                return  # counted as it was (a fold's or a batch's row unchanged)
            _add(deltas, old_key, [-value for value in old_sums])
        _add(deltas, new_key, new_sums)

    def _save_counts(self, connection: Connection) -> None:
        """Each touched project's row leaves its old key and joins its new one."""
        deltas = self.deltas
        for pid, state in self.states.items():
            self._count(pid, state, deltas)
        changed = {key: sums for key, sums in deltas.items() if any(sums)}
        names = COUNT_KEY + COUNT_SUMS
        rows = [dict(zip(names, key + tuple(sums), strict=True)) for key, sums in changed.items()]
        accumulate(connection, stage_count, rows)
        national: dict[tuple[Any, ...], Sums] = {}
        for key, sums in changed.items():
            _add(national, key[1:], sums)  # the key without its province
        columns = NATIONAL_KEY + COUNT_SUMS
        rows = [dict(zip(columns, k + tuple(sums), strict=True)) for k, sums in national.items()]
        accumulate(connection, national_stage_count, rows)
        if any(sums[0] < 0 for sums in changed.values()):
            # A key no project is at any more goes, as if never written. Only this batch
            # can have left a row at zero, so no key list is needed: stage_count's rows at
            # zero are found by its partial index (schema 0027, emptied_counts.py),
            # national_stage_count's few hundred rows scanned, not thousands of six-column
            # keys matched row by row (over 10 s a batch nationally).
            for statement in _EMPTIED:
                connection.execute(statement)

    def apply(self, positioned: Positioned) -> None:
        event = positioned.event
        assert isinstance(event, Event)
        pid = positioned.originator_id
        if isinstance(event, project.Planned):
            self.states[pid] = _planned(pid, event)
        state = self.states[pid]
        before = state["stage"]
        inspected_before = state["installments_inspected"]
        self._record(pid, state, positioned.version, event)
        self._derive(pid, state)
        on = event.business_date.value
        if state["stage"] != before:
            state["stage_entered_on"] = on
        if isinstance(event, project.StageDateCorrected):
            state[STAGE_DATES[event.stage.value]] = event.corrected_date.value
        elif isinstance(event, project.Planned) or state["stage"] != before:
            _entered(state, before, inspected_before, on)
        state["last_position"] = positioned.position

    def _record(self, pid: str, state: Row, version: int, event: Event) -> None:
        """What the event itself changes; `_derive` then works out the stage."""
        match event:
            case project.Step():
                state["stage"] = STEPS[type(event)]
            case project.ContractSigned(contract=contract):
                self._contract(pid, state, contract.value)
            case project.ContractAmended(contract=contract):
                self._amended(pid, state, contract.value)
            case project.InstallmentInspected(installment=number):
                self.parts[pid][number]["inspected"] = True
            case project.DeductionsAssessed() | project.AdvancePaid() | project.RetentionReleased():
                self._contract_money(pid, state, event)
            case project.PaymentRecorded(installment=number, amount=amount):
                self._pay(pid, number, amount.value)
                self.payments[(pid, version)] = {
                    "project_id": pid,
                    "version": version,
                    "installment": number,
                    "amount": amount.value,
                }
            case project.PaymentCorrected(corrects_version=corrected, amount=amount):
                payment = self._payment(pid, corrected)
                self._pay(pid, payment["installment"], amount.value - payment["amount"])
                payment["amount"] = amount.value
            case project.Cancelled() | project.CarriedFundsCancelled():
                state["cancelled"] = True
                self.ended.append(pid)
            case project.Closed():
                state["closed"] = True
                self.ended.append(pid)
            case project.StageDateCorrected(stage=stage, corrected_date=corrected):
                if stage.value == state["stage"]:
                    state["stage_entered_on"] = corrected.value

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
            self.stored_payments.add(key)
        return self.payments[key]

    def _derive(self, pid: str, state: Row) -> None:
        parts = self.parts.get(pid, {}).values()
        state["installments_inspected"] = sum(1 for p in parts if p["inspected"])
        state["installments_paid"] = sum(
            1 for p in parts if p["paid"] == p["amount"] - p["withheld"]
        )
        state["stage"] = stage_of(
            closed=state["closed"],
            cancelled=state["cancelled"],
            last_step=STAGES[state["stage"]],
            installments=len(parts),
            inspected=state["installments_inspected"],
            paid_in_full=state["installments_paid"],
        ).value


def _entered(state: Row, before: str, inspected_before: int, on: date) -> None:
    """The date of the stage `state` just entered; a corrected payment that leaves `paid`
    undoes that stage, and going back to `inspected` keeps its first date."""
    stage = state["stage"]
    if before == Stage.PAID.value and stage == Stage.INSPECTED.value:
        state[STAGE_DATES[Stage.PAID.value]] = None
    if stage != Stage.INSPECTED.value or not inspected_before:
        state[STAGE_DATES[stage]] = on


def _counted(state: Row) -> tuple[tuple[Any, ...], Sums]:
    """A project's key in stage_count and what it adds there."""
    return _count_key(state), [
        1,
        state["budget_amount"],
        state["contract_amount"] or ZERO,
        state["paid"],
    ]


_count_key = operator.itemgetter(*COUNT_KEY)  # a project's key in stage_count


def _add(deltas: dict[tuple[Any, ...], Sums], key: tuple[Any, ...], sums: Sums) -> None:
    found = deltas.get(key)
    if found is None:
        deltas[key] = list(sums)
        return
    found[0] += sums[0]
    found[1] += sums[1]
    found[2] += sums[2]
    found[3] += sums[3]


def _planned(pid: str, event: project.Planned) -> Row:
    """A project's row as planned, in slots (a fold holds every project's)."""
    values = {
        "project_id": pid,
        "lao_code": shared(event.lao_code),
        "province_code": shared(event.province_code),
        "lao_type": event.lao_type.value,
        "fiscal_year": shared(event.fiscal_year),
        "code": event.code,
        "name": event.name,
        "line_code": shared(event.line_code),
        "budget_group": event.budget_group.value,
        "method": event.method.value,
        "budget_amount": event.amount.value,
        "stage": Stage.PLANNED.value,
        "stage_entered_on": event.business_date.value,
        "contract_amount": None,
        "paid": Decimal("0.00"),
        "installments_total": 0,
        "installments_inspected": 0,
        "installments_paid": 0,
        "cancelled": False,
        "closed": False,
        "last_position": 0,
        **dict.fromkeys(STAGE_DATES.values()),  # none reached yet but this one
        STAGE_DATES[Stage.PLANNED.value]: event.business_date.value,
    }
    held: Row = slotted(project_state, values)
    return held
