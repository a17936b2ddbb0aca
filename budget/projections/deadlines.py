"""The legal deadlines of what each LAO recorded (budget/domain/deadlines.py), and the
cabinet's extra holidays they are counted around.

A row per deadline: the event that set it (`opened_on`), the day its period starts (a
project's procurement plan: its budget's enactment when that came later), a fixed due
day where the record set one (a contract's installment, a carry-over), and the day and
event that met it. Due days of counted periods are worked out when asked
(queries/deadlines.py), on the holidays known then. The rows a batch touches are loaded
once, changed in Python in log order, and those added or changed written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table

from budget.domain.deadlines import DeadlineKind
from budget.domain.ids import budget_id
from budget.domain.procurement import Stage
from budget.projections.deadline_calendar import CalendarRows
from budget.projections.events import annual_budget as ab
from budget.projections.events import holidays, project, reporting
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.slotted import shared, slotted
from budget.projections.tables import cabinet_holiday, deadline, deadline_budget, reporting_rule
from budget.projections.upsert import (
    AsRead,
    as_read,
    rows_by_keys,
    rows_by_keys_together,
    save,
)

Row = dict[str, Any]
PLAN = DeadlineKind.PROCUREMENT_PLAN.value
TRANSFER = DeadlineKind.TRANSFER_REPORT.value
APPEAL = DeadlineKind.APPEAL_WINDOW.value
INSTALLMENT = DeadlineKind.INSTALLMENT_DELIVERY.value
CARRY = DeadlineKind.CARRY_OVER.value
# Deadlines that, once met, no later event reads or changes (a procurement plan's is
# moved by a corrected date and read by every later deadline of its project; an appeal
# window's start is moved by a corrected date; an amendment reads an installment's, met or
# not, and reads them back: `recall`)
DONE_WHEN_MET = frozenset({TRANSFER, INSTALLMENT, CARRY})


def key_of(subject_id: str, kind: str, number: int = 0) -> str:
    return f"{subject_id}/{kind}/{number}"


@cache
def _budget_of(lao_code: str, fiscal_year: int) -> str:
    """The id of an LAO's budget of a year, worked out once (a uuid5 per project planned
    was a tenth of this projection's time at scale 0.1)."""
    return str(budget_id(lao_code, fiscal_year))


def _later(one: date, other: date | None) -> date:
    return one if other is None else max(one, other)


# The project events that open, meet, move or cancel a deadline: a batch reads back the
# deadlines only of the projects these touch (a payment, an inspection's deductions or a
# procurement step between the plan and the winner changes none: at scale 0.1 they made
# the deadlines projection read back and compare the rows of projects it left as they were).
PROJECT_EVENTS = (
    project.Planned,
    project.ProcurementPlanPublished,
    project.WinnerAnnounced,
    project.ContractSigned,
    project.ContractAmended,
    project.InstallmentInspected,
    project.CarriedOver,
    project.Closed,
    project.Cancelled,
    project.CarriedFundsCancelled,
    project.StageDateCorrected,
)
PROJECT_TOPICS = frozenset(t for t, kind in project.TOPICS.items() if kind in PROJECT_EVENTS)


class Deadlines:
    name = "deadlines"
    tables: tuple[Table, ...] = (deadline, deadline_budget, cabinet_holiday, reporting_rule)
    topics = frozenset(
        {*PROJECT_TOPICS, *ab.REPORTED, *holidays.TOPICS, *reporting.TOPICS}
        | {
            topic
            for topic, kind in ab.TOPICS.items()
            if kind in (ab.Drafted, ab.Enacted, ab.FundsTransferred)
        }
    )

    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)
    # a long fold in parts (fold.py): a project's events in its project's part; the
    # budgets', holidays' and calendars' in the first, read back by the parts after it
    partitions = PROJECT_TOPICS
    # a drafted budget's lines it never reads (events.heads_read)
    heads = frozenset(ab.HEADS)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Batch.load)


