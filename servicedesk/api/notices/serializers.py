"""Notices and major incidents to JSON, times ISO 8601 UTC."""

from __future__ import annotations

from servicedesk.api.serializers import iso, person
from servicedesk.domain.major import incidents as major_domain
from servicedesk.models import MajorIncident, Notice, User


def notice_json(notice: Notice) -> dict:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "state": notice.state,
        "severity": notice.severity,
        "title": notice.title,
        "body": notice.body,
        "starts_at": iso(notice.starts_at),
        "ends_at": iso(notice.ends_at),
        "published_at": iso(notice.published_at),
        "resolved_at": iso(notice.resolved_at),
        "updated_at": iso(notice.updated_at),
        "services": [{"id": s.id, "name": s.name_sv} for s in notice.services],
        "major_incident": notice.major_ticket.reference if notice.major_ticket else None,
    }


def major_json(major: MajorIncident, me: User) -> dict:
    """The major incident with the linked cases `me` may see (the others only counted)."""
    visible = major_domain.children(major, me)
    return {
        "reference": major.ticket.reference,
        "title": major.ticket.title,
        "status": major.ticket.status,
        "declared_at": iso(major.declared_at),
        "declared_by": person(major.declared_by),
        "workaround": major.workaround,
        "problem": major.problem.reference if major.problem else None,
        "children": [
            {"reference": t.reference, "title": t.title, "status": t.status} for t in visible
        ],
        "child_count": major_domain.child_count(major),
    }
