"""An LAO's pages: its year at a glance (figures against targets, projects, reports) and
its budget's lines with their balances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from budget.domain.access import Action, Role
from budget.domain.calendar import today
from budget.domain.ids import authority_id, budget_id
from budget.http.guards import services_of
from budget.http.pages import charts
from budget.http.pages.filters import Chosen, options
from budget.http.pages.i18n import lang_of
from budget.http.pages.render import page
from budget.http.params import LaoCodePath
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import Filters, FundingRow, PageRequest
from budget.projections.queries.deadlines import lao_deadlines

READ = action(Action.READ)


def may_enter(session: Session, lao_code: str) -> bool:
    actor = session.actor
    return actor.role is Role.LAO_FINANCE and actor.acting_for == lao_code


# What the LAO's page lists of its deadlines: what is still to do, or was late.
ATTENTION = frozenset({"due", "overdue", "met_late", "open"})


def lapsed_to(funding: list[FundingRow]) -> dict[str, Decimal]:
    """What lapsed, by where it goes: the accumulated funds, back to grantors, kept for a
    grant's purpose (budget.domain.funding.UnusedGoesTo)."""
    found: dict[str, Decimal] = {}
    for row in funding:
        if row.lapsed:
            found[row.unused_goes_to] = found.get(row.unused_goes_to, Decimal(0)) + row.lapsed
    return found


class LaoPages(Controller):
    path = "/laos/{lao_code:str}"
    include_in_schema = False

    @get("/", opt=READ, sync_to_thread=True)
    def overview(self, request: Request[Session, Any, Any], lao_code: LaoCodePath) -> Template:
        """The LAO's year: disbursement against targets, its projects, its reports."""
        chosen = Chosen.of(request)
        lang = lang_of(dict(request.cookies))
        services = services_of(request)
        months = charts.month_points(
            services.office.monthly_figures(lao_code, chosen.fiscal_year, actor=request.user.actor),
            chosen.budget_group,
        )
        with services.read() as connection:
            dashboard = queries.lao_dashboard(
                connection, lao_code, chosen.filters(nationwide=False)
            )
            listed = queries.projects(
                connection,
                Filters(fiscal_year=chosen.fiscal_year),
                PageRequest(offset=0, limit=500),
                lao_code=lao_code,
            )
            deadlines = lao_deadlines(connection, lao_code, chosen.fiscal_year, today())
        return page(
            request,
            "lao.html",
            lapsed_to=lapsed_to(dashboard.funding),
            deadlines=[d for d in deadlines if d.standing.value in ATTENTION],
            d=dashboard,
            projects=listed,
            chosen=chosen,
            opts=options(lang, chosen.fiscal_year),
            curve=charts.quarter_curve(dashboard.by_quarter, lang),
            months=months,
            month_curve=charts.month_curve(months, dashboard.by_quarter, lang),
            group_chart=charts.groups(dashboard.by_group, lang),
            budget_record=str(budget_id(lao_code, chosen.fiscal_year)),
            authority_record=str(authority_id(lao_code)),
            may_enter=may_enter(request.user, lao_code),
        )

    @get("/budget", opt=READ, sync_to_thread=True)
    def budget(self, request: Request[Session, Any, Any], lao_code: LaoCodePath) -> Template:
        """The year's budget: each line's appropriation, transfers, commitments, payments
        and what is still available."""
        chosen = Chosen.of(request)
        with services_of(request).read() as connection:
            found = queries.authority(connection, lao_code)
            header = queries.budget_header(connection, lao_code, chosen.fiscal_year)
            lines = queries.budget_lines(connection, lao_code, chosen.fiscal_year)
        totals = {
            "allocated": sum(line.allocated for line in lines),
            "obligated": sum(line.committed + line.spent for line in lines),  # the two curves
            "disbursed": sum(line.paid + line.spent for line in lines),
            "available": sum(line.available for line in lines),
            "carried": sum(line.carried for line in lines),
            "lapsed": sum(line.lapsed for line in lines),
        }
        lapsed_to: dict[str, Decimal] = {}  # accumulated funds, back to grantors, kept
        for line in lines:
            if line.lapsed:
                where = line.source.unused_goes_to
                lapsed_to[where] = lapsed_to.get(where, Decimal(0)) + line.lapsed
        return page(
            request,
            "budget.html",
            authority=found,
            header=header,
            lines=lines,
            totals=totals,
            lapsed_to=lapsed_to,
            chosen=chosen,
            budget_record=str(budget_id(lao_code, chosen.fiscal_year)),
        )
