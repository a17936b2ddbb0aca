"""Every table a person sees downloads as CSV and XLSX with the same filters
(`?format=csv|xlsx`): the same figures as the JSON answer, Thai headers with English
beside, a BOM for Excel, whole lists rather than one page, and no cell that starts a
formula."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from budget.application.commands import PlanProject
from budget.domain.procurement import Method
from budget.exports import answers
from tests.builders import FINANCE, FY, LAO, PROVINCE
from tests.http_world import Api
from tests.test_pages import log_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
ALL_COLUMNS = [
    c
    for value in vars(answers).values()
    if isinstance(value, tuple)
    for c in value
    if isinstance(c, answers.Column)
]

# (path, user, extra query, the JSON list its main table holds, the key of a row)
ROUTES = [
    ("/api/dashboards/national", "dla", {"fiscal_year": FY}, "by_province", "key"),
    (f"/api/dashboards/provinces/{PROVINCE}", "reviewer", {"fiscal_year": FY}, "by_lao", "key"),
    (f"/api/dashboards/authorities/{LAO}", "clerk", {"fiscal_year": FY}, "by_group", None),
    ("/api/rankings", "dla", {"fiscal_year": FY}, "items", "lao_code"),
    ("/api/stuck-projects", "reviewer", {"fiscal_year": FY}, "items", "code"),
    ("/api/review-inbox", "reviewer", {}, "items", "lao_code"),
    (f"/api/authorities/{LAO}/projects", "clerk", {"fiscal_year": FY}, "items", "code"),
    (f"/api/authorities/{LAO}/budgets/{FY}", "clerk", {}, "lines", "line_code"),
    ("/api/audit/log", "auditor", {"lao_code": LAO}, "items", "aggregate_id"),
    ("/api/missing", "dla", {"fiscal_year": FY}, "laos", "lao_code"),
]


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response: Any) -> CalamineWorkbook:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(XLSX)
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content))


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route[0])
def test_each_table_downloads_as_csv_and_xlsx_with_the_json_rows(
    shared_api: Api, route: tuple[str, str, dict[str, Any], str, str | None]
) -> None:
    path, user, query, listed, key = route
    answer = shared_api.get(path, user, **query)
    assert answer.status_code == 200, answer.text
    rows = answer.json()[listed]
    as_csv = _csv(shared_api.get(path, user, **query, format="csv"))
    header, body = as_csv[0], as_csv[1:]
    assert all(" / " in name for name in header)  # Thai / English
    assert len(body) == len(rows)
    if key is not None:
        column = next(i for i, name in enumerate(header) if name.endswith(_english(key)))
        assert [line[column] for line in body] == [str(row[key]) for row in rows]
    book = _xlsx(shared_api.get(path, user, **query, format="xlsx"))
    first = book.get_sheet_by_index(0).to_python()
    assert first[0] == header
    assert len(first) == len(rows) + 1


def _english(key: str) -> str:
    return {
        "key": "code",
        "lao_code": "LAO code",
        "code": "project code",
        "line_code": "line code",
        "aggregate_id": "record id",
    }[key]


def test_the_figures_are_the_json_s_exactly(shared_api: Api) -> None:
    path = f"/api/authorities/{LAO}/budgets/{FY}"
    lines = shared_api.get(path, "clerk").json()["lines"]
    table = _csv(shared_api.get(path, "clerk", format="csv"))
    header = table[0]
    allocated = header.index("งบประมาณที่ได้รับ / allocated")
    group = header.index("งบ / budget group")
    assert [Decimal(row[allocated]) for row in table[1:]] == [
        Decimal(line["allocated"]) for line in lines
    ]
    assert all(row[group] and not row[group].isascii() for row in table[1:])  # in Thai words
    sheet = _xlsx(shared_api.get(path, "clerk", format="xlsx")).get_sheet_by_index(0).to_python()
    assert [Decimal(str(row[allocated])) for row in sheet[1:]] == [
        Decimal(line["allocated"]) for line in lines
    ]


def test_a_dashboard_is_a_workbook_of_its_tables_and_a_csv_of_the_one_asked(
    shared_api: Api,
) -> None:
    query = {"fiscal_year": FY}
    board = shared_api.get("/api/dashboards/national", "dla", **query).json()
    book = _xlsx(shared_api.get("/api/dashboards/national", "dla", **query, format="xlsx"))
    assert book.sheet_names == [
        "รายจังหวัด",
        "รายงบ",
        "รายไตรมาส",
        "ตามประเภท อปท.",
        "ขั้นตอนจัดซื้อจัดจ้าง",
        "ทั้งหมด",
        "แยกตามแหล่งเงิน",
        "รายรับเทียบประมาณการ",
    ]
    funding = _csv(
        shared_api.get("/api/dashboards/national", "dla", **query, format="csv", table="funding")
    )
    assert len(funding) - 1 == len(board["funding"])
    stages = _csv(
        shared_api.get("/api/dashboards/national", "dla", **query, format="csv", table="stages")
    )
    assert len(stages) - 1 == len(board["stages"])
    total = _csv(
        shared_api.get("/api/dashboards/national", "dla", **query, format="csv", table="total")
    )
    disbursed = total[0].index("เบิกจ่าย / disbursed")
    assert Decimal(total[1][disbursed]) == Decimal(board["total"]["disbursed"])


def test_the_filters_narrow_the_file_as_they_narrow_the_page(shared_api: Api) -> None:
    narrowed = {"fiscal_year": FY, "province_code": PROVINCE}
    board = shared_api.get("/api/dashboards/national", "dla", **narrowed).json()
    table = _csv(shared_api.get("/api/dashboards/national", "dla", **narrowed, format="csv"))
    assert [row[0] for row in table[1:]] == [p["key"] for p in board["by_province"]]
    assert [row[0] for row in table[1:]] == [PROVINCE]


def test_a_list_goes_to_the_file_whole_not_one_page(shared_api: Api) -> None:
    query = {"lao_code": LAO}
    page = shared_api.get("/api/audit/log", "auditor", **query, limit=2).json()
    assert page["total"] > 2
    whole = _csv(shared_api.get("/api/audit/log", "auditor", **query, format="csv"))
    assert len(whole) - 1 == page["total"]
    asked = _csv(shared_api.get("/api/audit/log", "auditor", **query, format="csv", limit=2))
    assert len(asked) - 1 == 2


def test_no_cell_starts_a_formula(api: Api) -> None:
    api.office.execute(
        PlanProject(
            lao_code=LAO,
            fiscal_year=FY,
            code="=HYPERLINK",
            name='=HYPERLINK("http://example.invalid","x")',
            line_code="ROAD",
            method=Method.SPECIFIC,
            amount=Decimal("1000.00"),
            business_date=date(2026, 10, 5),
        ),
        actor=FINANCE,
    )
    api.views_caught_up()
    path = f"/api/authorities/{LAO}/projects"
    table = _csv(api.get(path, "clerk", fiscal_year=FY, format="csv"))
    cells = [cell for row in table for cell in row]
    assert '\'=HYPERLINK("http://example.invalid","x")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    sheet = _xlsx(api.get(path, "clerk", fiscal_year=FY, format="xlsx"))
    texts = [
        c for row in sheet.get_sheet_by_index(0).to_python() for c in row if isinstance(c, str)
    ]
    assert '\'=HYPERLINK("http://example.invalid","x")' in texts
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)


def test_a_wrong_format_or_table_is_a_400_problem(shared_api: Api) -> None:
    path = "/api/dashboards/national"
    wrong = shared_api.get(path, "dla", fiscal_year=FY, format="pdf")
    assert wrong.status_code == 400
    assert wrong.headers["content-type"].startswith("application/problem+json")
    unknown = shared_api.get(path, "dla", fiscal_year=FY, format="csv", table="nope")
    assert unknown.status_code == 400
    problem = unknown.json()
    assert problem["code"] == "unknown_table"
    assert "provinces" in problem["detail"]
    assert problem["detail_th"].startswith("ไม่มีตาราง")


def test_who_may_not_read_the_table_may_not_download_it(shared_api: Api) -> None:
    other = shared_api.get("/api/audit/log", "clerk", format="csv")
    assert other.status_code in {403, 404}
    assert not other.headers["content-type"].startswith("text/csv")


DOWNLOAD = re.compile(r'<a href="([^"]+)" download data-format="(xlsx|csv)"')
PAGES = [
    ("dla", "/nation", 9),  # who is missing: its counts and its list; funding, revenue
    ("dla", f"/provinces/{PROVINCE}", 6),
    ("clerk", f"/laos/{LAO}", 6),  # its deadlines among them
    ("clerk", f"/laos/{LAO}/budget", 1),
    ("dla", "/rankings", 1),
    ("reviewer", "/stuck", 1),
    ("reviewer", "/review", 1),
    ("auditor", f"/audit/log?lao_code={LAO}", 1),
    ("clerk", "/calendar", 1),  # the cabinet's holidays
]


@pytest.mark.parametrize(("user", "path", "tables"), PAGES)
def test_each_page_offers_its_tables_as_files_that_download(
    shared_api: Api, user: str, path: str, tables: int
) -> None:
    log_in(shared_api, user)
    html = shared_api.client.get(path, params={"fiscal_year": FY})
    assert html.status_code == 200, html.text
    links = DOWNLOAD.findall(html.text)
    assert len(links) == 2 * tables, links
    for href, kind in links:
        file = shared_api.client.get(unescape(href))
        if kind == "csv":
            assert _csv(file)[0][0].endswith(tuple(" / " + c.en for c in ALL_COLUMNS))
        else:
            assert _xlsx(file).sheet_names
    shared_api.client.cookies.clear()


def test_the_file_s_name_is_plain_whatever_the_path_holds(shared_api: Api) -> None:
    answer = shared_api.get('/api/dashboards/provinces/๑"a b', "dla", fiscal_year=FY, format="csv")
    assert answer.status_code == 200, answer.text  # no such province: no LAOs
    assert 'filename="province-__a_b-2570-laos.csv"' in answer.headers["content-disposition"]
