"""The HTTP API (Litestar, msgspec): the door for LAO staff, reviewers, DLA and auditors."""

from budget.http.app import create_app
from budget.http.services import Services

__all__ = ["Services", "create_app"]
