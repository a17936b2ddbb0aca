"""Progress reports: where each stands in its review, and every step of that review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from budget.domain.report import ReportStatus
from budget.projections.follow import Positioned
from budget.projections.tables import report_state, report_step
from budget.projections.upsert import upsert

PREFIX = "ProgressReport."
STEPS = {
    "Drafted": "drafted",
    "Revised": "revised",
    "SignedOff": "signed_off",
    "Submitted": "submitted",
    "Resubmitted": "resubmitted",
    "Returned": "returned",
    "Accepted": "accepted",
}
Row = dict[str, Any]


class Reports:
    name = "reports"
    tables: tuple[Table, ...] = (report_state, report_step)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if type(e.event).__qualname__.startswith(PREFIX)]
        if not mine:
            return
        ids = {str(e.event.originator_id) for e in mine}
        loaded = connection.execute(select(report_state).where(report_state.c.report_id.in_(ids)))
        states: dict[str, Row] = {r.report_id: dict(r._mapping) for r in loaded}
        steps: list[Row] = []
        for positioned in mine:
            event = positioned.event
            rid = str(event.originator_id)
            kind = type(event).__qualname__.removeprefix(PREFIX)
            if kind == "Drafted":
                states[rid] = _drafted(rid, event)
            _advance(states[rid], kind, event)
            states[rid]["last_position"] = positioned.position
            steps.append(_step(rid, kind, event))
        upsert(connection, report_state, list(states.values()))
        connection.execute(insert(report_step), steps)  # each version once, never again


def _advance(state: Row, kind: str, event: Any) -> None:
    """The effect of one event on the report's row (as ProgressReport applies it)."""
    on = event.business_date
    if kind in {"Revised", "Returned"}:
        state["signed_off_by"] = ""  # a change or a return withdraws the sign-off
    if kind == "SignedOff":
        state["signed_off_by"] = event.actor.user_id
    elif kind in {"Submitted", "Resubmitted"}:
        state["status"] = ReportStatus.SUBMITTED.value
        state["first_submitted_on"] = state["first_submitted_on"] or on
        state["last_submitted_on"] = on
        state["submissions"] += 1
    elif kind in {"Returned", "Accepted"}:
        state["reviewed_on"] = on
        state["reviewed_by"] = event.actor.user_id
        state["last_comments"] = event.comments
        if kind == "Returned":
            state["status"] = ReportStatus.RETURNED.value
            state["returns"] += 1
        else:
            state["status"] = ReportStatus.ACCEPTED.value
            state["accepted_on"] = on


def _step(rid: str, kind: str, event: Any) -> Row:
    return {
        "report_id": rid,
        "version": event.originator_version,
        "step": STEPS[kind],
        "user_id": event.actor.user_id,
        "role": event.actor.role.value,
        "business_date": event.business_date,
        "recorded_at": event.timestamp,
        "comments": getattr(event, "comments", ""),
    }


def _drafted(rid: str, event: Any) -> Row:
    period = event.period
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
        "drafted_on": event.business_date,
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
