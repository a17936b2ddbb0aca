"""Reports as PDF bytes: gather the figures from one snapshot of the views (now, or
replayed to a past moment), lay them out, and name the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from reportlab.platypus import Flowable
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.domain.calendar import BANGKOK
from budget.domain.errors import NotFound
from budget.projections.follow import OnBatch
from budget.registry import check_province
from budget.reports.document import PageInfo, build_pdf
from budget.reports.lao_data import LaoReportData, ReportTexts, gather_lao
from budget.reports.lao_report import lao_story
from budget.reports.national_report import NationalReportData, gather_national, national_story
from budget.reports.province_report import ProvinceReportData, gather_province, province_story
from budget.reports.sources import (
    Snapshot,
    check_moment,
    lao_views_at,
    read_now,
    views_at,
)
from budget.reports.thai_dates import thai_date


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


def safe_key(key: str) -> str:
    """`key` as a file name may hold it (ASCII: it goes into a Content-Disposition header)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in key)


def filename(kind: str, key: str, request: ReportRequest) -> str:
    """`lao-75001020-2570-q2.pdf`, `province-50-2570-asof-20270115T1000.pdf`."""
    parts = [kind, safe_key(key), str(request.fiscal_year)]
    if request.quarter is not None:
        parts.append(f"q{request.quarter}")
    if request.as_of is not None:
        parts.append("asof-" + request.as_of.astimezone(BANGKOK).strftime("%Y%m%dT%H%M"))
    return "-".join(parts) + ".pdf"


@dataclass(frozen=True, slots=True)
class Seen:
    """What a report gathered from one snapshot of the views, and that snapshot's terms."""

    data: Any
    position: int
    as_of: datetime | None
    today: date


def _seen(gather: Callable[[Snapshot], Any]) -> Callable[[Snapshot], Seen]:
    return lambda s: Seen(gather(s), s.position, s.as_of, s.today)


def gathered(
    office: BudgetOffice,
    views: Engine,
    request: ReportRequest,
    gather: Callable[[Snapshot], Any],
    on_batch: OnBatch | None = None,
) -> Seen:
    """`gather` over the live views, or over every view replayed to `request.as_of`
    (`on_batch` after each batch replayed). Only the queries run inside the snapshot:
    the laying out comes after, once."""
    if request.as_of is not None:
        replayed = views_at(office, views, request.as_of, today=request.today, on_batch=on_batch)
        with replayed as snapshot:
            return _seen(gather)(snapshot)
    seen, _ = read_now(views, _seen(gather), today=request.today)
    return seen


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


def _info(title: str, seen: Seen, request: ReportRequest, subject: str) -> PageInfo:
    return PageInfo(
        title=title,
        position=seen.position,
        printed_at=request.moment_printed(),
        as_of=seen.as_of,
        subject=f"{subject}; events to position {seen.position}",
    )


def _pdf(
    seen: Seen,
    request: ReportRequest,
    title: str,
    kind: str,
    key: str,
    *,
    story: Callable[[PageInfo], list[Flowable]],
) -> Rendered:
    """A report laid out from what was seen: its metadata, its pages, its file's name
    (`kind` and `key`, in lower case, name the file)."""
    info = _info(title, seen, request, _subject(kind, key, request))
    pdf, pages = build_pdf(story(info), info)
    return Rendered(pdf, filename(kind.lower(), key.lower(), request), seen.position, pages)


def _subject(kind: str, key: str, request: ReportRequest) -> str:
    """Latin metadata a machine can read back: what, which year, as of when."""
    parts = [f"{kind} {key}", f"FY {request.fiscal_year}"]
    parts.append(f"Q{request.quarter}" if request.quarter else "whole year")
    if request.as_of is not None:
        parts.append(f"as of {request.as_of.isoformat()}")
    return "; ".join(parts)


def render_lao(
    office: BudgetOffice, views: Engine, lao_code: str, request: ReportRequest
) -> Rendered:
    """The progress report of one LAO. As of a moment, only the LAO's own aggregates are
    replayed (see :func:`budget.reports.sources.lao_views_at`)."""
    year, quarter = request.fiscal_year, request.quarter

    def gather(texts: ReportTexts) -> Callable[[Snapshot], Any]:
        return lambda snapshot: gather_lao(snapshot, lao_code, year, quarter, texts)

    if request.as_of is not None:
        moment = request.as_of
        with lao_views_at(office, lao_code, year, moment, today=request.today) as history:
            seen = _seen(gather(_texts_of(history.events)))(history.snapshot)
    else:
        seen, _ = read_now(views, _seen(gather(_texts_now(office))), today=request.today)
    data: LaoReportData = seen.data
    name = data.dashboard.authority.name_th
    title = f"รายงานผลการเบิกจ่ายงบประมาณ {name} ปีงบประมาณ {year}"
    day = thai_date(seen.today)
    return _pdf(
        seen, request, title, "LAO", lao_code, story=lambda i: lao_story(data, i, quarter, day)
    )


def province_figures(
    office: BudgetOffice,
    views: Engine,
    province_code: str,
    request: ReportRequest,
    on_batch: OnBatch | None = None,
) -> Seen:
    """What the summary of one province's LAOs shows (NotFound for a code no province has)."""
    year, quarter = request.fiscal_year, request.quarter
    check_province(province_code)
    return gathered(
        office,
        views,
        request,
        lambda s: gather_province(s, province_code, year, quarter),
        on_batch,
    )


def province_pdf(seen: Seen, province_code: str, request: ReportRequest) -> Rendered:
    """The summary of one province's LAOs, laid out from its figures."""
    year, quarter = request.fiscal_year, request.quarter
    data: ProvinceReportData = seen.data
    title = f"สรุปผลการเบิกจ่ายงบประมาณ อปท. จังหวัด{data.dashboard.province_name} ปีงบประมาณ {year}"
    return _pdf(
        seen,
        request,
        title,
        "province",
        province_code,
        story=lambda i: province_story(data, i, quarter),
    )


def render_province(
    office: BudgetOffice, views: Engine, province_code: str, request: ReportRequest
) -> Rendered:
    """The summary of one province's LAOs (NotFound for a code no province has)."""
    seen = province_figures(office, views, province_code, request)
    return province_pdf(seen, province_code, request)


def national_figures(
    office: BudgetOffice,
    views: Engine,
    request: ReportRequest,
    on_batch: OnBatch | None = None,
) -> Seen:
    """What the national summary shows."""
    year, quarter = request.fiscal_year, request.quarter
    return gathered(office, views, request, lambda s: gather_national(s, year, quarter), on_batch)


def national_pdf(seen: Seen, request: ReportRequest) -> Rendered:
    """The national summary, by province and by LAO type, laid out from its figures."""
    year, quarter = request.fiscal_year, request.quarter
    data: NationalReportData = seen.data
    title = f"สรุปผลการเบิกจ่ายงบประมาณ อปท. ทั่วประเทศ ปีงบประมาณ {year}"
    return _pdf(
        seen, request, title, "national", "TH", story=lambda i: national_story(data, i, quarter)
    )


def render_national(office: BudgetOffice, views: Engine, request: ReportRequest) -> Rendered:
    """The national summary, by province and by LAO type."""
    return national_pdf(national_figures(office, views, request), request)
