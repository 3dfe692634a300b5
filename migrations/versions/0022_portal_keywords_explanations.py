"""portal: service keywords; system explanations stored as a code with parameters

Revision ID: portal_0018
Revises: answers_0018
Create Date: 2026-12-06 22:10:00

The Swedish sentences the system used to write into `ticket_history.note` and
`ticket.route_reason` ("Återöppnad", "Överlämnad av Anna: ...") become
`{"code", "params"}` (servicedesk/domain/explanations.py) wherever their form is known
(fixed notes, transfers, catalog routing and auto-assignment); what a person typed stays in
the text column. A sentence of another form (a rule's reason with its conditions in free
words) is left as it is and still shows as written.
"""

import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "portal_0018"
down_revision = 'answers_0018'
branch_labels = None
depends_on = None

FIXED_NOTES = {
    "Återöppnad": "reopened",
    "Anmälaren svarade": "requester_replied",
    "Lösningen bekräftad": "resolution_confirmed",
    "Avslutad automatiskt": "closed_automatically",
}
CONFIDENTIAL = re.compile(r"^(?P<service>.+) är en sekretessklassad tjänst: ärendet hör till dess kö$")
REROUTED = "Ny dirigering: "
TRANSFERRED = re.compile(r"^Överlämnad av (?P<by>[^:]+): (?P<rest>.*)$", re.S)

