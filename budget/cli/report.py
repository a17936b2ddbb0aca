"""`budget report lao|province|national`: a PDF progress report, now or as of a past
moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.cli.common import office_and_views
from budget.domain.calendar import BANGKOK
from budget.reports import Rendered, ReportRequest, render_lao, render_national, render_province

Render = Callable[[BudgetOffice, Engine, ReportRequest], Rendered]


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 moment; without a timezone it is Bangkok time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a moment like 2027-01-15T10:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


def report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--fiscal-year", type=int, default=2570, show_default=True, help="Fiscal year, B.E."
        ),
        click.option(
            "--quarter",
            type=click.IntRange(1, 4),
            default=None,
            help="Figures to the end of this quarter.  [default: the whole year]",
        ),
        click.option(
            "--as-of",
            "as_of",
            default=None,
            metavar="MOMENT",
            help="The figures as they stood then, replayed from the event history "
            "(ISO 8601, e.g. 2027-01-15T10:00; Bangkok time unless a zone is given).",
        ),
        click.option(
            "--today",
            type=click.DateTime(["%Y-%m-%d"]),
            default=None,
            help="Count projects' days in stage to this day.  [default: today]",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="The PDF file to write.  [default: a name like lao-75001020-2570.pdf]",
        ),
        click.option(
            "--catch-up/--no-catch-up",
            default=True,
            show_default=True,
            help="Bring the views up to date with the event store first.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run(render: Render, options: dict[str, Any]) -> None:
    today = options["today"]
    request = ReportRequest(
        fiscal_year=options["fiscal_year"],
        quarter=options["quarter"],
        as_of=_moment(options["as_of"]),
        today=today.date() if today else None,
    )
    with office_and_views(catch_up_first=options["catch_up"]) as (the_office, engine):
        rendered = render(the_office, engine, request)
    path = options["output"] or Path(rendered.filename)
    path.write_bytes(rendered.pdf)
    as_of = f" as of {request.as_of.isoformat()}" if request.as_of else ""
    click.echo(
        f"Wrote {path}: {rendered.pages} pages, {len(rendered.pdf):,} bytes; the figures "
        f"include events 1 to {rendered.position:,}{as_of}."
    )


@click.group()
def report() -> None:
    """PDF progress reports in Thai: one LAO, a province, the nation."""


@report.command()
@click.argument("lao_code")
@report_options
def lao(lao_code: str, **options: Any) -> None:
    """The progress report of the LAO LAO_CODE."""
    _run(lambda o, v, r: render_lao(o, v, lao_code, r), options)


@report.command()
@click.argument("province_code")
@report_options
def province(province_code: str, **options: Any) -> None:
    """The summary of the LAOs of the province PROVINCE_CODE (e.g. 50)."""
    _run(lambda o, v, r: render_province(o, v, province_code, r), options)


@report.command()
@report_options
def national(**options: Any) -> None:
    """The national summary, by province and by LAO type."""
    _run(render_national, options)