class _Batch:
    """The rows a batch touches (follow.Streamed). In a fold (fold.py) it holds every
    deadline not yet met (in slots, slotted.py) and the budgets; a deadline met that no
    later event reads (DONE_WHEN_MET) is written after the read that met it (`stream`)."""

    def __init__(self, rows: dict[str, Row], budgets: dict[str, Row]) -> None:
        self.rows = rows  # by deadline key
        self.budgets = budgets  # by budget id
        # as read, so that `save` writes only the rows the batch added or changed
        self.read: tuple[AsRead, AsRead] = (
            as_read(deadline, rows.values()),
            as_read(deadline_budget, budgets.values()),
        )
        # the keys of each subject's deadlines: a cancellation closes them without a walk
        # over every row of the batch (that walk was 35% of its lane's time at scale 0.1)
        self.of_subject: dict[str, list[str]] = {}
        for key, row in rows.items():
            self.of_subject.setdefault(row["subject_id"], []).append(key)
        self.calendar = CalendarRows()  # the holidays and reporting rules it changes
        self.met: list[str] = []  # the keys of those met that no later event reads

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Batch:
        subjects = {e.originator_id for e in events}
        budget_ids = set(subjects)
        for e in events:
            match e.event:
                case project.Planned(lao_code=lao, fiscal_year=year):
                    budget_ids.add(_budget_of(lao, year))
        of_budgets, of_subjects = rows_by_keys_together(
            connection,
            [
                (deadline_budget, ["budget_id"], {(b,) for b in budget_ids}, None),
                (deadline, ["subject_id"], {(s,) for s in subjects}, None),
            ],
        )
        budgets = {row["budget_id"]: row for row in of_budgets}
        return cls(_by_key(of_subjects), budgets)

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """The deadlines written out earlier of the projects `events` amend, read back
        (an amendment reads each installment's); the budgets of the projects they plan,
        where not held (a fold's later part: its first wrote them, fold.py)."""
        planned_on = {
            _budget_of(e.event.lao_code, e.event.fiscal_year)
            for e in events
            if isinstance(e.event, project.Planned)
        }
        budget_ids = {(b,) for b in planned_on if b not in self.budgets}
        found = rows_by_keys(connection, deadline_budget, ["budget_id"], budget_ids)
        self.budgets.update((row["budget_id"], row) for row in found)
        self.read[1].update(as_read(deadline_budget, found))
        amended = {
            (e.originator_id,) for e in events if isinstance(e.event, project.ContractAmended)
        }
        found = rows_by_keys(connection, deadline, ["subject_id"], amended)
        back = {key: row for key, row in _by_key(found).items() if key not in self.rows}
        for key, row in back.items():
            self.rows[key] = row
            self.of_subject.setdefault(row["subject_id"], []).append(key)
        self.read[0].update(as_read(deadline, back.values()))

    def stream(self, connection: Connection) -> None:
        """The deadlines met that no later event reads written, and forgotten."""
        done = []
        for key in self.met:
            row = self.rows.pop(key, None)
            if row is not None:
                done.append(row)
                self.of_subject[row["subject_id"]].remove(key)
        self.met = []
        save(connection, deadline, done, self.read[0])

    def save(self, connection: Connection) -> None:
        save(connection, deadline, self.rows.values(), self.read[0])
        save(connection, deadline_budget, self.budgets.values(), self.read[1])
        self.calendar.save(connection)

    # -- the events ---------------------------------------------------------------

    def apply(self, positioned: Positioned) -> None:
        if positioned.topic in project.TOPICS:
            self._project(positioned)
        elif positioned.topic in holidays.TOPICS:
            self.calendar.holiday(positioned)
        elif positioned.topic in reporting.TOPICS:
            self.calendar.reporting(positioned)
        else:
            self._budget(positioned)

    def _budget(self, positioned: Positioned) -> None:
        sid = positioned.originator_id
        match positioned.event:
            case ab.DraftedHead() as e:
                self.budgets[sid] = {
                    "budget_id": sid,
                    "lao_code": e.lao_code,
                    "province_code": e.province_code,
                    "fiscal_year": e.fiscal_year,
                    "enacted_on": None,
                }
            case ab.Enacted(ordinance_date=ordinance):
                self.budgets[sid]["enacted_on"] = ordinance.value
            case ab.FundsTransferred() as e:
                self._open(
                    self.budgets[sid],
                    sid,
                    TRANSFER,
                    number=positioned.version,
                    subject=f"{e.from_line} → {e.to_line}",
                    opened_on=e.business_date.value,
                )
            case ab.TransferReported(transfer_version=version, reported_on=on):
                self._meet(key_of(sid, TRANSFER, version), on.value, positioned.version)

    def _project(self, positioned: Positioned) -> None:
        sid = positioned.originator_id
        match positioned.event:
            case project.Planned() as e:
                self._planned(sid, e)
            case project.ProcurementPlanPublished(business_date=on):
                self._meet(key_of(sid, PLAN), on.value, positioned.version)
            case project.WinnerAnnounced(business_date=on, appeal_ends_on=ends):
                if ends is not None:  # the specific method has no appeal window
                    self._from_plan(sid, APPEAL, 0, on.value)
            case project.ContractSigned(business_date=on, contract=contract):
                for terms in contract.value.installments:
                    part = terms.value
                    self._from_plan(sid, INSTALLMENT, part.number, on.value, part.due_on.value)
            case project.ContractAmended(business_date=on, contract=contract):
                self._amended(sid, contract.value, on.value)
            case project.InstallmentInspected(installment=number, business_date=on):
                self._meet(key_of(sid, INSTALLMENT, number), on.value, positioned.version)
            case project.CarriedOver(business_date=on, deadline=until):
                self._from_plan(sid, CARRY, 0, on.value, until.value)
            case project.Closed(business_date=on):
                self._meet(key_of(sid, CARRY), on.value, positioned.version)
            case (
                project.Cancelled(business_date=on)
                | project.CarriedFundsCancelled(business_date=on)
            ):
                self._cancel_open(sid, on.value)
            case project.StageDateCorrected(stage=stage, corrected_date=corrected):
                self._stage_corrected(sid, stage.value, corrected.value)

    def _amended(self, sid: str, contract: project.ContractTerms, on: date) -> None:
        """An amendment moves the due day of each installment not yet delivered; one it
        adds is due from now on; one it takes away is cancelled."""
        kept = set()
        for part in (p.value for p in contract.installments):
            kept.add(part.number)
            row = self.rows.get(key_of(sid, INSTALLMENT, part.number))
            if row is None:
                self._from_plan(sid, INSTALLMENT, part.number, on, part.due_on.value)
            elif row["met_on"] is None:
                row["fixed_due_on"] = part.due_on.value
                row["cancelled_on"] = None
        for key in self.of_subject.get(sid, ()):  # its own rows, not the batch's (a fold's
            row = self.rows[key]  # batch holds every row: a walk over them took 4% of it)
            taken_away = row["kind"] == INSTALLMENT and row["number"] not in kept
            if taken_away and row["met_on"] is None:
                row["cancelled_on"] = row["cancelled_on"] or on

    def _open(
        self,
        owner: Row,
        subject_id: str,
        kind: str,
        *,
        number: int,
        subject: str,
        opened_on: date,
        fixed_due_on: date | None = None,
        starts_on: date | None = None,
    ) -> None:
        """A deadline set on `opened_on`, its period counted from `starts_on` (the same
        day unless given)."""
        key = key_of(subject_id, kind, number)
        if key not in self.rows:
            self.of_subject.setdefault(subject_id, []).append(key)
        self.rows[key] = slotted(
            deadline,
            {
                "lao_code": owner["lao_code"],
                "province_code": owner["province_code"],
                "fiscal_year": owner["fiscal_year"],
                "kind": kind,
                "subject_id": subject_id,
                "subject": subject,
                "number": number,
                "opened_on": opened_on,
                "starts_on": starts_on or opened_on,
                "fixed_due_on": fixed_due_on,
                "met_on": None,
                "met_version": None,
                "cancelled_on": None,
            },
        )

    def _planned(self, sid: str, e: project.Planned) -> None:
        """30 days from the budget's enactment, or from the project's own day when it was
        planned later (a project is planned only on an enacted budget)."""
        found = self.budgets.get(_budget_of(e.lao_code, e.fiscal_year))
        enacted_on = None if found is None else found["enacted_on"]
        owner = {
            "lao_code": shared(e.lao_code),
            "province_code": shared(e.province_code),
            "fiscal_year": shared(e.fiscal_year),
        }
        on = e.business_date.value
        self._open(
            owner,
            sid,
            PLAN,
            number=0,
            subject=e.code,
            opened_on=on,
            starts_on=_later(on, enacted_on),
        )

    def _from_plan(
        self, sid: str, kind: str, number: int, on: date, fixed_due_on: date | None = None
    ) -> None:
        """A deadline of a project, whose LAO and code its plan's row holds."""
        plan = self.rows[key_of(sid, PLAN)]
        subject = plan["subject"] if not number else f"{plan['subject']} งวดที่ {number}"
        self._open(
            plan,
            sid,
            kind,
            number=number,
            subject=subject,
            opened_on=on,
            fixed_due_on=fixed_due_on,
        )

    def _meet(self, key: str, on: date, version: int) -> None:
        """A deadline met on `on` by the subject's event of `version` (its type is the
        kind's: RULES' `met_by`, which the deadlines' query names; schema 0024)."""
        row = self.rows.get(key)
        if row is not None and row["met_on"] is None:
            row["met_on"] = on
            row["met_version"] = version
            if row["kind"] in DONE_WHEN_MET:
                self.met.append(key)

    def _cancel_open(self, sid: str, on: date) -> None:
        for key in self.of_subject.get(sid, ()):
            row = self.rows[key]
            if row["met_on"] is None and row["cancelled_on"] is None:
                row["cancelled_on"] = on

    def _stage_corrected(self, sid: str, stage: str, corrected: date) -> None:
        if stage == Stage.PLAN_PUBLISHED.value:
            row = self.rows.get(key_of(sid, PLAN))
            if row is not None and row["met_on"] is not None:
                row["met_on"] = corrected
        elif stage == Stage.WINNER_ANNOUNCED.value:
            row = self.rows.get(key_of(sid, APPEAL))
            if row is not None:
                row["opened_on"] = row["starts_on"] = corrected


def _by_key(rows: Sequence[Row]) -> dict[str, Row]:
    """Deadlines read from the table, by key, held in slots."""
    return {
        key_of(row["subject_id"], row["kind"], row["number"]): slotted(deadline, row)
        for row in rows
    }
