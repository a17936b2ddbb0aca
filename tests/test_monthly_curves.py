"""An LAO's two curves by month: the budget's figures at each month's end, from one pass
over its events, equal to the figures as of each of those days; the quarter's last
month equals the quarter's figures the dashboard shows."""

from __future__ import annotations

from decimal import Decimal

from freezegun import freeze_time

from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget_figures import figures_as_of, figures_on_days
from budget.domain.ids import budget_id
from budget.http.pages.charts import month_curve, month_points
from budget.projections.queries import Filters, lao_dashboard
from tests.report_world import FY, TODAY, ReportDemo


def test_each_month_end_has_the_figures_as_of_that_day(memory_demo: ReportDemo) -> None:
    demo = memory_demo
    with freeze_time(TODAY):
        for code in demo.codes:
            months = demo.office.monthly_figures(code, FY, actor=SYSTEM_ACTOR)
            assert [on.month for on, _ in months] == [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]
            events = list(demo.office.events.get(budget_id(code, FY)))
            for on, figures in months:
                assert figures == figures_as_of(events, on), (code, on)
    assert figures_on_days([], [TODAY]) == [[]]


def test_the_quarters_last_month_is_the_quarter_on_the_dashboard(memory_demo: ReportDemo) -> None:
    demo = memory_demo
    code = demo.codes[0]
    with freeze_time(TODAY):
        points = month_points(demo.office.monthly_figures(code, FY, actor=SYSTEM_ACTOR), None)
    with demo.views.connect() as connection:
        board = lao_dashboard(connection, code, Filters(fiscal_year=FY), today=TODAY)
    at = {p.on.month: p for p in points}
    for quarter, month in ((1, 12), (2, 3), (3, 6)):
        progress = next(q.progress for q in board.by_quarter if q.quarter == quarter)
        assert at[month].disbursed == progress.disbursed
        assert at[month].obligated == progress.obligated
        assert at[month].allocated == progress.allocated
    curve = month_curve(points, board.by_quarter, "th")
    assert len(curve["data"]["datasets"][1]["data"]) == len(points)
    paid = [p.disbursed for p in points]
    assert paid == sorted(paid)  # the demo pays and never takes back: the curve only rises
    assert curve["data"]["labels"][0] == "ต.ค. 2569"
    targets = curve["data"]["datasets"][2]["data"]
    assert [t is not None for t in targets] == [m in (12, 3, 6) for m in at]
    assert points[0].percent(Decimal(0)) in (None, Decimal("0.0"))
