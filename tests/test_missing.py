"""Who is missing, on every store and through HTTP: an LAO with no budget, one whose
budget is not enacted, one that never reported, reports overdue by the reporting
calendar, no entry for 30 days; every LAO counted per province and for the nation (none
left out); a reviewer sees their own province only, an LAO's staff not at all."""

from __future__ import annotations

import csv
import io
from datetime import date
from html import unescape
from typing import Any

import pytest

from budget.application.commands import (
    DraftBudget,
    DraftReport,
    RegisterAuthority,
    SetReportingCalendar,
    SignOffReport,
    SubmitReport,
)
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.fiscal import PeriodKind
from budget.domain.reporting import ReportDueRule
from tests.builders import ADMIN, FINANCE, FY, LAO, OTHER_LAO, line, record
from tests.http_world import FAR_LAO, Api

DRAFT_ONLY = "75001040"


def given_a_year(api: Api) -> None:
    office = api.office
    office.execute(
        RegisterAuthority(authority=record(DRAFT_ONLY), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        DraftBudget(
            lao_code=DRAFT_ONLY,
            fiscal_year=FY,
            lines=[line("ROAD", "100000.00")],
            business_date=date(2026, 12, 1),
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        SetReportingCalendar(
            fiscal_year=FY, rules=[ReportDueRule(PeriodKind.MONTH, 15)], source="หนังสือ สถ."
        ),
        actor=ADMIN,
    )
    drafted = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M10", narrative="", business_date=date(2026, 11, 10)
        ),
        actor=FINANCE,
    )
    office.execute(
        SignOffReport(report_id=drafted.id, business_date=date(2026, 11, 10)), actor=SYSTEM_ACTOR
    )
    office.execute(
        SubmitReport(report_id=drafted.id, business_date=date(2026, 11, 10)), actor=FINANCE
    )
    api.views_caught_up()


def missing(api: Api, user: str, **params: Any) -> Any:
    return api.get("/api/missing", user, **{"fiscal_year": FY, "as_of": "2026-12-20", **params})


def test_every_lao_is_counted_and_what_each_misses_is_listed(api: Api) -> None:
    given_a_year(api)
    shown = missing(api, "dla")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    listed = {lao["lao_code"]: (lao["missing"], lao["overdue_reports"]) for lao in body["laos"]}
    assert listed == {
        # October's report sent on 10 Nov; November's (due 15 Dec) not; nothing since
        LAO: (["report_overdue", "quiet"], 1),
        # enacted on 20 Sep 2026, never reported: October's and November's overdue
        OTHER_LAO: (["no_report", "report_overdue", "quiet"], 2),
        DRAFT_ONLY: (["not_enacted", "no_report", "report_overdue"], 2),  # drafted 1 Dec
        FAR_LAO: (["no_budget", "quiet"], 0),
    }
    counts = {c["province_code"]: c for c in body["counts"]}
    assert list(counts) == ["50", "51", None]
    assert {
        k: counts["50"][k]
        for k in ("laos", "not_enacted", "no_report", "report_overdue", "quiet", "any_missing")
    } == {
        "laos": 3,
        "not_enacted": 1,
        "no_report": 2,
        "report_overdue": 3,
        "quiet": 2,
        "any_missing": 3,
    }
    assert (counts[None]["laos"], counts[None]["no_budget"], counts[None]["any_missing"]) == (
        4,
        1,
        4,
    )
    quiet_later = missing(api, "dla", quiet_days=60).json()
    assert "quiet" not in {x["lao_code"]: x["missing"] for x in quiet_later["laos"]}[LAO]


def test_the_list_comes_a_page_at_a_time_and_a_file_holds_every_page(api: Api) -> None:
    given_a_year(api)
    whole = missing(api, "dla").json()
    assert (whole["total"], whole["offset"], whole["limit"]) == (4, 0, 50)
    order = [lao["lao_code"] for lao in whole["laos"]]
    pages = [missing(api, "dla", offset=n, limit=3).json() for n in (0, 3)]
    assert [len(page["laos"]) for page in pages] == [3, 1]
    assert {page["total"] for page in pages} == {4}
    assert [lao["lao_code"] for page in pages for lao in page["laos"]] == order
    assert pages[1]["counts"] == whole["counts"]  # every LAO counted on every page
    as_csv = missing(api, "dla", format="csv", table="laos")
    text = as_csv.content.decode("utf-8").removeprefix("\ufeff")
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == order  # no limit: all
    one = missing(api, "dla", format="csv", table="laos", limit=1, offset=1)
    text = one.content.decode("utf-8").removeprefix("\ufeff")
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == order[1:2]
    too_many = missing(api, "dla", limit=501)
    assert too_many.status_code == 400, too_many.text


