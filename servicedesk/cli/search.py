"""`flask search`: rebuild the full-text search index from the records."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from servicedesk.infra.extensions import db

search_cli = AppGroup("search", help="The full-text search index.")


@search_cli.command("reindex")
@click.option(
    "--kind", "kinds", multiple=True, help="Only this kind (ticket, change, problem); repeatable."
)
def reindex_command(kinds: tuple[str, ...]):
    """Write the search index again from every ticket, change and problem.

    Needed after data was loaded past the application (bulk SQL, a restored dump); the
    application keeps the index in step itself. One transaction: searches see the old
    index until it commits."""
    from servicedesk.domain.search.index import rebuild
    from servicedesk.domain.search.kinds import KINDS

    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise click.BadParameter(", ".join(sorted(unknown)), param_hint="--kind")
    started = time.perf_counter()
    counts = rebuild(db.session.connection(), kinds or None)
    db.session.commit()
    took = time.perf_counter() - started
    for kind, count in counts.items():
        click.echo(f"{kind}: {count} indexed")
    click.echo(f"done in {took:.1f} s")
