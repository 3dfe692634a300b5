"""Command-line tools: thin wrappers over domain functions."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import AppGroup

from servicedesk.domain.errors import DomainError
from servicedesk.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    default=["employee"],
    type=click.Choice(["employee", "agent", "manager", "admin"]),
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", default="sv", type=click.Choice(["sv", "en"]))
def create_user_command(email: str, name: str, roles: tuple[str, ...], password: str, locale: str):
    """Create a user with the given roles."""
    from servicedesk.domain.users import create_user

    try:
        user = create_user(
            email=email, name=name, password=password, roles=set(roles), locale=locale
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.email} with roles {', '.join(sorted(user.roles))}.")


@demo_cli.command("load")
@click.option("--tickets", default=300, show_default=True, help="How many demo tickets.")
def load_demo_command(tickets: int):
    """Load the Tanum-like demo organisation, catalog, users and tickets (idempotent)."""
    from servicedesk.demo import load_demo

    created = load_demo(ticket_count=tickets)
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")


# One command group per line: (module, attribute).
COMMAND_GROUPS = (
    ("servicedesk.cli", "users_cli"),
    ("servicedesk.cli", "demo_cli"),
    ("servicedesk.catalog_cli", "catalog_cli"),
    ("servicedesk.mail.cli", "mail_cli"),
    ("servicedesk.api.cli", "tokens_cli"),
    ("servicedesk.api.imports", "tickets_cli"),
    ("servicedesk.sla_cli", "sla_cli"),
)


def register_commands(app: Flask) -> None:
    for module_name, attr in COMMAND_GROUPS:
        app.cli.add_command(getattr(import_module(module_name), attr))
