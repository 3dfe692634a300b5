"""The demo has the care system's access roles, a manager and a systemförvaltare, a grant
in an open review, and one request waiting for the manager."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.demo import load_demo
from servicedesk.domain.access import requests
from servicedesk.infra.extensions import db
from servicedesk.models import AccessGrant, AccessRequest, AccessReview, AccessRole, User


def test_demo_access(app, now):
    assert load_demo(ticket_count=20, now=now)
    db.session.commit()
    roles = sorted(db.session.scalars(select(AccessRole.name_sv)))
    assert roles == ["Administratör", "Handläggare", "Läsbehörighet"]
    [pending] = db.session.scalars(
        select(AccessRequest).where(AccessRequest.state == "pending")
    ).all()
    assert pending.person.email == "underskoterska@tanum.example"
    manager = db.session.scalar(select(User).where(User.email == "soc.chef@tanum.example"))
    assert requests.awaiting_decision_by(manager) == [pending]
    [grant] = db.session.scalars(select(AccessGrant)).all()
    [review] = db.session.scalars(select(AccessReview)).all()
    assert review.state == "open" and [line.grant_id for line in review.lines] == [grant.id]
    assert review.service.administrator.email == "forvaltare.vard@tanum.example"
