"""Command-line tools: one module per area, each a command group of thin wrappers over
domain functions. This registry lists them; the area modules never import it.

The groups are loaded lazily: a web worker builds the same app as `flask …` does, and
importing every command module (demo data, imports, mail tools) and Alembic only to
register commands it never runs cost it memory. A group's module is imported when the
command line first asks for it (`flask users …`; `flask --help` asks for all of them).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import click
from flask import Flask
from flask.cli import AppGroup

# name -> (module, attribute): imported when the command line asks for the group.
COMMAND_GROUPS = {
    "users": ("servicedesk.cli.users", "users_cli"),
    "demo": ("servicedesk.cli.demo", "demo_cli"),
    "catalog": ("servicedesk.cli.catalog", "catalog_cli"),
    "mail": ("servicedesk.cli.mail", "mail_cli"),
    "tokens": ("servicedesk.cli.tokens", "tokens_cli"),
    "tickets": ("servicedesk.cli.tickets", "tickets_cli"),
    "sla": ("servicedesk.cli.sla", "sla_cli"),
    "security": ("servicedesk.cli.security", "security_cli"),
    "kb": ("servicedesk.cli.kb", "kb_cli"),
    "records": ("servicedesk.cli.records", "records_cli"),
    "archive": ("servicedesk.cli.records", "archive_cli"),
    "reports": ("servicedesk.cli.reports", "reports_cli"),
    "search": ("servicedesk.cli.search", "search_cli"),
}


class LazyAppGroup(AppGroup):
    """`app.cli`, with groups that are loaded (imported and added) on first use."""

    def __init__(self, original: AppGroup, lazy: dict[str, Callable[[], None]]) -> None:
        super().__init__(original.name, commands=dict(original.commands), help=original.help)
        self._lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._lazy:
            self._lazy[cmd_name]()
        return super().get_command(ctx, cmd_name)


def register_commands(app: Flask) -> None:
    def group(module: str, attribute: str) -> Callable[[], None]:
        return lambda: app.cli.add_command(getattr(import_module(module), attribute))

    def migrations() -> None:
        from flask_migrate.cli import db as db_group

        from servicedesk.infra.migrations import init_migrations

        init_migrations(app)
        app.cli.add_command(db_group, name="db")

    lazy = {name: group(*where) for name, where in COMMAND_GROUPS.items()}
    app.cli = LazyAppGroup(app.cli, {**lazy, "db": migrations})
