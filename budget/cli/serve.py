"""`budget serve`: the HTTP API and the pages (uvicorn), with the projections followed inside."""

from __future__ import annotations

import click

from budget.cli.common import describe_store, settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
def serve(*, host: str, port: int) -> None:
    """Serve the API and the pages on http://HOST:PORT (OpenAPI at /schema/openapi.json)."""
    import uvicorn

    from budget import bootstrap
    from budget.cli.demo import print_demo_accounts
    from budget.demo import present_demo_accounts
    from budget.demo.store import holds_demo_accounts
    from budget.http.threads import use_handler_threads

    chosen = settings()
    services = bootstrap.services(chosen)
    click.echo(f"Store: {describe_store(chosen)}")
    if chosen.follow == "outside":
        click.echo("Views: followed by another process (run `budget projections follow`)")
    if holds_demo_accounts(services.office):
        print_demo_accounts(present_demo_accounts(services.office))
    click.echo(f"\nServing http://{host}:{port}/api (OpenAPI: /schema/openapi.json)")
    click.echo(f"Pages for people: http://{host}:{port}/ (log in with a demo account)")
    try:
        app = bootstrap.web_app(chosen, services)
    except ValueError as error:  # a setting the service refuses (a short secret key)
        raise click.ClickException(str(error)) from None
    use_handler_threads()
    uvicorn.run(app, host=host, port=port, log_level="info", **chosen.proxy_options())
