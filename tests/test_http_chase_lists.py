"""Each person's list downloads and prints: an LAO's deadlines and the cabinet's holidays
as CSV and XLSX holding the JSON's rows (no cell a formula), and the lists a provincial
office sends as Thai PDFs: the clerk's what-is-due, the province's late and missing LAOs."""

from __future__ import annotations

import csv
import io
import unicodedata
from html import unescape
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from tests.builders import FY, LAO, OTHER_LAO, PROVINCE
from tests.http_world import Api
from tests.report_world import pages, subject
from tests.test_pages import log_in

BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"
DEADLINES = f"/api/authorities/{LAO}/deadlines"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
MARKS = frozenset(
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
HOLIDAY = {
    "day": "2027-01-04",
    "name": FORMULA,
    "source": "+มติ ครม. 22 ธ.ค. 2569",
    "business_date": "2026-12-22",
}


def readable(text: str) -> str:
    """Thai text comparable with what comes back out of a shaped PDF: the marks above and
    below the line (tone marks, upper and lower vowels) come back as the shaped glyphs'
    private codes or not at all, so both sides keep only the letters on the line, with
    sara am as sara aa and no-break spaces as spaces (NFKC)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not (0xE000 <= ord(c) <= 0xF8FF or c in MARKS))


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


def _xlsx(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows: list[list[Any]] = book.get_sheet_by_index(0).to_python()
    return rows


def _pdf(response: Any, name: str) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{name}"'
    texts = pages(response.content)
    assert len(texts) == int(response.headers["x-budget-pages"])
    return readable("\n".join(texts))


def _transfer(api: Api, on: str) -> None:
    body = {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "10.00"}
    moved = api.post(f"{BUDGET}/transfers", "executive", {**body, "business_date": on})
    assert moved.status_code == 200, moved.text


def test_the_deadlines_and_the_holidays_download_as_the_json_s_rows(api: Api) -> None:
    assert api.post("/api/calendar/holidays", "admin", HOLIDAY).status_code == 201
    _transfer(api, "2026-12-17")
    lists = [
        (DEADLINES, {"fiscal_year": FY, "as_of": "2027-01-05"}, "due_on", "กำหนด / due on"),
        ("/api/calendar/holidays", {}, "day", "วันที่ / day"),
    ]
    for path, query, key, header in lists:
        rows = api.get(path, "clerk", **query).json()
        assert len(rows) >= 1
        table = _csv(api.get(path, "clerk", **query, format="csv"))
        assert table[0][0] == header
        assert [line[0] for line in table[1:]] == [row[key] for row in rows]
        sheet = _xlsx(api.get(path, "clerk", **query, format="xlsx"))
        assert sheet[0] == table[0]
        assert [str(line[0]) for line in sheet[1:]] == [row[key] for row in rows]
        texts = [c for line in [*table, *sheet] for c in line if isinstance(c, str)]
        assert not any(text.startswith(("=", "+", "-", "@")) for text in texts), path
    deadlines = _csv(api.get(DEADLINES, "clerk", fiscal_year=FY, as_of="2027-01-05", format="csv"))
    kinds = {line[1]: line for line in deadlines[1:]}
    report = kinds["รายงานการโอนงบประมาณต่อผู้ว่าฯ/นายอำเภอ"]  # in Thai words, as the pages
    assert (report[0], report[4]) == ("2027-01-05", "ยังไม่ถึงกำหนด")  # the holiday moved it
    holidays = _csv(api.get("/api/calendar/holidays", "clerk", format="csv"))
    assert holidays[1] == ["2027-01-04", "'" + FORMULA, "'+มติ ครม. 22 ธ.ค. 2569"]


def test_the_clerk_s_what_is_due_prints_overdue_first_with_its_legal_basis(api: Api) -> None:
    _transfer(api, "2026-11-02")  # its report due 17 Nov: 3 working days late on the 20th
    before = api.position()
    response = api.get(
        f"/api/pdf/authorities/{LAO}/deadlines", "clerk", fiscal_year=FY, as_of="2026-11-20"
    )
    text = _pdf(response, f"deadlines-{LAO}-{FY}-20261120.pdf")
    assert int(response.headers["x-budget-position"]) == before == api.position()
    assert f"{before:,}" in text  # the footer: the last event the list includes
    for expected in (
        "กำหนดเวลาที่ต้องดำเนินการ",
        "ประกาศแผนการ",
        "4 พ.ย. 2569",  # P1 planned on 5 Oct 2026: its procurement plan was due on 4 Nov
        "เลยกำหนด 12 วันทำการ",
        "รายงานการโอนงบประมาณ",
        "17 พ.ย. 2569",
        "เลยกำหนด 3 วันทำการ",
        "ระเบียบกระทรวงมหาดไทย",  # the transfer report's legal basis
        "20 พฤศจิกายน 2569",
    ):
        assert readable(expected) in text, expected
    assert text.index("P1") < text.index("17 พ.ย. 2569")  # the longest overdue first
    assert f"deadlines LAO {LAO}; FY {FY}; as of 2026-11-20" in subject(response.content)
    other = api.get(f"/api/pdf/authorities/{OTHER_LAO}/deadlines", "clerk", fiscal_year=FY)
    assert other.status_code == 403
    odd = api.get(
        f"/api/pdf/authorities/{LAO}/deadlines", "clerk", fiscal_year=FY, as_of="1900-01-01"
    )
    assert odd.status_code == 400
    unknown = api.get("/api/pdf/authorities/99999999/deadlines", "dla", fiscal_year=FY)
    assert unknown.status_code == 404


def test_a_province_s_late_and_missing_laos_print_for_its_office(api: Api) -> None:
    calendar = {"rules": [{"kind": "Q", "days": 15}], "source": "หนังสือ สถ. ที่ มท 0808.2/1"}
    setting = api.post(f"/api/fiscal-years/{FY}/reporting-calendar", "admin", calendar)
    assert setting.status_code == 200, setting.text
    contact = {"officer": "Somsri Jaidee", "phone": "053-112233", "email": "saraban@example.go.th"}
    assert api.post(f"/api/authorities/{OTHER_LAO}/contact", "admin", contact).status_code == 200
    api.views_caught_up()
    asked = {"fiscal_year": FY, "as_of": "2027-02-15"}  # Q1's reports were due in January
    found = api.get("/api/missing", "reviewer", **asked).json()
    (total,) = [c for c in found["counts"] if c["province_code"] is None]
    assert {lao["lao_code"] for lao in found["laos"]} == {LAO, OTHER_LAO}
    response = api.get("/api/pdf/missing", "reviewer", **asked)
    text = _pdf(response, f"missing-{PROVINCE}-{FY}-20270215.pdf")
    late = text[text.index(readable("2. อปท. ที่ส่งรายงาน")) : text.index(readable("3. อปท."))]
    for code in (LAO, OTHER_LAO):
        line = next(line for line in late.splitlines() if code in line)
        assert readable("ไม่เคยส่งรายงาน") in line, line
    assert readable("รายงานเลยกำหนด 1 งวด") in late
    for said in contact.values():  # whom the office calls, on the late list and the whole
        assert late.count(said) == 1
        assert text.count(said) == 2
    assert readable("จังหวัดเชียงใหม่") in text
    assert readable(f"ข้อมูลขาด {total['any_missing']} แห่ง") in text
    assert readable("15 กุมภาพันธ์ 2570") in text
    assert (
        api.get("/api/pdf/missing", "reviewer51", **asked, province_code=PROVINCE).status_code
        == 403
    )
    assert api.get("/api/pdf/missing", "clerk", **asked).status_code == 403
    assert api.get("/api/pdf/missing", "dla", **asked, province_code="Üx").status_code in {400, 404}
    nation = api.get("/api/pdf/missing", "dla", **asked)
    assert readable("ทั่วประเทศ") in _pdf(nation, f"missing-th-{FY}-20270215.pdf")


def test_the_paper_says_where_its_list_stops(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("budget.reports.chase_lists.EXPORT_LIMIT", 1)  # a nation's 10,000
    asked = {"fiscal_year": FY, "as_of": "2027-02-15"}
    found = api.get("/api/missing", "reviewer", **asked).json()
    assert found["total"] == 2
    text = _pdf(
        api.get("/api/pdf/missing", "reviewer", **asked), f"missing-{PROVINCE}-{FY}-20270215.pdf"
    )
    assert readable("แสดง 1 แห่งแรกจาก 2 แห่งที่ข้อมูลขาด") in text
    every = text[text.index(readable("3. อปท.")) :]
    assert sum(code in every for code in (LAO, OTHER_LAO)) == 1


@pytest.mark.parametrize(
    ("user", "page", "testid", "name"),
    [
        ("clerk", f"/laos/{LAO}", "deadlines-pdf", f"deadlines-{LAO}-{FY}-"),
        ("reviewer", f"/provinces/{PROVINCE}", "missing-pdf", f"missing-{PROVINCE}-{FY}-"),
        ("dla", "/nation", "missing-pdf", f"missing-th-{FY}-"),
    ],
)
def test_each_list_s_page_links_to_its_paper(
    shared_api: Api, user: str, page: str, testid: str, name: str
) -> None:
    log_in(shared_api, user)
    html = shared_api.client.get(page, params={"fiscal_year": FY}).text
    start = html.index(f'data-testid="{testid}"')
    href = unescape(html[html.rindex('href="', 0, start) + 6 : start].split('"')[0])
    response = shared_api.client.get(href)
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    assert f'filename="{name}' in response.headers["content-disposition"]
    shared_api.client.cookies.clear()
