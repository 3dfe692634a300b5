"""Demo data for reports: survey answers on some closed tickets, and the IT manager's
monthly-report subscription."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import ReportSubscription, Status, SurveyResponse, Ticket, User

COMMENTS = ["", "", "Snabb hjälp, tack!", "Tog lite lång tid.", "Bra bemötande.", ""]


def load_demo_reports(*, now: datetime, seed: int = 7) -> None:
    rng = random.Random(seed)
    closed = db.session.scalars(
        select(Ticket).where(Ticket.status == Status.CLOSED).order_by(Ticket.id)
    ).all()
    for ticket in closed:
        if rng.random() < 0.6:
            answered = min(now, (ticket.closed_at or now) + timedelta(hours=rng.randint(1, 48)))
            db.session.add(
                SurveyResponse(
                    ticket_id=ticket.id,
                    rating=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 8])[0],
                    comment=rng.choice(COMMENTS),
                    answered_at=answered,
                )
            )
    chief = db.session.scalar(select(User).where(User.email == "itchef@tanum.example"))
    if chief is not None:
        db.session.add(ReportSubscription(user_id=chief.id, active=True, created_at=now))
    db.session.flush()
