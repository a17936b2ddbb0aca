"""Reports as of a past moment equal a replay of the event history to that moment, and
say so on their face; one LAO's own replay equals the replay of everything."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from budget.domain.errors import NotFound
from budget.domain.money import format_baht
from budget.projections.follow import catch_up
from budget.projections.listen import Listener
from budget.projections.queries import (
    Filters,
    budget_lines,
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.registry import all_projections
from budget.projections.tables import metadata
from budget.reports import render_lao, render_national, render_province
from budget.reports.lao_data import gather_lao, group_rows, total_row
from budget.reports.sources import lao_views_at, position_at, recorded_at, views_at
from tests.report_world import (
    FY,
    PROVINCE,
    TODAY,
    ReportDemo,
    amounts,
    in_order,
    pages,
    request,
    subject,
)


def moment_of(demo: ReportDemo, position: int) -> datetime:
    notification = demo.office.recorder.select_notifications(start=position, limit=1)[0]
    return recorded_at(demo.office, notification)


@contextmanager
def replayed(demo: ReportDemo, until: int) -> Iterator[Connection]:
    """Every projection replayed from the first event to `until`, on its own."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    metadata.create_all(engine)
    catch_up(demo.office, engine, all_projections(), until=until)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def test_the_position_of_a_moment_is_the_last_event_recorded_by_then(
    report_demo: ReportDemo,
) -> None:
    demo = report_demo
    last = demo.position()
    for position in (1, last // 3, last // 2, last):
        moment = moment_of(demo, position)
        found = position_at(demo.office, moment)
        assert found >= position
        assert moment_of(demo, found) == moment  # events of the same instant count too
        if found < last:
            assert moment_of(demo, found + 1) > moment
    assert position_at(demo.office, moment_of(demo, 1) - timedelta(seconds=1)) == 0
    assert position_at(demo.office, datetime.now().astimezone() + timedelta(days=1)) == last


def test_reports_as_of_a_moment_print_the_replay_to_that_moment(report_demo: ReportDemo) -> None:
    demo = report_demo
    moment = moment_of(demo, demo.position() * 3 // 5)
    position = position_at(demo.office, moment)
    chosen = request(as_of=moment)
    differ = 0
    with replayed(demo, position) as connection:
        for code in demo.codes:
            rendered = render_lao(demo.office, demo.views, code, chosen)
            assert rendered.position == position
            text = "\n".join(pages(rendered.pdf))
            try:
                board = lao_dashboard(connection, code, Filters(fiscal_year=FY), today=TODAY)
            except NotFound:  # not registered yet at that moment
                continue
            rows = group_rows(board, budget_lines(connection, code, FY))
            total = total_row(rows)
            expected = [format_baht(total.allocated), format_baht(total.disbursed)]
            expected += [format_baht(r.disbursed) for r in rows]
            assert in_order([format_baht(r.disbursed) for r in rows], amounts(text)), code
            assert all(e in text for e in expected), code
            with demo.views.connect() as now:
                today = lao_dashboard(now, code, Filters(fiscal_year=FY), today=TODAY)
            differ += today.total != board.total
            assert "as of" in subject(rendered.pdf)
            assert f"{position:,}" in text
        province = render_province(demo.office, demo.views, PROVINCE, chosen)
        nation = render_national(demo.office, demo.views, chosen)
        assert province.position == nation.position == position
        past_province = province_dashboard(connection, PROVINCE, Filters(fiscal_year=FY))
        past_nation = national_dashboard(connection, Filters(fiscal_year=FY))
    assert differ, "the moment chosen should fall before some LAO's year was recorded"
    province_text = "\n".join(pages(province.pdf))
    for area in past_province.by_lao:
        assert format_baht(area.progress.disbursed) in province_text
    nation_text = "\n".join(pages(nation.pdf))
    for area in past_nation.by_province:
        assert format_baht(area.progress.disbursed) in nation_text
    assert format_baht(past_nation.total.allocated) in nation_text
    assert province.filename.startswith(f"province-{PROVINCE}-{FY}-asof-")


def test_one_lao_replayed_alone_equals_the_replay_of_everything(report_demo: ReportDemo) -> None:
    demo = report_demo
    last = demo.position()
    for position in (last // 4, last // 2, last * 4 // 5, last):
        moment = moment_of(demo, position)
        with views_at(demo.office, demo.views, moment, today=TODAY) as everything:
            for code in demo.codes:
                try:
                    whole = gather_lao(everything, code, FY, None, lambda _: None)
                except NotFound:
                    with (
                        pytest.raises(NotFound),  # nor is it in its own replay
                        lao_views_at(demo.office, code, FY, moment, today=TODAY) as alone,
                    ):
                        gather_lao(alone.snapshot, code, FY, None, lambda _: None)
                    continue
                with lao_views_at(demo.office, code, FY, moment, today=TODAY) as alone:
                    own = gather_lao(alone.snapshot, code, FY, None, lambda _: None)
                assert own == whole, (code, position)


def test_a_moment_before_anything_was_recorded_is_not_found(report_demo: ReportDemo) -> None:
    demo = report_demo
    before = moment_of(demo, 1) - timedelta(days=1)
    with pytest.raises(NotFound):
        render_lao(demo.office, demo.views, demo.codes[0], request(as_of=before))
    with pytest.raises(NotFound):
        render_national(demo.office, demo.views, request(as_of=before))


def test_a_replay_to_a_moment_announces_nothing_on_the_live_views_channel(
    report_demo: ReportDemo,
) -> None:
    """A report as of a moment replays into scratch views; their batches announced on the
    live views' channel would tell a service waiting for its write that the views hold
    positions they may not (the replay can reach past where the live views are)."""
    demo = report_demo
    heard: list[str] = []
    listener = Listener.views_moved(demo.views, heard.append)
    if listener is None:  # SQLite: no notifications to send
        assert demo.views.dialect.name == "sqlite"
        return
    listener.start()
    try:
        assert listener.listening.wait(30)
        moment = moment_of(demo, demo.position() * 3 // 5)
        with views_at(demo.office, demo.views, moment) as snapshot:
            assert snapshot.position == position_at(demo.office, moment)
        time.sleep(1.0)  # a notification is delivered within milliseconds
    finally:
        listener.stop(5)
    assert heard == [""]  # only "listening began"
