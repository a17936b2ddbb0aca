"""The pages without a browser (Litestar's TestClient): each role's pages answer, forms
are refused without their CSRF token, a refused rule comes back in Thai beside its field
with what was typed kept, a form sent twice records once, another LAO's pages are
forbidden, the security headers are sent, and the JSON API keeps working with tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftReport,
    InspectInstallment,
    SignContract,
    SignOffReport,
    SubmitReport,
)
from budget.domain.ids import budget_id
from tests.builders import (
    AUDITOR,
    EXECUTIVE,
    FINANCE,
    LAO,
    OTHER_LAO,
    contract,
    procured_until_winner,
)
from tests.http_world import FAR_LAO, PASSWORD, Api, build_world, serving, settings_for

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def contracted_world(office: BudgetOffice) -> UUID:
    """The HTTP world, with P1's contract signed and installment 1 inspected."""
    project = build_world(office)
    procured_until_winner(office, project, offered="1400000.00")
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=project, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    office.execute(
        InspectInstallment(project_id=project, installment=1, business_date=date(2026, 11, 19)),
        actor=FINANCE,
    )
    return project


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Api]:
    """The pages over a world with a contracted project, on each store (PostgreSQL too)."""
    with serving(settings_for(store_url, tmp_path), contracted_world) as api:
        yield api


