"""`?format=csv|xlsx` on every table a person sees: the route answers its JSON as
always, or the same answer as a file (budget.exports), with the same filters. A list
exported without a `limit` holds every row up to EXPORT_LIMIT (not one page); `table=`
chooses one table of a dashboard (a CSV without it holds the main one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

from litestar import Response
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import QueryParameter
from litestar.status_codes import HTTP_400_BAD_REQUEST

from budget.exports.answers import names, narrowed
from budget.exports.files import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx
from budget.exports.tables import Table
from budget.http.params import Offset
from budget.http.problems import HttpProblem
from budget.projections.queries import PageRequest
from budget.projections.queries.paging import DEFAULT_LIMIT, EXPORT_LIMIT, MAX_LIMIT

T = TypeVar("T")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")  # a header's latin-1, and no quote or path
Format = Literal["json", "csv", "xlsx"]
FormatQuery = Annotated[
    Format,
    QueryParameter(
        name="format",
        description="json (the default), or the answer's tables as a file: csv (UTF-8 with "
        "a BOM, one table) or xlsx (a sheet per table)",
    ),
]
TableQuery = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        max_length=40,
        required=False,
        description="with format=csv or xlsx: only this table of the answer",
    ),
]


@dataclass(frozen=True, slots=True)
class Export:
    """What the request asked for: JSON, or the answer's tables as a file."""

    file_format: Format = "json"
    table: str | None = None

    @property
    def wants_file(self) -> bool:
        return self.file_format != "json"

    def answer(
        self,
        body: T,
        tables: Callable[[T], list[Table]],
        name: str,
        headers: dict[str, str] | None = None,
    ) -> Response[T]:
        """`body` as JSON, or its tables as `name`.csv / `name`.xlsx."""
        if not self.wants_file:
            return Response(body, headers=headers or {})
        found = tables(body)
        chosen = narrowed(found, self.table)
        if chosen is None:
            raise HttpProblem(
                HTTP_400_BAD_REQUEST,
                "unknown_table",
                f"No table {self.table!r} here: choose one of {', '.join(names(found))}",
                f"ไม่มีตาราง {self.table!r} ในหน้านี้ เลือกได้: {', '.join(names(found))}",
            )
        if self.file_format == "csv":
            content, media_type, suffix = to_csv(chosen[0]), CSV_TYPE, chosen[0].name
        else:
            content, media_type = to_xlsx(chosen, name), XLSX_TYPE
            suffix = chosen[0].name if self.table else ""
        file_name = SAFE_NAME.sub("_", f"{name}-{suffix}" if suffix else name)
        file: Response[Any] = Response(
            content,
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{file_name}.{self.file_format}"'
            },
        )
        return file  # the file's bytes in place of the answer


@dataclass
class ExportedOperation(Operation):
    """The OpenAPI operation of a route with `?format=`: its 200 answer is JSON, or a
    CSV or XLSX file of the same tables."""

    file_types: tuple[str, ...] = field(default=(CSV_TYPE, XLSX_TYPE))

    def __post_init__(self) -> None:
        answer = (self.responses or {}).get("200")
        if isinstance(answer, OpenAPIResponse) and answer.content is not None:
            binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            for media_type in self.file_types:
                answer.content[media_type.split(";")[0]] = OpenAPIMediaType(schema=binary)
            answer.description = f"{answer.description} (format=csv or xlsx: the file)"


OptionalLimit = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_LIMIT,
        required=False,
        description=f"rows per page ({DEFAULT_LIMIT}; a file without it: every row up to "
        f"{EXPORT_LIMIT:,})",
    ),
]


def provide_export(file_format: FormatQuery = "json", table: TableQuery = None) -> Export:
    return Export(file_format=file_format, table=table)


def provide_exported_page(
    export: NamedDependency[Export], offset: Offset = 0, limit: OptionalLimit = None
) -> PageRequest:
    """A list's page: as asked, or every row (up to EXPORT_LIMIT) when it goes to a file."""
    if limit is None:
        limit = EXPORT_LIMIT if export.wants_file else DEFAULT_LIMIT
    return PageRequest(offset=offset, limit=limit)


EXPORTS: dict[str, Any] = {"export": Provide(provide_export, sync_to_thread=False)}
EXPORTED_LIST: dict[str, Any] = {
    **EXPORTS,
    "page": Provide(provide_exported_page, sync_to_thread=False),
}
