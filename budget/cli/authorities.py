"""`budget authorities`: the registry of LAOs, from DLA's CSV or generated from geothai."""

from __future__ import annotations

from pathlib import Path

import click

from budget.application.commands import SetAuthorityContact
from budget.cli.common import office, run
from budget.domain.access import SYSTEM_ACTOR
from budget.registry import AuthorityImportError, generate_authorities, read_authorities_csv
from budget.registry.records import AuthorityRecord


@click.group()
def authorities() -> None:
    """The registry of local authorities (อปท.)."""


def _register(records: list[AuthorityRecord], source: str) -> None:
    with office() as the_office:
        done = the_office.import_authorities(records, actor=SYSTEM_ACTOR)
    contacts = f", {done.contacts:,} contacts set" if done.contacts else ""
    click.echo(
        f"{source}: {len(records):,} LAOs, {done.new:,} new, "
        f"{len(records) - done.new:,} already registered (not recorded again){contacts}"
    )


@authorities.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_csv(ctx: click.Context, file: Path) -> None:
    """Register the LAOs listed in FILE (DLA's CSV); all or nothing.

    Columns: code, name_th, name_en, type, province_code, district_code,
    subdistrict_code; and the LAO's contact, if the file gives it: officer, phone,
    email (set on registration; a later file giving another changes it). Re-running
    the same file records nothing twice.
    """
    try:
        records = read_authorities_csv(file)
    except AuthorityImportError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{file}: {count} problem{'s' * (count != 1)}; nothing recorded", err=True)
        ctx.exit(1)
    _register(records, str(file))


@authorities.command()
@click.option(
    "--province",
    "provinces",
    multiple=True,
    metavar="CODE",
    help="A province code (geothai's, e.g. 50); repeat for more. Default: every province.",
)
def generate(provinces: tuple[str, ...]) -> None:
    """Register the LAOs generated from Thailand's geography (about 7,860 in all)."""
    try:
        records = generate_authorities(list(provinces) if provinces else None)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--province") from None
    where = f"province {', '.join(provinces)}" if provinces else "every province"
    _register(records, f"generated for {where}")


@authorities.command("contact")
@click.argument("code")
@click.option("--officer", default="", help="The officer responsible for its records.")
@click.option("--phone", default="", help='Its office phone, e.g. "0 5311 2233 ต่อ 12".')
@click.option("--email", default="", help="Its office e-mail.")
def set_contact(code: str, officer: str, phone: str, email: str) -> None:
    """Set (or change) how the provincial office reaches the LAO CODE: a phone or an
    e-mail at least. The contact is replaced whole (an option left out is empty); an
    audited event, the contact before stays in its history."""
    run(SetAuthorityContact(code=code, officer=officer, phone=phone, email=email))
    click.echo(f"Set the contact of {code}.")
