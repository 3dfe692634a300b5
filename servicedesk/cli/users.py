"""`flask users create|set-password|unlock`: accounts from the command line.

Roles given here are granted through the same audited function as the admin page; the
audit log shows the command line as "System".
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.sign_in import clear_failures
from servicedesk.domain.identity.users import create_user, find_user_by_email, set_password
from servicedesk.infra.extensions import db
from servicedesk.models.base import utcnow

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
    """Create a user with the given roles (each grant is audited)."""
    try:
        user = create_user(
            email=email,
            name=name,
            password=password,
            roles=set(roles),
            locale=locale,
            actor=None,
            now=utcnow(),
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Created {user.email} with roles {', '.join(sorted(user.roles))}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password_command(email: str, password: str):
    """Set a user's password; every session of the account ends."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    try:
        set_password(user, password)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"The password of {user.email} is set; its sessions have ended.")


@users_cli.command("unlock")
@click.argument("email")
def unlock_command(email: str):
    """Lift a sign-in lock: forget the failed attempts for EMAIL (known or not)."""
    count = clear_failures(email)
    db.session.commit()
    click.echo(f"Forgot {count} failed sign-ins for {email}.")