history = sa.table(
    "ticket_history",
    sa.column("id", sa.Integer),
    sa.column("ticket_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
    sa.column("note", sa.Text),
    sa.column("explanation", sa.JSON),
)
ticket = sa.table(
    "ticket",
    sa.column("id", sa.Integer),
    sa.column("route_reason", sa.Text),
    sa.column("route_explanation", sa.JSON),
)


ROUTES = [
    ("route_no_service", re.compile(r"^Ingen tjänst angiven → (?P<queue>.+)$")),
    ("route_unknown_service", re.compile(r"^Okänd tjänst → (?P<queue>.+)$")),
    ("route_retired_service", re.compile(r"^(?P<service>.+) är avvecklad → (?P<queue>.+)$")),
    (
        "route_common_service",
        re.compile(r"^(?P<service>.+) är en kommungemensam tjänst → (?P<queue>.+)$"),
    ),
    (
        "route_no_support_queue",
        re.compile(r"^(?P<service>.+) saknar aktiv supportkö → (?P<queue>.+)$"),
    ),
    ("route_owned_service", re.compile(r"^(?P<service>.+) ägs av (?P<owner>.+) → (?P<queue>.+)$")),
]
ASSIGNS = [
    ("no_agent_present", re.compile(r"^Ingen närvarande handläggare i kön; inte tilldelad$")),
    ("assigned_by_rule", re.compile(r"^Tilldelad (?P<name>.+) enligt regeln$")),
    ("assigned_in_turn", re.compile(r"^Tilldelad (?P<name>.+) i tur och ordning$")),
    (
        "assigned_least_loaded",
        re.compile(r"^Tilldelad (?P<name>.+): minst antal öppna ärenden \((?P<count>\d+)\)$"),
    ),
]


def _first(patterns, text):
    for code, pattern in patterns:
        found = pattern.match(text)
        if found:
            params = found.groupdict()
            if "count" in params:
                params["count"] = int(params["count"])
            return explain(code, **params)
    return None


def routing_explanation(text):
    """A routing reason of the catalog's or auto-assignment's form, else None (a rule's
    reason, with its conditions in free words, stays as text)."""
    whole = _first(ASSIGNS, text) or _first(ROUTES, text)
    if whole is not None:
        return whole
    for assign in ("; Ingen närvarande", "; Tilldelad "):
        route, sep, rest = text.rpartition(assign)
        if sep:
            routed, assigned = _first(ROUTES, route), _first(ASSIGNS, sep[2:] + rest)
            if routed is not None and assigned is not None:
                return explain("routed_and_assigned", route=routed, assign=assigned)
    return None


def explain(code, **params):
    return {"code": code, "params": params}


def system_explanation(text):
    """(explanation, what is left as typed) for a system sentence, else (None, text)."""
    if text in FIXED_NOTES:
        return explain(FIXED_NOTES[text]), ""
    found = CONFIDENTIAL.match(text)
    if found:
        return explain("confidential_service", service=found["service"]), ""
    if text.startswith(REROUTED):
        route = text[len(REROUTED) :]
        return explain("rerouted", route=routing_explanation(route) or route), ""
    routed = routing_explanation(text)
    if routed is not None:
        return routed, ""
    return None, text


def convert_distinct(bind, table, said, explanation, where):
    """One UPDATE per distinct sentence among the rows `where` selects (a few per service,
    queue and agent), not one per row: 100,000 tickets share a few hundred sentences."""
    for (text,) in bind.execute(sa.select(said).where(where).distinct()).all():
        why, left = system_explanation(text)
        if why is not None:
            bind.execute(
                table.update()
                .where(where, said == text)
                .values({explanation.name: why, said.name: left})
            )


def upgrade():
    op.add_column("service", sa.Column("keywords", sa.Text(), server_default="", nullable=False))
    op.add_column("ticket", sa.Column("route_explanation", sa.JSON(), nullable=True))
    op.add_column("ticket_history", sa.Column("explanation", sa.JSON(), nullable=True))
    bind = op.get_bind()
    # The fixed sentences, whoever's line they are on (a requester's "Återöppnad" too).
    fixed = sa.and_(
        history.c.explanation.is_(None),
        sa.or_(
            history.c.note.in_(list(FIXED_NOTES)),
            history.c.note.like(REROUTED + "%"),
            history.c.note.like("% är en sekretessklassad tjänst: ärendet hör till dess kö"),
        ),
    )
    convert_distinct(bind, history, history.c.note, history.c.explanation, fixed)
    # Reopen lines that carried the requester's own words keep them, and say "reopened".
    bind.execute(
        history.update()
        .where(
            history.c.field == "status",
            history.c.old_value == "resolved",
            history.c.new_value == "open",
            history.c.explanation.is_(None),
        )
        .values(explanation=explain("reopened"))
    )
    # The routing lines the system wrote (queue, tag, assignee) and the tickets' reasons.
    system_lines = sa.and_(
        history.c.field.in_(["queue", "tag", "assignee"]),
        history.c.actor_id.is_(None),
        history.c.explanation.is_(None),
        history.c.note != "",
    )
    convert_distinct(bind, history, history.c.note, history.c.explanation, system_lines)
    reasons = sa.and_(
        ticket.c.route_explanation.is_(None),
        ticket.c.route_reason != "",
        ticket.c.route_reason.notlike("Överlämnad av %"),
    )
    convert_distinct(bind, ticket, ticket.c.route_reason, ticket.c.route_explanation, reasons)
    moved = bind.execute(
        sa.select(ticket.c.id, ticket.c.route_reason).where(
            ticket.c.route_reason.like("Överlämnad av %")
        )
    ).all()
    for row in moved:
        found = TRANSFERRED.match(row.route_reason or "")
        if not found:
            continue
        last = bind.execute(
            sa.select(history.c.old_value, history.c.new_value)
            .where(history.c.ticket_id == row.id, history.c.field == "queue")
            .order_by(history.c.id.desc())
            .limit(1)
        ).first()
        params = {
            "by": found["by"],
            "from_queue": (last.old_value if last else None) or "?",
            "to_queue": (last.new_value if last else None) or "?",
        }
        why, typed = system_explanation(found["rest"])
        value = (
            explain("transferred", **params)
            if why is None
            else explain("transferred_because", **params, why=why)
        )
        bind.execute(
            ticket.update()
            .where(ticket.c.id == row.id)
            .values(route_explanation=value, route_reason=typed)
        )


def downgrade():
    """Drops the columns (the explanations go with them: older code shows no note)."""
    for table, column in (
        ("ticket_history", "explanation"),
        ("ticket", "route_explanation"),
        ("service", "keywords"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
