"""`budget demo`: record a realistic fiscal year for the LAOs of one province."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import click

from budget.cli.common import describe_store, last_position, office, settings, table
from budget.demo import (
    DEMO_PASSWORD,
    DemoAccount,
    DemoOptions,
    DemoResult,
    LaoOutcome,
    LaoStatus,
    LaoSummary,
    current_fiscal_year,
    demo_accounts,
    demo_usernames,
    open_demo_accounts,
    present_demo_accounts,
    record_year,
    registration_date,
    summarize,
    totals,
)
from budget.demo.store import mark_as_demo, why_no_demo
from budget.domain.authority_types import AuthorityType
from budget.domain.money import format_baht
from budget.registry import AuthorityRecord, generate_authorities, province_name_th

# Chiang Mai: 222 LAOs of every kind but the BMA and Pattaya (1 PAO, 1 city, 9 town
# and 67 subdistrict municipalities, 144 SAOs); about 20 s on SQLite.
DEFAULT_PROVINCE = "50"
TYPE_ORDER = list(AuthorityType)


def sample(records: list[AuthorityRecord], count: int) -> list[AuthorityRecord]:
    """`count` LAOs taking each type in turn (PAO, city, town, ...), by code."""
    by_type = {t: [r for r in records if r.type is t] for t in TYPE_ORDER}
    picked: list[AuthorityRecord] = []
    while len(picked) < min(count, len(records)):
        for t in TYPE_ORDER:
            if by_type[t] and len(picked) < count:
                picked.append(by_type[t].pop(0))
    return sorted(picked, key=lambda r: r.code)


def _mix(records: list[AuthorityRecord]) -> str:
    counts = Counter(r.type for r in records)
    return ", ".join(f"{counts[t]} {t.abbreviation_th}" for t in TYPE_ORDER if counts[t])


@click.command()
@click.option(
    "--province",
    default=DEFAULT_PROVINCE,
    show_default=True,
    metavar="CODE",
    help="Province code (geothai's); 50 is Chiang Mai.",
)
@click.option(
    "--fiscal-year",
    type=int,
    default=None,
    help="Fiscal year, B.E.  [default: the one containing the service's today]",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--projects",
    type=click.IntRange(1, 100),
    default=8,
    show_default=True,
    help="Projects of an SAO; bigger LAOs get up to 2.5 times as many.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Nothing after this date is recorded.  [default: the service's today "
    "(BUDGET_TODAY, else today in Thailand), or the year's last day]",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help="Only this many LAOs, a mix of types (a quick try).",
)
@click.option(
    "--if-missing",
    is_flag=True,
    help="Do nothing if the store already holds a demo (its accounts are opened last), or "
    "holds records that are not a demo's.",
)
def demo(
    *,
    province: str,
    fiscal_year: int | None,
    seed: int,
    projects: int,
    today: datetime | None,
    limit: int | None,
    if_missing: bool,
) -> None:  # fmt: skip
    """Record a realistic fiscal year for the LAOs of one province, once, and open the
    demo's accounts (password `demo`). Only into an empty store or a demo's own."""
    chosen = settings()
    with office() as the_office:
        refused = why_no_demo(the_office, chosen)
        present = present_demo_accounts(the_office) if refused is None else []
        empty = not last_position(the_office)
    if refused is not None:
        if not if_missing:
            raise click.ClickException(f"No demo recorded: {refused}.")
        click.echo(f"No demo recorded: {refused}.", err=True)
        return
    if if_missing and present:
        click.echo("The demo is already recorded: nothing to do.")
        return
    try:
        records = generate_authorities([province])
        # the service's today (BUDGET_TODAY, else the date in Thailand): its doors refuse
        # facts dated after it, so the demo records none
        now = chosen.today_now()
        fiscal_year = fiscal_year or current_fiscal_year(now)  # the year containing today
        options = DemoOptions(projects=projects, today=today.date() if today else None)
        demo_today = options.today_in(fiscal_year, now)
        options = replace(options, today=demo_today)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if limit is not None:
        records = sample(records, limit)
    options = replace(options, usernames=demo_usernames(records))  # history under the logins
    click.echo(
        f"Province {province} {province_name_th(province)}: {len(records)} LAOs ({_mix(records)}); "
        f"FY {fiscal_year}, seed {seed}, today {demo_today}"
    )
    click.echo(f"Store: {describe_store(chosen)}")
    if empty:
        mark_as_demo(chosen)
    with office() as the_office:
        before = last_position(the_office)
        started = time.perf_counter()
        with click.progressbar(
            length=len(records), label="Recording", item_show_func=lambda code: code
        ) as bar:

            def advance(outcome: LaoOutcome) -> None:
                bar.update(1, outcome.code)

            result = record_year(the_office, records, fiscal_year, seed, options, on_lao=advance)
        seconds = time.perf_counter() - started
        events = last_position(the_office) - before
        _report(result, events, seconds, province, fiscal_year)
        summaries = summarize(the_office, records, fiscal_year)
        open_demo_accounts(the_office, demo_accounts(records), registration_date(fiscal_year))
        present = present_demo_accounts(the_office)
    _print_summary(summaries)
    print_demo_accounts(present)


def print_demo_accounts(accounts: list[DemoAccount]) -> None:
    if not accounts:
        return
    click.echo()
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    rows: list[Sequence[object] | None] = [["username", "role", "for", "name"], None]
    rows += [[a.username, a.role.value, a.acting_for or "nation", a.display_name] for a in accounts]
    for line in table(rows, [10, 20, 8, 60], set()):
        click.echo("  " + line)


def _report(result: DemoResult, events: int, seconds: float, province: str, year: int) -> None:
    recorded = result.count(LaoStatus.RECORDED)
    already = result.count(LaoStatus.ALREADY_RECORDED)
    partly = [o.code for o in result.outcomes if o.status is LaoStatus.PARTLY_RECORDED]
    if result.registered:
        click.echo(f"Registered {result.registered} LAOs.")
    if result.targets_set:
        click.echo(f"Set the disbursement targets of FY {year}.")
    if recorded == 0 and already == len(result.outcomes):
        click.echo(
            f"The demo of province {province} for FY {year} is already recorded: "
            "nothing was recorded again."
        )
    else:
        rate = f", {events / seconds:,.0f} events/s" if seconds > 0 else ""
        click.echo(
            f"Recorded {recorded} LAOs: {result.commands:,} commands, {events:,} events "
            f"in {seconds:.1f} s{rate}."
        )
        if already:
            click.echo(f"{already} LAOs were already recorded: nothing recorded again for them.")
    if partly:
        click.echo(
            f"{len(partly)} LAOs already hold demo events that differ from this plan (an "
            "interrupted run, or another --seed, --projects or --today); left as they are: "
            + ", ".join(partly),
            err=True,
        )


HEADER = ["code", "name", "type", "allocated", "obligated", "disbursed", "disb.%", "proj.", "rep."]
LIMITS = [8, 34, 5, 20, 20, 20, 6, 6, 9]
RIGHT = {3, 4, 5, 6, 7, 8}


def _row(s: LaoSummary) -> list[object]:
    return [
        s.code,
        s.name_th,
        s.type_abbreviation,
        format_baht(s.allocated),
        format_baht(s.obligated),
        format_baht(s.disbursed),
        f"{s.disbursed_percent}",
        s.projects,
        f"{s.reports_accepted}/{s.reports}",
    ]


def _print_summary(summaries: list[LaoSummary]) -> None:
    if not summaries:
        return
    rows: list[Sequence[object] | None] = [HEADER, None, *map(_row, summaries), None]
    rows.append(_row(totals(summaries)))
    click.echo()
    for line in table(rows, LIMITS, RIGHT):
        click.echo(line)
    click.echo("Amounts in baht; rep. = reports accepted/drafted.")
