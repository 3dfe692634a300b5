"""A comment is no edit: it works on the current row, never on the caller's copy, never
fails because someone else saved the ticket meanwhile, and leaves the version alone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from servicedesk.domain.tickets.lifecycle import add_comment, check_version
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket


def _saved_elsewhere(ticket: Ticket, **values) -> None:
    """Another request's committed save, made behind this session's back."""
    with db.engine.begin() as conn:
        conn.execute(
            update(Ticket.__table__)
            .where(Ticket.__table__.c.id == ticket.id)
            .values(version=Ticket.__table__.c.version + 1, **values)
        )


def test_comment_on_a_stale_copy_lands_and_loses_no_one_elses_change(org, file_ticket, now):
    ticket = file_ticket()
    add_comment(ticket, org.agent, "Vi tittar på det.", now=now)
    db.session.commit()
    seen = ticket.version
    _saved_elsewhere(ticket, impact=1)  # our copy still says impact 3, version `seen`

    later = now + timedelta(hours=1)
    comment = add_comment(ticket, org.employee, "Det är bråttom.", now=later)
    db.session.commit()

    db.session.expire_all()
    fresh = db.session.get(Ticket, ticket.id)
    assert db.session.get(Comment, comment.id).body == "Det är bråttom."
    assert fresh.impact == 1 and fresh.version == seen + 1  # their save kept, no bump by us
    assert fresh.updated_at == later


def test_a_comment_does_not_make_an_open_form_stale(org, file_ticket, now):
    ticket = file_ticket()
    add_comment(ticket, org.agent, "Första svaret.", now=now)
    db.session.commit()
    first_response, seen = ticket.first_response_at, ticket.version
    later = now.replace(hour=12)
    add_comment(ticket, org.agent, "Andra svaret.", now=later)
    add_comment(ticket, org.employee, "Tack.", internal=False, now=later)
    db.session.commit()
    assert ticket.version == seen
    assert ticket.first_response_at == first_response  # only the first reply counts
    check_version(ticket, seen)  # an agent's form opened before the comments still saves


def test_a_comment_sees_a_close_made_meanwhile(org, file_ticket, now):
    """Read fresh, so a case closed a moment ago is refused clearly (not as stale)."""
    import pytest

    from servicedesk.domain.errors import InvalidTransition

    ticket = file_ticket()
    _saved_elsewhere(ticket, status="closed", closed_at=now)
    with pytest.raises(InvalidTransition):
        add_comment(ticket, org.employee, "Hallå?", now=now)
