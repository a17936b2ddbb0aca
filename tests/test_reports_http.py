"""The PDF doors: application/pdf with a file name, now or as of a moment, refused and
malformed requests answered as problems (the roles: tests/test_http_matrix.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from budget.domain.calendar import BANGKOK
from tests.builders import FY, LAO
from tests.http_world import Api
from tests.report_world import pages, subject
from tests.test_reports_jobs import poll


def test_an_lao_report_is_a_pdf_with_a_file_name(shared_api: Api) -> None:
    before = shared_api.position()
    response = shared_api.get(f"/api/pdf/authorities/{LAO}", "clerk", fiscal_year=FY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="lao-{LAO}-{FY}.pdf"'
    assert response.content.startswith(b"%PDF")
    position = int(response.headers["x-budget-position"])
    assert position == before
    texts = pages(response.content)
    assert len(texts) == int(response.headers["x-budget-pages"])
    assert LAO in texts[0]
    assert f"{position:,}" in texts[-1]
    assert shared_api.position() == before  # reading records nothing


def test_a_quarter_and_a_past_moment_are_in_the_name_and_on_the_face(shared_api: Api) -> None:
    moment = datetime.now(BANGKOK)  # after everything the world recorded
    for path, user in [
        (f"/api/pdf/authorities/{LAO}", "executive"),
        ("/api/pdf/provinces/50", "reviewer"),
        ("/api/pdf/national", "auditor"),
    ]:
        response = shared_api.get(path, user, fiscal_year=FY, quarter=2, as_of=moment.isoformat())
        if response.status_code == 202:  # a province or the nation: a job, polled
            done = poll(shared_api, response.json()["href"], user)
            response = shared_api.get(done["pdf"], user)
        assert response.status_code == 200, response.text
        name = response.headers["content-disposition"]
        assert f"-{FY}-q2-asof-{moment:%Y%m%dT%H%M}.pdf" in name
        assert f"as of {moment.isoformat()}" in subject(response.content)
        assert int(response.headers["x-budget-position"]) == shared_api.position()


def test_a_moment_needs_its_timezone_and_something_recorded_by_then(shared_api: Api) -> None:
    path = f"/api/pdf/authorities/{LAO}"
    naive = shared_api.get(path, "clerk", fiscal_year=FY, as_of="2027-01-15T10:00:00")
    assert naive.status_code == 400
    assert naive.headers["content-type"].startswith("application/problem+json")
    long_ago = datetime.now(BANGKOK) - timedelta(days=3650)
    before = shared_api.get(path, "clerk", fiscal_year=FY, as_of=long_ago.isoformat())
    assert before.status_code == 404
    assert shared_api.get(path, "clerk", fiscal_year=1999).status_code == 400
    assert shared_api.get(path, "clerk", fiscal_year=FY, quarter=5).status_code == 400


def test_an_unknown_lao_is_not_found(shared_api: Api) -> None:
    response = shared_api.get("/api/pdf/authorities/99999999", "dla", fiscal_year=FY)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_province_no_one_knows_is_not_found(shared_api: Api) -> None:
    response = shared_api.get("/api/pdf/provinces/Üxx", "dla", fiscal_year=FY)
    assert response.status_code == 404
