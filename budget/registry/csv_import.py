"""Reading a real list of local authorities (DLA's) from a CSV file.

The file is UTF-8 (a byte-order mark is accepted) with a header row naming the columns,
in any order::

    code,name_th,name_en,type,province_code,district_code,subdistrict_code,officer,phone,email

``code``, ``name_th``, ``type`` and ``province_code`` are required; ``name_en``,
``district_code`` and ``subdistrict_code`` may be left empty or left out. ``officer``,
``phone`` and ``email`` are the LAO's contact (budget.domain.contact): left out or all
empty, none; else a phone or an e-mail at least, set on registration and changed by a
later import that gives another. ``type`` is the
enum value (``sao``), the Thai abbreviation (``อบต.``, ``ทต.``, ``ทม.``, ``ทน.``, ``อบจ.``,
``กทม.``, ``เมืองพัทยา``) or the full Thai name. Geography codes are geothai's (DOPA's).

Every row is checked and every problem collected: the file imports whole or not at all.
"""

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import geothai

from budget.domain.authority_types import AuthorityType
from budget.domain.contact import Contact
from budget.registry.records import AuthorityRecord, parse_authority_type

REQUIRED_COLUMNS = ("code", "name_th", "type", "province_code")
CONTACT_COLUMNS = ("officer", "phone", "email")
OPTIONAL_COLUMNS = ("name_en", "district_code", "subdistrict_code", *CONTACT_COLUMNS)

_WITHOUT_DISTRICT = (AuthorityType.PAO, AuthorityType.BMA)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong in the file: its physical line (the header is line 1) and column."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: "
        return where + (f"{self.column}: {self.message}" if self.column else self.message)


class AuthorityImportError(Exception):
    """The file cannot be imported; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_authorities_csv(source: str | os.PathLike[str] | IO[str]) -> list[AuthorityRecord]:
    """Reads and checks a CSV list of authorities from a path or an open text stream.

    Returns:
        Every record, in file order.

    Raises:
        AuthorityImportError: listing every problem found; no record is returned then.
    """
    problems: list[ImportProblem] = []
    rows = _numbered_rows(_read_text(source), problems)
    header_line, header = next(rows, (1, []))
    if problems:
        raise AuthorityImportError(problems)
    columns = _read_header(header_line, header)
    records: list[AuthorityRecord] = []
    first_line_of_code: dict[str, int] = {}
    for line, row in rows:
        row_problems, record = _read_row(line, row, columns, first_line_of_code)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    if problems:
        raise AuthorityImportError(problems)
    return records


def _read_text(source: str | os.PathLike[str] | IO[str]) -> str:
    if not isinstance(source, str | os.PathLike):
        return source.read().removeprefix("\ufeff")
    data = Path(source).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = ImportProblem(line, None, f"not UTF-8 text (bad byte at offset {error.start})")
        raise AuthorityImportError([problem]) from error


def _numbered_rows(text: str, problems: list[ImportProblem]) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows, each with the physical line it starts on.

    A CSV syntax error ends the rows and is added to ``problems``.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(ImportProblem(reader.line_num, None, f"unreadable CSV: {error}"))


def _read_header(line: int, header: list[str]) -> list[str]:
    columns = [cell.strip().lower() for cell in header]
    if not columns:
        raise AuthorityImportError([ImportProblem(line, None, "no header row")])
    messages: list[str] = []
    known = {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}
    if "" in columns:
        messages.append(f"empty column name at position {columns.index('') + 1}")
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        messages.append(f"duplicate columns: {', '.join(duplicates)}")
    unknown = [c for c in columns if c and c not in known]
    if unknown:
        messages.append(f"unknown columns: {', '.join(unknown)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        messages.append(f"missing required columns: {', '.join(missing)}")
    if messages:
        raise AuthorityImportError([ImportProblem(line, None, m) for m in messages])
    return columns


def _read_row(
    line: int, row: list[str], columns: list[str], first_line_of_code: dict[str, int]
) -> tuple[list[ImportProblem], AuthorityRecord | None]:
    if len(row) != len(columns):
        message = f"{len(row)} fields, but the header has {len(columns)}"
        return [ImportProblem(line, None, message)], None
    values = dict.fromkeys(OPTIONAL_COLUMNS, "")
    values.update((c, cell.strip()) for c, cell in zip(columns, row, strict=True))
    found: list[tuple[str, str]] = []
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            found.append((column, "is empty"))
    code = values["code"]
    if code in first_line_of_code:
        found.append(
            ("code", f"duplicate code {code!r} (first on line {first_line_of_code[code]})")
        )
    elif code:
        first_line_of_code[code] = line
    authority_type = parse_authority_type(values["type"])
    if values["type"] and authority_type is None:
        found.append(("type", f"unknown authority type {values['type']!r}"))
    found.extend(_place_problems(values, authority_type))
    contact = None
    if any(values[column] for column in CONTACT_COLUMNS):
        contact = Contact.tidy(**{c: values[c] for c in CONTACT_COLUMNS})
        found.extend((column, message) for column, message, _ in contact.problems())
    problems = [ImportProblem(line, column, message) for column, message in found]
    if problems or authority_type is None:
        return problems, None
    record = AuthorityRecord(
        code=code,
        name_th=values["name_th"],
        name_en=values["name_en"],
        type=authority_type,
        province_code=values["province_code"],
        district_code=values["district_code"],
        subdistrict_code=values["subdistrict_code"],
        contact=contact,
    )
    return [], record


def _place_problems(
    values: dict[str, str], authority_type: AuthorityType | None
) -> list[tuple[str, str]]:
    """What is wrong with where the row puts the authority, as (column, message)."""
    province = values["province_code"]
    district = values["district_code"]
    subdistrict = values["subdistrict_code"]
    found: list[tuple[str, str]] = []
    if province and geothai.province(province) is None:
        found.append(("province_code", f"unknown province code {province!r}"))
    if authority_type in _WITHOUT_DISTRICT:
        name = authority_type.name if authority_type else ""
        found.extend(
            (column, f"must be empty for the {name}")
            for column in ("district_code", "subdistrict_code")
            if values[column]
        )
        return found
    if district:
        found.extend(_district_problems(district, province))
    if subdistrict:
        found.extend(_subdistrict_problems(subdistrict, district))
    return found


def _district_problems(district: str, province: str) -> list[tuple[str, str]]:
    found = geothai.district(district)
    if found is None:
        return [("district_code", f"unknown district code {district!r}")]
    if province and found.province_code != province:
        return [("district_code", f"district {district} is not in province {province}")]
    return []


def _subdistrict_problems(subdistrict: str, district: str) -> list[tuple[str, str]]:
    found = geothai.subdistrict(subdistrict)
    if found is None:
        return [("subdistrict_code", f"unknown subdistrict code {subdistrict!r}")]
    if not district:
        return [("district_code", "is empty, but subdistrict_code is given")]
    if found.district_code != district:
        return [("subdistrict_code", f"subdistrict {subdistrict} is not in district {district}")]
    return []
