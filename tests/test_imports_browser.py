"""The workbook in a real browser (headless Chromium): the clerk downloads the LAO's
year, changes a cell of the file, uploads it, reads the reconciliation, and the LAO's
page shows the new figure; a file with a bad cell shows every refused row in Thai and
records nothing. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from tests.browser_world import Served

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def baht(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


def sheet_path(archive: zipfile.ZipFile, title: str) -> str:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in book.iter(f"{MAIN}sheet"):
        if sheet.get("name") == title:
            return f"xl/{targets[sheet.get(f'{REL}id')]}"
    raise AssertionError(f"no sheet {title}")


def edit_cell(data: bytes, title: str, ref: str, value: str) -> tuple[bytes, str]:
    """The workbook with cell `ref` of sheet `title` set to `value` (a number, or text if
    it is not one), as a person would type it; and the value it held."""
    source = zipfile.ZipFile(io.BytesIO(data))
    path = sheet_path(source, title)
    xml = source.read(path).decode()
    cell = re.search(rf'<c r="{ref}"([^>]*)><v>([^<]*)</v></c>', xml)
    assert cell is not None, f"{ref} holds no number"
    try:
        Decimal(value)
        new = f'<c r="{ref}"{cell.group(1)}><v>{value}</v></c>'
    except ArithmeticError:
        new = f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == path:
                body = xml.replace(cell.group(0), new).encode()
            target.writestr(item, body)
    return output.getvalue(), cell.group(2)


@pytest.fixture(scope="module")
def clerk(browser: Any, served: Served) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.goto(served.url + "/login")
    page.get_by_label("ชื่อผู้ใช้").fill("clerk")
    page.get_by_label("รหัสผ่าน").fill("demo")
    page.get_by_label("รหัสผ่าน").press("Enter")
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


def upload(page: Any, data: bytes) -> None:
    page.set_input_files(
        "#import-workbook", files=[{"name": "year.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.locator("form[data-form=import]").get_by_role("button", name="นำเข้า").click()
    page.wait_for_load_state("networkidle")


def test_a_clerk_corrects_a_figure_through_the_workbook(
    clerk: Any, served: Served, screenshots: Path
) -> None:
    lao = served.clerk_lao
    clerk.goto(f"{served.url}/laos/{lao}")
    before = baht(clerk.locator("[data-testid=disbursed]").first.inner_text())
    clerk.get_by_test_id("workbook").click()
    clerk.wait_for_load_state("networkidle")
    clerk.screenshot(path=str(screenshots / "40-workbook-page.png"), full_page=True)
    with clerk.expect_download() as download:
        clerk.get_by_test_id("download-workbook").click()
    data = Path(download.value.path()).read_bytes()
    assert data[:2] == b"PK"

    # the clerk lowers the first spending without a project by one baht
    held = edit_cell(data, "รายจ่ายไม่ผ่านโครงการ", "D2", "0")[1]
    edited, _ = edit_cell(data, "รายจ่ายไม่ผ่านโครงการ", "D2", str(Decimal(held) - 1))
    position = served.office.recorder.max_notification_id()
    upload(clerk, edited)
    clerk.screenshot(path=str(screenshots / "41-workbook-imported.png"), full_page=True)
    assert "บันทึกแล้ว" in clerk.get_by_test_id("import-recorded").inner_text()
    rows = clerk.get_by_test_id("reconciliation").inner_text()
    assert "รายจ่ายไม่ผ่านโครงการ" in rows
    assert served.office.recorder.max_notification_id() == (position or 0) + 1

    clerk.goto(f"{served.url}/laos/{lao}")
    clerk.wait_for_load_state("networkidle")
    after = baht(clerk.locator("[data-testid=disbursed]").first.inner_text())
    assert after == before - 1


def test_a_bad_file_shows_every_refused_row_in_thai(
    clerk: Any, served: Served, screenshots: Path
) -> None:
    lao = served.clerk_lao
    clerk.goto(f"{served.url}/laos/{lao}/workbook")
    with clerk.expect_download() as download:
        clerk.get_by_test_id("download-workbook").click()
    data = Path(download.value.path()).read_bytes()
    bad, _ = edit_cell(data, "รายจ่ายไม่ผ่านโครงการ", "D2", "หนึ่งพันบาท")
    bad, _ = edit_cell(bad, "รายจ่ายไม่ผ่านโครงการ", "D3", "12.345")
    position = served.office.recorder.max_notification_id()
    upload(clerk, bad)
    clerk.screenshot(path=str(screenshots / "42-workbook-refused.png"), full_page=True)
    assert "ไม่ได้บันทึก" in clerk.get_by_test_id("import-refused").inner_text()
    refused = clerk.get_by_test_id("refused-rows").inner_text()
    assert "จำนวนเงินไม่ถูกต้อง" in refused
    assert refused.count("จำนวนเงินไม่ถูกต้อง") == 2
    assert served.office.recorder.max_notification_id() == position
