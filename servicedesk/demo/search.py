"""Demo data for search: last month's case that solved a fault, found by its words.

The demo's other cases are indexed as they are filed (the index follows every write); this
one is the "done when" of full-text search: its title does not say "schema", its description
does ("Schemat visas inte"), its solution says what fixed it and an internal note says what
only the desk should read, so `schemat` finds it for the agent (with the passage marked), and
`cachen` finds it through the note for staff only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from servicedesk.domain.tickets import lifecycle
from servicedesk.models import Status, User


def load_demo_search(users: dict[str, User], *, now: datetime) -> None:
    requester = next(u for u in users.values() if u.roles == {"employee"})
    agent = users["agent"]
    filed = now - timedelta(days=30)
    ticket = lifecycle.create_ticket(
        requester=requester,
        actor=requester,
        title="Eleverna i 8A ser ingenting i Skola24",
        description="Schemat visas inte för klass 8A sedan uppdateringen i helgen. "
        "Andra klasser fungerar.",
        service=None,
        impact=2,
        urgency=2,
        now=now,
        created_at=filed,
    )
    lifecycle.assign_ticket(ticket, agent, agent, now=filed + timedelta(hours=1))
    lifecycle.add_comment(
        ticket,
        agent,
        "Skola24 läser in klasslistorna på nytt i natt; säg till om schemat saknas i morgon.",
        now=filed + timedelta(hours=2),
    )
    lifecycle.add_comment(
        ticket,
        agent,
        "Leverantören bekräftar: cachen för klass 8A blev inte tömd efter uppdateringen.",
        internal=True,
        now=filed + timedelta(hours=3),
    )
    lifecycle.change_status(
        ticket,
        agent,
        Status.RESOLVED,
        solution="Klasslistorna lästes in på nytt och schemat för 8A visas igen.",
        closure_code="solved_by_second_line",
        now=filed + timedelta(days=1),
    )