def test_the_openapi_document_says_the_list_is_paged(api: Api) -> None:
    document = api.client.get("/schema/openapi.json").json()
    operation = document["paths"]["/api/missing"]["get"]
    assert {"offset", "limit"} <= {p["name"] for p in operation["parameters"]}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    name = answer["$ref"].rsplit("/", 1)[-1]
    fields = document["components"]["schemas"][name]["properties"]
    assert {"total", "offset", "limit"} <= set(fields)
    assert "a page" in fields["laos"]["description"]


def test_a_reviewer_sees_their_province_and_lao_staff_nothing(api: Api) -> None:
    given_a_year(api)
    mine = missing(api, "reviewer").json()
    assert {lao["province_code"] for lao in mine["laos"]} == {"50"}
    assert [c["province_code"] for c in mine["counts"]] == ["50", None]
    assert missing(api, "reviewer", province_code="51").status_code == 403
    assert missing(api, "clerk").status_code == 403
    assert missing(api, "dla", as_of="1800-01-01").status_code == 400


def test_the_ranking_lists_an_lao_without_a_budget_as_no_data(api: Api) -> None:
    given_a_year(api)
    ranking = api.get("/api/rankings", "dla", fiscal_year=FY, limit=100).json()
    rows = {r["lao_code"]: r for r in ranking["items"]}
    assert set(rows) == {LAO, OTHER_LAO, FAR_LAO, DRAFT_ONLY}  # none left out
    assert rows[FAR_LAO]["no_data"] is True
    assert (rows[FAR_LAO]["rank"], rows[FAR_LAO]["peers"]) == (0, 0)
    assert rows[LAO]["no_data"] is False
    assert rows[LAO]["rank"] >= 1
    assert ranking["items"][-1]["lao_code"] == FAR_LAO  # after every ranked one


def test_the_nation_and_province_pages_show_who_is_missing(api: Api) -> None:
    from tests.test_pages import log_in

    given_a_year(api)
    log_in(api, "dla")
    nation = api.client.get(f"/nation?fiscal_year={FY}")
    assert nation.status_code == 200
    assert 'data-testid="missing-counts"' in nation.text
    assert "ไม่มีงบประมาณ" in nation.text
    assert f"/laos/{FAR_LAO}?fiscal_year={FY}" in nation.text
    assert "เชียงใหม่" in nation.text  # province 50 by its name
    log_in(api, "reviewer")
    province = api.client.get(f"/provinces/50?fiscal_year={FY}")
    assert province.status_code == 200
    assert f"/laos/{OTHER_LAO}?fiscal_year={FY}" in province.text
    assert f"/laos/{FAR_LAO}?" not in province.text  # another province's
    links = unescape(province.text)
    for table in ("counts", "laos"):
        assert f"/api/missing?fiscal_year={FY}&province_code=50&format=csv&table={table}" in links


