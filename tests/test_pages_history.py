"""Histories a person reads: every event class said as one Thai (or English) sentence
with formatted amounts and B.E. dates; the project's history, the audit log and the
auditor's state at a moment show no raw key=value or JSON outside the ข้อมูลดิบ toggle;
the national page's map links each of the 77 provinces."""

from __future__ import annotations

import inspect
import re
from datetime import date
from decimal import Decimal

import geothai
import pytest
from eventsourcing.domain import Aggregate

from budget.application.commands import DraftReport, ReturnReport, SignOffReport, SubmitReport
from budget.domain.access import Actor, Role
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.budget import AnnualBudget
from budget.domain.contract import Contract, Installment
from budget.domain.errors import NotPermitted
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import account_id, budget_id, report_id
from budget.domain.procurement import Method
from budget.domain.project import Project
from budget.domain.report import ProgressReport
from budget.domain.targets import DisbursementTargets
from budget.http.pages.i18n import filters
from budget.http.pages.tile_map import PLACES, standing
from budget.projections.queries import ReportRow
from budget.projections.queries.models import ReportCounts
from budget.reports.lao_report import review_row
from budget.reports.province_report import report_cell, report_counts
from budget.wording import period_name, status_name
from budget.wording_history import SENTENCES, report_step_sentence, sentence
from tests.builders import EXECUTIVE, FINANCE, LAO, OTHER_LAO, REVIEWER
from tests.http_world import Api
from tests.test_pages import log_in, site  # noqa: F401 - the fixture

RAW = re.compile(r"\b[a-z_]{3,}=\S|\{\"|\[\{|\bNone\b|Decimal\(")


def event_classes(aggregate: type[Aggregate]) -> set[str]:
    """The events an aggregate records: its `@event("Name")` methods."""
    names = re.findall(r'@event\("(\w+)"\)', inspect.getsource(aggregate))
    return {f"{aggregate.__name__}.{name}" for name in names}


def test_every_event_of_every_record_has_its_sentence() -> None:
    recorded = set().union(
        *(
            event_classes(kind)
            for kind in (
                Project,
                AnnualBudget,
                ProgressReport,
                UserAccount,
                LocalAuthority,
                DisbursementTargets,
            )
        )
    )
    assert recorded, "no event classes found"
    assert recorded <= set(SENTENCES), sorted(recorded - set(SENTENCES))


def test_a_winner_is_said_with_the_amount_as_thai_documents_print_it() -> None:
    details = {
        "winner": "หจก. ทดสอบการโยธา",
        "offered_amount": Decimal("450000"),
        "appeal_ends_on": None,
    }
    assert sentence("Project.WinnerAnnounced", details) == (
        "ประกาศผู้ชนะ หจก. ทดสอบการโยธา เสนอราคา 450,000.00 บาท"
    )
    assert sentence("Project.WinnerAnnounced", details, "en") == (
        "Winner announced: หจก. ทดสอบการโยธา, offering 450,000.00 baht"
    )
    details["appeal_ends_on"] = date(2026, 11, 17)
    assert sentence("Project.WinnerAnnounced", details).endswith("อุทธรณ์ได้ถึง 17 พ.ย. 2569")
    assert sentence("Project.WinnerAnnounced", details, "en").endswith("appeals until 17 Nov 2026")


def test_a_contract_payment_and_correction_read_as_sentences() -> None:
    contract = Contract(
        number="12/2570",
        contractor="หจก. ทดสอบก่อสร้าง",
        contractor_tax_id="0505560000001",
        amount=Decimal("1400000"),
        installments=[
            Installment(1, Decimal("700000"), date(2026, 12, 1)),
            Installment(2, Decimal("700000"), date(2027, 1, 1)),
        ],
    )
    assert sentence("Project.ContractSigned", {"contract": contract}) == (
        "ลงนามสัญญาเลขที่ 12/2570 กับ หจก. ทดสอบก่อสร้าง วงเงิน 1,400,000.00 บาท 2 งวด"
    )
    paid = {"installment": 1, "amount": Decimal("200000.00"), "voucher": "ฎ.101/2570"}
    assert sentence("Project.PaymentRecorded", paid) == (
        "เบิกจ่ายงวดที่ 1 จำนวน 200,000.00 บาท ฎีกาเลขที่ ฎ.101/2570"
    )
    corrected = {
        "corrects_version": 9,
        "old_amount": Decimal("43243.20"),
        "amount": Decimal("432432.00"),
        "reason": "พิมพ์ตกหลัก",
    }
    assert sentence("Project.PaymentCorrected", corrected) == (
        "แก้ไขการเบิกจ่าย (บันทึกฉบับที่ 9) จาก 43,243.20 เป็น 432,432.00 บาท · เหตุผล: พิมพ์ตกหลัก"
    )
    planned = {"code": "P1", "name": "ถนน", "amount": Decimal(1), "method": Method.E_BIDDING}
    assert "วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)" in sentence(
        "Project.Planned", {**planned, "line_code": "L"}
    )


