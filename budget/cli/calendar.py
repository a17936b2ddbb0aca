"""`budget calendar`: the cabinet's extra holidays, and an LAO's deadlines counted on them."""

from __future__ import annotations

from datetime import date, datetime

import click

from budget.application.commands import AddHoliday, WithdrawHoliday
from budget.cli.common import office, office_and_views, run, table
from budget.domain.calendar import today
from budget.domain.fiscal import thai_date
from budget.projections.queries.deadlines import lao_deadlines

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def calendar() -> None:
    """The cabinet's extra holidays and the deadlines counted on Thai working days."""


@calendar.command("holidays")
def list_holidays() -> None:
    """The extra holidays recorded (the Thai public holidays are known already)."""
    with office() as the_office:
        recorded = the_office.cabinet_holidays()
    if not recorded:
        click.echo("No extra holiday recorded.")
    for day, name in sorted(recorded.items()):
        click.echo(f"{day.isoformat()}  {thai_date(day)}  {name}")


@calendar.command("add-holiday")
@click.argument("day", type=DAY)
@click.argument("name")
@click.option("--source", required=True, help="The cabinet resolution (มติ ครม.) it comes from.")
def add_holiday(day: datetime, name: str, source: str) -> None:
    """Record DAY (YYYY-MM-DD, CE) as a holiday the cabinet added: every deadline counted
    in working days skips it (an audited event)."""
    run(AddHoliday(day=day.date(), name=name, source=source))
    click.echo(f"Recorded {day.date().isoformat()} ({thai_date(day.date())}) as a holiday.")


@calendar.command("withdraw-holiday")
@click.argument("day", type=DAY)
@click.option("--reason", required=True, help="Why it is a working day again.")
def withdraw_holiday(day: datetime, reason: str) -> None:
    """DAY is a working day again (a day recorded in error, a resolution revoked)."""
    run(WithdrawHoliday(day=day.date(), reason=reason))
    click.echo(f"Withdrew the holiday of {day.date().isoformat()}.")


@calendar.command("deadlines")
@click.argument("lao_code")
@click.option("--fiscal-year", type=click.IntRange(2500, 2700), required=True, help="B.E.")
@click.option("--as-of", type=DAY, default=None, help="Count from this day (default: today).")
def deadlines(lao_code: str, fiscal_year: int, as_of: datetime | None) -> None:
    """An LAO's deadlines of a fiscal year: due, met or overdue by N working days."""
    day: date = as_of.date() if as_of is not None else today()
    with office_and_views(catch_up_first=True) as (_, engine), engine.connect() as connection:
        found = lao_deadlines(connection, lao_code, fiscal_year, day)
    if not found:
        click.echo(f"No deadline for {lao_code} in FY {fiscal_year} on {day.isoformat()}.")
        return
    rows: list[list[object] | None] = [["kind", "subject", "due", "standing", "late", "met by"]]
    rows.append(None)
    for d in found:
        rows.append(
            [
                d.kind.value,
                d.subject,
                d.due_on.isoformat(),
                d.standing.value,
                d.late_working_days,
                d.met_by,
            ]
        )
    for line in table(rows, [22, 40, 10, 9, 4, 40], right={4}):
        click.echo(line)
