"""A catch-up from zero folds the history in memory (budget/projections/fold.py): each
batch of a projection at position 0 with empty tables kept across the transaction's
reads, its rows written once, the same views as batch by batch, exactly once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, Table, func, select

from budget.application import BudgetOffice, postgres_recorder
from budget.application.commands import AmendContract, InstallmentIn
from budget.application.postgres_recorder import PART_BUCKETS
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.revenue import RevenueCategory
from budget.projections import fold, project_state, stored
from budget.projections.budget_lines import BudgetLines
from budget.projections.compliance import Compliance
from budget.projections.deadlines import Deadlines
from budget.projections.events import HEADS
from budget.projections.events.annual_budget import DraftedHead
from budget.projections.follow import Positioned, Projection, catch_up, empty_views, rebuild
from budget.projections.lanes import LANES, Clocked
from budget.projections.project_record import ProjectRecord
from budget.projections.project_state import ProjectState
from budget.projections.registry import all_projections
from budget.projections.revenue import Revenue
from budget.projections.stored import StoredRow, part_rows, stored_rows
from budget.projections.tables import (
    budget_expenditure,
    deadline,
    project_payment,
    project_record_payment,
    revenue_receipt,
)
from tests.builders import FINANCE, correct_spending, enacted_office, spend
from tests.funding_world import correct_receipt, estimate, office_with_sources, receive
from tests.test_projections_follow import (
    NAMES,
    everyone,
    first_half,
    positions,
    second_half,
    snapshot,
)


class CrashError(Exception):
    pass


def batch_by_batch(office: BudgetOffice, views: Engine) -> dict[str, object]:
    """The views as the live loop makes them: batches of 3 events, no fold."""
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    catch_up(office, views, everyone(), batch_size=3)
    return snapshot(views)


def test_a_rebuild_loads_and_saves_each_projection_s_rows_once(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUDGET_FOLD_PART_EVENTS", raising=False)  # one part: the whole fold
    live = batch_by_batch(office, views)
    calls = counted(monkeypatch)
    last = office.recorder.max_notification_id()
    assert rebuild(office, views, everyone(), batch_size=3) == last  # each event counted once
    assert calls == {"load": 1, "save": 1}  # batch by batch: one of each per 3 events
    assert snapshot(views) == live
    assert positions(views) == dict.fromkeys(NAMES, last)


def test_a_fold_counts_what_it_keeps_not_what_the_process_held_before(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUDGET_FOLD_PART_EVENTS", raising=False)  # one part: the whole fold
    live = batch_by_batch(office, views)
    calls = counted(monkeypatch)
    monkeypatch.setattr(fold, "FOLD_MIB", 64.0)
    ballast = b"\x01" * (96 * 1024 * 1024)  # written: resident, more than FOLD_MIB
    assert fold.resident_mib() > fold.FOLD_MIB
    rebuild(office, views, everyone(), batch_size=3)
    assert calls == {"load": 1, "save": 1}  # folded whole all the same
    assert snapshot(views) == live
    del ballast


def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The loads and saves of project_state's batches from now on."""
    calls = {"load": 0, "save": 0}
    load, save = project_state._Batch.load.__func__, project_state._Batch.save  # type: ignore[attr-defined]

    def counted_load(cls: type, connection: Connection, events: Sequence[Positioned]) -> object:
        calls["load"] += 1
        return load(cls, connection, events)

    def counted_save(self: object, connection: Connection) -> None:
        calls["save"] += 1
        save(self, connection)

    monkeypatch.setattr(project_state._Batch, "load", classmethod(counted_load))
    monkeypatch.setattr(project_state._Batch, "save", counted_save)
    return calls


