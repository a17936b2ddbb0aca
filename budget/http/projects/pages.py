"""A project's page: its stages as a timeline, its contract (its terms, amendments, the
advance, retention and fines kept apart from cash paid), installments and payments, the
history of who did what, and the forms of what can be recorded next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from budget.domain.access import Action
from budget.domain.calendar import today
from budget.domain.contract import open_for_payment
from budget.domain.money import ZERO
from budget.domain.procurement import Method, Stage, open_steps, optional_steps, steps_for
from budget.http.authorities.pages import may_enter
from budget.http.guards import services_of
from budget.http.pages.forms import Form
from budget.http.pages.history import history_of
from budget.http.pages.i18n import lang_of
from budget.http.pages.paths import ProjectPath
from budget.http.pages.render import page
from budget.http.routing import action
from budget.http.services import Services
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import ProjectDetail
from budget.projections.queries.project_models import InstallmentRow

FORMS = (
    "step",
    "contract",
    "advance",
    "amendment",
    "inspection",
    "payment",
    "retention",
    "correction",
    "cancel",
    "close",
)
DONE = {
    "step": ("บันทึกขั้นตอนแล้ว", "The step is recorded"),
    "contract": ("บันทึกการลงนามสัญญาแล้ว", "The contract is recorded"),
    "inspection": ("บันทึกการตรวจรับแล้ว", "The inspection is recorded"),
    "payment": ("บันทึกการเบิกจ่ายแล้ว", "The payment is recorded"),
    "advance": ("บันทึกการจ่ายเงินล่วงหน้าแล้ว", "The advance is recorded"),
    "amendment": ("บันทึกการแก้ไขสัญญาแล้ว", "The amendment is recorded"),
    "retention": ("บันทึกการคืนเงินประกันผลงานแล้ว", "The retention returned is recorded"),
    "correction": ("บันทึกการแก้ไขการเบิกจ่ายแล้ว", "The correction is recorded"),
    "cancel": ("ยกเลิกโครงการแล้ว", "The project is cancelled"),
    "close": ("ปิดโครงการแล้ว", "The project is closed"),
}
AFTER_CONTRACT = (Stage.INSPECTED, Stage.PAID, Stage.CLOSED)
ENDED = (Stage.CLOSED, Stage.CANCELLED)


@dataclass(frozen=True, slots=True)
class Milestone:
    stage: str
    state: str  # done, now, todo
    on: date | None


def timeline(detail: ProjectDetail) -> list[Milestone]:
    """Every stage of the project's method in the legal order, with the date reached; a
    step a small purchase skipped (procurement.optional_steps) is left out, and a step
    reached is done wherever it stands (a history kept in the old order)."""
    reached = {d.stage: d.entered_on for d in detail.stage_dates}
    inspected = [i.inspected_on for i in detail.installments if i.inspected_on is not None]
    method = Method(detail.project.method)
    order = [Stage.PLANNED, *steps_for(method), *AFTER_CONTRACT]
    current = Stage(detail.project.stage)
    if current is Stage.CANCELLED:
        order.append(Stage.CANCELLED)
    position = order.index(current) if current in order else 0
    skippable = optional_steps(method, detail.project.budget_amount)
    milestones = []
    for index, stage in enumerate(order):
        if stage in skippable and stage.value not in reached and index < position:
            continue  # skipped, as the small-purchase path allows
        done = index < position or (stage.value in reached and stage is not current)
        state = "now" if stage is current else "done" if done else "todo"
        on = reached.get(stage.value)
        if stage is Stage.INSPECTED and inspected:
            on = on or min(inspected)
        milestones.append(Milestone(stage.value, state, on))
    return milestones


def ended(detail: ProjectDetail) -> bool:
    return Stage(detail.project.stage) in ENDED


def upcoming(detail: ProjectDetail) -> tuple[Stage, ...]:
    """The procurement steps that may be recorded now, the contract included (the
    domain's rule: the next one, and before it those a small purchase may skip)."""
    reached = {Stage(d.stage) for d in detail.stage_dates}
    method = Method(detail.project.method)
    return open_steps(method, detail.project.budget_amount, reached, ended=ended(detail))


def payable(installment: InstallmentRow) -> Decimal:
    """An installment's cash due: its amount less what its inspection withheld."""
    withheld = installment.advance_recovered + installment.retention + installment.fine
    return installment.amount - withheld


def offered(detail: ProjectDetail) -> dict[str, Any]:
    """What the forms may offer: installments to inspect or pay (what is left to pay on
    each), payments to correct, the advance the contract provides for (before any
    inspection), the retention to return (every installment inspected), an amendment.
    Nothing while the views have not caught up with the project's record (no version
    to send)."""
    installments = detail.installments
    money = detail.money
    held = money.retention_held if money is not None else ZERO
    return {
        "to_inspect": [i for i in installments if not i.inspected],
        "to_pay": [
            (i, payable(i) - i.paid)
            for i in installments
            if open_for_payment(inspected=i.inspected, paid=i.paid, amount=payable(i))
        ],
        "payments": detail.payments,
        "open": detail.version is not None and not ended(detail),
        "closable": detail.project.stage == Stage.PAID.value and not held,
        "advance": money is not None
        and money.advance_rate > 0
        and not money.advance_paid
        and not any(i.inspected for i in installments),
        "retention": held > 0 and all(i.inspected for i in installments),
        "amendable": detail.contract is not None,
    }


def project_context(
    services: Services,
    session: Session,
    project_id: UUID,
    forms: dict[str, Form] | None = None,
    *,
    lang: str = "th",
) -> dict[str, Any]:
    """The project page's context, read from the views only (ARCHITECTURE.md: nothing
    reads an aggregate to draw a page); the forms' version is the views' too, so a page
    drawn from views that lag sends an older version and is refused as stale."""
    with services.read() as connection:
        detail = queries.project(connection, str(project_id))
        authority = queries.authority(connection, detail.project.lao_code)
    events = services.office.story(
        project_id,
        actor=session.actor,
        lao=detail.project.lao_code,
        province=detail.province_code,
    )
    filled = forms or {}
    return {
        "p": detail.project,
        "detail": detail,
        "authority": authority,
        "timeline": timeline(detail),
        "open_steps": upcoming(detail),
        "offer": offered(detail),
        "history": history_of(services, events[::-1], lang),
        "version": detail.version,
        "may_enter": may_enter(session, detail.project.lao_code),
        "forms": {name: filled.get(name) or Form() for name in FORMS},
        "today": today(),
    }


class ProjectPages(Controller):
    path = "/projects/{project_id:uuid}"
    include_in_schema = False

    @get("/", opt=action(Action.READ), sync_to_thread=True)
    def project(
        self,
        request: Request[Session, Any, Any],
        project_id: ProjectPath,
        done: Annotated[str | None, QueryParameter(required=False, max_length=20)] = None,
    ) -> Template:
        context = project_context(
            services_of(request), request.user, project_id, lang=lang_of(dict(request.cookies))
        )
        notice = DONE.get(done or "")
        return page(request, "project.html", notice=notice, failed=None, failure="", **context)
