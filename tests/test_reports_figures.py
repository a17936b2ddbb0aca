"""The figures printed in the reports of the demo year are the queries' figures, on
SQLite and PostgreSQL: read back from the PDF's text (digits and Latin survive it).

The LAO report's table by budget group is checked against figures worked out from the events
(the budget's ledgers and the domain's figures as of the quarter's end), never against the
report's own helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budget.application import BudgetOffice
from budget.domain.fiscal import FiscalYear
from budget.domain.money import ZERO, format_baht
from budget.projections.queries import (
    Filters,
    PageRequest,
    lao_dashboard,
    national_dashboard,
    peer_ranking,
    projects,
    province_dashboard,
)
from budget.projections.queries import project as project_detail
from budget.projections.queries.amendments import lao_amendments
from budget.reports import render_lao, render_national, render_province
from budget.reports.contract_tables import amendment_rows
from budget.reports.sources import _position
from budget.reports.thai_dates import thai_date
from budget.wording_contracts import amendment_name
from tests.report_world import FY, PROVINCE, TODAY, ReportDemo, amounts, in_order, pages, request


def _tracked(demo: ReportDemo) -> int:
    with demo.views.connect() as connection:
        return _position(connection)


@dataclass(frozen=True)
class Row:
    """One row of the LAO report's table, as a person checks it with a calculator."""

    appropriated: Decimal
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal

    def printed(self) -> list[str]:
        transferred = self.allocated - self.appropriated  # transfers and supplements
        available = self.allocated - self.obligated  # not yet committed
        share = self.disbursed * 100 / self.allocated if self.allocated else ZERO
        money = (
            self.appropriated,
            transferred,
            self.allocated,
            self.obligated,
            self.disbursed,
            available,
        )
        return [*(format_baht(v) for v in money), f"{share:.2f}"]


def rows_from_the_events(office: BudgetOffice, code: str, quarter: int | None) -> dict[str, Row]:
    """Each budget group's row: the enacted amounts of its lines, and what the events dated by
    the quarter's end (or the whole year) make of them."""
    budget = office.budget(code, FY)
    day = FiscalYear(FY).quarter_range(quarter)[1] if quarter else date(2099, 1, 1)
    enacted: dict[str, Decimal] = {}
    for ledger in budget.ledgers.values():
        group = ledger.line.group.value
        enacted[group] = enacted.get(group, ZERO) + ledger.appropriated
    return {
        f.group.value: Row(enacted.get(f.group.value, ZERO), f.allocated, f.obligated, f.disbursed)
        for f in office.figures_as_of(code, FY, day)
    }


def _footers_and_numbers(texts: list[str], position: int) -> None:
    for number, text in enumerate(texts, start=1):
        assert f"{number}/{len(texts)}" in text
        assert f"{position:,}" in text  # the footer: the last event the figures include


def test_the_lao_report_prints_the_lao_dashboard_and_budget_lines(report_demo: ReportDemo) -> None:
    demo = report_demo
    withheld: list[str] = []
    amended: list[str] = []
    for code in demo.codes:
        for quarter in (None, 2):
            rendered = render_lao(demo.office, demo.views, code, request(quarter=quarter))
            texts = pages(rendered.pdf)
            text = "\n".join(texts)
            with demo.views.connect() as connection:
                filters = Filters(fiscal_year=FY, quarter=quarter)
                board = lao_dashboard(connection, code, filters, today=TODAY)
                every = PageRequest(limit=500)
                year = Filters(fiscal_year=FY)
                listed = projects(connection, year, every, lao_code=code, today=TODAY).items
                changes = lao_amendments(connection, code, FY)
            by_group = rows_from_the_events(demo.office, code, quarter)
            printed_groups = [g.budget_group for g in board.by_group]  # the report's order
            assert sorted(printed_groups) == sorted(by_group)
            rows = [by_group[group] for group in printed_groups]
            total = Row(*(sum((getattr(r, f) for r in rows), ZERO) for f in Row.__annotations__))
            expected = [text for row in [*rows, total] for text in row.printed()]
            assert (total.allocated, total.disbursed) == (
                board.total.allocated,
                board.total.disbursed,
            )
            assert in_order(expected, amounts(text) + re.findall(r"\d+\.\d{2}", text))
            for point in board.by_quarter:
                assert format_baht(point.progress.disbursed) in text
            for project in listed:
                assert f"({project.code})" in text
                assert format_baht(project.budget_amount) in text
                if project.retention_held or project.fines or project.advance_outstanding:
                    withheld.append(project.code)  # its contract's money, printed apart
                    assert format_baht(project.retention_held) in text, project.code
                    assert format_baht(project.fines) in text, project.code
                    assert format_baht(project.advance_outstanding) in text, project.code
                shown = f"{project.days_in_stage:,}*" if project.stuck else None
                if shown:
                    assert shown in text, project.code
            for change in changes:  # each amendment, with the amounts before and after
                amended.append(change.code)
                assert format_baht(change.previous_amount) in text, change.code
                assert format_baht(change.amount) in text, change.code
            assert text.count("*") >= board.stuck_projects
            assert rendered.position == _tracked(demo)
            _footers_and_numbers(texts, rendered.position)
            assert code in text
    assert withheld, "no LAO of the report's demo has a contract with an advance or retention"
    assert amended, "no LAO of the report's demo has an amended contract"


