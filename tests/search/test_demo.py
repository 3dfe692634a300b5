"""The demo, searched as the issue's "done when" says: `302`-style numbers open the case and
"schemat" finds the case whose description says it."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.demo import load_demo
from servicedesk.domain.search import search
from servicedesk.infra.extensions import db
from servicedesk.models import SearchDocument, Ticket, User


def _user(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def test_the_demo_is_indexed_and_schemat_finds_the_case(app, now):
    assert load_demo(ticket_count=20, now=now)
    db.session.commit()
    tickets = db.session.scalar(select(func.count()).select_from(Ticket))
    indexed = db.session.scalar(
        select(func.count()).select_from(SearchDocument).where(SearchDocument.kind == "ticket")
    )
    assert indexed == tickets
    agent = _user("agent")
    result = search(agent, "schemat")
    hits = [h for g in result.groups for h in g.items]
    case = next(h for h in hits if h.title == "Eleverna i 8A ser ingenting i Skola24")
    assert "<mark>Schemat</mark> visas inte" in case.snippet
    assert search(agent, str(case.id)).direct.id == case.id
    assert search(agent, f"inc-{case.id}").direct.id == case.id
    # the internal note: staff find the case by it, its requester does not
    assert case.id in [h.id for g in search(agent, "cachen").groups for h in g.items]
    requester = db.session.get(Ticket, case.id).requester
    # (the knowledge base's article on clearing the cache is theirs to read, a case is not)
    assert search(requester, "cachen", "ticket").total == 0
    assert search(requester, "klasslistorna", "ticket").total == 1  # the public reply and solution
