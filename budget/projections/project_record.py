"""A project's record as its page shows it, beside project_state: the project's version
(the precondition of the page's forms), the appeal window's end, the contract's parties,
each installment's due date, work and inspection date (as the contract's amendments left
them), each payment's voucher and date, each amendment (who approved it, why) and what was
paid outside the installments (the advance and its guarantee, the retention returned).

The amounts (the contract's, each installment's, each payment's as corrected) stay in
project_state's tables; this projection writes only what they lack, so a correction of
a payment or of a stage's date changes nothing here but the version. Its own tracking
position lets a store whose views predate it fill these tables from the first event,
by itself, the next time the views are followed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, tuple_

from budget.projections.contract_rows import amended_installments
from budget.projections.contractors import keep_contractors
from budget.projections.events import project
from budget.projections.events.wire import Event
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.slotted import slotted
from budget.projections.tables import (
    contractor,
    contractor_code,
    project_record,
    project_record_amendment,
    project_record_installment,
    project_record_lump_sum,
    project_record_payment,
)
from budget.projections.upsert import AsRead, append, as_read, rows_by_keys, save, update_columns

ADVANCE = "advance"
RETENTION = "retention"

Row = dict[str, Any]


class ProjectRecord:
    name = "project_record"
    tables: tuple[Table, ...] = (
        project_record,
        contractor,
        project_record_installment,
        project_record_payment,
        project_record_amendment,
        project_record_lump_sum,
    )
    topics = frozenset(project.TOPICS)
    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)
    partitions = topics  # each a project's: a long fold in parts, by project (fold.py)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Batch.load)


class _Batch:
    """The rows a batch touches, loaded once and written once (only those it changed).

    A project's row of project_record is not read back: each of its columns is set by an
    event whatever it held before (the version by every event, the appeal window's end by
    the winner's announcement, the parties by the contract), so a batch writes the columns
    its events set, a project planned in it the whole row. Measured (issue 16, scale 0.1,
    the first 400,000 events rebuilt in one process, `bench-batch-path`'s runs, before and
    after in one run): 137.5 -> 126.8 µs of CPU an event (follower 78.5 -> 73.2,
    PostgreSQL 59.0 -> 53.7); at batches of 5,000 it had not paid (session 29).

    In a fold (fold.py, follow.Streamed) it holds the records and installments (in slots,
    slotted.py); the payments, amendments and lump sums, each new and read by no later
    event, are written after the read that recorded them (`stream`)."""

    def __init__(self, parts: dict[str, dict[int, Row]], read: dict[Table, AsRead]) -> None:
        # by project: a project planned in this batch, its whole row; any other, the key
        # and the columns this batch's events set
        self.records: dict[str, Row] = {}
        self.planned: set[str] = set()
        # by project, then installment number: an amendment finds its project's own
        # (a walk over every installment of the batch was 1% of a rebuild's CPU)
        self.parts = parts
        self.read = read  # the rows loaded, as loaded
        self.payments: list[Row] = []  # every one new: a payment's voucher and date stay
        self.amendments: list[Row] = []  # every one new
        self.lump_sums: list[Row] = []  # every one new
        self.removed: set[tuple[str, int]] = set()  # installments an amendment took away
        # the contracts' parties, by code: kept once each (contractor, schema 0025)
        self.parties: dict[int, tuple[str, str]] = {}

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Batch:
        # the installments only of the projects an inspection or an amendment touches
        inspected = {
            (e.originator_id,)
            for e in events
            if isinstance(e.event, project.InstallmentInspected | project.ContractAmended)
        }
        parts = rows_by_keys(connection, project_record_installment, ["project_id"], inspected)
        read = {project_record_installment: as_read(project_record_installment, parts)}
        by_project: dict[str, dict[int, Row]] = {}
        for part in parts:
            held = slotted(project_record_installment, part)
            by_project.setdefault(part["project_id"], {})[part["number"]] = held
        return cls(by_project, read)

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """Nothing to read back: what it writes out, no later event reads."""

    def stream(self, connection: Connection) -> None:
        """The payments, amendments and lump sums written, and forgotten."""
        self._append(connection)
        self.payments, self.amendments, self.lump_sums = [], [], []

    def _append(self, connection: Connection) -> None:
        append(connection, project_record_payment, self.payments)
        append(connection, project_record_amendment, self.amendments)
        append(connection, project_record_lump_sum, self.lump_sums)

    def save(self, connection: Connection) -> None:
        keep_contractors(connection, self.parties)
        planned = [row for pid, row in self.records.items() if pid in self.planned]
        append(connection, project_record, planned)
        changed = (row for pid, row in self.records.items() if pid not in self.planned)
        update_columns(connection, project_record, changed)
        installments = self.read[project_record_installment]
        parts = [part for numbered in self.parts.values() for part in numbered.values()]
        save(connection, project_record_installment, parts, installments)
        if self.removed:
            table = project_record_installment
            columns = tuple_(table.c.project_id, table.c.number)
            connection.execute(delete(table).where(columns.in_(self.removed)))
        self._append(connection)

    def apply(self, positioned: Positioned) -> None:
        event = positioned.event
        assert isinstance(event, Event)
        pid = positioned.originator_id
        if isinstance(event, project.Planned):
            self.records[pid] = slotted(project_record, _planned(pid))
            self.planned.add(pid)
        record = self.records.setdefault(pid, {"project_id": pid})
        record["version"] = positioned.version
        match event:
            case project.WinnerAnnounced(appeal_ends_on=ends):
                record["appeal_ends_on"] = ends.value if ends is not None else None
            case project.ContractSigned(contract=contract):
                self._contract(pid, record, contract.value)
            case project.InstallmentInspected(installment=number):
                self.parts[pid][number]["inspected_on"] = event.business_date.value
            case project.ContractAmended():
                self._amended(pid, positioned.version, event)
            case project.AdvancePaid(guarantee=guarantee):
                given = guarantee.value
                self._lump_sum(
                    pid,
                    positioned.version,
                    ADVANCE,
                    event,
                    guarantee=f"{given.issuer} {given.reference} {given.amount.value:,.2f}",
                )
            case project.RetentionReleased():
                self._lump_sum(pid, positioned.version, RETENTION, event)
            case project.PaymentRecorded(voucher=voucher):
                self.payments.append(
                    {
                        "project_id": pid,
                        "version": positioned.version,
                        "voucher": voucher,
                        "paid_on": event.business_date.value,
                    }
                )

    def _lump_sum(
        self,
        pid: str,
        version: int,
        kind: str,
        event: project.AdvancePaid | project.RetentionReleased,
        *,
        guarantee: str = "",
    ) -> None:
        self.lump_sums.append(
            {
                "project_id": pid,
                "version": version,
                "kind": kind,
                "amount": event.amount.value,
                "voucher": event.voucher,
                "paid_on": event.business_date.value,
                "guarantee": guarantee,
            }
        )

    def _amended(self, pid: str, version: int, event: project.ContractAmended) -> None:
        contract = event.contract.value
        self.amendments.append(
            {
                "project_id": pid,
                "version": version,
                "kind": event.kind.value,
                "approved_on": event.business_date.value,
                "approved_by": event.approved_by,
                "reason": event.reason,
                "previous_amount": event.previous_amount.value,
                "amount": contract.amount.value,
            }
        )
        numbered = self.parts.setdefault(pid, {})
        for part, row in amended_installments(pid, contract, numbered, self.removed, _installment):
            row["due_on"] = part.due_on.value
            row["description"] = part.description

    def _contract(self, pid: str, record: Row, contract: project.ContractTerms) -> None:
        record["contract_number"] = contract.number
        party = (contract.contractor, contract.contractor_tax_id)
        record["contractor_code"] = code = contractor_code(*party)
        self.parties[code] = party
        numbered = self.parts.setdefault(pid, {})
        for part in (p.value for p in contract.installments):
            row = numbered[part.number] = _installment(pid, part)
            row["due_on"] = part.due_on.value
            row["description"] = part.description


def _installment(pid: str, part: project.InstallmentTerms) -> Any:
    """An installment's row, in slots, not yet inspected (its due day and work to set)."""
    return slotted(
        project_record_installment,
        {"project_id": pid, "number": part.number, "inspected_on": None},
    )


def _planned(pid: str) -> Row:
    return {
        "project_id": pid,
        "version": 1,
        "appeal_ends_on": None,
        "contractor_code": None,
        "contract_number": None,
    }
