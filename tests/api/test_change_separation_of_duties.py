"""Finding 15 on the API: a requester's own approval is refused (403 separation_of_duties)."""

from __future__ import annotations

from servicedesk.domain.changes.workflow import transition
from servicedesk.infra.extensions import db


def test_api_refuses_a_requesters_own_approval(api_as, world, now):
    change = world.change(world.controller, now=now)
    for state in ("submitted", "assessment", "awaiting_approval"):
        transition(change, world.controller, state, now=now)
    db.session.commit()
    answer = api_as(world.controller).post(
        f"/changes/{change.reference}/approvals",
        json={"decision": "approve"},
    )
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "separation_of_duties"
    db.session.expire_all()
    assert change.state == "awaiting_approval"
