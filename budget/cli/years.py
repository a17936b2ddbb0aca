"""`budget calendar set-reporting|reporting` and `budget targets set|show`: what DLA sets
for a fiscal year, from the command line (each setting an audited event)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import click

from budget.application.commands import SetReportingCalendar, SetTargets
from budget.cli.calendar import calendar
from budget.cli.common import office, run
from budget.domain.classification import BudgetGroup
from budget.domain.deadlines import Counting
from budget.domain.fiscal import PeriodKind
from budget.domain.reporting import ReportDueRule
from budget.domain.targets import Target

YEAR = click.IntRange(2500, 2700)
_RULE = re.compile(r"^(\d{1,3})(w?)$")
_TARGET = re.compile(r"^([1-4])(?:/([a-z_]+))?=([0-9.]+)(?:/([0-9.]+))?$")


def _rule(kind: PeriodKind, text: str | None) -> ReportDueRule | None:
    if text is None:
        return None
    found = _RULE.match(text.strip())
    if found is None:
        msg = f"{text!r}: give days, e.g. 15 (calendar days) or 20w (working days)"
        raise click.BadParameter(msg)
    counting = Counting.WORKING if found[2] else Counting.CALENDAR
    return ReportDueRule(kind, int(found[1]), counting)


@calendar.command("set-reporting")
@click.argument("fiscal_year", type=YEAR)
@click.option("--monthly", help="Days after a month's end, e.g. 15 (calendar) or 10w (working).")
@click.option("--quarterly", help="Days after a quarter's end, e.g. 30 or 20w.")
@click.option("--source", required=True, help="DLA's letter the calendar comes from.")
def set_reporting(
    fiscal_year: int, monthly: str | None, quarterly: str | None, source: str
) -> None:
    """Set FISCAL_YEAR's reporting calendar (B.E.), replacing the last one."""
    rules = [
        r
        for r in (_rule(PeriodKind.MONTH, monthly), _rule(PeriodKind.QUARTER, quarterly))
        if r is not None
    ]
    if not rules:
        raise click.UsageError("give --monthly, --quarterly or both")
    run(SetReportingCalendar(fiscal_year=fiscal_year, rules=rules, source=source))
    click.echo(f"Set the reporting calendar of FY {fiscal_year}: {_described(rules)}.")


@calendar.command("reporting")
@click.argument("fiscal_year", type=YEAR)
def show_reporting(fiscal_year: int) -> None:
    """FISCAL_YEAR's reporting calendar as set last."""
    with office() as the_office:
        rules = the_office.reporting_rules(fiscal_year)
    click.echo(_described(rules) if rules else f"No reporting calendar set for FY {fiscal_year}.")


def _described(rules: list[ReportDueRule]) -> str:
    names = {PeriodKind.MONTH: "monthly", PeriodKind.QUARTER: "quarterly"}
    units = {Counting.CALENDAR: "days", Counting.WORKING: "working days"}
    return "; ".join(f"{names[r.kind]} {r.days} {units[r.counting]} after" for r in rules)


@click.group()
def targets() -> None:
    """The disbursement targets of a fiscal year."""


def _target(text: str) -> Target:
    found = _TARGET.match(text.strip())
    if found is None:
        msg = f"{text!r}: give QUARTER[/GROUP]=PERCENT[/OBLIGATED], e.g. 1=20, 2/investment=15"
        raise click.BadParameter(msg)
    try:
        group = BudgetGroup(found[2]) if found[2] else None
        percent = Decimal(found[3])
        obligated = Decimal(found[4]) if found[4] else None
    except (ValueError, InvalidOperation):
        msg = f"{text!r}: unknown budget group or a number that is not one"
        raise click.BadParameter(msg) from None
    return Target(int(found[1]), percent, group, obligated)


@targets.command("set")
@click.argument("fiscal_year", type=YEAR)
@click.option("--target", "given", multiple=True, required=True, help="e.g. 1=20, 4/investment=60")
@click.option("--source", required=True, help="The cabinet resolution or letter.")
def set_targets(fiscal_year: int, given: tuple[str, ...], source: str) -> None:
    """Set FISCAL_YEAR's targets (B.E.), replacing the last ones."""
    chosen = [_target(text) for text in given]
    run(SetTargets(fiscal_year=fiscal_year, targets=chosen, source=source))
    click.echo(f"Set {len(chosen)} targets for FY {fiscal_year}.")


@targets.command("show")
@click.argument("fiscal_year", type=YEAR)
def show_targets(fiscal_year: int) -> None:
    """FISCAL_YEAR's targets as set last."""
    with office() as the_office:
        found = the_office.targets(fiscal_year)
    if not found:
        click.echo(f"No targets set for FY {fiscal_year}.")
    for t in sorted(found, key=lambda t: (t.quarter, t.group.value if t.group else "")):
        group = t.group.value if t.group else "all"
        obligated = f" (obligated {t.obligated_percent}%)" if t.obligated_percent else ""
        click.echo(f"Q{t.quarter} {group}: {t.percent}%{obligated}")
