"""The path parameters of the pages."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar.params import PathParameter

ProjectPath = Annotated[UUID, PathParameter(description="the project's id")]
RecordPath = Annotated[UUID, PathParameter(description="the id of any record")]
PeriodPath = Annotated[str, PathParameter(max_length=20, description="e.g. 2570-Q1, 2570-M10")]