def test_the_lao_report_lists_each_amendment_with_who_approved_it_and_why(
    report_demo: ReportDemo,
) -> None:
    """Every amendment of the LAO's contracts of the year, as each project shows it, a
    row each: its kind, day, approver and reason, the amounts before and after."""
    demo = report_demo
    found = 0
    with demo.views.connect() as connection:
        for code in demo.codes:
            changes = lao_amendments(connection, code, FY)
            every = PageRequest(limit=500)
            listed = projects(connection, Filters(fiscal_year=FY), every, lao_code=code).items
            by_project = {
                (p.code, a.version): a
                for p in listed
                for a in project_detail(connection, p.project_id).amendments
            }
            assert {(c.code, c.version) for c in changes} == set(by_project)
            for change, row in zip(changes, amendment_rows(changes), strict=True):
                shown = by_project[(change.code, change.version)]
                assert row == [
                    change.code,
                    amendment_name(shown.kind),
                    thai_date(shown.approved_on),
                    f"{shown.approved_by}: {shown.reason}",
                    format_baht(shown.previous_amount),
                    format_baht(shown.amount),
                ]
            found += len(changes)
    assert found, "no LAO of the report's demo has an amended contract"


def test_the_province_summary_prints_every_lao_with_its_rank(report_demo: ReportDemo) -> None:
    demo = report_demo
    rendered = render_province(demo.office, demo.views, PROVINCE, request())
    texts = pages(rendered.pdf)
    text = "\n".join(texts)
    with demo.views.connect() as connection:
        board = province_dashboard(connection, PROVINCE, Filters(fiscal_year=FY))
        ranks = peer_ranking(
            connection,
            Filters(fiscal_year=FY, province_code=PROVINCE),
            PageRequest(limit=500),
            today=TODAY,
        ).items
    assert len(board.by_lao) == len(demo.codes)
    assert format_baht(board.total.allocated) in text
    assert format_baht(board.total.disbursed) in text
    rank_of = {r.lao_code: f"{r.rank}/{r.peers}" for r in ranks}
    for area in board.by_lao:
        line = next(line for line in text.splitlines() if f"({area.key})" in line)
        rest = text[text.index(line) :]
        p = area.progress
        gap = p.disbursed_percent - (p.target_percent or 0)
        assert in_order([format_baht(p.allocated), format_baht(p.disbursed)], amounts(rest)), (
            area.key
        )
        assert f"{p.disbursed_percent:.2f}" in rest
        assert f"{gap:.2f}" in rest
        assert rank_of[area.key] in rest
    for group in board.by_group:
        assert format_baht(group.progress.disbursed) in text
    _footers_and_numbers(texts, rendered.position)


def test_the_national_summary_prints_the_national_dashboard(report_demo: ReportDemo) -> None:
    demo = report_demo
    rendered = render_national(demo.office, demo.views, request())
    texts = pages(rendered.pdf)
    text = "\n".join(texts)
    with demo.views.connect() as connection:
        board = national_dashboard(connection, Filters(fiscal_year=FY))
    for area in [*board.by_province, *board.by_lao_type]:
        p = area.progress
        shown = [format_baht(p.allocated), format_baht(p.obligated), format_baht(p.disbursed)]
        assert in_order(shown, amounts(text))
    expected = [
        format_baht(board.total.allocated),
        format_baht(board.total.obligated),
        format_baht(board.total.disbursed),
    ]
    assert in_order(expected, amounts(text))
    assert f"{sum(s.projects for s in board.stages):,}" in text
    assert rendered.filename == f"national-th-{FY}.pdf"
    _footers_and_numbers(texts, rendered.position)