def test_the_list_downloads_as_a_workbook_and_a_csv_with_no_formula(api: Api) -> None:
    import csv
    import io
    from dataclasses import replace

    from python_calamine import CalamineWorkbook

    given_a_year(api)
    odd = replace(record("75001050"), name_th='=HYPERLINK("http://x")')
    api.office.execute(
        RegisterAuthority(authority=odd, business_date=date(2026, 8, 1)), actor=SYSTEM_ACTOR
    )
    api.views_caught_up()
    query = {"fiscal_year": FY, "as_of": "2026-12-20"}
    listed = api.get("/api/missing", "reviewer", **query).json()["laos"]
    got = api.get("/api/missing", "reviewer", **query, format="xlsx")
    assert got.status_code == 200, got.text
    assert got.headers["content-disposition"].endswith('missing-national-2570-2026-12-20.xlsx"')
    book = CalamineWorkbook.from_filelike(io.BytesIO(got.content))
    assert book.sheet_names == ["อปท. ที่ข้อมูลขาด", "สรุปตามจังหวัด"]
    rows = book.get_sheet_by_name("อปท. ที่ข้อมูลขาด").to_python()
    assert rows[0][0] == "รหัส อปท. / LAO code"
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {LAO, OTHER_LAO, DRAFT_ONLY, "75001050"}  # the reviewer's province
    assert by_code["75001050"][1] == '\'=HYPERLINK("http://x")'
    assert by_code[OTHER_LAO][4] == "ไม่เคยส่งรายงาน, รายงานเลยกำหนด, ไม่บันทึกข้อมูล"
    counts = book.get_sheet_by_name("สรุปตามจังหวัด").to_python()
    assert counts[-1][0] == ""  # the total, after the province's row
    assert counts[-1][-1] == len(by_code)
    as_csv = api.get("/api/missing", "reviewer", **query, format="csv")
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["content-disposition"].endswith(
        'missing-national-2570-2026-12-20-laos.csv"'
    )
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8").removeprefix("\ufeff"))))
    assert [row[0] for row in table[1:]] == [lao["lao_code"] for lao in listed]
    assert {row[0]: row[4] for row in table[1:]}[OTHER_LAO] == by_code[OTHER_LAO][4]
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)
    clerk = api.get("/api/missing", "clerk", fiscal_year=FY, format="csv")
    assert clerk.status_code == 403
    assert not clerk.headers["content-type"].startswith("text/csv")


CONTACT = {"officer": "นางสมศรี ใจดี", "phone": "+66 53 112 233", "email": "saraban@example.go.th"}


def test_the_list_gives_the_contact_an_administrator_set(api: Api) -> None:
    given_a_year(api)
    path = f"/api/authorities/{OTHER_LAO}/contact"
    assert api.post(path, "dla", CONTACT).status_code == 403  # reads, does not keep the registry
    wrong = api.post(path, "admin", {**CONTACT, "phone": "053"})
    assert (wrong.status_code, wrong.json()["code"]) == (422, "invalid_input"), wrong.text
    stale = api.post(path, "admin", CONTACT, if_match=9)
    assert stale.status_code == 412, stale.text
    assert api.post(path, "admin", CONTACT, if_match=1).status_code == 200
    api.views_caught_up()
    laos = {lao["lao_code"]: lao for lao in missing(api, "reviewer").json()["laos"]}
    assert {k: laos[OTHER_LAO][k] for k in CONTACT} == CONTACT
    assert {k: laos[LAO][k] for k in CONTACT} == dict.fromkeys(CONTACT, "")  # none set
    as_csv = api.get("/api/missing", "reviewer", fiscal_year=FY, as_of="2026-12-20", format="csv")
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8").removeprefix("\ufeff"))))
    assert table[0][-3:] == ["ผู้รับผิดชอบ / officer", "โทรศัพท์ / phone", "อีเมล / e-mail"]
    row = next(row for row in table if row[0] == OTHER_LAO)
    assert row[-3:] == [CONTACT["officer"], "'+66 53 112 233", CONTACT["email"]]  # no formula
    from tests.test_pages import log_in

    log_in(api, "reviewer")
    page = api.client.get(f"/provinces/50?fiscal_year={FY}").text
    assert "+66 53 112 233" in page
    assert f'href="mailto:{CONTACT["email"]}"' in page


def test_a_dashboard_lists_the_first_page_and_links_the_next(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More LAOs missing something than a dashboard lists: it says how many more and links
    the API's next page, which holds the rest."""
    from budget.http.dashboards import pages
    from budget.projections.queries import PageRequest
    from tests.test_pages import log_in

    given_a_year(api)
    monkeypatch.setattr(pages, "MISSING_SHOWN", PageRequest(offset=0, limit=2))
    log_in(api, "dla")
    nation = unescape(api.client.get(f"/nation?fiscal_year={FY}").text)
    link = f"/api/missing?fiscal_year={FY}&offset=2"
    assert 'data-testid="missing-more"' in nation
    assert link in nation
    rest = missing(api, "dla", offset=2).json()["laos"]
    everyone = [lao["lao_code"] for lao in missing(api, "dla").json()["laos"]]
    assert [lao["lao_code"] for lao in rest] == everyone[2:]
    assert len(rest) == 2
