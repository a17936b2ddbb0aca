"""The dashboards' filters, kept in the URL so a view can be shared: read from the query
string (an unknown choice is ignored; a malformed number is a 400 page, see
:mod:`budget.http.pages.query`), offered as select boxes, and carried along every
drill-down link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request
from msgspec.structs import replace

from budget.domain.authority_types import AuthorityType
from budget.domain.classification import BudgetGroup
from budget.domain.procurement import Method, Stage
from budget.http.pages.i18n import group_name, method_name, stage_name, type_name
from budget.http.pages.query import query_number
from budget.http.pages.render import current_fiscal_year
from budget.projections.queries import Filters, PageRequest
from budget.projections.queries.models import struct_from

KEYS = Filters.__struct_fields__
PAGE_SIZE = 50


def _choice(value: str | None, allowed: set[str]) -> str | None:
    return value if value in allowed else None


class Chosen(Filters, frozen=True, kw_only=True):
    """The filters of a page as chosen in its URL, and where its list starts."""

    offset: int = 0

    @classmethod
    def of(cls, request: Request[Any, Any, Any]) -> Chosen:
        q = request.query_params
        province = q.get("province_code", "")
        year = query_number(q, "fiscal_year", least=2500, most=2700)
        return cls(
            fiscal_year=year or current_fiscal_year(),
            quarter=query_number(q, "quarter", least=1, most=4),
            province_code=province if province.isalnum() and len(province) <= 10 else None,
            lao_type=_choice(q.get("lao_type"), {t.value for t in AuthorityType}),
            budget_group=_choice(q.get("budget_group"), {g.value for g in BudgetGroup}),
            stage=_choice(q.get("stage"), {s.value for s in Stage}),
            method=_choice(q.get("method"), {m.value for m in Method}),
            offset=query_number(q, "offset", least=0, most=10**9, default=0) or 0,
        )

    def filters(self, *, nationwide: bool = True) -> Filters:
        return struct_from(Filters, self, province_code=self.province_code if nationwide else None)

    def page(self) -> PageRequest:
        return PageRequest(offset=self.offset, limit=PAGE_SIZE)

    def query(self, **changes: Any) -> str:
        """The query string of these filters with some changed (None drops one)."""
        chosen = replace(self, offset=0)
        values = {key: getattr(chosen, key) for key in KEYS}
        values.update(changes)
        if changes.get("offset"):
            values["offset"] = changes["offset"]
        return urlencode({k: v for k, v in values.items() if v not in (None, "", 0)})

    def pdf_query(self) -> str:
        values = {"fiscal_year": self.fiscal_year, "quarter": self.quarter}
        return urlencode({k: v for k, v in values.items() if v is not None})


def options(lang: str, fiscal_year: int) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter's select box ("" first: all)."""
    every = "ทั้งหมด" if lang == "th" else "All"
    years = [str(y) for y in range(fiscal_year + 1, fiscal_year - 4, -1)]
    return {
        "fiscal_year": [(y, y) for y in years],
        "quarter": [("", "ทั้งปี" if lang == "th" else "Whole year")]
        + [(str(q), f"{'ณ สิ้นไตรมาส' if lang == 'th' else 'End of Q'} {q}") for q in (1, 2, 3, 4)],
        "lao_type": [("", every)] + [(t.value, type_name(t.value, lang)) for t in AuthorityType],
        "budget_group": [("", every)] + [(g.value, group_name(g.value, lang)) for g in BudgetGroup],
        "stage": [("", every)] + [(s.value, stage_name(s.value, lang)) for s in Stage],
        "method": [("", every)] + [(m.value, method_name(m.value, lang)) for m in Method],
    }
