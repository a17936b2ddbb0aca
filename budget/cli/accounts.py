"""`budget accounts`: user accounts from the command line (the first administrator)."""

from __future__ import annotations

from pathlib import Path

import click

from budget.application.commands import GrantRole, OpenAccount, SetPassword
from budget.application.passwords import check_chosen_password
from budget.cli.common import run
from budget.domain.access import Role


@click.group()
def accounts() -> None:
    """User accounts."""


def _password(password_file: Path | None) -> str:
    if password_file is None:
        entered: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return entered
    lines = password_file.read_text(encoding="utf-8").splitlines()
    return lines[0] if lines else ""


@accounts.command("bootstrap-admin")
@click.argument("username")
@click.option("--display-name", default="ผู้ดูแลระบบ กสถ.", show_default=True)
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Read the password from the first line of this file instead of asking.",
)
def bootstrap_admin(username: str, display_name: str, password_file: Path | None) -> None:
    """Open the first DLA administrator's account, with a password.

    The administrator keeps the registry, the accounts and the targets; every
    grant made afterwards is an audited event.
    """
    password = _password(password_file)
    check_chosen_password(password)
    run(
        OpenAccount(username=username, display_name=display_name),
        GrantRole(username=username, role=Role.DLA_ADMINISTRATOR),
        SetPassword(username=username, password=password),
    )
    click.echo(f"Opened {username.strip().casefold()}: DLA administrator, password set.")