def test_a_review_step_reads_the_same_on_the_page_and_in_the_pdf() -> None:
    comments = "กรุณาระบุปัญหาอุปสรรคให้ชัดเจน"
    said = "ส่งกลับให้แก้ไข: กรุณาระบุปัญหาอุปสรรคให้ชัดเจน"
    assert sentence("ProgressReport.Returned", {"comments": comments}) == said
    assert report_step_sentence("returned", comments) == said
    assert report_step_sentence("accepted") == "รับรองรายงาน"


def test_a_value_never_recorded_leaves_its_part_out_and_zero_firms_are_not_invited() -> None:
    assert sentence("Project.InvitationAnnounced", {"invited_firms": 0}) == "ประกาศเชิญชวน"
    assert sentence("Project.InvitationAnnounced", {"invited_firms": 3}) == (
        "ประกาศเชิญชวน เชิญผู้ประกอบการ 3 ราย"
    )
    assert sentence("Nobody.Knows", {}) == "Knows"  # no sentence: the event's name


def a_report_row(period: str, status: str) -> ReportRow:
    return ReportRow(
        report_id="r",
        lao_code=LAO,
        lao_name="อบต.ทดสอบ",
        province_code="50",
        period=period,
        period_ends_on=date(2026, 12, 31),
        status=status,
        drafted_on=date(2027, 1, 5),
        signed_off_by="",
        first_submitted_on=date(2027, 1, 8),
        last_submitted_on=None,
        submissions=1,
        returns=0,
        reviewed_on=None,
        reviewed_by="",
        accepted_on=None,
        last_comments="",
        days_late=None,
    )


def test_the_pdfs_name_a_reports_period_and_status_in_the_pages_words() -> None:
    """The LAO report's review table, the province summary's cell and count line, the
    pages' filters and the histories' sentences say a period and a status alike (the PDFs
    printed `2570-Q1`, `Q1` and `รับแล้ว` where the pages said `ไตรมาส 1/2570`, `รับรองแล้ว`)."""
    assert filters()["period_name"] is period_name
    assert filters()["status_name"] is status_name
    assert review_row(a_report_row("2570-Q1", "accepted"))[:2] == ["ไตรมาส 1/2570", "รับรองแล้ว"]
    assert review_row(a_report_row("2570-M11", "submitted"))[:2] == [
        "พฤศจิกายน 2569",
        "ส่งแล้ว รอตรวจ",
    ]
    assert report_cell(a_report_row("2570-M7", "returned")) == "กรกฎาคม 2570 ส่งกลับให้แก้ไข"
    counts = ReportCounts(draft=1, submitted=2, returned=3, accepted=4)
    assert report_counts(counts) == (
        "รายงานของ อปท. ในปีนี้: ร่าง 1 · ส่งแล้ว รอตรวจ 2 · ส่งกลับให้แก้ไข 3 · รับรองแล้ว 4"
    )
    drafted = {"period": ReportingPeriod.parse("2570-M11")}
    assert sentence("ProgressReport.Drafted", drafted) == "จัดทำร่างรายงานงวด พฤศจิกายน 2569"
    assert sentence("ProgressReport.Drafted", drafted, "en") == "Report for Nov 2026 drafted"
    assert period_name("2570-Q2", "en") == "Q2 FY 2570"
    assert period_name("2570-M13") == "2570-M13"  # not a period: as it was written


