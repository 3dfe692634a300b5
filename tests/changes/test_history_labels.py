"""The change page's history shows approver roles and decisions as translated labels."""

from __future__ import annotations

from servicedesk.domain.changes.approvals import decide
from servicedesk.domain.changes.workflow import transition
from servicedesk.domain.labels import change_history_value
from servicedesk.infra.extensions import db


def _request_approval(world, change, now):
    for state in ("submitted", "assessment", "awaiting_approval"):
        transition(change, world.org.agent, state, now=now)
    db.session.commit()


def test_history_shows_the_approver_role_translated(world, client, auth, now):
    change = world.change(now=now)
    _request_approval(world, change, now)
    decide(change, world.controller, "approved", comment="Ok", now=now)
    db.session.commit()
    auth.login(world.org.agent)
    html = client.get(f"/changes/{change.id}").get_data(as_text=True)
    assert "(service_owner)" not in html
    assert "Frida Förvaltare (Systemförvaltare)" in html
    assert "approved: Ok" not in html
    assert "Godkänd: Ok" in html


def test_history_value_keeps_unknown_values_as_they_are():
    assert change_history_value("approver", "Anna (owner)") == "Anna (owner)"
    assert change_history_value("approval", "maybe: x") == "maybe: x"
    assert change_history_value("title", "Byt (cab)") == "Byt (cab)"
    assert change_history_value("approver", None) == ""


def test_standard_approval_and_review_outcome_are_labels_in_the_readers_language(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("sv"):
            assert change_history_value("approval", "standard") != "standard"
            old_row = change_history_value("approval", "pre-approved (standard)")
            assert old_row == change_history_value("approval", "standard")
            assert "pre-approved" not in old_row
            assert change_history_value("review", "successful") not in ("successful", "Successful")
        with force_locale("en"):
            assert change_history_value("review", "successful") == "Successful"
            assert change_history_value("approval", "standard") == "Standard (pre-approved)"
