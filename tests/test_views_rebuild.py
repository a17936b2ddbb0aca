"""A rebuild beside a live service (issue 20, item 11): while the views are emptied and
replayed, the service answers 503 with Retry-After instead of reading (and caching) half
of them, and a write's answer says its views are not caught up; once the rebuild is back
at the log's end, everything reads as before, the write included."""

from __future__ import annotations

from uuid import UUID

from budget.projections.follow import catch_up, empty_views, rebuild
from budget.projections.positions import views_offline
from budget.projections.registry import all_projections
from tests.builders import FY, LAO
from tests.http_world import Api
from tests.test_http_writes import PAYMENT, inspected_project


def dashboard(api: Api) -> object:
    return api.get(f"/api/dashboards/authorities/{LAO}", "clerk", fiscal_year=FY)


def test_the_service_answers_503_while_the_views_are_rebuilt(api: Api) -> None:
    project: UUID = inspected_project(api.office)
    api.views_caught_up()
    before = dashboard(api)
    assert before.status_code == 200  # type: ignore[attr-defined]
    payments = f"/api/projects/{project}/payments"
    version = api.current_version(payments, "clerk")  # as the client read it (item 6 of #13)
    api.services.runner.stop(timeout=10)  # the rebuild's own pace decides, not the runner's

    empty_views(api.office, api.services.views, all_projections())  # a rebuild begins
    during = dashboard(api)
    assert during.status_code == 503  # type: ignore[attr-defined]
    assert during.json()["code"] == "views_rebuilding"  # type: ignore[attr-defined]
    assert int(during.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    assert api.get("/nation", "dla").status_code in {503, 303}  # pages too (or the login)
    paid = api.post(payments, "clerk", PAYMENT, key="during", if_match=version)
    assert paid.status_code == 200
    assert paid.json()["views_caught_up"] is False  # recorded, not yet in the views

    catch_up(api.office, api.services.views, all_projections(), 7)  # the rebuild goes on
    after = dashboard(api)
    assert after.status_code == 200  # type: ignore[attr-defined]
    assert after.json() != before.json()  # type: ignore[attr-defined]  # the payment is in


def test_a_rebuild_is_offline_until_the_log_s_end_then_online(api: Api) -> None:
    api.services.runner.stop(timeout=10)
    seen: list[bool] = []

    def look(position: int, read: int) -> None:
        with api.services.views.connect() as connection:
            seen.append(views_offline(connection))

    last = api.position()
    rebuild(api.office, api.services.views, all_projections(), 5, on_batch=look)
    assert seen[0] is True  # offline while half of it is there
    assert seen[-1] is False  # the batch that reached the end put the views back
    with api.services.views.connect() as connection:
        assert not views_offline(connection)
    assert api.services.runner.position() == last
    assert dashboard(api).status_code == 200  # type: ignore[attr-defined]
