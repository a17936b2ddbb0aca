"""The forms of a project's page: the next procurement step, the contract (with its terms:
an advance, retention, a fine), its advance against a guarantee, an amendment, an
inspection (with the day the work was delivered), a payment, the retention returned, a
payment's correction with its reason, cancelling and closing. Each checks
what was typed, runs its BudgetOffice command once per form (safe to send again), and
on a refusal shows the project page again with the message beside the field and what
was typed kept."""

from __future__ import annotations

from typing import Any, get_args
from uuid import UUID

from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler

from budget.application.commands import (
    GUARANTEE_FIELDS,
    AmendContract,
    CancelProject,
    CloseProject,
    Command,
    CorrectPayment,
    GuaranteeIn,
    InspectInstallment,
    InstallmentIn,
    PayAdvance,
    PaymentTermsIn,
    ProcurementStep,
    RecordPayment,
    RecordProcurementStep,
    ReleaseRetention,
    SignContract,
)
from budget.application.from_text import Checker
from budget.http.guards import services_of
from budget.http.pages.forms import Build, Form, about, submit_form
from budget.http.pages.i18n import lang_of
from budget.http.pages.paths import ProjectPath
from budget.http.pages.render import page
from budget.http.projects.pages import project_context
from budget.http.projects.routes import ENTER
from budget.http.sessions import Session

INSTALLMENT_ROWS = 6
STEPS: dict[str, type[ProcurementStep]] = {
    str(kind.__struct_config__.tag): kind for kind in get_args(ProcurementStep)
}


async def handle(
    request: Request[Session, Any, Any], project_id: UUID, name: str, build: Build
) -> Response[Any]:
    def again(form: Form, status: int) -> Response[Any]:
        services = services_of(request)
        context = project_context(
            services, request.user, project_id, {name: form}, lang=lang_of(dict(request.cookies))
        )
        return page(
            request,
            "project.html",
            status=status,
            notice=None,
            failed=name,
            failure=form.general,
            **context,
        )

    done = f"/projects/{project_id}?done={name}#history"
    return await submit_form(request, lambda c: build(c, project_id), done=done, again=again)


def build_step(c: Checker, project: UUID) -> Command | None:
    kind = STEPS.get(c.values.get("step", ""))
    if kind is None:
        c.fail("step", "ขั้นตอนไม่ถูกต้อง", "Unknown step")
        return None
    step = c.command(kind, given={"step": kind.__struct_config__.tag})
    return RecordProcurementStep(project_id=project, step=step) if step is not None else None


def installments(c: Checker) -> list[InstallmentIn]:
    """The contract's installments, a row of fields each (rows left empty are skipped)."""
    rows: list[InstallmentIn] = []
    for row in range(1, INSTALLMENT_ROWS + 1):
        if not any(c.values.get(f"{f}_{row}") for f in ("inst_amount", "inst_due", "inst_desc")):
            continue
        amount = c.amount(f"inst_amount_{row}")
        due = c.day(f"inst_due_{row}", required=True)
        text = c.text(f"inst_desc_{row}", required=False, limit=300)
        if amount is not None and amount > 0 and due is not None:
            rows.append(
                InstallmentIn(number=len(rows) + 1, amount=amount, due_on=due, description=text)
            )
    if not rows and "inst_amount_1" not in c.errors:
        c.fail("inst_amount_1", "กรุณากรอกงวดงานอย่างน้อยหนึ่งงวด", "Give at least one installment")
    return rows


TERMS = ("advance_rate", "retention_rate", "warranty_months", "fine_rate")


def build_contract(c: Checker, project: UUID) -> Command | None:
    """The contract, its installments, and its terms when any of them was typed."""
    parts = installments(c)
    terms = None
    if any(c.values.get(name) for name in TERMS):
        terms = c.command(PaymentTermsIn)
    given = {"project_id": project, "installments": parts, "terms": terms}
    return c.command(SignContract, given=given)


def build_advance(c: Checker, project: UUID) -> Command | None:
    guarantee = c.command(GuaranteeIn, names=GUARANTEE_FIELDS)
    return c.command(PayAdvance, given={"project_id": project, "guarantee": guarantee})


def build_amendment(c: Checker, project: UUID) -> Command | None:
    """Every installment as it now stands (the rows come filled with the contract's)."""
    parts = installments(c)
    return c.command(AmendContract, given={"project_id": project, "installments": parts})


def build_correction(c: Checker, project: UUID) -> Command | None:
    return c.command(
        CorrectPayment,
        given={"project_id": project},
        names={"corrects_version": "payment_version"},
    )


def form_route(path: str, name: str, build: Build) -> HTTPRouteHandler:
    """One form of a project's page: POST /projects/{id}`path`, the command `build` makes."""

    async def submit(request: Request[Session, Any, Any], project_id: ProjectPath) -> Response[Any]:
        return await handle(request, project_id, name, build)

    submit.__name__ = f"project_{name}"
    return post(
        f"/projects/{{project_id:uuid}}{path}", opt=ENTER, status_code=303, include_in_schema=False
    )(submit)


PROJECT_FORMS = [
    form_route("/step", "step", build_step),
    form_route("/contract", "contract", build_contract),
    form_route("/advance", "advance", build_advance),
    form_route("/amendment", "amendment", build_amendment),
    form_route("/retention-release", "retention", about(ReleaseRetention, "project_id")),
    form_route("/inspection", "inspection", about(InspectInstallment, "project_id")),
    form_route("/payment", "payment", about(RecordPayment, "project_id")),
    form_route("/correction", "correction", build_correction),
    form_route("/cancellation", "cancel", about(CancelProject, "project_id")),
    form_route("/closing", "close", about(CloseProject, "project_id")),
]
