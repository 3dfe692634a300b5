"""The demo data has what the change and problem pages are shown with."""

from __future__ import annotations

from servicedesk.demo import load_demo
from servicedesk.domain.changes.conflicts import conflicts_for
from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeApproval, FreezePeriod, Problem


def test_demo_changes_and_problem(app, now):
    assert load_demo(ticket_count=150, now=now)
    db.session.commit()
    by_title = {c.title: c for c in db.session.query(Change).all()}
    finance = by_title["Uppgradera Ekonomisystemet till version 12"]
    assert finance.state == "awaiting_approval"
    approval = db.session.query(ChangeApproval).filter_by(change_id=finance.id).one()
    assert approval.approver.email == "forvaltare.ekonomi@tanum.example"
    patch = by_title["Säkerhetsuppdatering av e-postservern"]
    others, _ = conflicts_for(patch)
    assert [c.title for c in others] == ["Flytta delade brevlådor till ny lagring"]
    assert db.session.query(FreezePeriod).filter(FreezePeriod.service_id.is_(None)).count() == 1
    problem = db.session.query(Problem).one()
    assert len(problem.incidents) == 3 and problem.fix_change.state == "under_review"
    assert problem.known_error
