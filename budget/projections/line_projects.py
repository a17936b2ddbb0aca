"""A project's entries on a budget line in the budget lines' batch: what the project
reserved, its contract, what was paid and carried over, and the line's savings that follow
(LineLedger's project entries, budget/domain/line_ledger.py), a mixin of line_ledger's
LedgerRows.

Every change of an entry goes through `put`, so the line's sums and its savings follow
(by LedgerRows.add, as every change of a line's money).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from budget.domain.money import ZERO
from budget.projections.events import annual_budget as ab
from budget.projections.slotted import slotted
from budget.projections.tables import budget_line_project

Row = dict[str, Any]

# what a project's entries on a line hold when it is first named (beside its keys, planned)
_NEW_ENTRY = {"reserved": ZERO, "committed": None, "paid": ZERO, "carried": None, "released": False}


class ProjectEntries:
    """The project entries of a batch (`projects`, by budget id, line code and project id)
    and the rules that change them; the lines they are on, and their money, LedgerRows'."""

    projects: dict[tuple[Any, ...], Row]
    ends_on: date  # the last day of the fiscal year of the event's budget
    line: Callable[[str, str], Row]  # a budget's line, by its code (LedgerRows.line)
    add: Callable[[Row, str, Decimal], None]  # to a line's money (LedgerRows.add)

    def project(self, line: Row, pid: str, planned: Decimal = ZERO) -> Row:
        """A project's entries on a line; a new one starts with `planned`."""
        key = (line["budget_id"], line["line_code"], pid)
        found = self.projects.get(key)
        if found is None:
            keys = dict(zip(("budget_id", "line_code", "project_id"), key, strict=True))
            entry = {**keys, "planned": planned, **_NEW_ENTRY}
            found = self.projects[key] = slotted(budget_line_project, entry)
        return found

    def put(self, line: Row, project: Row, field: str, value: Decimal | bool | None) -> None:
        """Set a project's entry; the line's sum and savings follow."""
        old = project[field]
        saving = _saving(project)
        project[field] = value
        if field != "released":
            self.add(line, field, (value or ZERO) - (old or ZERO))
        line["savings"] += _saving(project) - saving

    def cap_carried(self, line: Row, project: Row) -> None:
        """LineLedger.cap_carried: never carry more than is still unpaid."""
        if project["carried"] is not None:
            unpaid = project["reserved"] - project["paid"]
            self.put(line, project, "carried", max(ZERO, min(project["carried"], unpaid)))

    def _for_project(self, bid: str, event: ab.ProjectEntry) -> tuple[Row, Row]:
        line = self.line(bid, event.line_code)
        return line, self.project(line, event.project_id)

    # -- the rules of a project's entries (budget/domain/budget.py) -----------------

    def disbursed(self, bid: str, event: ab.Disbursed) -> None:
        line, project = self._for_project(bid, event)
        amount = event.amount.value
        self.put(line, project, "paid", project["paid"] + amount)
        if project["carried"] is not None:
            if event.business_date.value > self.ends_on:  # paid out of the carried money
                self.put(line, project, "carried", project["carried"] - amount)
            else:
                self.cap_carried(line, project)

    def disbursement_corrected(self, bid: str, event: ab.DisbursementCorrected) -> None:
        line, project = self._for_project(bid, event)
        change = event.new_amount.value - event.old_amount.value
        self.put(line, project, "paid", project["paid"] + change)
        if project["carried"] is not None and event.business_date.value > self.ends_on:
            self.put(line, project, "carried", project["carried"] - change)
        else:
            self.cap_carried(line, project)

    def commitment_amended(self, bid: str, event: ab.CommitmentAmended) -> None:
        """LineLedger.amend_commitment: the line holds the amended amount. Money the line
        gave beyond what the project held is held for it, never a negative saving: the
        reservation the saving is measured from (`planned`) grows with it."""
        line, project = self._for_project(bid, event)
        amount = event.amount.value
        if amount > project["planned"]:
            saving = _saving(project)
            project["planned"] = amount
            line["savings"] += _saving(project) - saving
        self.put(line, project, "reserved", amount)
        self.put(line, project, "committed", amount)
        self.cap_carried(line, project)

    def committed_on_carried(self, bid: str, event: ab.ContractCommitted) -> None:
        """LineLedger.commit_carried: what was carried beyond the contract lapses."""
        line, project = self._for_project(bid, event)
        amount = event.amount.value
        self.add(line, "lapsed", (project["carried"] or ZERO) - amount)
        self.put(line, project, "carried", amount)
        self.put(line, project, "reserved", amount)
        self.put(line, project, "committed", amount)

    def returned_to_available(self, line: Row, project: Row, amount: Decimal) -> None:
        """Part of a project's reservation goes back to the line's available (a
        cancellation) or lapses (cancelled carried money): not a saving, so the reservation
        the saving is measured from (`planned`) shrinks with it."""
        saving = _saving(project)
        project["planned"] -= amount
        line["savings"] += _saving(project) - saving

    def funds_released(self, bid: str, event: ab.FundsReleased) -> None:
        line, project = self._for_project(bid, event)
        kept = event.kept.value
        self.returned_to_available(line, project, project["reserved"] - kept)
        self.put(line, project, "released", True)
        self.put(line, project, "reserved", kept)
        if project["carried"] is not None:
            if event.business_date.value > self.ends_on:  # it lapses
                self.add(line, "lapsed", project["carried"])
            self.put(line, project, "carried", ZERO)
        if project["committed"] is not None:
            self.put(line, project, "committed", kept)

    def carried_cancelled(self, bid: str, event: ab.CarriedFundsCancelled) -> None:
        line, project = self._for_project(bid, event)
        amount = event.amount.value
        self.add(line, "lapsed", amount)
        self.put(line, project, "carried", (project["carried"] or ZERO) - amount)
        self.returned_to_available(line, project, amount)
        self.put(line, project, "reserved", project["reserved"] - amount)
        if project["committed"] is not None:
            self.put(line, project, "committed", project["committed"] - amount)


def _saving(project: Row) -> Decimal:
    """เงินเหลือจ่าย: the project's reservation less its contract, once it signed one
    (see budget_line_balance in tables.py); a project cancelled before a contract saved
    nothing (its reservation went back to available)."""
    if project["committed"] is None:
        return ZERO
    saved: Decimal = project["planned"] - project["reserved"]
    return saved
