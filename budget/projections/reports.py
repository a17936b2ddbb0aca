"""Progress reports: where each stands in its review, and every step of that review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.report import ReportStatus
from budget.projections.events import report
from budget.projections.events.wire import Recorded
from budget.projections.follow import Positioned
from budget.projections.tables import report_state, report_step
from budget.projections.upsert import rows_by_id, upsert

STEPS: dict[type[Recorded], str] = {
    report.Drafted: "drafted",
    report.Revised: "revised",
    report.SignedOff: "signed_off",
    report.Submitted: "submitted",
    report.Resubmitted: "resubmitted",
    report.Returned: "returned",
    report.Accepted: "accepted",
}
Row = dict[str, Any]


class Reports:
    name = "reports"
    tables: tuple[Table, ...] = (report_state, report_step)
    topics = frozenset(report.TOPICS)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if e.topic in self.topics]
        if not mine:
            return
        states = rows_by_id(connection, report_state, "report_id", (e.originator_id for e in mine))
        steps: list[Row] = []
        for positioned in mine:
            event = positioned.event
            assert isinstance(event, Recorded)
            rid = positioned.originator_id
            if isinstance(event, report.Drafted):
                states[rid] = _drafted(rid, event)
            _advance(states[rid], event)
            states[rid]["last_position"] = positioned.position
            steps.append(_step(rid, positioned.version, event))
        upsert(connection, report_state, list(states.values()))
        connection.execute(insert(report_step), steps)  # each version once, never again


def _advance(state: Row, event: Recorded) -> None:
    """The effect of one event on the report's row (as ProgressReport applies it)."""
    on = event.business_date.value
    match event:
        case report.Revised():
            state["signed_off_by"] = ""  # a change withdraws the sign-off
        case report.SignedOff():
            state["signed_off_by"] = event.actor.value.user_id
        case report.Submitted() | report.Resubmitted():
            state["status"] = ReportStatus.SUBMITTED.value
            state["first_submitted_on"] = state["first_submitted_on"] or on
            state["last_submitted_on"] = on
            state["submissions"] += 1
        case report.Returned() | report.Accepted():
            state["reviewed_on"] = on
            state["reviewed_by"] = event.actor.value.user_id
            state["last_comments"] = event.comments
            if isinstance(event, report.Returned):
                state["signed_off_by"] = ""  # a return withdraws the sign-off
                state["status"] = ReportStatus.RETURNED.value
                state["returns"] += 1
            else:
                state["status"] = ReportStatus.ACCEPTED.value
                state["accepted_on"] = on


def _step(rid: str, version: int, event: Recorded) -> Row:
    actor = event.actor.value
    return {
        "report_id": rid,
        "version": version,
        "step": STEPS[type(event)],
        "user_id": actor.user_id,
        "role": actor.role.value,
        "business_date": event.business_date.value,
        "recorded_at": event.timestamp.value,
        "comments": getattr(event, "comments", ""),
    }


def _drafted(rid: str, event: report.Drafted) -> Row:
    fields = event.period.value
    period = ReportingPeriod(fields.fiscal_year, PeriodKind(fields.kind.value), fields.number)
    return {
        "report_id": rid,
        "lao_code": event.lao_code,
        "province_code": event.province_code,
        "period": period.key,
        "fiscal_year": period.fiscal_year,
        "period_kind": period.kind.value,
        "period_number": period.number,
        "period_ends_on": period.ends_on,
        "status": ReportStatus.DRAFT.value,
        "drafted_on": event.business_date.value,
        "signed_off_by": "",
        "first_submitted_on": None,
        "last_submitted_on": None,
        "submissions": 0,
        "returns": 0,
        "reviewed_on": None,
        "reviewed_by": "",
        "accepted_on": None,
        "last_comments": "",
        "last_position": 0,
    }
