"""The JSON of access requests, grants and reviews."""

from __future__ import annotations

from servicedesk.api.serializers import iso, person, ref
from servicedesk.models import AccessGrant, AccessRequest, AccessReview


def _who(model) -> dict:
    return {"id": model.person_id, "name": model.person_name, "email": model.person_email}


def request_json(request: AccessRequest) -> dict:
    return {
        "reference": request.reference,
        "kind": request.kind,
        "state": request.state,
        "service": ref(request.service, request.service.name_sv),
        "role": ref(request.role, request.role.name_sv),
        "person": _who(request),
        "reason": request.reason,
        "valid_from": request.valid_from.isoformat(),
        "valid_to": request.valid_to.isoformat() if request.valid_to else None,
        "current_step": request.current_step.value if request.current_step else None,
        "requested_by": person(request.requested_by),
        "created_at": iso(request.created_at),
        "decisions": [
            {
                "step": d.step_kind,
                "approver": person(d.approver),
                "decision": d.decision,
                "reason": d.reason,
                "decided_at": iso(d.decided_at),
            }
            for d in request.decisions
        ],
    }


def grant_json(grant: AccessGrant) -> dict:
    return {
        "id": grant.id,
        "service": ref(grant.service, grant.service.name_sv),
        "role": ref(grant.role, grant.role.name_sv),
        "person": _who(grant),
        "valid_from": grant.valid_from.isoformat(),
        "valid_to": grant.valid_to.isoformat() if grant.valid_to else None,
        "request": grant.request.reference if grant.request else None,
        "decided_by": person(grant.decision.approver) if grant.decision else None,
        "granted_by": person(grant.granted_by),
        "granted_at": iso(grant.granted_at),
        "revoked_at": iso(grant.revoked_at),
        "revoke_reason": grant.revoke_reason or None,
        "active": grant.active,
    }


def review_json(review: AccessReview) -> dict:
    return {
        "id": review.id,
        "service": ref(review.service, review.service.name_sv),
        "state": review.state,
        "reviewer": person(review.reviewer),
        "opened_at": iso(review.opened_at),
        "due_at": iso(review.due_at),
        "done_at": iso(review.done_at),
        "escalated_at": iso(review.escalated_at),
        "lines": [
            {
                "grant": line.grant_id,
                "person": _who(line.grant),
                "role": ref(line.grant.role, line.grant.role.name_sv),
                "answer": line.answer,
                "note": line.note,
                "answered_by": person(line.answered_by),
                "answered_at": iso(line.answered_at),
            }
            for line in review.lines
        ],
    }
