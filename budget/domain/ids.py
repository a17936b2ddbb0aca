"""Aggregate ids derived from natural keys (uuid5), so the store refuses twins."""

from __future__ import annotations

import unicodedata
from uuid import UUID, uuid5

NAMESPACE = UUID("6f1d2c58-3f0e-5b7a-9a51-0c3e4d2b7a10")


def natural_id(*parts: object) -> UUID:
    return uuid5(NAMESPACE, "/" + "/".join(str(p) for p in parts))


def authority_id(code: str) -> UUID:
    return natural_id("authorities", code)


def budget_id(lao_code: str, fiscal_year: int) -> UUID:
    return natural_id("budgets", lao_code, fiscal_year)


def project_id(lao_code: str, fiscal_year: int, project_code: str) -> UUID:
    return natural_id("projects", lao_code, fiscal_year, project_code)


def report_id(lao_code: str, period_key: str) -> UUID:
    return natural_id("reports", lao_code, period_key)


def normal_username(username: str) -> str:
    """The one form of a username, used wherever one is looked up, stored or counted.

    Unicode NFKC (full-width letters and the ideographic space become plain ones), case
    folded (usernames are case-insensitive: `Clerk`, `CLERK` and `clerk` are one
    account), NFKC again (case folding can leave a form NFKC changes), then stripped
    of white space at either end (U+00A0 and U+3000 included).
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())
    return folded.strip()


def account_id(username: str) -> UUID:
    return natural_id("accounts", normal_username(username))


def targets_id(fiscal_year: int) -> UUID:
    return natural_id("targets", fiscal_year)
