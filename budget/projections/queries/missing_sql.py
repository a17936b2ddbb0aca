"""The statements of who is missing: what each LAO misses worked out in SQL, one row per
LAO (its row of lao_missing: its province, its budget's days and what its year holds of
the entries counted, with no join; budget/projections/missing_rows.py), then counted per
province (GROUP BY) or listed a page at a time (ORDER BY ... LIMIT; the page's rows alone
joined to their names and contacts), so the nation's ~7,850 LAOs never come to Python but
for the page shown.

The rules are budget/projections/queries/missing.py's (its module docstring): an LAO with
no budget misses only its budget (and may be quiet); a budget not enacted on `as_of`; no
report submitted though a period has ended (`owed`); each period whose report is overdue
on `as_of` (`late`, one bit a period: compliance.period_bit) and not submitted; no entry
in the `quiet_days` before `as_of`. As of a day before an LAO's latest report entry, its
reports are read (report_state) to see which came by then.

Bind parameters: fiscal_year, as_of, quiet_since, owed (1 or 0), late (the bits of the
periods overdue when unsent), province_code (a province's).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import cache, reduce
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

from budget.projections.missing_rows import REGISTRY
from budget.projections.tables import authority, authority_contact, lao_missing, report_state

PERIOD_BITS = 16  # months 1-12, quarters 1-4 (compliance.period_bit)
REASONS = ("no_budget", "not_enacted", "no_report", "report_overdue", "quiet")


ZERO, ONE = literal_column("0", Integer), literal_column("1", Integer)  # no bind to process


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, ONE), else_=ZERO)


def _sum(terms: Iterable[ColumnElement[int]]) -> ColumnElement[int]:
    """`terms` added up in SQL."""
    return reduce(operator.add, terms)


def _within(day: Any, since: Any, until: Any) -> ColumnElement[bool]:
    """`day` from `since` to `until` (False, never NULL, where `day` is NULL)."""
    return and_(day.isnot(None), day.between(since, until))


def _reported_then(year: Any, as_of: Any) -> Any:
    """For each LAO with a report entry after `as_of`: the periods whose report was first
    submitted by then (a sum of distinct bits: their OR) and the latest day one of its
    reports was first submitted, or drafted, by then."""
    r, c = report_state, lao_missing
    bit = literal(1, Integer).op("<<")(
        case((r.c.period_kind == "M", r.c.period_number - 1), else_=r.c.period_number + 11)
    )
    submitted = r.c.first_submitted_on <= as_of
    return (
        select(
            r.c.lao_code,
            func.coalesce(func.sum(distinct(case((submitted, bit)))), 0).label("sent"),
            func.max(case((submitted, r.c.first_submitted_on))).label("submitted_on"),
            func.max(case((r.c.drafted_on <= as_of, r.c.drafted_on))).label("drafted_on"),
        )
        .select_from(
            r.join(c, and_(c.c.lao_code == r.c.lao_code, c.c.fiscal_year == r.c.fiscal_year))
        )
        .where(r.c.fiscal_year == year, c.c.last_report_on > as_of)
        .group_by(r.c.lao_code)
        .subquery("reported_then")
    )


def _year_read(year: Any) -> Any:
    """The year whose rows of lao_missing are read: `year` if opened (it has a row for
    every LAO), else the registry's (the rows of a year nothing was entered for)."""
    m = lao_missing
    opened = or_(m.c.fiscal_year == year, m.c.fiscal_year == REGISTRY)
    return select(func.max(m.c.fiscal_year)).where(opened).scalar_subquery()


@cache  # built once per shape: every dashboard of DLA and the provinces asks
def per_lao(of_province: bool) -> Any:
    """Each LAO of the registry not merged away (of a province): its province, the days
    of its entries, the periods whose report it sent by `as_of` (`sent`), and what it misses
    (a 0/1 column per reason; `misses`: how many reasons). Each reason is a short
    expression over the row's own columns: PostgreSQL repeats an expression wherever a
    column built on it is used. One row of lao_missing each, no join but the few LAOs
    with a report entry after `as_of` (_reported_then)."""
    b = c = lao_missing
    year = bindparam("fiscal_year", type_=Integer)
    as_of = bindparam("as_of", type_=Date)
    since = bindparam("quiet_since", type_=Date)
    late = bindparam("late", type_=Integer)
    then = _reported_then(year, as_of)
    sent = func.coalesce(then.c.sent, c.c.reports_submitted)  # then's: never NULL
    budgeted = b.c.drafted_on.isnot(None)
    entries: list[Any] = [b.c.drafted_on, b.c.enacted_on, c.c.latest_stage_on]
    entries += [c.c.last_report_on, then.c.submitted_on, then.c.drafted_on]
    flags = {
        "no_budget": _flag(not_(budgeted)),
        "not_enacted": _flag(and_(budgeted, or_(b.c.enacted_on.is_(None), b.c.enacted_on > as_of))),
        "no_report": _flag(and_(budgeted, bindparam("owed", type_=Integer) == ONE, sent == ZERO)),
        "report_overdue": _flag(and_(budgeted, sent.op("&")(late) != late)),
        "quiet": _flag(not_(or_(*(_within(day, since, as_of) for day in entries)))),
    }
    statement: Select[Any] = (
        select(
            c.c.lao_code,
            c.c.province_code,
            b.c.drafted_on,
            b.c.enacted_on,
            c.c.latest_stage_on,
            c.c.last_report_on,
            then.c.submitted_on.label("submitted_then"),
            then.c.drafted_on.label("drafted_then"),
            sent.label("sent"),
            *(flag.label(name) for name, flag in flags.items()),
        )
        .select_from(c.outerjoin(then, then.c.lao_code == c.c.lao_code))
        .where(c.c.fiscal_year == _year_read(year))
    )
    if of_province:
        statement = statement.where(c.c.province_code == bindparam("province_code"))
    return statement


