"""The data-subject export (domain/records/gdpr.py) carries the person's access: what was
asked for them, each approver's decision and reason, and the grant."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.access import requests, tasks
from servicedesk.domain.records.gdpr import export_person
from servicedesk.infra.extensions import db
from servicedesk.models import AccessTask


def test_export_lists_request_decisions_and_grant(access, ask, now):
    org = access.org
    request = ask()
    requests.decide(request, access.manager, "approved", reason="Behövs i tjänsten", now=now)
    requests.decide(request, access.administrator, "approved", reason="OK", now=now)
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == request.id))
    grant = tasks.complete_task(task, org.soc_agent, now=now)
    db.session.commit()

    rows = export_person(org.admin, org.other_employee, now=now)["sections"]["access"]
    [asked] = [r for r in rows if "request" in r]
    assert asked["request"] == request.reference and asked["role"] == "Handläggare"
    assert [(d["decision"], d["reason"]) for d in asked["decisions"]] == [
        ("approved", "Behövs i tjänsten"),
        ("approved", "OK"),
    ]
    assert [r["grant"] for r in rows if "grant" in r] == [grant.id]
    # someone else's export has none of it
    assert export_person(org.admin, org.employee, now=now)["sections"]["access"] == []
