"""The forms of a project's page: the next procurement step, the contract, an inspection,
a payment, a payment's correction with its reason, cancelling and closing. Each checks
what was typed, runs its BudgetOffice command once per form (safe to send again), and
on a refusal shows the project page again with the message beside the field and what
was typed kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from anyio import to_thread
from litestar import Controller, Request, Response, post

from budget.application import Recorded
from budget.domain.access import Action, Actor
from budget.domain.contract import Contract, Installment
from budget.domain.errors import DomainError
from budget.domain.procurement import Stage
from budget.http.guards import services_of
from budget.http.pages.forms import (
    KEY_FIELD,
    Checker,
    Form,
    expected_version,
    place_error,
    place_problem,
    read_form,
    run_once,
)
from budget.http.pages.i18n import lang_of
from budget.http.pages.paths import ProjectPath
from budget.http.pages.project_pages import project_context
from budget.http.pages.render import page, see_other
from budget.http.problems import HttpProblem
from budget.http.routing import action
from budget.http.sessions import Session

ENTER = action(Action.ENTER_PROJECT)
INSTALLMENT_ROWS = 6
Command = Callable[[Actor], Recorded]
Build = Callable[[Checker, Any, UUID, int | None], Command | None]


async def handle(
    request: Request[Session, Any, Any], project_id: UUID, name: str, build: Build
) -> Response[Any]:
    values = await read_form(request)
    lang = lang_of(dict(request.cookies))
    services = services_of(request)

    def work() -> Response[Any]:
        checker = Checker(values, lang)
        form = Form(values=values, key=values.get(KEY_FIELD) or Form().key)
        command = build(checker, services.office, project_id, expected_version(values))
        if checker.errors or command is None:
            form.errors = checker.errors
            return again(form, 422)
        try:
            url = run_once(
                services,
                request,
                values,
                command,
                lambda _: f"/projects/{project_id}?done={name}#history",
            )
        except DomainError as error:
            place_error(form, error, lang)
            return again(form, 422 if error.code != "stale_version" else 409)
        except HttpProblem as problem:
            place_problem(form, problem, lang)
            return again(form, problem.status)
        return see_other(url)

    def again(form: Form, status: int) -> Response[Any]:
        context = project_context(services, request.user, project_id, {name: form})
        return page(
            request,
            "project.html",
            status=status,
            notice=None,
            failed=name,
            failure=form.general,
            **context,
        )

    return await to_thread.run_sync(work)


def build_step(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    step = c.values.get("step", "")
    on = c.day("business_date")
    if step == Stage.PLAN_PUBLISHED.value:
        return lambda a: office.publish_procurement_plan(
            project, actor=a, business_date=on, expected_version=v
        )
    if step == Stage.REPORT_APPROVED.value:
        estimate = c.amount("estimate")
        return lambda a: office.approve_procurement_report(
            project, estimate=estimate, actor=a, business_date=on, expected_version=v
        )
    if step == Stage.TOR_SET.value:
        price = c.amount("reference_price")
        hearing = c.day("public_hearing_ended_on")
        return lambda a: office.set_terms_of_reference(
            project,
            reference_price=price,
            public_hearing_ended_on=hearing,
            actor=a,
            business_date=on,
            expected_version=v,
        )
    if step == Stage.INVITATION_ANNOUNCED.value:
        firms = c.number("invited_firms", required=False) or 0
        return lambda a: office.announce_invitation(
            project, invited_firms=firms, actor=a, business_date=on, expected_version=v
        )
    if step == Stage.BIDS_EVALUATED.value:
        bids = c.number("bids_received", least=1)
        return lambda a: office.evaluate_bids(
            project, bids_received=bids, actor=a, business_date=on, expected_version=v
        )
    if step == Stage.WINNER_ANNOUNCED.value:
        winner = c.text("winner", limit=300)
        amount = c.amount("offered_amount")
        return lambda a: office.announce_winner(
            project,
            winner=winner,
            offered_amount=amount,
            actor=a,
            business_date=on,
            expected_version=v,
        )
    c.errors["step"] = "ขั้นตอนไม่ถูกต้อง" if c.lang == "th" else "Unknown step"
    return None


def installments(c: Checker) -> list[Installment]:
    rows: list[Installment] = []
    for row in range(1, INSTALLMENT_ROWS + 1):
        if not any(c.values.get(f"{f}_{row}") for f in ("inst_amount", "inst_due", "inst_desc")):
            continue
        amount = c.amount(f"inst_amount_{row}")
        due = c.day(f"inst_due_{row}", required=True)
        text = c.text(f"inst_desc_{row}", required=False, limit=300)
        if amount is not None and amount > 0 and due is not None:
            rows.append(Installment(len(rows) + 1, amount, due, text))
    if not rows and "inst_amount_1" not in c.errors:
        c.errors["inst_amount_1"] = (
            "กรุณากรอกงวดงานอย่างน้อยหนึ่งงวด" if c.lang == "th" else "Give at least one installment"
        )
    return rows


def build_contract(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    number = c.text("number", limit=100)
    contractor = c.text("contractor", limit=300)
    tax_id = c.text("contractor_tax_id", limit=20)
    amount = c.amount("amount")
    on = c.day("business_date")
    parts = installments(c)
    if c.errors or amount is None:
        return None
    try:
        contract = Contract(number, contractor, tax_id, amount, parts)
    except DomainError as error:
        field = "amount" if error.code == "installments_do_not_add_up" else "inst_amount_1"
        c.errors[field] = error.english if c.lang == "en" else error.thai
        return None
    return lambda a: office.sign_contract(
        project, contract, actor=a, business_date=on, expected_version=v
    )


def build_inspection(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    number = c.number("installment", least=1)
    note = c.text("committee_note", required=False, limit=1000)
    on = c.day("business_date")
    return lambda a: office.inspect_installment(
        project, number, committee_note=note, actor=a, business_date=on, expected_version=v
    )


def build_payment(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    number = c.number("installment", least=1)
    amount = c.amount("amount")
    voucher = c.text("voucher", limit=100)
    on = c.day("business_date")
    return lambda a: office.record_payment(
        project,
        number,
        amount=amount,
        voucher=voucher,
        actor=a,
        business_date=on,
        expected_version=v,
    )


def build_correction(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    corrects = c.number("payment_version", least=1)
    amount = c.amount("amount")
    reason = c.text("reason", limit=1000)
    on = c.day("business_date")
    return lambda a: office.correct_payment(
        project,
        corrects_version=corrects,
        amount=amount,
        reason=reason,
        actor=a,
        business_date=on,
        expected_version=v,
    )


def build_cancel(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    reason = c.text("reason", limit=1000)
    on = c.day("business_date")
    return lambda a: office.cancel_project(
        project, reason=reason, actor=a, business_date=on, expected_version=v
    )


def build_close(c: Checker, office: Any, project: UUID, v: int | None) -> Command | None:
    on: date | None = c.day("business_date")
    return lambda a: office.close_project(project, actor=a, business_date=on, expected_version=v)


class ProjectForms(Controller):
    path = "/projects/{project_id:uuid}"
    include_in_schema = False

    @post("/step", opt=ENTER, status_code=303)
    async def step(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "step", build_step)

    @post("/contract", opt=ENTER, status_code=303)
    async def contract(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "contract", build_contract)

    @post("/inspection", opt=ENTER, status_code=303)
    async def inspection(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "inspection", build_inspection)

    @post("/payment", opt=ENTER, status_code=303)
    async def payment(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "payment", build_payment)

    @post("/correction", opt=ENTER, status_code=303)
    async def correction(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "correction", build_correction)

    @post("/cancellation", opt=ENTER, status_code=303)
    async def cancel(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "cancel", build_cancel)

    @post("/closing", opt=ENTER, status_code=303)
    async def close(
        self, request: Request[Session, Any, Any], project_id: ProjectPath
    ) -> Response[Any]:
        return await handle(request, project_id, "close", build_close)
