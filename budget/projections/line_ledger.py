"""The line ledger of every AnnualBudget as rows: the @event bodies of
budget/domain/budget.py applied to dicts, and the flows of money their changes make.

Every change of money goes through `add` (a line's field) or `put` (a project's entry
on a line: line_projects.py), so the line's sums, its savings and the quarterly flows
follow exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table

from budget.domain.money import ZERO
from budget.projections.events import annual_budget as ab
from budget.projections.events.wire import Event
from budget.projections.follow import Positioned
from budget.projections.funding_sums import FundingSums, Source
from budget.projections.line_projects import ProjectEntries
from budget.projections.progress import Bucket, Effect, Flows, quarter_in, year_edges
from budget.projections.slotted import slotted
from budget.projections.tables import (
    LINE_TEXTS,
    Money,
    budget_expenditure,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_project,
    budget_line_text,
    budget_state,
)
from budget.projections.tables.budgets import text_code
from budget.projections.upsert import AsRead, save, upsert

Row = dict[str, Any]
# what one baht more in a ledger field changes in (allocated, obligated, disbursed)
EFFECT: dict[str, Effect] = {
    "appropriated": (1, 0, 0),
    "transferred_in": (1, 0, 0),
    "transferred_out": (-1, 0, 0),
    "supplementary": (1, 0, 0),
    "committed": (0, 1, 0),
    "paid": (0, 0, 1),
    "spent": (0, 1, 1),
}


class LedgerRows(ProjectEntries):
    """The rows a batch touches (loaded by budget_lines.py), changed event by event."""

    def __init__(
        self,
        states: dict[str, Row],
        lines: dict[tuple[Any, ...], Row],
        projects: dict[tuple[Any, ...], Row],
        expenditures: dict[tuple[Any, ...], Row],
        before_enactment: dict[tuple[Any, ...], Row],
        *,
        sources: dict[tuple[Any, ...], Source] | None = None,
    ) -> None:
        self.states = states  # by budget id
        self.lines = lines  # by budget id, line code
        self.projects = projects  # by budget id, line code, project id
        self.expenditures = expenditures  # by budget id, version that recorded it
        # by budget id, line code: spent under last year's ordinance, and counted
        self.before_enactment = before_enactment
        # by their code: the texts of the lines the batch made (kept once: `save_texts`)
        self.texts: dict[int, Row] = {}
        self.flows = Flows()
        self.funding = FundingSums({} if sources is None else sources)  # money by source
        self.read: dict[Table, AsRead] = {}  # the rows loaded, as loaded (upsert.as_read)
        self.position = 0  # of the event being applied
        self.bucket: Bucket = ("", 0, 0, "", "")  # where its flows go
        self.ends_on = date.min  # the last day of its budget's fiscal year

    def apply(self, positioned: Positioned) -> None:
        event = positioned.event
        assert isinstance(event, Event)
        bid = positioned.originator_id
        if isinstance(event, ab.Drafted):
            self.states[bid] = _drafted(bid, event)
        state = self.states[bid]
        year = state["fiscal_year"]
        self.position = positioned.position
        self.ends_on = year_edges(year)[1]
        self.bucket = (
            state["lao_code"],
            year,
            quarter_in(year, event.business_date.value),
            state["province_code"],
            state["lao_type"],
        )
        self.rule(bid, positioned.version, event)
        state["last_position"] = positioned.position

    def rule(self, bid: str, version: int, event: Event) -> None:  # noqa: PLR0912, PLR0915
        """The effect of one event (its @event body in budget/domain/budget.py)."""
        match event:
            case ab.Drafted(lines=specs):
                for spec in specs:
                    self.new_line(bid, spec.value, "appropriated", spec.value.amount.value)
            case ab.DraftLineAdded(line=added):
                self.new_line(bid, added.value, "appropriated", added.value.amount.value)
            case ab.Enacted(ordinance_date=ordinance_date):
                self.states[bid]["enacted_on"] = ordinance_date.value
            case ab.FundsTransferred():
                self.funds_transferred(bid, event)
            case ab.SupplementaryBudgetEnacted():
                self.supplementary_enacted(bid, event)
            case ab.FundedLineAdded(new_line=added):  # outside the ordinance: as supplementary
                self.new_line(bid, added.value, "supplementary", added.value.amount.value)
            case ab.ContractCommitted() if event.business_date.value > self.ends_on:
                self.committed_on_carried(bid, event)
            case ab.FundsReserved() | ab.ContractCommitted():
                line = self.line(bid, event.line_code)
                amount = event.amount.value
                project = self.project(line, event.project_id, planned=amount)
                self.put(line, project, "reserved", amount)
                if isinstance(event, ab.ContractCommitted):
                    self.put(line, project, "committed", amount)
                    self.cap_carried(line, project)
            case ab.CommitmentAmended():
                self.commitment_amended(bid, event)
            case ab.Disbursed():
                self.disbursed(bid, event)
            case ab.DisbursementCorrected():
                self.disbursement_corrected(bid, event)
            case ab.FundsReleased():
                self.funds_released(bid, event)
            case ab.FundsCarriedOver(amount=carried):
                line, project = self._for_project(bid, event)
                self.put(line, project, "carried", carried.value)
            case ab.ExpenditureRecorded(line_code=code, amount=spent):
                self.spent(bid, version, code, spent.value)
            case ab.SpentBeforeEnactment(line_code=code, amount=spent):
                self.spent(bid, version, code, spent.value)
                self.spent_before_enactment(bid, event)
            case ab.SpendingBeforeEnactmentCounted(counted=counted):
                for code, share in counted.items():
                    self.before_enactment[(bid, code)]["counted"] += share.value
            case ab.ExpenditureCorrected(corrects_version=corrected, old_amount=old, amount=new):
                entry = self.expenditures[(bid, corrected)]
                self.add(self.line(bid, entry["line_code"]), "spent", new.value - old.value)
                entry["amount"] = new.value
            case ab.YearClosed(lapsed=lapsed):
                self.states[bid]["closed_on"] = event.business_date.value
                for code, left in lapsed.items():
                    self.add(self.line(bid, code), "lapsed", left.value)
            case ab.CarriedFundsCancelled():
                self.carried_cancelled(bid, event)
            case _:
                msg = f"budget lines have no rule for {type(event).__name__}"
                raise ValueError(msg)

    def settle(self) -> None:
        """Derive each line's allocated and available (LineLedger's properties)."""
        for line in self.lines.values():
            line["allocated"] = (
                line["appropriated"]
                + line["transferred_in"]
                - line["transferred_out"]
                + line["supplementary"]
            )
            line["available"] = line["allocated"] - line["reserved"] - line["spent"]

    def tables(self) -> list[tuple[Table, Iterable[Row]]]:
        """The rows of each table the batch keeps."""
        return [
            (budget_state, self.states.values()),
            (budget_line_balance, self.lines.values()),
            (budget_line_project, self.projects.values()),
            (budget_expenditure, self.expenditures.values()),
            (budget_line_before_enactment, self.before_enactment.values()),
        ]

    def save(self, connection: Connection) -> None:
        """The rows the batch added or changed, at most one COPY and one UPDATE per table
        (see upsert.save); the flows added to the running sums."""
        self.settle()
        for table, changed in self.tables():
            save(connection, table, changed, self.read.get(table, {}))
        self.save_texts(connection)
        self.flows.save(connection)
        self.funding.save(connection)

    def save_texts(self, connection: Connection) -> None:
        """The texts of the lines made since the last call, each kept once (a text
        another line already has is there: left as it is), and forgotten."""
        if self.texts:
            upsert(connection, budget_line_text, list(self.texts.values()), leave=True)
            self.texts = {}

    # -- rows and the arithmetic every rule goes through -----------------------

    def line(self, bid: str, code: str) -> Row:
        line = self.lines[(bid, code)]
        line["last_position"] = self.position
        return line

    def new_line(self, bid: str, spec: ab.LineSpec, field: str, amount: Decimal) -> None:
        """A ledger for `spec` holding `amount` in `field` (appropriated or supplementary)."""
        state = self.states[bid]
        line: Row = {  # held in slots (slotted.py): a fold holds every line
            "budget_id": bid,
            "line_code": spec.code,
            "lao_code": state["lao_code"],
            "province_code": state["province_code"],
            "lao_type": state["lao_type"],
            "fiscal_year": state["fiscal_year"],
            "budget_group": spec.group.value,
            "last_position": self.position,
        }
        texts = (spec.programme.value, spec.work_unit, spec.category.value, spec.description)
        line["text_code"] = code = text_code(*texts)
        if code not in self.texts:
            self.texts[code] = {"text_code": code, **dict(zip(LINE_TEXTS, texts, strict=True))}
        for money in _LINE_MONEY:
            line[money] = ZERO
        line = self.lines[(bid, spec.code)] = slotted(budget_line_balance, line)
        self.funding.made(line, spec, field)
        self.add(line, field, amount)

    def add(self, line: Row, field: str, amount: Decimal) -> None:
        """Add to a line's money, and to the flows of its group when a figure moves."""
        line[field] += amount
        effect = EFFECT.get(field)
        if effect is not None:
            self.flows.add(self.bucket, line["budget_group"], effect, amount)
        self.funding.moved(line, field, amount)

    # -- the rules that take more than a few lines (budget/domain/budget.py) ----

    def spent(self, bid: str, version: int, code: str, amount: Decimal) -> None:
        """Paid straight from a line (LineLedger.spend), kept by the version for corrections."""
        self.add(self.line(bid, code), "spent", amount)
        self.expenditures[(bid, version)] = {
            "budget_id": bid,
            "version": version,
            "line_code": code,
            "amount": amount,
        }

    def spent_before_enactment(self, bid: str, event: ab.SpentBeforeEnactment) -> None:
        """Under last year's ordinance; counted at once when the enactment came first
        (AnnualBudget._spent_before_enactment)."""
        state = self.states[bid]
        row = self.before_enactment.setdefault(
            (bid, event.line_code),
            {
                "budget_id": bid,
                "line_code": event.line_code,
                "lao_code": state["lao_code"],
                "fiscal_year": state["fiscal_year"],
                "under_fiscal_year": event.under_fiscal_year,
                "spent": ZERO,
                "counted": ZERO,
            },
        )
        amount = event.amount.value
        row["spent"] += amount
        if state["enacted_on"] is not None:
            row["counted"] += amount

    def funds_transferred(self, bid: str, event: ab.FundsTransferred) -> None:
        if event.new_line is not None:
            self.new_line(bid, event.new_line.value, "appropriated", ZERO)
        amount = event.amount.value
        self.add(self.line(bid, event.from_line), "transferred_out", amount)
        self.add(self.line(bid, event.to_line), "transferred_in", amount)

    def supplementary_enacted(self, bid: str, event: ab.SupplementaryBudgetEnacted) -> None:
        for code, amount in event.additions.items():
            self.add(self.line(bid, code), "supplementary", amount.value)
        for spec in event.new_lines:
            self.new_line(bid, spec.value, "supplementary", spec.value.amount.value)


_LINE_MONEY = [c.name for c in budget_line_balance.columns if isinstance(c.type, Money)]


def _drafted(bid: str, event: ab.Drafted) -> Row:
    return {
        "budget_id": bid,
        "lao_code": event.lao_code,
        "province_code": event.province_code,
        "lao_type": event.lao_type.value,
        "fiscal_year": event.fiscal_year,
        "drafted_on": event.business_date.value,
        "enacted_on": None,
        "closed_on": None,
        "last_position": 0,
    }
