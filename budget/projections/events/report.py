"""The ProgressReport events as the reports projection reads them (budget/domain/report.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.report import ProgressReport
from budget.projections.events.wire import Event, Member, Valued, topics_of


class Period(Struct, frozen=True, gc=False):
    """A ReportingPeriod value object."""

    fiscal_year: int
    kind: Member
    number: int


class Drafted(Event, frozen=True, gc=False):
    lao_code: str
    province_code: str
    period: Valued[Period]


class Revised(Event, frozen=True, gc=False):
    pass


class SignedOff(Event, frozen=True, gc=False):
    pass


class Submitted(Event, frozen=True, gc=False):
    pass


class Resubmitted(Event, frozen=True, gc=False):
    pass


class Returned(Event, frozen=True, gc=False):
    comments: str


class Accepted(Event, frozen=True, gc=False):
    comments: str


TOPICS = topics_of(
    ProgressReport, Drafted, Revised, SignedOff, Submitted, Resubmitted, Returned, Accepted
)
