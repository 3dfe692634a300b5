"""The demo loads survey answers and the IT manager's subscription."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.demo import load_demo
from servicedesk.infra.extensions import db
from servicedesk.models import ReportSubscription, SurveyResponse, User


def test_demo_has_survey_answers_and_subscription(app, now):
    assert load_demo(ticket_count=60, now=now)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) > 0
    chief = db.session.scalar(select(User).where(User.email == "itchef@tanum.example"))
    sub = db.session.scalar(
        select(ReportSubscription).where(ReportSubscription.user_id == chief.id)
    )
    assert sub is not None and sub.active
