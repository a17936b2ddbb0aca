"""Benchmarks of the BudgetOffice: they print figures and never assert on them.

``python -m budget.bench.store`` (or ``scripts/bench-store``) measures the event store.
"""
