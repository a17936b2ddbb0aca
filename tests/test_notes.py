"""Why, on every write (issue 13, item 12): a write may carry a one-line note; its events
keep it (on their actor), the history and the audit log show it, on every store; events
recorded before notes existed read back with none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from budget.application import BudgetOffice
from budget.application.commands import PlanPublished, RecordProcurementStep
from budget.application.transcoding import BudgetTranscoder, register_transcodings
from budget.domain.access import Actor, Role
from budget.domain.errors import InvalidInput
from tests.builders import AUDITOR, FINANCE, LAO, enacted_office, planned_project
from tests.http_world import Api

NOTE = "ตามหนังสือสั่งการ มท 0808.2/ว 1234"


def test_a_note_is_kept_on_the_events_of_the_write_on_every_store(
    open_office: Callable[[], BudgetOffice],
) -> None:
    office = enacted_office(open_office())
    project = planned_project(office)
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=PlanPublished(business_date=date(2026, 10, 20), note=NOTE),
        ),
        actor=FINANCE,
    )
    reopened = open_office()  # read back from the store, not from memory
    history = reopened.history(project, actor=AUDITOR)
    assert [r.note for r in history] == ["", NOTE]
    assert history[-1].user_id == FINANCE.user_id
    assert history[-1].reason == ""


def test_events_recorded_before_notes_read_back_with_none() -> None:
    transcoder = BudgetTranscoder()
    register_transcodings(transcoder)
    stored = transcoder.encode({"actor": FINANCE})
    old = stored.replace(b',"note":""', b"")  # an actor as events stored it before
    assert b"note" not in old
    assert transcoder.decode(old)["actor"] == FINANCE
    assert transcoder.decode(old)["actor"].note == ""


@pytest.mark.parametrize("note", ["two\nlines", "x" * 501])
def test_a_note_is_one_bounded_line(note: str) -> None:
    with pytest.raises(InvalidInput):
        replace(Actor("u", Role.LAO_FINANCE, LAO), note=note)


def test_a_note_given_through_the_api_is_in_the_history_and_the_audit_log(api: Api) -> None:
    path = f"/api/projects/{api.project}/steps"
    response = api.post(path, "clerk", {"step": "plan_published", "note": NOTE}, if_match=1)
    assert response.status_code == 200, response.text
    api.views_caught_up()
    events = api.get(f"/api/audit/records/{api.project}/events", "auditor").json()
    assert events[-1]["note"] == NOTE
    log = api.get("/api/audit/log", "auditor", aggregate_id=str(api.project)).json()
    assert log["items"][0]["reason"] == NOTE


@pytest.mark.parametrize("store_url", ["memory"], indirect=True)
@pytest.mark.parametrize("note", ["two\nlines", "x" * 501])
def test_a_malformed_note_is_a_400_naming_it(api: Api, note: str) -> None:
    before = api.position()
    path = f"/api/authorities/{LAO}/budgets/2570/projects"
    body = {
        "code": "N",
        "name": "n",
        "line_code": "EQUIP",
        "method": "specific",
        "amount": "1.00",
        "note": note,
    }
    response = api.post(path, "clerk", body)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["note"]
    assert api.position() == before
