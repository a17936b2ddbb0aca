"""The ProgressReport events as the reports projection reads them (budget/domain/report.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.report import ProgressReport
from budget.projections.events.wire import Member, Recorded, Valued, topics_of


class Period(Struct, frozen=True, gc=False):
    """A ReportingPeriod value object."""

    fiscal_year: int
    kind: Member
    number: int


class Drafted(Recorded, frozen=True, gc=False):
    lao_code: str
    province_code: str
    period: Valued[Period]


class Revised(Recorded, frozen=True, gc=False):
    pass


class SignedOff(Recorded, frozen=True, gc=False):
    pass


class Submitted(Recorded, frozen=True, gc=False):
    pass


class Resubmitted(Recorded, frozen=True, gc=False):
    pass


class Returned(Recorded, frozen=True, gc=False):
    comments: str


class Accepted(Recorded, frozen=True, gc=False):
    comments: str


TOPICS = topics_of(
    ProgressReport, Drafted, Revised, SignedOff, Submitted, Resubmitted, Returned, Accepted
)
