"""The pages in a real browser (headless Chromium): a clerk records a payment and sees the
LAO's figures change, the report goes to the province and back and is accepted, DLA sees
the payment in the nation's figures and drills down to the project, an auditor finds it
in the timeline with the clerk's name, and a clerk of another LAO is kept out.

Every page visited is kept as a screenshot in artifacts/screenshots/ (CI artefacts).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from budget.domain.calendar import today
from budget.http.pages.i18n import date_field
from budget.projections import queries
from budget.projections.queries import Filters
from tests.browser_world import SCREENSHOTS, Served

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PAYMENT = Decimal("200000.00")
EXPECTED_REFUSAL = re.compile(r"Failed to load resource: .* status of (403|404|409|422)")


def baht(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


@dataclass
class Person:
    """One person's browser window, logged in as them."""

    name: str
    page: Any
    served: Served
    shots: Path
    errors: list[str] = field(default_factory=list)

    def console(self, kind: str, text: str) -> None:
        """Errors in the console (a CSP violation, a missing file), except the refusals
        the tests cause on purpose (a form refused, a page forbidden)."""
        if kind == "error" and not EXPECTED_REFUSAL.search(text):
            self.errors.append(text)

    def go(self, path: str) -> Any:
        response = self.page.goto(self.served.url + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).first.inner_text())


@pytest.fixture(scope="module")
def people(browser: Any, served: Served, screenshots: Path) -> Iterator[Any]:
    opened: list[Any] = []

    def log_in(username: str, viewport: dict[str, int] = DESKTOP) -> Person:
        context = browser.new_context(viewport=viewport, locale="th-TH")
        opened.append(context)
        page = context.new_page()
        person = Person(username, page, served, screenshots)
        page.on("console", lambda m: person.console(m.type, m.text))
        page.on("pageerror", lambda e: person.errors.append(str(e)))
        person.go("/login")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill("demo")
        page.get_by_label("รหัสผ่าน").press("Enter")  # the keyboard sends the form
        page.wait_for_load_state("networkidle")
        assert "/login" not in page.url, f"{username} could not log in"
        return person

    yield log_in
    for context in opened:
        context.close()


WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter(e => !e.closest('.table-wrap'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""


def national_disbursed(served: Served) -> Decimal:
    with served.services.read() as connection:
        dashboard = queries.national_dashboard(connection, Filters(fiscal_year=served.fiscal_year))
    return dashboard.total.disbursed


def test_the_year_of_a_clerk_a_reviewer_dla_and_an_auditor(
    people: Any, served: Served, screenshots: Path
) -> None:
    nation_before = national_disbursed(served)
    clerk = log_in_clerk_and_pay(people, served)
    report_cycle(people, served, clerk)
    dla_sees_the_payment(people, served, nation_before)
    auditor_traces_the_payment(people, served)


def log_in_clerk_and_pay(people: Any, served: Served) -> Person:
    clerk = people("clerk")
    assert clerk.page.url.endswith(f"/laos/{served.clerk_lao}")
    assert clerk.page.locator("canvas[data-drawn=true]").count() >= 2  # Chart.js drew them
    before = baht(clerk.text("[data-testid=disbursed]"))
    clerk.shot("01-clerk-lao-home")
    clerk.page.get_by_role("link", name="งบประมาณและยอดคงเหลือรายรายการ").click()
    clerk.page.wait_for_load_state("networkidle")
    lines_paid_before = baht(clerk.text("[data-testid=lines-disbursed]"))
    assert lines_paid_before == before  # the lines add up to the LAO's figure
    clerk.shot("02-clerk-budget-lines")

    clerk.go(f"/laos/{served.clerk_lao}")
    clerk.page.get_by_role("link", name="(ทดสอบหน้าเว็บ)").click()
    clerk.page.wait_for_load_state("networkidle")
    assert f"/projects/{served.project}" in clerk.page.url
    clerk.shot("03-project-contract-signed")

    # the committee inspects installment 1
    form = clerk.page.locator("form[data-form=inspection]")
    form.get_by_label("งวดงาน").select_option("1")
    form.get_by_label("บันทึกของคณะกรรมการตรวจรับ").fill("ตรวจรับงานดินและลูกรังครบถ้วน")
    form.get_by_role("button").click()
    clerk.page.wait_for_load_state("networkidle")
    assert clerk.text("[data-testid=notice]") == "บันทึกการตรวจรับแล้ว"

    # a payment above the installment is refused beside the amount, what was typed kept
    form = clerk.page.locator("form[data-form=payment]")
    form.get_by_label("จำนวนเงิน").fill("250,000.00")
    form.get_by_label("เลขที่ฎีกา").fill("ฎ.101/2570")
    form.get_by_role("button").click()
    clerk.page.wait_for_load_state("networkidle")
    error = clerk.page.locator("[data-error-for=amount]")
    assert "เกินวงเงินงวด" in error.inner_text()
    form = clerk.page.locator("form[data-form=payment]")
    assert form.get_by_label("เลขที่ฎีกา").input_value() == "ฎ.101/2570"
    assert form.get_by_label("จำนวนเงิน").input_value() == "250,000.00"
    clerk.shot("04-payment-refused-in-thai")

    form.get_by_label("จำนวนเงิน").fill("200,000.00")
    form.get_by_label("วันที่จ่าย").fill(date_field(today()))
    form.get_by_role("button").click()
    clerk.page.wait_for_load_state("networkidle")
    assert clerk.text("[data-testid=notice]") == "บันทึกการเบิกจ่ายแล้ว"
    assert baht(clerk.text("[data-testid=project-paid]")) == PAYMENT
    assert "ฎ.101/2570" in clerk.text("[data-testid=payments]")
    said = "เบิกจ่ายงวดที่ 1 จำนวน 200,000.00 บาท ฎีกาเลขที่ ฎ.101/2570"
    assert said in clerk.text("[data-testid=history]")  # the history says it in a sentence
    clerk.shot("05-payment-recorded")

    clerk.go(f"/laos/{served.clerk_lao}")
    assert baht(clerk.text("[data-testid=disbursed]")) == before + PAYMENT
    clerk.shot("06-clerk-lao-after-payment")
    clerk.go(f"/laos/{served.clerk_lao}/budget")
    assert baht(clerk.text("[data-testid=lines-disbursed]")) == lines_paid_before + PAYMENT
    return clerk


def report_cycle(people: Any, served: Served, clerk: Person) -> None:
    clerk.go(f"/laos/{served.clerk_lao}/reports")
    form = clerk.page.locator("form[data-form=draft]")
    period = form.get_by_label("งวดรายงาน").input_value()
    form.get_by_label("ผลการดำเนินงาน").fill("เบิกจ่ายงวดที่ 1 ถนนลูกรังบ้านใหม่แล้ว")
    form.get_by_role("button").click()
    clerk.page.wait_for_load_state("networkidle")
    report_path = f"/laos/{served.clerk_lao}/reports/{period}"
    assert clerk.page.url.endswith(report_path + "?done=draft")
    clerk.shot("07-report-drafted")

    executive = people("executive")
    sign_off(executive, report_path)
    executive.shot("08-report-signed-off-by-executive")
    submit(clerk, report_path, "ส่งรายงานถึง สถจ.")

    reviewer = people("reviewer")
    assert reviewer.page.url.endswith("/review")
    assert period in reviewer.page.locator("[data-testid=inbox]").inner_html()
    reviewer.shot("09-reviewer-inbox")
    reviewer.go(report_path)
    form = reviewer.page.locator("form[data-form=return]")
    form.get_by_role("button").click()  # no comment: refused beside the field
    reviewer.page.wait_for_load_state("networkidle")
    assert reviewer.page.locator("[data-error-for=comments]").count() == 1
    form = reviewer.page.locator("form[data-form=return]")
    form.get_by_label("ความเห็น (จำเป็น)").fill("กรุณาระบุปัญหาอุปสรรคของโครงการถนนให้ชัดเจน")
    form.get_by_role("button").click()
    reviewer.page.wait_for_load_state("networkidle")
    assert "ส่งกลับให้แก้ไข" in reviewer.text("[data-testid=report-status]")
    reviewer.shot("10-report-returned-with-comment")

    clerk.go(report_path)
    assert "กรุณาระบุปัญหาอุปสรรค" in clerk.text("[data-testid=comments]")
    form = clerk.page.locator("form[data-form=revise]")
    form.get_by_label("ปัญหาอุปสรรค").fill("ฝนตกชุกในเดือนพฤศจิกายน งานผิวทางเลื่อนออกไป")
    form.get_by_role("button").click()
    clerk.page.wait_for_load_state("networkidle")
    clerk.shot("11-report-revised")
    sign_off(executive, report_path)
    submit(clerk, report_path, "ส่งรายงานอีกครั้ง")

    reviewer.go(report_path)
    form = reviewer.page.locator("form[data-form=accept]")
    form.get_by_label("ความเห็น (ถ้ามี)").fill("รับทราบ")
    form.get_by_role("button").click()
    reviewer.page.wait_for_load_state("networkidle")
    assert "รับรองแล้ว" in reviewer.text("[data-testid=report-status]")
    reviewer.shot("12-report-accepted")
    reviewer.go(f"/provinces/{served.province}")
    reviewer.shot("13-reviewer-province-dashboard")
    assert not clerk.errors + executive.errors + reviewer.errors


def sign_off(executive: Person, report_path: str) -> None:
    executive.go(report_path)
    executive.page.get_by_role("button", name="ลงนามรับรองรายงาน").click()
    executive.page.wait_for_load_state("networkidle")
    assert executive.text("[data-testid=notice]") == "ผู้บริหารลงนามรับรองแล้ว"


def submit(clerk: Person, report_path: str, button: str) -> None:
    clerk.go(report_path)
    clerk.page.get_by_role("button", name=button).click()
    clerk.page.wait_for_load_state("networkidle")
    assert "ส่งแล้ว รอตรวจ" in clerk.text("[data-testid=report-status]")


def downloads_the_province_pdf(dla: Any, disbursed: Decimal) -> None:
    """The province summary's link gives a PDF, with the executive's own session, whose
    figures include the payment (the served demo's one province is the whole nation)."""
    href = dla.page.locator("a[data-testid=pdf]").get_attribute("href")
    assert href.startswith("/api/pdf/provinces/")
    answer = dla.page.request.get(urljoin(dla.page.url, href))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    body = answer.body()
    assert body.startswith(b"%PDF")
    (SCREENSHOTS / "16-dla-province-summary.pdf").write_bytes(body)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert f"{disbursed:,.2f}" in text


def dla_sees_the_payment(people: Any, served: Served, nation_before: Decimal) -> None:
    dla = people("dla")
    assert dla.page.url.endswith("/nation")
    assert baht(dla.text("[data-testid=disbursed]")) == nation_before + PAYMENT
    assert dla.page.locator("canvas[data-drawn=true]").count() >= 5
    assert dla.page.locator("a[data-testid=pdf]").get_attribute("href") == (
        f"/api/pdf/national?fiscal_year={served.fiscal_year}"
    )
    dla.shot("14-dla-nation")
    dla.page.get_by_label("ประเภท อปท.").select_option("pao")
    dla.page.get_by_role("button", name="แสดง").click()
    dla.page.wait_for_load_state("networkidle")
    assert "lao_type=pao" in dla.page.url  # the filters are in the URL, to be shared
    dla.shot("15-dla-nation-filtered")
    dla.go(f"/nation?fiscal_year={served.fiscal_year}")
    dla.page.locator("[data-testid=provinces] a").first.click()  # drill down: province
    dla.page.wait_for_load_state("networkidle")
    assert f"/provinces/{served.province}" in dla.page.url
    dla.shot("16-dla-province")
    downloads_the_province_pdf(dla, nation_before + PAYMENT)
    dla.page.locator(f"[data-testid=laos] a[href^='/laos/{served.clerk_lao}']").click()
    dla.page.wait_for_load_state("networkidle")
    dla.shot("17-dla-lao")
    dla.page.get_by_role("link", name="(ทดสอบหน้าเว็บ)").click()  # ... and the project
    dla.page.wait_for_load_state("networkidle")
    assert baht(dla.text("[data-testid=project-paid]")) == PAYMENT
    assert dla.page.locator("form[data-form=payment]").count() == 0  # DLA only reads
    dla.shot("18-dla-project")
    dla.go(f"/rankings?fiscal_year={served.fiscal_year}")
    dla.shot("19-dla-rankings")
    dla.go(f"/stuck?fiscal_year={served.fiscal_year}")
    dla.shot("20-dla-stuck-projects")
    assert not dla.errors


def auditor_traces_the_payment(people: Any, served: Served) -> None:
    auditor = people("auditor")
    assert auditor.page.url.endswith("/audit")
    auditor.page.get_by_label("ผู้บันทึก (ชื่อผู้ใช้)").fill("clerk")
    auditor.page.get_by_label("ชนิดเหตุการณ์ เช่น Project.PaymentRecorded").fill(
        "Project.PaymentRecorded"
    )
    auditor.page.get_by_role("button", name="ค้นหา").click()
    auditor.page.wait_for_load_state("networkidle")
    log = auditor.text("[data-testid=audit-log]")
    assert "clerk" in log
    assert "เบิกจ่ายงวดที่ 1 จำนวน 200,000.00 บาท" in log
    auditor.shot("21-auditor-log-search")

    auditor.go(f"/audit/records/{served.project}")
    timeline = auditor.text("[data-testid=audit-timeline]")
    paid = timeline[timeline.index("เบิกจ่ายงวดที่ 1 จำนวน 200,000.00 บาท") :]
    assert "clerk" in paid.split("\n", 3)[2]  # who recorded the payment
    assert "เจ้าหน้าที่การเงิน" in paid  # the clerk's name as the account holds it
    auditor.shot("22-auditor-project-timeline")
    inspected = auditor.page.locator("[data-testid=audit-timeline] li", has_text="ตรวจรับงาน")
    inspected.get_by_role("link", name="สถานะหลังเหตุการณ์นี้").click()  # before the payment
    auditor.page.wait_for_load_state("networkidle")
    state = auditor.text("[data-testid=as-of]")
    assert "ฎ.101/2570" not in state
    assert "ฉบับที่ 8" in auditor.text("[data-testid=as-of-when]")
    auditor.shot("23-auditor-state-before-the-payment")
    auditor.page.get_by_label("วันที่บันทึก").fill(date_field(today() - timedelta(days=1)))
    auditor.page.get_by_role("button", name="แสดงสถานะ").click()
    auditor.page.wait_for_load_state("networkidle")
    assert "ยังไม่มีบันทึกนี้" in auditor.text("#as-of")  # the project was recorded today
    assert not auditor.errors


def test_a_clerk_of_another_lao_cannot_open_the_first_laos_pages(
    people: Any, served: Served
) -> None:
    clerk2 = people("clerk2")
    assert clerk2.page.url.endswith(f"/laos/{served.other_lao}")
    for path in (
        f"/laos/{served.clerk_lao}",
        f"/laos/{served.clerk_lao}/budget",
        f"/laos/{served.clerk_lao}/reports",
    ):
        response = clerk2.go(path)
        assert response.status == 403, path
        assert "ไม่มีสิทธิ์" in clerk2.text("main")
    clerk2.shot("24-clerk2-refused")
    hidden = clerk2.go(f"/projects/{served.project}")  # another LAO's project: as if none
    assert hidden.status == 404
    assert "ไม่พบ" in clerk2.text("main")
    clerk2.shot("24b-clerk2-project-hidden")


def test_the_pages_fit_a_phone_and_speak_english(people: Any, served: Served) -> None:
    clerk = people("clerk", PHONE)
    for path, name in (
        (f"/projects/{served.project}", "25-phone-project"),
        (f"/laos/{served.clerk_lao}", "26-phone-lao-home"),
    ):
        clerk.go(path)
        clerk.shot(name)
        overflow = clerk.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = clerk.page.evaluate(WIDEST)
        assert overflow <= 0, f"{path} is wider than a phone: {wide}"
    clerk.page.get_by_role("link", name="English").click()
    clerk.page.wait_for_load_state("networkidle")
    assert clerk.page.locator("html").get_attribute("lang") == "en"
    assert "Disbursed" in clerk.text("main")
    clerk.shot("27-phone-lao-home-english")
    assert not clerk.errors


def test_who_is_late_and_who_is_missing_on_each_persons_page(people: Any, served: Served) -> None:
    year = served.fiscal_year
    clerk = people("clerk")
    clerk.go(f"/laos/{served.clerk_lao}?fiscal_year={year}")
    deadlines = clerk.page.locator("[data-testid=deadlines]")
    assert deadlines.is_visible()
    assert deadlines.locator("tr[data-standing]").count() >= 1  # the demo's reports at least
    assert "ตามระเบียบ" in deadlines.inner_text()
    clerk.shot("28-clerk-what-is-due")
    reviewer = people("reviewer")
    reviewer.go(f"/provinces/{served.province}?fiscal_year={year}")
    assert reviewer.page.locator("[data-testid=missing-counts]").is_visible()
    reviewer.shot("29-reviewer-who-is-missing")
    dla = people("dla")
    dla.go(f"/nation?fiscal_year={year}")
    assert dla.page.locator("[data-testid=missing-counts]").is_visible()
    dla.page.locator("[data-testid=missing]").scroll_into_view_if_needed()
    dla.shot("30-dla-who-is-missing")
    dla.go(f"/calendar?fiscal_year={year}")
    assert "15 วัน" in dla.text("[data-testid=reporting-rules]")  # the demo's calendar
    assert dla.page.locator("[data-form=targets]").is_visible()
    dla.shot("31-dla-calendar-and-targets")
    assert not clerk.errors
    assert not reviewer.errors
    assert not dla.errors
