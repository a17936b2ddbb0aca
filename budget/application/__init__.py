"""The BudgetOffice application: the only door to the domain."""

from budget.application.office import BudgetOffice
from budget.application.results import EventRecord, Recorded

__all__ = ["BudgetOffice", "EventRecord", "Recorded"]
