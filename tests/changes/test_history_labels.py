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
