"""An LAO's year as a workbook over HTTP: download it (GET .../workbook) and import one
(POST .../imports, multipart), answered with the import's reconciliation.

An import is all or nothing and re-runnable: sending the same file again records
nothing again, so it takes no Idempotency-Key. A file with refused rows is a 422
problem whose `reconciliation` lists every refused row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_422_UNPROCESSABLE_ENTITY

from budget.domain.access import Action
from budget.http.guards import services_of
from budget.http.params import FiscalYearQuery, LaoCodePath
from budget.http.problems import PROBLEM_JSON, HttpProblem, Problem, http_problem
from budget.http.routing import WRITE_PROBLEMS, action, downloads, file_responses
from budget.http.services import Services
from budget.http.sessions import Session
from budget.imports.cells import MAX_FILE_BYTES, FileRefused
from budget.imports.reconciliation import Reconciliation
from budget.imports.run import import_workbook
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MULTIPART_OVERHEAD = 64 * 1024


class ImportRefused(Problem, kw_only=True):
    """A 422 problem: the workbook's rows that were refused (nothing was recorded)."""

    reconciliation: Reconciliation


def refused(request: Request[Any, Any, Any], found: Reconciliation) -> Response[ImportRefused]:
    count = len(found.refused)
    body = ImportRefused(
        type="/problems/import_refused",
        title="Import refused",
        status=HTTP_422_UNPROCESSABLE_ENTITY,
        detail=f"{count} row(s) of the workbook were refused: nothing was recorded",
        code="import_refused",
        detail_th=f"มี {count} แถวที่ไม่ผ่านกฎ จึงไม่ได้บันทึกข้อมูลใดจากไฟล์นี้",
        instance=request.url.path,
        reconciliation=found,
    )
    return Response(body, status_code=HTTP_422_UNPROCESSABLE_ENTITY, media_type=PROBLEM_JSON)


def file_problem(error: FileRefused) -> HttpProblem:
    return HttpProblem(HTTP_422_UNPROCESSABLE_ENTITY, error.code, error.en, error.th)


def run_import(
    services: Services,
    request: Request[Session, Any, Any],
    lao_code: str,
    upload: UploadFile,
    *,
    dry_run: bool,
) -> Reconciliation:
    """Read the uploaded file (bounded), import it as the caller, wait for the views."""
    data = upload.file.read(MAX_FILE_BYTES + 1)
    try:
        return imported(services, request, lao_code, data, upload.filename, dry_run=dry_run)
    except FileRefused as error:
        raise file_problem(error) from None


def imported(
    services: Services,
    request: Request[Session, Any, Any],
    lao_code: str,
    data: bytes,
    file_name: str | None,
    *,
    dry_run: bool,
) -> Reconciliation:
    """The workbook's bytes imported as the caller on the service's today; the views
    caught up with what it recorded (the API's and the import page's one way)."""
    found = import_workbook(
        services.office,
        data,
        file_name=file_name or "workbook.xlsx",
        actor=request.user.actor,
        dry_run=dry_run,
        lao_code=lao_code,
        today=services.settings.today_now(),
    )
    if found.position:
        services.caught_up(found.position)
    return found


@dataclass
class WorkbookUpload:
    """The multipart body of an import: the workbook (.xlsx) as its `data` part."""

    data: UploadFile | None = None


UPLOAD = Annotated[
    WorkbookUpload,
    Body(media_type=RequestEncodingType.MULTI_PART, description="the workbook (.xlsx)"),
]


def malformed_upload(request: Request[Any, Any, Any], _: Exception) -> Response[Problem]:
    """Litestar's multipart parser fails on parts that are not UTF-8 text or not files:
    in this route that is always the client's malformed body."""
    return http_problem(request, no_file())


def no_file() -> HttpProblem:
    return HttpProblem(
        400,
        "invalid_request",
        "Send the workbook as the `data` part of a multipart/form-data body",
        "กรุณาแนบไฟล์ Excel ในส่วน data ของแบบฟอร์ม",
    )


WORKBOOK_RESPONSES = file_responses(
    XLSX, "The LAO's year as a workbook (an empty one for a year not begun)"
)


class WorkbooksController(Controller):
    path = "/api/authorities/{lao_code:str}"
    tags = ["workbooks"]  # noqa: RUF012 - Litestar's own attribute

    @downloads("/workbook", "downloadWorkbook", action(Action.READ), XLSX, WORKBOOK_RESPONSES)
    def download(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearQuery,
    ) -> Response[bytes]:
        """The LAO's year as the system holds it: what it downloads, it imports."""
        data = write_workbook(year_rows(services_of(request).office, lao_code, fiscal_year))
        name = f"lao-{lao_code}-{fiscal_year}.xlsx"
        return Response(
            content=data,
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @post(
        "/imports",
        operation_id="importWorkbook",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses={**WRITE_PROBLEMS, 201: ResponseSpec(data_container=Reconciliation)},
        opt=action(Action.IMPORT_WORKBOOK),
        request_max_body_size=MAX_FILE_BYTES + MULTIPART_OVERHEAD,
        exception_handlers={UnicodeDecodeError: malformed_upload},
    )
    def import_file(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        data: UPLOAD,
        dry_run: Annotated[bool, QueryParameter(description="check only, record nothing")] = False,
    ) -> Response[Reconciliation | ImportRefused]:
        """Import the LAO's workbook, all or nothing; the answer is the reconciliation
        (201 when it recorded, 200 when there was nothing new or it was a dry run)."""
        if not isinstance(data.data, UploadFile):
            raise no_file()
        found = run_import(services_of(request), request, lao_code, data.data, dry_run=dry_run)
        if found.refused:
            return refused(request, found)  # type: ignore[return-value]
        status = HTTP_201_CREATED if found.position else HTTP_200_OK
        return Response(found, status_code=status)
