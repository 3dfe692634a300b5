"""Change requests and problem records to JSON, timestamps ISO 8601 with offset."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.api.serializers import iso, person
from servicedesk.domain.changes import state as change_state
from servicedesk.domain.changes import workflow as changes
from servicedesk.domain.changes.conflicts import conflicts_for
from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.infra.extensions import db
from servicedesk.models import Change, ChangeApproval, ChangeHistory, FreezePeriod, Problem, User

TEXT_FIELDS = (
    "description",
    "reason",
    "expected_benefit",
    "implementation_plan",
    "backout_plan",
    "test_plan",
    "risk_text",
    "consequence",
    "communication_plan",
)


def change_ref(change: Change | None) -> dict | None:
    if change is None:
        return None
    return {"reference": change.reference, "title": change.title, "state": change.state}


def change_json(change: Change) -> dict:
    """What the change list shows per change; the detail adds approvals, history, conflicts."""
    return {
        "reference": change.reference,
        "kind": change.kind,
        "state": change.state,
        "title": change.title,
        **{name: getattr(change, name) for name in TEXT_FIELDS},
        "planned_start": iso(change.planned_start),
        "planned_end": iso(change.planned_end),
        "cost_one_off": change.cost_one_off,
        "cost_yearly": change.cost_yearly,
        "risk_likelihood": change.risk_likelihood,
        "risk_impact": change.risk_impact,
        "risk_level": change_state.risk_level(change.risk_likelihood, change.risk_impact),
        "services": [{"id": s.id, "name": s.name_sv} for s in change.services],
        "requester": person(change.requester),
        "owner": person(change.owner),
        "created_at": iso(change.created_at),
        "updated_at": iso(change.updated_at),
        "version": change.version,
    }


def approval_json(approval: ChangeApproval) -> dict:
    return {
        "approver": person(approval.approver),
        "role": approval.role,
        "decision": approval.decision,
        "comment": approval.comment,
        "requested_at": iso(approval.requested_at),
        "decided_at": iso(approval.decided_at),
    }


def _history(change: Change) -> list[dict]:
    rows = db.session.scalars(
        select(ChangeHistory)
        .where(ChangeHistory.change_id == change.id)
        .order_by(ChangeHistory.at, ChangeHistory.id)
    )
    return [
        {
            "at": iso(row.at),
            "actor": {"id": row.actor.id, "name": row.actor.name} if row.actor else None,
            "field": row.field,
            "old_value": row.old_value,
            "new_value": row.new_value,
        }
        for row in rows
    ]


def _freeze_json(freeze: FreezePeriod) -> dict:
    service = freeze.service
    return {
        "id": freeze.id,
        "name": freeze.name,
        "start_at": iso(freeze.start_at),
        "end_at": iso(freeze.end_at),
        "service": {"id": service.id, "name": service.name_sv} if service else None,
    }


def change_detail_json(change: Change, me: User) -> dict:
    others, freezes = conflicts_for(change, me)
    return {
        **change_json(change),
        "transitions": changes.available_transitions(change, me),
        "approvals": [approval_json(a) for a in change.approvals],
        "history": _history(change),
        "conflicts": {
            "changes": [
                {
                    **change_ref(other),
                    "planned_start": iso(other.planned_start),
                    "planned_end": iso(other.planned_end),
                }
                for other in others
            ],
            "freezes": [_freeze_json(f) for f in freezes],
        },
    }


def _incident_json(ticket, me: User) -> dict:
    """A linked incident; one the caller may not see shows its number only, as on the page."""
    visible = find_by_reference(me, ticket.reference) is not None
    return {
        "reference": ticket.reference,
        "visible": visible,
        "title": ticket.title if visible else None,
        "status": ticket.status if visible else None,
    }


def problem_json(problem: Problem, me: User, *, incidents: bool = True) -> dict:
    data = {
        "reference": problem.reference,
        "title": problem.title,
        "description": problem.description,
        "status": problem.status,
        "root_cause": problem.root_cause,
        "workaround": problem.workaround,
        "known_error": problem.known_error,
        "fix_change": change_ref(problem.fix_change),
        "owner": person(problem.owner),
        "created_at": iso(problem.created_at),
        "updated_at": iso(problem.updated_at),
        "resolved_at": iso(problem.resolved_at),
        "version": problem.version,
    }
    if incidents:
        data["incidents"] = [_incident_json(t, me) for t in problem.incidents]
    return data
