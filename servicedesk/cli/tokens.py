"""`flask tokens create|revoke`: API tokens for integrations, the secret printed once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from servicedesk.domain.errors import DomainError
from servicedesk.domain.identity.api_tokens import create_token, revoke_token
from servicedesk.domain.identity.users import find_user_by_email
from servicedesk.infra.extensions import db
from servicedesk.models.base import utcnow

tokens_cli = AppGroup("tokens", help="Personal API tokens.")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@click.option("--days", type=int, default=None, help="Expire after this many days.")
def create_command(email: str, name: str, days: int | None):
    """Create a token acting as EMAIL; prints the secret once (only its hash is kept)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    try:
        token, secret = create_token(user, name=name, days=days, now=utcnow())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Token {token.id} for {user.email} ({token.name}); it is shown only once:")
    click.echo(secret)


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int):
    """Revoke a token by its id."""
    try:
        token = revoke_token(token_id, owner=None, now=utcnow())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Token {token.id} ({token.prefix}…) is revoked.")