def visible_text(html: str) -> str:
    """What a person reads without opening a toggle: the main part, closed <details>
    and tags taken out."""
    main = html[html.index("<main") : html.index("</main>")]
    shut = re.sub(r"<details(?![^>]*\bopen\b).*?</details>", " ", main, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", shut)


def test_the_project_history_reads_as_sentences_without_raw_values(site: Api) -> None:  # noqa: F811
    log_in(site, "clerk")
    html = site.client.get(f"/projects/{site.project}").text
    text = visible_text(html)
    assert "ประกาศผู้ชนะ หจก. ทดสอบก่อสร้าง เสนอราคา 1,400,000.00 บาท" in text
    assert "ตรวจรับงานงวดที่ 1" in text
    assert not RAW.findall(text), RAW.findall(text)
    assert 'data-testid="history"' in html


def test_the_audit_log_and_the_state_at_a_moment_read_as_a_document(site: Api) -> None:  # noqa: F811
    log_in(site, "auditor")
    log = site.client.get(f"/audit/log?aggregate_id={site.project}").text
    assert "ลงนามสัญญาเลขที่ 12/2570" in visible_text(log)
    assert not RAW.findall(visible_text(log)), RAW.findall(visible_text(log))

    record = site.client.get(f"/audit/records/{site.project}").text
    text = visible_text(record)
    assert "ลำดับเหตุการณ์ของโครงการ" in text
    assert "Project" not in text.replace("Project.", "")  # the kind is said in Thai
    assert "เลขที่สัญญา" in text
    assert "หจก. ทดสอบก่อสร้าง" in text
    assert not RAW.findall(text), RAW.findall(text)
    assert "ข้อมูลดิบ" in record  # the raw values are one click away
    toggles = re.findall(r"<summary>(.*?)</summary>", record, flags=re.DOTALL)
    assert any("(ลงนามในสัญญา, ฉบับที่ " in t for t in toggles), toggles
    assert not [t for t in toggles if re.search(r"\b[A-Z]\w+\.[A-Z]|\bv\d", t)], toggles

    versions = [int(v) for v in re.findall(r'data-version="(\d+)"', record)]
    contract_signed = versions[-2]  # the contract, then the inspection
    after = site.client.get(f"/audit/records/{site.project}?version={contract_signed}").text
    changed = visible_text(after)
    assert "เหตุการณ์ล่าสุด: ลงนามสัญญาเลขที่ 12/2570" in changed
    marked = re.findall(r'<tr class="changed">\s*<th scope="row">([^<]*)', after)
    assert [m.strip() for m in marked] == ["ลงนามในสัญญา", "1", "2"]  # a stage, installments
    before = site.client.get(f"/audit/records/{site.project}?version={contract_signed - 1}").text
    assert "เลขที่สัญญา" not in visible_text(before)


def test_a_reports_and_an_accounts_history_read_as_sentences(site: Api) -> None:  # noqa: F811
    """A report drafted, signed off, submitted and returned: its page's history says each
    step, the return with the reviewer's comments, in Thai and in English; an account's
    record says its opening and its role the same way; no raw key=value anywhere."""
    day = date(2026, 11, 5)
    site.office.execute(
        DraftReport(lao_code=LAO, period="2570-M10", narrative="เบิกจ่ายตามแผน", business_date=day),
        actor=FINANCE,
    )
    report = report_id(LAO, "2570-M10")
    site.office.execute(SignOffReport(report_id=report, business_date=day), actor=EXECUTIVE)
    site.office.execute(SubmitReport(report_id=report, business_date=day), actor=FINANCE)
    comments = "กรุณาระบุปัญหาอุปสรรค"
    returned = site.office.execute(
        ReturnReport(report_id=report, comments=comments, business_date=date(2026, 11, 9)),
        actor=REVIEWER,
    )
    assert site.services.caught_up(returned.position)
    log_in(site, "auditor")
    said = {
        "th": [
            "จัดทำร่างรายงานงวด ตุลาคม 2569 ผลการดำเนินงาน: เบิกจ่ายตามแผน",
            "ผู้บริหารลงนามรับรองรายงาน",
            "ส่งรายงานถึง สถจ.",
            f"ส่งกลับให้แก้ไข: {comments}",
        ],
        "en": [
            "Report for Oct 2026 drafted. Progress: เบิกจ่ายตามแผน",
            "Signed off by the executive",
            "Submitted to the province",
            f"Returned for revision: {comments}",
        ],
    }
    for lang, sentences in said.items():
        site.client.get(f"/language/{lang}?next=/", follow_redirects=False)
        for path in (f"/laos/{LAO}/reports/2570-M10", f"/audit/records/{report}"):
            text = re.sub(r"\s+", " ", visible_text(site.client.get(path).text))
            for sentence_ in sentences:
                assert sentence_ in text, (lang, path, sentence_)
            assert not RAW.findall(text), (lang, path, RAW.findall(text))
    account = visible_text(site.client.get(f"/audit/records/{account_id('reviewer')}").text)
    assert "Account reviewer (Reviewer) opened" in account
    assert "Role granted: Provincial reviewer for 50" in account
    assert not RAW.findall(account), RAW.findall(account)


THAI = re.compile(r"[\u0e00-\u0e7f]+")


def test_a_history_in_english_reads_english_sentences(site: Api) -> None:  # noqa: F811
    """With the page in English every history and the state at a moment say their events
    and labels in English; Thai is left only in what was recorded in Thai (names)."""
    recorded_in_thai = re.compile(
        "หจก. ทดสอบก่อสร้าง|โครงการ P1|องค์การบริหารส่วนตำบลทดสอบ|นายอำเภอเมือง|รายการ [A-Z]+"
    )
    log_in(site, "auditor")
    site.client.get("/language/en?next=/", follow_redirects=False)
    pages = {
        "project": f"/projects/{site.project}",
        "audit log": f"/audit/log?aggregate_id={site.project}",
        "state": f"/audit/records/{site.project}?version=9",
        "budget": f"/audit/records/{budget_id(LAO, 2570)}",
    }
    for name, path in pages.items():
        html = site.client.get(path).text
        assert '<html lang="en">' in html, name
        text = visible_text(html)
        if name == "budget":
            assert "Budget enacted, ordinance of 20 Sep 2026" in text
        else:
            assert "Winner announced: หจก. ทดสอบก่อสร้าง, offering 1,400,000.00 baht" in text
            assert "Contract 12/2570 signed with หจก. ทดสอบก่อสร้าง: 1,400,000.00 baht" in text
        text = recorded_in_thai.sub(" ", text)
        assert not THAI.findall(text), (name, THAI.findall(text))
        assert not RAW.findall(text), (name, RAW.findall(text))


def test_the_national_map_links_every_province_to_its_page(site: Api) -> None:  # noqa: F811
    assert {p.code for p in geothai.provinces()} == set(PLACES)
    assert len(set(PLACES.values())) == len(PLACES)  # one square each
    log_in(site, "dla")
    html = site.client.get("/nation?fiscal_year=2570").text
    svg = html[html.index('data-testid="tile-map"') : html.index("</svg>")]
    linked = set(re.findall(r'href="/provinces/(\d+)\?', svg))
    assert linked == set(PLACES)
    assert "เชียงใหม่: เบิกจ่าย" in svg  # the province of the world's LAOs has figures


def test_a_province_stands_by_its_disbursement_against_the_target() -> None:
    assert standing(Decimal(50), Decimal(45)) == "good"
    assert standing(Decimal(40), Decimal(45)) == "warn"
    assert standing(Decimal(20), Decimal(45)) == "bad"
    assert standing(None, Decimal(45)) == "none"


def test_a_records_story_is_for_whoever_may_read_its_lao(site: Api) -> None:  # noqa: F811
    """office.story gives the project's events to its own LAO's clerk and refuses a
    clerk of another LAO (the auditor's office.history is for READ_HISTORY alone)."""
    events = site.office.story(site.project, actor=FINANCE, lao=LAO, province="50")
    assert events[0].event_type == "Project.Planned"
    other = Actor(f"finance.{OTHER_LAO}", Role.LAO_FINANCE, OTHER_LAO)
    with pytest.raises(NotPermitted):
        site.office.story(site.project, actor=other, lao=LAO, province="50")
