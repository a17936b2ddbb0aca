"""The district office's page (สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ): the LAOs its
district oversees (its SAOs and subdistrict municipalities, budget/domain/oversight.py),
each LAO's disbursement against the target, a link to each LAO's own pages. The district
office reads and does not review (budget/domain/access.py); the province's reviewer and
the national roles see the page too."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from budget.domain.access import Action
from budget.http.guards import services_of
from budget.http.pages.filters import Chosen, options
from budget.http.pages.i18n import lang_of
from budget.http.pages.render import page
from budget.http.params import DistrictPath
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import PageRequest
from budget.projections.queries.paging import MAX_LIMIT
from budget.registry import district_name_th, province_name_th


class DistrictPages(Controller):
    path = "/districts/{district_code:str}"
    include_in_schema = False

    @get("/", opt=action(Action.READ), sync_to_thread=True)
    def district(
        self, request: Request[Session, Any, Any], district_code: DistrictPath
    ) -> Template:
        """The LAOs the district oversees, side by side."""
        chosen = Chosen.of(request)
        lang = lang_of(dict(request.cookies))
        province = district_code[:2]
        with services_of(request).read() as connection:
            overseen = queries.authorities(
                connection, PageRequest(offset=0, limit=MAX_LIMIT), overseen_by=district_code
            ).items
            dashboard = queries.province_dashboard(
                connection, province, chosen.filters(nationwide=False)
            )
        codes = {a.lao_code for a in overseen}
        return page(
            request,
            "district.html",
            district_code=district_code,
            district_name=district_name_th(district_code),
            province_code=province,
            province_name=_province_name(province),
            laos=overseen,
            progress={r.key: r.progress for r in dashboard.by_lao if r.key in codes},
            chosen=chosen,
            opts=options(lang, chosen.fiscal_year),
        )


def _province_name(code: str) -> str:
    try:
        return province_name_th(code)
    except ValueError:  # a district code of no province: the page lists no LAO
        return code
