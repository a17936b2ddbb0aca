"""The workbook page of an LAO: download the year as a workbook, upload one back, and
read what the import did (its reconciliation, with every refused row in Thai)."""

from __future__ import annotations

import base64
from typing import Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Template

from budget.domain.access import Action, Role
from budget.domain.errors import DomainError
from budget.http.guards import services_of
from budget.http.imports.routes import XLSX, imported
from budget.http.pages.filters import Chosen
from budget.http.pages.forms import Form
from budget.http.pages.i18n import lang_of
from budget.http.pages.render import page
from budget.http.params import LaoCodePath
from budget.http.routing import action
from budget.http.sessions import Session
from budget.imports.cells import MAX_FILE_BYTES, FileRefused
from budget.imports.reconciliation import Reconciliation
from budget.imports.writer import write_reconciliation
from budget.projections import queries
from budget.reports.reconciliation import reconciliation_pdf


def _may_import(session: Session, lao_code: str) -> bool:
    actor = session.actor
    if actor.role is Role.LAO_FINANCE:
        return actor.acting_for == lao_code
    return actor.role in {Role.DLA_ADMINISTRATOR, Role.SYSTEM}


class WorkbookPages(Controller):
    path = "/laos/{lao_code:str}/workbook"
    include_in_schema = False

    @get("/", opt=action(Action.READ), sync_to_thread=True)
    def workbook(self, request: Request[Session, Any, Any], lao_code: LaoCodePath) -> Template:
        return _page(request, lao_code, Form(), None, 200)

    @post("/", opt=action(Action.IMPORT_WORKBOOK), status_code=200)
    async def upload(
        self, request: Request[Session, Any, Any], lao_code: LaoCodePath
    ) -> Response[Any]:
        form = await request.form()
        upload = form.get("workbook")
        dry_run = bool(form.get("dry_run"))
        lang = lang_of(dict(request.cookies))
        services = services_of(request)
        if not isinstance(upload, UploadFile):
            failed = Form(general="กรุณาเลือกไฟล์" if lang == "th" else "Choose a file")
            return _page(request, lao_code, failed, None, 422)
        data = await upload.read(MAX_FILE_BYTES + 1)

        def work() -> Template:
            try:
                found = imported(
                    services, request, lao_code, data, upload.filename, dry_run=dry_run
                )
            except FileRefused as error:
                failed = Form(general=error.en if lang == "en" else error.th)
                return _page(request, lao_code, failed, None, 422)
            except DomainError as error:
                failed = Form(general=error.english if lang == "en" else error.thai)
                return _page(request, lao_code, failed, None, 422)
            return _page(request, lao_code, Form(), found, 422 if found.refused else 200)

        return await to_thread.run_sync(work)


def _page(
    request: Request[Session, Any, Any],
    lao_code: str,
    form: Form,
    found: Reconciliation | None,
    status: int,
) -> Template:
    with services_of(request).read() as connection:
        authority = queries.authority(connection, lao_code)
    kept = pdf = ""
    if found is not None:  # to keep: the same reconciliation as a workbook and on paper
        kept = f"data:{XLSX};base64,{base64.b64encode(write_reconciliation(found)).decode()}"
        pdf = f"data:application/pdf;base64,{base64.b64encode(reconciliation_pdf(found)).decode()}"
    return page(
        request,
        "workbook.html",
        status=status,
        authority=authority,
        fiscal_year=Chosen.of(request).fiscal_year,
        may_import=_may_import(request.user, lao_code),
        form=form,
        found=found,
        kept=kept,
        pdf=pdf,
    )