class _BitCount(FunctionElement[int]):
    """The bits set in an integer of PERIOD_BITS bits: PostgreSQL's bit_count, else (SQLite)
    each bit shifted down and added."""

    name = "bit_count"
    inherit_cache = True
    type = Integer()


@compiles(_BitCount)
def _bit_count_anywhere(element: _BitCount, compiler: Any, **kw: Any) -> str:
    value = f"({compiler.process(element.clauses, **kw)})"
    return "(" + " + ".join(f"(({value} >> {n}) & 1)" for n in range(PERIOD_BITS)) + ")"


@compiles(_BitCount, "postgresql")
def _bit_count_postgres(element: _BitCount, compiler: Any, **kw: Any) -> str:
    return f"bit_count(CAST({compiler.process(element.clauses, **kw)} AS BIT({PERIOD_BITS})))"


DATES = (
    "drafted_on",
    "enacted_on",
    "latest_stage_on",
    "last_report_on",
    "submitted_then",
    "drafted_then",
)
TEXTS = ("lao_code", "name_th", "lao_type", "officer", "phone", "email")


@cache
def answer_statement(of_province: bool) -> CompoundSelect[Any]:
    """One statement, the joins done once (a CTE read twice, which PostgreSQL keeps, of
    narrow rows: the page's names and contacts are joined to its rows alone): the
    page asked of the LAOs missing something (`part` "lao"), then the counts per province
    (`part` "count"). The rows share their columns: `province_code` and the reasons (an
    LAO's 0/1, a province's sums) in both; an LAO's name, days, contact, `misses` and
    `overdue` (NULL in a count); a province's `laos` and `any_missing` (NULL in an
    LAO's). The page's rows come in no order (missing.py sorts them)."""
    lao = per_lao(of_province).cte("lao")
    page = _page(lao)
    a, k = authority, authority_contact
    contact = [func.coalesce(k.c[name], "").label(name) for name in TEXTS[3:]]
    listed = select(
        literal("lao").label("part"),
        page.c.province_code,
        page.c.lao_code,
        a.c.name_th,
        a.c.lao_type,
        *(page.c[name] for name in (*DATES, *REASONS, "misses", "overdue")),
        *contact,
        null_of(Integer, "laos"),
        null_of(Integer, "any_missing"),
    ).select_from(
        page.join(a, a.c.lao_code == page.c.lao_code).outerjoin(k, k.c.lao_code == page.c.lao_code)
    )
    counted = select(
        literal("count").label("part"),
        lao.c.province_code,
        *(null_of(String, name) for name in TEXTS[:3]),
        *(null_of(Date, name) for name in DATES),
        *(func.sum(lao.c[name]).label(name) for name in REASONS),
        null_of(Integer, "misses"),
        null_of(Integer, "overdue"),
        *(null_of(String, name) for name in TEXTS[3:]),
        func.count().label("laos"),
        func.sum(_flag(misses_of(lao) > ZERO)).label("any_missing"),
    ).group_by(lao.c.province_code)
    return union_all(listed, counted)


def misses_of(lao: Any) -> ColumnElement[int]:
    """How many reasons an LAO's row of `per_lao` misses, added from its 0/1 columns (in
    the CTE's readers: PostgreSQL would evaluate every reason's expression again in the
    CTE itself)."""
    return _sum(lao.c[name] for name in REASONS)


def null_of(kind: type[TypeEngine[Any]], name: str) -> Any:
    return cast(null(), kind).label(name)


def _page(lao: Any) -> Any:
    """The page (bind parameters offset, limit) of the LAOs missing something, the most
    first, then the most reports overdue (`overdue`: the late periods not sent), by
    province and code. Only the LAOs missing as many reasons as the page's last, or more,
    are sorted (_fewest_shown): at national scale most miss one or two, and the sort's
    work is per LAO sorted."""
    late = bindparam("late", type_=Integer)
    unsent = late - lao.c.sent.op("&")(late)  # late & ~sent
    overdue = case((lao.c.no_budget == ZERO, _BitCount(unsent)), else_=ZERO).label("overdue")
    misses = misses_of(lao)
    offset, limit = bindparam("offset", type_=Integer), bindparam("limit", type_=Integer)
    return (
        select(lao, misses.label("misses"), overdue)
        .where(misses >= _fewest_shown(lao, offset + limit))
        .order_by(misses.desc(), overdue.desc(), lao.c.province_code, lao.c.lao_code)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )


def _fewest_shown(lao: Any, shown: Any) -> Any:
    """The fewest reasons an LAO among the first `shown` of the list misses (at least
    one): the most reasons that `shown` LAOs or more miss at least, counted by how many
    LAOs miss each number of reasons (5 rows)."""
    misses = misses_of(lao)
    level = (
        select(misses.label("misses"), func.count().label("laos"))
        .where(misses > ZERO)
        .group_by(misses)
        .subquery("level")
    )
    upto = func.sum(level.c.laos).over(order_by=level.c.misses.desc())
    running = select(level.c.misses, upto.label("upto")).subquery("running")
    fewest = select(func.max(running.c.misses)).where(running.c.upto >= shown)
    return func.coalesce(fewest.scalar_subquery(), ONE)