def test_a_fold_past_its_memory_is_saved_and_the_rest_goes_batch_by_batch(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = batch_by_batch(office, views)
    monkeypatch.setattr(fold, "FOLD_MIB", float("-inf"))  # full after its first read
    committed: list[int] = []
    rebuild(office, views, everyone(), batch_size=4, on_batch=lambda at, _: committed.append(at))
    assert committed[0] == 4  # the fold's one read, saved
    assert snapshot(views) == live


def test_who_is_missing_is_left_out_of_a_fold_then_catches_up(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = batch_by_batch(office, views)
    last = office.recorder.max_notification_id()
    seen: list[dict[str, int]] = []
    applied: list[int] = []  # the events lao_compliance applied one by one
    compliance_apply = Compliance.apply

    def counted(self: Compliance, connection: Connection, events: Sequence[Positioned]) -> None:
        applied.extend(e.position for e in events)
        compliance_apply(self, connection, events)

    monkeypatch.setattr(Compliance, "apply", counted)
    rebuild(
        office, views, everyone(), batch_size=5, on_batch=lambda *_: seen.append(positions(views))
    )
    # the fold reached the end: lao_compliance was rolled up from the rows project_state
    # and reports folded, in the same transaction, without applying an event; lao_missing
    # (copying lao_compliance's rows) had not moved yet
    left_out = {"lao_missing": 0}
    assert seen[0] == {**dict.fromkeys(NAMES, last), **left_out, "_rebuilding": last}
    assert applied == []
    assert seen[-1] == dict.fromkeys(NAMES, last)
    assert snapshot(views) == live


def test_who_is_missing_is_applied_event_by_event_where_its_sources_did_not_fold(
    office: BudgetOffice, views: Engine
) -> None:
    """Reports not at zero (a store upgraded to lao_compliance, say): it is not rolled up
    from project_state alone, but catches up after the fold from both views."""
    live = batch_by_batch(office, views)
    last = office.recorder.max_notification_id()
    emptied = [p for p in everyone() if p.name != "reports"]  # reports stay at the end
    empty_views(office, views, emptied)
    seen: list[dict[str, int]] = []
    catch_up(
        office,
        views,
        everyone(),
        batch_size=5,
        fold=True,
        on_batch=lambda *_: seen.append(positions(views)),
    )
    assert seen[0]["lao_compliance"] == 0
    assert seen[-1] == dict.fromkeys(NAMES, last)
    assert snapshot(views) == live


class CrashesSaving(ProjectState):
    """Writes half its fold, then fails."""

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        kept = fold.kept_batch()
        if kept is not None and kept.saving:
            super().apply(connection, events)
            raise CrashError
        super().apply(connection, events)


def test_a_fold_that_fails_leaves_nothing_and_starts_again_from_zero(
    office: BudgetOffice, views: Engine
) -> None:
    live = batch_by_batch(office, views)
    crashing = [CrashesSaving() if p.name == "project_state" else p for p in all_projections()]
    empty_views(office, views, crashing)
    with pytest.raises(CrashError):
        catch_up(office, views, crashing, batch_size=4, fold=True)
    assert positions(views) == {"_rebuilding": office.recorder.max_notification_id()}
    assert all(not rows for name, rows in snapshot(views).items() if name != "projection_tracking")
    catch_up(office, views, everyone(), batch_size=4, fold=True)
    assert snapshot(views) == live


class HeldByTheFold(BudgetLines):
    """Budget lines, noting after each read of a fold the expenditures its batch still
    holds and those its table has."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []  # (held, in the table)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        super().apply(connection, events)
        kept = fold.kept_batch()
        if kept is not None and kept.batch is not None and events:
            count = select(func.count()).select_from(budget_expenditure)
            held = len(kept.batch.expenditures)
            self.seen.append((held, connection.execute(count).scalar_one()))


def test_a_fold_writes_out_each_expenditure_after_its_read_and_reads_it_back_to_correct_it(
    office: BudgetOffice, views: Engine
) -> None:
    enacted_office(office)
    versions = [spend(office, "SUPPLIES", f"{n}000.00", voucher=f"V{n}").version for n in (1, 2)]
    spend(office, "SERVICES", "5000.00", voucher="V3")
    correct_spending(office, versions[0], "1500.00")  # reads it back from the table
    spend(office, "SUPPLIES", "7000.00", voucher="V4")
    correct_spending(office, versions[1], "2500.00")
    catch_up(office, views, everyone(), batch_size=2)  # batch by batch
    live = snapshot(views)
    lines = HeldByTheFold()
    chosen = [lines if p.name == lines.name else p for p in all_projections()]
    rebuild(office, views, chosen, batch_size=2)  # a fold, two events a read
    assert snapshot(views) == live
    assert {held for held, _ in lines.seen} == {0}  # the batch kept none of them
    assert lines.seen[-1][1] == 4  # each written by then, once


def test_a_fold_of_projections_that_stream_may_grow_further(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    enacted_office(office)
    monkeypatch.setattr(fold, "FOLD_MIB", float("-inf"))  # any other fold: full at once
    lanes = [p for p in all_projections() if p.name in {"line_funding", "budget_lines"}]
    with views.begin() as connection:
        streaming = fold.Fold.of(connection, lanes, dict.fromkeys(NAMES, 0))
        others = fold.Fold.of(connection, everyone(), dict.fromkeys(NAMES, 0))
    assert streaming.folding
    assert not streaming.full()
    assert others.full()


class HeldAfterEachRead:
    """A projection noting, after each read of a fold, what its kept batch still holds
    (`held` counts it from the batch) and how many rows `table` has by then."""

    def __init__(self, projection: Projection, held: Callable[[Any], int], table: Table) -> None:
        self.projection = projection
        self.name = projection.name
        self.tables = projection.tables
        self.topics = projection.topics
        self.streams = True
        self.held = held
        self.table = table
        self.seen: list[tuple[int, int]] = []  # (held, in the table)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        self.projection.apply(connection, events)
        kept = fold.kept_batch()
        if kept is not None and kept.batch is not None and events:
            count = connection.execute(select(func.count()).select_from(self.table)).scalar_one()
            self.seen.append((self.held(kept.batch), count))


def test_a_fold_writes_out_payments_and_met_deadlines_after_their_read_and_reads_back_to_amend(
    office: BudgetOffice, views: Engine
) -> None:
    p1, p2 = first_half(office)
    second_half(office, p1, p2)  # P1 inspected, paid, a payment corrected (read back)
    office.execute(  # after its first installment's deadline was met and written out
        AmendContract(
            project_id=p1,
            kind=AmendmentKind.TIME_EXTENDED,
            installments=[
                InstallmentIn(number=1, amount=Decimal("700000.00"), due_on=date(2027, 1, 15)),
                InstallmentIn(number=2, amount=Decimal("700000.00"), due_on=date(2027, 4, 15)),
            ],
            approved_by="นายกองค์การบริหารส่วนตำบล",
            reason="ฝนตกหนักต่อเนื่อง ทำงานไม่ได้ 20 วัน",
            business_date=date(2027, 1, 28),
        ),
        actor=FINANCE,
    )
    catch_up(office, views, everyone(), batch_size=2)  # batch by batch
    live = snapshot(views)
    watched = {
        "project_state": HeldAfterEachRead(
            ProjectState(), lambda batch: len(batch.payments), project_payment
        ),
        "project_record": HeldAfterEachRead(
            ProjectRecord(), lambda batch: len(batch.payments), project_record_payment
        ),
        "deadlines": HeldAfterEachRead(
            Deadlines(),
            lambda batch: sum(
                1
                for row in batch.rows.values()
                if row["kind"] == "installment" and row["met_on"] is not None
            ),
            deadline,
        ),
    }
    chosen = [watched.get(p.name, p) for p in all_projections()]
    rebuild(office, views, chosen, batch_size=2)  # a fold, two events a read
    assert snapshot(views) == live
    for name, watching in watched.items():
        assert watching.seen, name
        assert {held for held, _ in watching.seen} == {0}, name  # none kept after its read
    assert watched["project_state"].seen[-1][1] == 2  # both payments, each written by then
    assert watched["deadlines"].seen[-1][1] > 0


def test_a_long_fold_is_made_in_parts_each_holding_its_projects_and_the_views_are_the_same(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fold.py: with a part every 3 events the project views fold the projects of one
    part at a time, reading the history again for each (deadlines reading back the
    budgets the first part wrote); the views end as batch by batch makes them."""
    live = batch_by_batch(office, views)
    monkeypatch.setenv("BUDGET_FOLD_PART_EVENTS", "3")
    parts: list[int] = []
    next_part = fold.Fold.next_part

    def counted(self: fold.Fold, connection: Connection, projections: Any) -> bool:
        going = next_part(self, connection, projections)
        parts.append(self.part)
        return going

    monkeypatch.setattr(fold.Fold, "next_part", counted)
    held: list[tuple[int, set[str]]] = []  # the part, the projects project_state holds
    watched = HeldAfterEachRead(ProjectState(), lambda batch: len(batch.states), project_payment)
    watched.partitions = ProjectState.partitions  # type: ignore[attr-defined]
    apply = watched.apply

    def noted(connection: Connection, events: Sequence[Positioned]) -> None:
        apply(connection, events)
        kept = fold.kept_batch()
        if kept is not None and kept.batch is not None:
            held.append((parts[-1] if parts else 0, set(kept.batch.states)))

    watched.apply = noted  # type: ignore[method-assign]
    chosen = [watched if p.name == "project_state" else p for p in all_projections()]
    rebuild(office, views, chosen, batch_size=4)
    assert snapshot(views) == live
    assert max(parts) >= 1  # folded in parts
    assert held
    for part, projects in held:  # a part holds only its own projects
        assert {fold.part_of(pid, max(parts) + 1) for pid in projects} <= {part}


def test_a_later_part_reads_from_the_store_only_its_projects_events_of_the_topics(
    office: BudgetOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stored.part_rows: each store (PostgreSQL in the server, the others by their own
    read) sends a fold's later part the events of the given topics whose originator is in
    the part, fold.part_of (its UUID's last four bytes modulo the parts, the same in any
    process), in log order; the parts together are every event of those topics."""
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    everything = [(n, str(o), v, t, s) for n, o, v, t, s in stored_rows(office, 1, 10_000, None)]
    topics = sorted(ProjectState.partitions)
    mine = [row for row in everything if row[3] in ProjectState.partitions]
    size = sum(len(row[4]) for row in mine) + 1  # never cut (see the lines' test)
    assert {row[1] for row in mine} == {str(p1), str(p2)}
    for project in (p1, p2):
        assert fold.part_of(str(project), 7) == int.from_bytes(project.bytes[-4:]) % 7
        assert fold.part_of(project.hex, 7) == fold.part_of(str(project), 7)
    last = everything[-1][0]
    for parts in (2, 3, 7):
        every: list[StoredRow] = []
        for index in range(parts):
            read = [  # two notifications at a time, the last range short
                row
                for start in range(1, last + 1, 2)
                for row in part_rows(
                    office,
                    start,
                    min(start + 1, last),
                    topics,
                    part=(index, parts),
                    most_bytes=size,
                )
            ]
            assert read == [row for row in mine if fold.part_of(str(row[1]), parts) == index]
            every += read
        assert sorted(every) == mine
    until = mine[3][0]  # up to a position, as a fold's span ends
    assert part_rows(office, 2, until, topics, part=(0, 1), most_bytes=size) == [
        row for row in mine if 2 <= row[0] <= until
    ]
    monkeypatch.setattr(stored, "FOLD_READ", 2)  # a store read by 2 notifications a time
    assert part_rows(office, 1, last, topics, part=(1, 3), most_bytes=size) == [
        row for row in mine if fold.part_of(str(row[1]), 3) == 1
    ]


@pytest.mark.parametrize("lane_index", [0, 2], ids=["project_state", "audit"])
def test_a_lane_that_reads_no_line_reads_drafted_budgets_without_them_and_the_views_are_the_same(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch, lane_index: int
) -> None:
    """events.heads_read: the projections of the audit lane and of project_state's
    (lanes.LANES: deadlines and revenue; lao_missing) read no budget line, so their
    catch-up decodes each drafted budget without its lines (a national year opens with
    7,861 of ~100 KB each, which filled the audit lane's fold's memory); folded in parts,
    in the lane's own process, the views end as batch by batch makes them with every
    projection."""
    live = batch_by_batch(office, views)
    monkeypatch.setenv("BUDGET_FOLD_PART_EVENTS", "3")
    drafted: list[type] = []  # the Struct each drafted budget was read as
    lane = [Clocked(p) for p in all_projections() if p.name in LANES[lane_index]]
    for clocked in lane:
        apply = clocked.apply

        def noted(
            connection: Connection,
            events: Sequence[Positioned],
            apply: Callable[[Connection, Sequence[Positioned]], None] = apply,
        ) -> None:
            # those decoded (a pass that decodes no budget's topic passes them undecoded)
            drafted.extend(type(e.event) for e in events if e.topic in HEADS and e.event)
            apply(connection, events)

        clocked.apply = noted  # type: ignore[method-assign,assignment]
    rebuild(office, views, lane, batch_size=4)
    assert snapshot(views) == live
    assert drafted
    assert set(drafted) == {DraftedHead}


def test_a_fold_writes_out_receipts_and_months_after_their_read_and_reads_them_back(
    office: BudgetOffice, views: Engine
) -> None:
    """revenue (follow.Streamed): in a fold its receipts and months are written after
    each read, the months read back by a later receipt of the month, a receipt by its
    correction; the views are those batch by batch makes."""
    office_with_sources(office)
    estimate(office, on=date(2026, 10, 1))
    first = receive(office, RevenueCategory.TAXES, "1000.00", on=date(2026, 10, 5))
    receive(office, RevenueCategory.SHARED_TAXES, "9000.00", on=date(2026, 10, 6))
    receive(office, RevenueCategory.TAXES, "2000.00", on=date(2026, 10, 20))  # its month's
    receive(office, RevenueCategory.TAXES, "4000.00", on=date(2026, 11, 2))
    correct_receipt(office, first.version, "1500.00")  # written out by then: read back
    catch_up(office, views, everyone(), batch_size=2)  # batch by batch
    live = snapshot(views)
    watched = HeldAfterEachRead(
        Revenue(), lambda book: len(book.receipts) + len(book.months), revenue_receipt
    )
    chosen = [watched if p.name == watched.name else p for p in all_projections()]
    rebuild(office, views, chosen, batch_size=2)  # a fold, two events a read
    assert snapshot(views) == live
    assert watched.seen
    assert {held for held, _ in watched.seen} == {0}  # none kept after its read
    assert watched.seen[-1][1] == 4  # each receipt written by then, once


def test_a_fold_of_two_projections_in_parts_is_made_in_twice_as_many(
    views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fold.fold_parts: each projection that partitions holds its rows of a part's
    projects, so the audit lane's (deadlines and project_record) folds in twice the parts
    of project_state's for the same events."""
    monkeypatch.setenv("BUDGET_FOLD_PART_EVENTS", "100")
    positions = dict.fromkeys(NAMES, 0)
    with views.begin() as connection:
        alone = fold.Fold.of(connection, [ProjectState()], positions, 1_000)
        audit_lane = [p for p in all_projections() if p.name in LANES[2]]
        two = fold.Fold.of(connection, audit_lane, positions, 1_000)
        short = fold.Fold.of(connection, audit_lane, positions, 40)
    assert alone.parts == 10
    assert two.parts == 20
    assert short.parts == 1  # a short history: one part whatever folds


def test_a_fold_is_made_in_a_number_of_parts_that_divides_the_part_index_s_buckets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fold.fold_parts rounds the parts up to a divisor of PART_BUCKETS: PostgreSQL finds
    a part's events by the index of their originator's number modulo PART_BUCKETS, the
    part's buckets those equal to it modulo the parts (part_of's parts); other counts are
    refused there."""
    monkeypatch.setenv("BUDGET_FOLD_PART_EVENTS", "100")
    assert [fold.fold_parts(events) for events in (100, 800, 900, 1_100, 1_700)] == [
        1,
        8,
        10,
        12,
        20,
    ]
    assert fold.fold_parts(10**9) == PART_BUCKETS
    with pytest.raises(ValueError, match="divide"):
        postgres_recorder._buckets(0, 11)
    assert postgres_recorder._buckets(3, 420) == [3, 423]
