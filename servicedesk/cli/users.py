"""`flask users create`: an account with its roles, from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from servicedesk.domain.errors import DomainError
from servicedesk.infra.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


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
    from servicedesk.domain.identity.users import create_user

    try:
        user = create_user(
            email=email, name=name, password=password, roles=set(roles), locale=locale
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.email} with roles {', '.join(sorted(user.roles))}.")