def log_in(api: Api, username: str) -> None:
    api.client.cookies.clear()
    form = api.client.get("/login")
    token = CSRF.search(form.text)
    assert token is not None
    response = api.client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def form_fields(html: str, name: str) -> dict[str, str]:
    """The hidden fields of the form `data-form=name` (CSRF token, form key, version)."""
    start = html.index(f'data-form="{name}"')
    form = html[start : html.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def payments(api: Api, project: UUID) -> int:
    return len(api.office.project(project).payments)


def test_a_stranger_is_sent_to_the_login_page(site: Api) -> None:
    response = site.client.get(f"/laos/{LAO}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=%2Flaos%2F{LAO}"
    page = site.client.get("/login")
    assert page.status_code == 200
    assert "เข้าสู่ระบบ" in page.text
    assert 'for="f-username"' in page.text  # every field has its label


def test_pages_send_the_security_headers(site: Api) -> None:
    for path in ("/login", "/api/auth/me", "/static/style.css"):
        headers = site.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_the_login_form_needs_its_csrf_token(site: Api) -> None:
    site.client.get("/login")  # the CSRF cookie
    refused = site.client.post(
        "/login", data={"username": "clerk", "password": PASSWORD}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in refused.text
    assert "budget_session" not in refused.headers.get("set-cookie", "")


def test_a_login_sets_an_http_only_same_site_session_cookie(site: Api) -> None:
    site.client.cookies.clear()
    token = CSRF.search(site.client.get("/login").text)
    assert token is not None
    response = site.client.post(
        "/login",
        data={"username": "clerk", "password": PASSWORD, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/laos/{LAO}"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("budget_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_a_wrong_password_is_said_in_thai_on_the_login_page(site: Api) -> None:
    site.client.cookies.clear()
    token = CSRF.search(site.client.get("/login").text)
    assert token is not None
    response = site.client.post(
        "/login",
        data={"username": "clerk", "password": "wrong", "_csrf_token": token.group(1)},
    )
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.text
    assert 'value="clerk"' in response.text  # the username is kept


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("clerk", f"/laos/{LAO}"),
        ("executive", f"/laos/{LAO}"),
        ("reviewer", "/review"),
        ("dla", "/nation"),
        ("auditor", "/audit"),
        ("district", "/districts/5001"),
    ],
)
def test_each_role_starts_on_its_own_page(site: Api, username: str, home: str) -> None:
    log_in(site, username)
    response = site.client.get("/", follow_redirects=False)
    assert response.headers["location"] == home
    page = site.client.get(home)
    assert page.status_code == 200, page.text


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("clerk", ["/laos/{lao}", "/laos/{lao}/budget", "/laos/{lao}/reports", "/projects/{p}"]),
        ("reviewer", ["/review", "/provinces/50", "/laos/{lao}", "/stuck", "/rankings"]),
        ("dla", ["/nation?lao_type=sao&quarter=1", "/provinces/50", "/rankings", "/stuck"]),
        (
            "district",
            ["/districts/5001", "/laos/{lao}", "/laos/{lao}/budget", "/laos/{lao}/reports"],
        ),
        (
            "auditor",
            ["/audit", "/audit/log?user_id=clerk", "/audit/records/{p}", "/audit/records/{b}"],
        ),
    ],
)
def test_the_pages_of_each_role_answer(site: Api, username: str, paths: list[str]) -> None:
    log_in(site, username)
    for path in paths:
        url = path.format(lao=LAO, p=site.project, b=budget_id(LAO, 2570))
        response = site.client.get(url)
        assert response.status_code == 200, (url, response.text[-2000:])
        assert '<html lang="th">' in response.text


def test_another_laos_pages_are_forbidden(site: Api) -> None:
    log_in(site, "clerk2")
    for path in (f"/laos/{LAO}", f"/laos/{LAO}/budget"):
        response = site.client.get(path)
        assert response.status_code == 403, path
        assert "ไม่มีสิทธิ์" in response.text
        # why, in words: not `ในบทบาท lao_finance ไม่มีสิทธิ์ read`
        why = f"ผู้ใช้ clerk2 ในบทบาทเจ้าหน้าที่การเงิน อปท. ไม่มีสิทธิ์ดูข้อมูล ของอปท. {LAO}"
        assert why in response.text
        assert "lao_finance" not in response.text
    hidden = site.client.get(f"/projects/{site.project}")  # as if there were no such project
    missing = site.client.get("/projects/00000000-0000-5000-8000-000000000000")
    assert hidden.status_code == missing.status_code == 404
    page = site.client.get(f"/laos/{OTHER_LAO}")
    assert page.status_code == 200
    token = CSRF.search(page.text)
    assert token is not None
    refused = site.client.post(
        f"/projects/{site.project}/payment",
        data={"_csrf_token": token.group(1), "installment": "1", "amount": "1", "voucher": "x"},
    )
    assert refused.status_code == 404
    assert payments(site, site.project) == 0


def test_the_district_office_sees_the_saos_of_its_district_and_enters_nothing(
    site: Api,
) -> None:
    """Its page lists the two SAOs of district 5001 with their figures and links; the
    province's and the nation's pages, another district's and an LAO elsewhere are refused;
    a project of its district reads without a form to record anything."""
    log_in(site, "district")
    home = site.client.get("/districts/5001")
    assert home.status_code == 200
    rows = home.text[home.text.index('data-testid="district-laos"') :]
    for code in (LAO, OTHER_LAO):
        assert f'href="/laos/{code}?fiscal_year=' in rows
    assert FAR_LAO not in home.text
    assert 'href="/districts/5001"' in home.text  # its menu
    for path in ("/provinces/50", "/nation", "/review", f"/laos/{FAR_LAO}", "/districts/5101"):
        assert site.client.get(path).status_code == 403, path
    lao = site.client.get(f"/laos/{LAO}")
    assert 'href="/districts/5001?fiscal_year=' in lao.text  # the crumb leads home
    project = site.client.get(f"/projects/{site.project}")
    assert project.status_code == 200
    assert "data-form=" not in project.text


def test_a_reviewer_cannot_see_the_audit_log_nor_another_province(site: Api) -> None:
    log_in(site, "reviewer")
    assert site.client.get("/audit").status_code == 403
    assert site.client.get("/provinces/51").status_code == 403
    assert site.client.get("/stuck?province_code=51").status_code == 403


def pay(site: Api, fields: dict[str, str], **typed: str) -> Any:
    return site.client.post(
        f"/projects/{site.project}/payment", data={**fields, **typed}, follow_redirects=False
    )


def test_a_payment_form_without_its_csrf_token_is_refused(site: Api) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    del fields["_csrf_token"]
    response = pay(site, fields, installment="1", amount="100.00", voucher="V1")
    assert response.status_code == 403
    assert payments(site, site.project) == 0


def test_a_refused_payment_says_why_in_thai_beside_the_field_and_keeps_what_was_typed(
    site: Api,
) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    response = pay(
        site,
        fields,
        installment="1",
        amount="900,000.00",
        voucher="ฎ.77/2570",
        business_date="20/11/2569",
    )
    assert response.status_code == 422
    error = re.search(r'data-error-for="amount">([^<]+)<', response.text)
    assert error is not None
    assert "เกินวงเงินงวด 700,000.00 บาท" in error.group(1)
    assert 'value="900,000.00"' in response.text
    assert 'value="ฎ.77/2570"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert payments(site, site.project) == 0

    malformed = pay(
        site, fields, installment="1", amount="เจ็ดแสน", voucher="", business_date="31/02/2569"
    )
    assert malformed.status_code == 422
    assert "จำนวนเงินไม่ถูกต้อง" in malformed.text
    assert re.search(r'data-error-for="voucher">กรุณากรอกช่องนี้<', malformed.text)
    assert re.search(r'data-error-for="business_date">วันที่ไม่ถูกต้อง', malformed.text)


def test_a_payment_form_sent_twice_records_once(site: Api) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    typed = {
        "installment": "1",
        "amount": "700,000.00",
        "voucher": "ฎ.1/2570",
        "business_date": "20/11/2569",
    }
    first = pay(site, fields, **typed)
    again = pay(site, fields, **typed)  # the same form, sent again (a double click, a reload)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert first.headers["location"].endswith("?done=payment#history")
    assert payments(site, site.project) == 1
    assert site.office.project(site.project).paid == Decimal("700000.00")
    shown = site.client.get(first.headers["location"])
    assert "บันทึกการเบิกจ่ายแล้ว" in shown.text
    assert "ฎ.1/2570" in shown.text


def test_a_payment_form_keeps_its_note_in_the_history(site: Api) -> None:
    """Issue 13, item 12: the forms take the note every write may carry."""
    log_in(site, "clerk")
    page = site.client.get(f"/projects/{site.project}").text
    assert 'name="note"' in page
    fields = form_fields(page, "payment")
    note = "จ่ายตามหนังสือขอเบิก ลว. 19 พ.ย. 2569"
    typed = {"installment": "1", "amount": "1,000.00", "voucher": "ฎ.9/2570", "note": note}
    assert pay(site, fields, **typed, business_date="20/11/2569").status_code == 303
    history = site.office.history(site.project, actor=AUDITOR)
    assert history[-1].note == note
    said = f"หมายเหตุ: {note}"  # the project's history and the audit record show it
    assert said in visible_text(site.client.get(f"/projects/{site.project}").text)
    log_in(site, "auditor")
    assert said in visible_text(site.client.get(f"/audit/records/{site.project}").text)


def test_a_form_opened_before_someone_else_recorded_is_refused_as_stale(site: Api) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "inspection")
    site.office.execute(
        InspectInstallment(
            project_id=site.project, installment=2, business_date=date(2026, 11, 20)
        ),
        actor=FINANCE,
    )
    response = site.client.post(
        f"/projects/{site.project}/inspection",
        data={**fields, "installment": "2", "business_date": "21/11/2569"},
    )
    assert response.status_code == 409
    assert "ข้อมูลถูกบันทึกเปลี่ยนแปลงหลังจากเปิดหน้านี้" in response.text


