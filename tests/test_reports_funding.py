"""The LAO report prints its money by source and its revenue against the estimate, month by
month, as the LAO dashboard holds them (the demo year: grants, accumulated funds, monthly
revenue), on SQLite and PostgreSQL; read back from the PDF's text (digits survive it)."""

from __future__ import annotations

from budget.domain.money import format_baht
from budget.projections.queries import Filters, lao_dashboard
from budget.reports import render_lao
from tests.report_world import FY, TODAY, ReportDemo, amounts, in_order, pages, request


def test_the_lao_report_prints_its_money_by_source_and_its_revenue(
    report_demo: ReportDemo,
) -> None:
    demo = report_demo
    sources = set()
    for code in demo.codes:
        text = "\n".join(pages(render_lao(demo.office, demo.views, code, request()).pdf))
        with demo.views.connect() as connection:
            board = lao_dashboard(connection, code, Filters(fiscal_year=FY), today=TODAY)
        assert board.revenue is not None
        funding = [
            format_baht(value)
            for row in board.funding
            for value in (row.allocated, row.obligated, row.disbursed)
        ]
        assert in_order(funding, amounts(text)), code
        sources |= {row.kind for row in board.funding}
        revenue = [
            format_baht(value)
            for row in board.revenue.by_category
            if row.estimated or row.received
            for value in (row.estimated, row.received)
        ]
        revenue += [format_baht(board.revenue.estimated), format_baht(board.revenue.received)]
        months = [format_baht(m.cumulative) for m in board.revenue.by_month]
        assert len(months) == 11  # October 2026 to August 2027, the demo's today
        assert in_order(revenue + months, amounts(text)), code
    assert {"own_revenue", "specific_grant"} <= sources
