"""Paper that runs to many pages: tables repeat their header on every page they
continue on, every page says "หน้า x/y" and which events its figures include."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from budget.config import Settings
from budget.reports import render_lao
from budget.reports.document import PageInfo, build_pdf
from budget.reports.tables import Column, data_table
from tests.report_world import demo_records, pages, record_demo, request, subject

PROJECT_CODE = re.compile(r"\((\d{3})\)")


def test_a_table_over_many_pages_repeats_its_header_on_each() -> None:
    columns = [Column("Item", 2), Column("Amount", 1, "right"), Column("Share", 1, "right")]
    rows = [[f"row {n:03d} รายการที่ {n}", f"{n * 1000:,}.00", f"{n / 3:.2f}"] for n in range(300)]
    info = PageInfo(title="Header test", position=42, printed_at=datetime(2027, 1, 1, tzinfo=UTC))
    pdf, count = build_pdf([data_table(columns, rows)], info)
    texts = pages(pdf)
    assert count == len(texts) >= 5
    seen = []
    for number, text in enumerate(texts, start=1):
        assert text.index("Item") < text.index("Amount") < text.index("Share") < text.index("row")
        assert f"{number}/{count}" in text
        assert "42" in text
        seen += re.findall(r"row (\d{3})", text)
    assert seen == [f"{n:03d}" for n in range(300)]  # every row once, in order


def test_an_lao_report_of_many_pages_keeps_its_project_table_headed() -> None:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": "memory:"})
    demo = record_demo(settings, demo_records(1), projects=40)  # a PAO: about 100 projects
    try:
        code = demo.codes[0]
        rendered = render_lao(demo.office, demo.views, code, request())
    finally:
        demo.views.dispose()
        demo.office.close()
    texts = pages(rendered.pdf)
    assert rendered.pages == len(texts) >= 6
    table_pages = [t for t in texts if PROJECT_CODE.search(t)]
    assert len(table_pages) >= 4
    listed: list[str] = []
    for text in table_pages:
        first_row = PROJECT_CODE.search(text)
        assert first_row is not None
        header = text[: first_row.start()]
        for title in ("โครงการ", "งบประมาณ", "วงเงินสัญญา", "เบิกจ่าย"):
            assert title in header, f"a page of the project table without {title}"
        listed += PROJECT_CODE.findall(text)
    assert len(listed) >= 100
    assert listed == [f"{n:03d}" for n in range(1, len(listed) + 1)]  # each once, in order
    for number, text in enumerate(texts, start=1):
        assert f"{number}/{len(texts)}" in text
        assert f"{rendered.position:,}" in text
    assert f"events to position {rendered.position}" in subject(rendered.pdf)
