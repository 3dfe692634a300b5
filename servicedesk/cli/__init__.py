"""Command-line tools: one module per area, each a command group of thin wrappers over
domain functions. This registry lists them; the area modules never import it."""

from __future__ import annotations

from flask import Flask

from servicedesk.cli.catalog import catalog_cli
from servicedesk.cli.demo import demo_cli
from servicedesk.cli.mail import mail_cli
from servicedesk.cli.sla import sla_cli
from servicedesk.cli.tickets import tickets_cli
from servicedesk.cli.tokens import tokens_cli
from servicedesk.cli.users import users_cli

COMMAND_GROUPS = (users_cli, demo_cli, catalog_cli, mail_cli, tokens_cli, tickets_cli, sla_cli)


def register_commands(app: Flask) -> None:
    for group in COMMAND_GROUPS:
        app.cli.add_command(group)