def test_a_payment_correction_needs_its_reason(site: Api) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    pay(
        site, fields, installment="1", amount="700,000.00", voucher="V1", business_date="20/11/2569"
    )
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "correction")
    version = str(max(site.office.project(site.project).payments))
    url = f"/projects/{site.project}/correction"
    missing = site.client.post(url, data={**fields, "payment_version": version, "amount": "650000"})
    assert missing.status_code == 422
    assert re.search(r'data-error-for="reason">กรุณากรอกช่องนี้<', missing.text)
    done = site.client.post(
        url,
        data={**fields, "payment_version": version, "amount": "650000", "reason": "ฎีกาผิดพลาด"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert site.office.project(site.project).paid == Decimal("650000.00")


def test_english_is_available(site: Api) -> None:
    log_in(site, "clerk")
    switched = site.client.get(f"/language/en?next=/laos/{LAO}", follow_redirects=False)
    assert switched.headers["location"] == f"/laos/{LAO}"
    page = site.client.get(f"/laos/{LAO}")
    assert '<html lang="en">' in page.text
    assert "Disbursed" in page.text
    assert (
        site.client.get("/language/th?next=//evil.example", follow_redirects=False).headers[
            "location"
        ]
        == "/"
    )


def test_the_api_keeps_working_with_bearer_tokens_and_refuses_cross_site_cookies(
    site: Api,
) -> None:
    body = {"installment": 1, "amount": "1.00", "voucher": "API-1", "business_date": "2026-11-20"}
    by_token = site.post(f"/api/projects/{site.project}/payments", "clerk", body)
    assert by_token.status_code == 200, by_token.text
    log_in(site, "clerk")  # the session cookie, from a page login
    cross_site = site.client.post(
        f"/api/projects/{site.project}/payments",
        json={**body, "voucher": "API-2"},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross_site.status_code == 403
    assert cross_site.json()["code"] == "cross_site_request"
    assert payments(site, site.project) == 1


def test_the_charting_library_and_the_fonts_are_served_by_the_app(site: Api) -> None:
    script = site.client.get("/static/vendor/chartjs/chart.umd.min.js")
    assert script.status_code == 200
    assert "Chart.js v4" in script.text[:200]
    assert "MIT License" in site.client.get("/static/vendor/chartjs/LICENSE.md").text
    font = site.client.get("/fonts/Sarabun-Regular.ttf")
    assert font.status_code == 200
    assert len(font.content) > 50_000
    log_in(site, "dla")
    page = site.client.get("/nation")
    assert "https://" not in re.sub(r'href="/api/pdf[^"]*"', "", page.text.split("<body>")[0])
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in page.text
    assert "<script>" not in page.text  # no inline script: the CSP would block it


def test_every_form_of_the_pages_is_refused_without_its_csrf_token(site: Api) -> None:
    log_in(site, "clerk")
    app: Any = site.client.app
    posts = sorted(
        route.path
        for route in app.routes
        if "POST" in getattr(route, "methods", ()) and not route.path.startswith("/api/")
    )
    assert len(posts) >= 14  # login, logout, 7 project forms, 6 report forms
    before = site.position()
    for path in posts:
        url = path.replace("{project_id:uuid}", str(site.project))
        url = url.replace("{lao_code:str}", LAO).replace("{period:str}", "2570-Q1")
        url = url.replace("{day:date}", "2027-01-04")
        response = site.client.post(url, data={"reason": "x", "amount": "1"})
        assert response.status_code == 403, url
    assert site.position() == before  # nothing recorded


@pytest.fixture
def planned(store_url: str, tmp_path: Path) -> Iterator[Api]:
    """The world with P1 only planned (e-bidding, 1,500,000 baht), on each store."""
    with serving(settings_for(store_url, tmp_path), build_world) as api:
        yield api


def test_the_next_step_is_recorded_from_its_form(planned: Api) -> None:
    log_in(planned, "clerk")
    page = planned.client.get(f"/projects/{planned.project}").text
    assert "ประกาศแผนการจัดซื้อจัดจ้าง" in page
    fields = form_fields(page, "step")
    assert fields["step"] == "plan_published"
    url = f"/projects/{planned.project}/step"
    done = planned.client.post(url, data={**fields, "business_date": "10/10/2569"})
    assert done.status_code == 200  # followed to the project page
    assert "บันทึกขั้นตอนแล้ว" in done.text
    assert planned.office.project(planned.project).stage.value == "plan_published"
    fields = form_fields(done.text, "step")
    assert fields["step"] == "tor_set"
    typed = {"reference_price": "1,450,000", "public_hearing_ended_on": "30/09/2569"}
    early = planned.client.post(url, data={**fields, **typed, "business_date": "1/10/2569"})
    assert early.status_code == 422
    error = re.search(r'data-error-for="business_date">([^<]+)<', early.text)
    assert error is not None
    assert "ก่อนวันที่ของขั้นตอนก่อนหน้า" in error.group(1)


def test_a_contract_whose_installments_do_not_add_up_is_refused(planned: Api) -> None:
    procured_until_winner(planned.office, planned.project, offered="1400000.00")
    planned.views_caught_up()
    log_in(planned, "clerk")
    fields = form_fields(planned.client.get(f"/projects/{planned.project}").text, "contract")
    typed = {
        "number": "12/2570",
        "contractor": "หจก. ทดสอบก่อสร้าง",
        "contractor_tax_id": "0503561000123",
        "amount": "1,400,000.00",
        "business_date": "18/11/2569",
        "inst_amount_1": "700,000",
        "inst_due_1": "15/01/2570",
        "inst_amount_2": "600,000",
        "inst_due_2": "15/03/2570",
    }
    url = f"/projects/{planned.project}/contract"
    refused = planned.client.post(url, data={**fields, **typed})
    assert refused.status_code == 422
    assert "ผลรวมงวดงาน 1,300,000.00 บาท ไม่เท่ากับวงเงินสัญญา" in refused.text
    assert 'value="600,000"' in refused.text
    signed = planned.client.post(url, data={**fields, **typed, "inst_amount_2": "700,000"})
    assert signed.status_code == 200
    assert "บันทึกการลงนามสัญญาแล้ว" in signed.text
    assert planned.office.project(planned.project).contract is not None


def test_a_report_is_drafted_and_a_return_needs_comments(planned: Api) -> None:
    log_in(planned, "clerk")
    page = planned.client.get(f"/laos/{LAO}/reports?fiscal_year=2570").text
    fields = form_fields(page, "draft")
    empty = planned.client.post(f"/laos/{LAO}/reports", data={**fields, "period": "2570-M10"})
    assert empty.status_code == 422
    assert re.search(r'data-error-for="narrative">กรุณากรอกช่องนี้<', empty.text)
    drafted = planned.client.post(
        f"/laos/{LAO}/reports",
        data={**fields, "period": "2570-M10", "narrative": "ดำเนินการตามแผน"},
    )
    assert drafted.status_code == 200
    assert "จัดทำร่างรายงานแล้ว" in drafted.text
    assert f'href="/api/pdf/authorities/{LAO}?fiscal_year=2570&amp;quarter=1"' in drafted.text
    submit = form_fields(drafted.text, "submit")
    unsigned = planned.client.post(f"/laos/{LAO}/reports/2570-M10/submission", data=submit)
    assert unsigned.status_code == 422
    # the step and the state in Thai words (the executive has not signed it off)
    assert "ส่งรายงานไม่ได้ เพราะผู้บริหารยังไม่ได้ลงนามรับรอง" in unsigned.text
    log_in(planned, "reviewer")
    page = planned.client.get(f"/laos/{LAO}/reports/2570-M10").text
    assert 'data-form="return"' not in page  # a draft is not the reviewer's to review


def test_no_such_page_is_a_page_and_no_such_api_route_a_problem(site: Api) -> None:
    page = site.client.get("/no-such-page")
    assert page.status_code == 404
    assert "ไม่พบหน้าที่ขอ" in page.text
    api = site.client.get("/api/no-such-route")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"


def test_logging_out_ends_the_session(site: Api) -> None:
    log_in(site, "clerk")
    page = site.client.get(f"/laos/{LAO}")
    token = CSRF.search(page.text)
    assert token is not None
    out = site.client.post("/logout", data={"_csrf_token": token.group(1)}, follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert site.client.get(f"/laos/{LAO}", follow_redirects=False).status_code == 303


def visible_text(html: str) -> str:
    """What a person reads: the page without its tags, its whitespace collapsed."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_the_pages_show_the_figures_a_person_checks(site: Api) -> None:
    """Worked out by hand from the world: ROAD 2,000,000 with P1's contract of 1,400,000 in two
    installments of 700,000 (the first inspected), the other lines untouched; the LAO's five
    lines make 9,200,000."""
    log_in(site, "clerk")
    project = visible_text(site.client.get(f"/projects/{site.project}").text)
    for shown in ("1,500,000.00", "1,400,000.00", "700,000.00", "หจก. ทดสอบก่อสร้าง", "12/2570"):
        assert shown in project, shown
    budget = visible_text(site.client.get(f"/laos/{LAO}/budget").text)
    road = budget[budget.index("ROAD") :]
    assert re.search(r"2,000,000\.00 .*1,400,000\.00 .*600,000\.00", road), road[:400]
    for shown in ("6,000,000.00", "300,000.00", "400,000.00", "500,000.00", "9,200,000.00"):
        assert shown in budget, shown
    lao = visible_text(site.client.get(f"/laos/{LAO}").text)
    assert "9,200,000.00" in lao
    assert "1,400,000.00" in lao


def test_a_late_report_says_as_of_when_its_figures_stand_and_how_late_it_came(
    site: Api,
) -> None:
    """Issue 13, item 8: the October report, submitted on 12 November, stands as of
    31 October and says it came 12 days after its period ended."""
    office = site.office
    report = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M10", narrative="ตามแผน", business_date=date(2026, 11, 5)
        ),
        actor=FINANCE,
    ).id
    log_in(site, "clerk")
    draft = visible_text(site.client.get(f"/laos/{LAO}/reports/2570-M10").text)
    assert "ตัวเลข ณ วันที่ 31 ตุลาคม 2569" in draft
    assert "ส่งหลังสิ้นงวด" not in draft
    office.execute(
        SignOffReport(report_id=report, business_date=date(2026, 11, 12)), actor=EXECUTIVE
    )
    office.execute(SubmitReport(report_id=report, business_date=date(2026, 11, 12)), actor=FINANCE)
    sent = visible_text(site.client.get(f"/laos/{LAO}/reports/2570-M10").text)
    assert "ส่งครั้งแรก 12 พฤศจิกายน 2569 ส่งหลังสิ้นงวด 12 วัน" in sent
