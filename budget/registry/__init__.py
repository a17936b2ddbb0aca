"""The registry of local authorities (อปท.) as plain data: generated or imported from CSV."""

from budget.registry.csv_import import AuthorityImportError, ImportProblem, read_authorities_csv
from budget.registry.geography import (
    authorities_of_province,
    authority_code,
    check_province,
    district_name_th,
    generate_authorities,
    province_name_th,
)
from budget.registry.records import AuthorityRecord, parse_authority_type

__all__ = [
    "AuthorityImportError",
    "AuthorityRecord",
    "ImportProblem",
    "authorities_of_province",
    "authority_code",
    "check_province",
    "district_name_th",
    "generate_authorities",
    "parse_authority_type",
    "province_name_th",
    "read_authorities_csv",
]
