"""`budget`: the command line of the back office.

Every command works through the BudgetOffice on the store chosen by the
environment (`BUDGET_DATABASE_URL`, `BUDGET_HOME`). A broken rule ends the
command with one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from budget.cli.accounts import accounts
from budget.cli.authorities import authorities
from budget.cli.common import one_line
from budget.cli.demo import demo
from budget.cli.history import history
from budget.cli.projections import projections
from budget.cli.report import report
from budget.cli.serve import serve
from budget.cli.workbooks import import_files, workbook
from budget.demo import DemoPlanError
from budget.domain.errors import DomainError


class BudgetGroup(click.Group):
    """Turns domain errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DomainError as error:
            raise click.ClickException(one_line(error)) from None
        except DemoPlanError as error:
            raise click.ClickException(f"demo generator bug: {error}") from None


@click.group(cls=BudgetGroup)
@click.version_option(package_name="budget")
def main() -> None:
    """Budgets and projects of Thailand's local governments (อปท.)."""


main.add_command(demo)
main.add_command(authorities)
main.add_command(history)
main.add_command(projections)
main.add_command(accounts)
main.add_command(serve)
main.add_command(report)
main.add_command(workbook)
main.add_command(import_files)

__all__ = ["main"]
