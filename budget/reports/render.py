"""Reports as PDF bytes: gather the figures from one snapshot of the views (now, or
replayed to a past moment), lay them out, and name the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.domain.calendar import BANGKOK
from budget.domain.errors import NotFound
from budget.reports.document import PageInfo, build_pdf
from budget.reports.lao_data import ReportTexts, gather_lao
from budget.reports.lao_report import lao_story
from budget.reports.national_report import gather_national, national_story
from budget.reports.province_report import gather_province, province_story
from budget.reports.sources import (
    Snapshot,
    check_moment,
    lao_views_at,
    read_now,
    views_at,
)
from budget.reports.thai_dates import thai_date

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rendered:
    pdf: bytes
    filename: str
    position: int  # the last event the figures include
    pages: int


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Which figures a report shows: a fiscal year, to the end of a quarter (None: the
    whole year), as of a past moment (None: now)."""

    fiscal_year: int
    quarter: int | None = None
    as_of: datetime | None = None
    today: date | None = None  # projects' days in stage count to it (default: today)
    printed_at: datetime | None = None  # default: now

    def __post_init__(self) -> None:
        if self.as_of is not None:
            check_moment(self.as_of)

    def moment_printed(self) -> datetime:
        return self.printed_at or datetime.now(BANGKOK)


def filename(kind: str, key: str, request: ReportRequest) -> str:
    """`lao-75001020-2570-q2.pdf`, `province-50-2570-asof-20270115T1000.pdf`."""
    parts = [kind, key, str(request.fiscal_year)]
    if request.quarter is not None:
        parts.append(f"q{request.quarter}")
    if request.as_of is not None:
        parts.append("asof-" + request.as_of.astimezone(BANGKOK).strftime("%Y%m%dT%H%M"))
    return "-".join(parts) + ".pdf"


def _today_text(snapshot: Snapshot) -> str:
    return thai_date(snapshot.today)


def _texts_now(office: BudgetOffice) -> ReportTexts:
    def texts(report_id: str) -> tuple[str, str] | None:
        try:
            report = office.report(UUID(report_id))
        except NotFound:
            return None
        return report.narrative, report.problems

    return texts


def _texts_of(events: list[Any]) -> ReportTexts:
    def texts(report_id: str) -> tuple[str, str] | None:
        report: Any = None
        for event in events:
            if str(event.originator_id) == report_id:
                report = event.mutate(report)
        return None if report is None else (report.narrative, report.problems)

    return texts


def render_lao(
    office: BudgetOffice, views: Engine, lao_code: str, request: ReportRequest
) -> Rendered:
    """The progress report of one LAO."""
    year, quarter = request.fiscal_year, request.quarter

    def lay_out(snapshot: Snapshot, texts: ReportTexts) -> tuple[bytes, int]:
        data = gather_lao(snapshot, lao_code, year, quarter, texts)
        authority = data.dashboard.authority
        info = PageInfo(
            title=f"รายงานผลการเบิกจ่ายงบประมาณ {authority.name_th} ปีงบประมาณ {year}",
            position=data.position,
            printed_at=request.moment_printed(),
            as_of=snapshot.as_of,
            subject=_subject("LAO", lao_code, request, data.position),
        )
        return build_pdf(lao_story(data, info, quarter, _today_text(snapshot)), info)

    if request.as_of is not None:
        with lao_views_at(office, lao_code, year, request.as_of, today=request.today) as history:
            pdf, pages = lay_out(history.snapshot, _texts_of(history.events))
            position = history.snapshot.position
    else:
        (pdf, pages), position = read_now(
            views, lambda s: lay_out(s, _texts_now(office)), today=request.today
        )
    return Rendered(pdf, filename("lao", lao_code, request), position, pages)


def _subject(kind: str, key: str, request: ReportRequest, position: int) -> str:
    """Latin metadata a machine can read back: what, which year, as of when, position."""
    parts = [f"{kind} {key}", f"FY {request.fiscal_year}"]
    parts.append(f"Q{request.quarter}" if request.quarter else "whole year")
    if request.as_of is not None:
        parts.append(f"as of {request.as_of.isoformat()}")
    parts.append(f"events to position {position}")
    return "; ".join(parts)


def render_with(
    office: BudgetOffice,
    views: Engine,
    request: ReportRequest,
    lay_out: Callable[[Snapshot], tuple[bytes, int]],
) -> tuple[bytes, int, int]:
    """`lay_out` over the live views, or over every view replayed to `request.as_of`:
    the PDF, its pages, and the position its figures include."""
    if request.as_of is not None:
        with views_at(office, views, request.as_of, today=request.today) as snapshot:
            pdf, pages = lay_out(snapshot)
            return pdf, pages, snapshot.position
    (pdf, pages), position = read_now(views, lay_out, today=request.today)
    return pdf, pages, position


def render_province(
    office: BudgetOffice, views: Engine, province_code: str, request: ReportRequest
) -> Rendered:
    """The summary of one province's LAOs."""
    year, quarter = request.fiscal_year, request.quarter

    def lay_out(snapshot: Snapshot) -> tuple[bytes, int]:
        data = gather_province(snapshot, province_code, year, quarter)
        info = PageInfo(
            title=f"สรุปผลการเบิกจ่ายงบประมาณ อปท. จังหวัด{data.dashboard.province_name}"
            f" ปีงบประมาณ {year}",
            position=data.position,
            printed_at=request.moment_printed(),
            as_of=snapshot.as_of,
            subject=_subject("province", province_code, request, data.position),
        )
        return build_pdf(province_story(data, info, quarter), info)

    pdf, pages, position = render_with(office, views, request, lay_out)
    return Rendered(pdf, filename("province", province_code, request), position, pages)


def render_national(office: BudgetOffice, views: Engine, request: ReportRequest) -> Rendered:
    """The national summary, by province and by LAO type."""
    year, quarter = request.fiscal_year, request.quarter

    def lay_out(snapshot: Snapshot) -> tuple[bytes, int]:
        data = gather_national(snapshot, year, quarter)
        info = PageInfo(
            title=f"สรุปผลการเบิกจ่ายงบประมาณ อปท. ทั่วประเทศ ปีงบประมาณ {year}",
            position=data.position,
            printed_at=request.moment_printed(),
            as_of=snapshot.as_of,
            subject=_subject("national", "TH", request, data.position),
        )
        return build_pdf(national_story(data, info, quarter), info)

    pdf, pages, position = render_with(office, views, request, lay_out)
    return Rendered(pdf, filename("national", "th", request), position, pages)
