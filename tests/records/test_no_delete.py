"""No hard delete: no route, CLI command or API call deletes a ticket, comment, file or
history line, and the ORM refuses to if code ever tried (thinning blanks content, keeping
the rows)."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from sqlalchemy import delete

from servicedesk.api.openapi import build_document
from servicedesk.infra.extensions import db
from servicedesk.models import ChangeHistory, Comment, Ticket, TicketHistory
from servicedesk.models.records import RecordDeletionRefused

SOURCE = Path(__file__).resolve().parents[2] / "servicedesk"
PROTECTED = {"Ticket", "Comment", "Attachment", "TicketHistory", "ChangeHistory"}
PROTECTED_TABLES = {"ticket", "comment", "attachment", "ticket_history", "change_history"}
RECORD_WORDS = ("ticket", "comment", "attachment", "file", "history")


def test_no_route_deletes_a_record(app):
    deleting = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "DELETE" in (rule.methods or ())
        and any(word in rule.rule.lower() for word in RECORD_WORDS)
    ]
    assert deleting == []


def test_no_api_operation_deletes_a_record(app):
    paths = build_document()["paths"]
    deleting = [path for path, operations in paths.items() if "delete" in operations]
    assert not [p for p in deleting if any(word in p.lower() for word in RECORD_WORDS)]


def _commands(group: click.Group, ctx: click.Context, prefix=()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, (*prefix, name))
        else:
            yield (*prefix, name)


def test_no_cli_command_deletes_a_record(app):
    ctx = click.Context(app.cli)
    names = [" ".join(c) for c in _commands(app.cli, ctx) if c[0] != "db"]  # Alembic's own
    assert "records thin" in names
    destructive = [
        n for n in names if any(w in n for w in ("delete", "purge", "erase", "drop", "remove"))
    ]
    assert destructive == []


def _delete_calls(tree: ast.AST):
    """Calls that delete: delete(Model), Model.__table__.delete(), session.delete(x)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "delete" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Name) and arg.id in PROTECTED:
                yield f"delete({arg.id})"
        if isinstance(func, ast.Attribute) and func.attr == "delete":
            owner = func.value
            if (
                isinstance(owner, ast.Attribute)
                and owner.attr == "__table__"
                and isinstance(owner.value, ast.Name)
                and owner.value.id in PROTECTED
            ):
                yield f"{owner.value.id}.__table__.delete()"
            if node.args and isinstance(node.args[0], ast.Name):
                name = node.args[0].id.lower()
                if any(word in name for word in RECORD_WORDS):
                    yield f"session.delete({node.args[0].id})"
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                text = arg.value.upper()
                if any(f"DELETE FROM {t.upper()}" in text for t in PROTECTED_TABLES):
                    yield "raw DELETE"


def test_no_code_path_deletes_a_record():
    found = []
    for path in SOURCE.rglob("*.py"):
        for call in _delete_calls(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(SOURCE)}: {call}")
    assert found == []


def test_the_orm_refuses_to_delete_records(org, file_ticket):
    ticket = file_ticket(org.employee)
    db.session.delete(ticket)
    with pytest.raises(RecordDeletionRefused):
        db.session.flush()
    db.session.rollback()
    for model in (Comment, TicketHistory, ChangeHistory, Ticket):
        with pytest.raises(RecordDeletionRefused):
            db.session.execute(delete(model))
        db.session.rollback()
    assert db.session.get(Ticket, ticket.id) is not None
