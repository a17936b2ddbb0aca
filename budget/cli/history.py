"""`budget history`: every event of one aggregate, with who, when and why."""

from __future__ import annotations

from uuid import UUID

import click

from budget.cli.common import office
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.calendar import BANGKOK
from budget.domain.errors import DomainError
from budget.domain.fiscal import ReportingPeriod, thai_date
from budget.domain.ids import (
    account_id,
    authority_id,
    budget_id,
    project_id,
    report_id,
    targets_id,
)

KEYS = (
    "authority:CODE, budget:CODE/YEAR, project:CODE/YEAR/PROJECT, "
    "report:CODE/PERIOD (2570-Q1), account:USERNAME, targets:YEAR"
)


def aggregate_id(text: str) -> UUID:
    """A UUID, or a natural key such as `budget:75001020/2570`."""
    try:
        return UUID(text)
    except ValueError:
        pass
    kind, _, key = text.partition(":")
    parts = key.split("/")
    try:
        if kind == "authority" and len(parts) == 1:
            return authority_id(parts[0])
        if kind == "budget" and len(parts) == 2:
            return budget_id(parts[0], int(parts[1]))
        if kind == "project" and len(parts) == 3:
            return project_id(parts[0], int(parts[1]), parts[2])
        if kind == "report" and len(parts) == 2:
            return report_id(parts[0], ReportingPeriod.parse(parts[1]).key)
        if kind == "account" and len(parts) == 1:
            return account_id(parts[0])
        if kind == "targets" and len(parts) == 1:
            return targets_id(int(parts[0]))
    except (ValueError, DomainError):
        pass
    raise click.BadParameter(f"{text!r} is not a UUID nor one of {KEYS}", param_hint="AGGREGATE_ID")


@click.command()
@click.argument("key", metavar="AGGREGATE_ID")
def history(key: str) -> None:
    """Print every event of AGGREGATE_ID, oldest first.

    AGGREGATE_ID is a UUID or a natural key: authority:CODE, budget:CODE/YEAR,
    project:CODE/YEAR/PROJECT, report:CODE/2570-Q1, account:USERNAME, targets:YEAR.
    """
    the_id = aggregate_id(key)
    with office() as the_office:
        records = the_office.history(the_id, actor=SYSTEM_ACTOR)
    click.echo(f"{the_id}: {len(records)} events")
    for r in records:
        recorded = r.recorded_at.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M:%S")
        business = f"{r.business_date} ({thai_date(r.business_date)})" if r.business_date else "-"
        who = f"{r.user_id} ({r.role}{' for ' + r.acting_for if r.acting_for else ''})"
        line = (
            f"v{r.version:<3} {r.event_type:<38} recorded {recorded}  business {business}  by {who}"
        )
        click.echo(line + (f"  reason: {r.reason}" if r.reason else ""))
