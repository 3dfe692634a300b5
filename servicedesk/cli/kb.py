"""`flask kb reindex`: rebuild the knowledge base's search index from the articles."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from servicedesk.domain.kb.search import rebuild_index
from servicedesk.infra.extensions import db

kb_cli = AppGroup("kb", help="The knowledge base.")


@kb_cli.command("reindex")
def reindex() -> None:
    """Write every article into the search index again (after a restore, for example)."""
    count = rebuild_index()
    db.session.commit()
    click.echo(f"{count} articles indexed.")
