"""Resolving a ticket in a test: the solution and closure code every resolve needs."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.tickets.lifecycle import change_status


def resolve(
    ticket,
    actor,
    *,
    now: datetime,
    solution: str = "Lösenordet är återställt.",
    code: str = "solved_by_desk",
) -> None:
    change_status(ticket, actor, "resolved", solution=solution, closure_code=code, now=now)
