"""Where a new case goes, and why (the reason is stored as an explanation code with its
parameters, and put into words in the reader's language when shown).

The decision itself is pure (`servicedesk.domain.routing.engine.decide_route`); this module
loads the facts it needs (the ordered rules in one query, the queues, the case's service),
applies the queue's auto-assignment, and turns the result into a `RouteDecision` of models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from servicedesk.domain.explanations import explain
from servicedesk.domain.permissions import RESTRICTED_CONFIDENTIALITY, may_hold
from servicedesk.domain.routing.auto_assign import auto_assign
from servicedesk.domain.routing.engine import (
    CaseFacts,
    CatalogFacts,
    Decision,
    NoCentralQueue,
    QueueFacts,
    RuleSpec,
    ServiceFacts,
    decide_by_catalog,
    decide_route,
    split_title_words,
)
from servicedesk.domain.security.queue import security_queue
from servicedesk.domain.settings_cache import cached
from servicedesk.domain.tickets.priority import priority_for
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, RoutingRule, Service, TicketType, Unit, User

__all__ = [
    "NoCentralQueue",
    "RouteDecision",
    "case_facts",
    "decide_for",
    "central_queue",
    "load_rules",
    "preview_route",
    "route_by_catalog",
    "route_ticket",
    "rule_spec",
    "to_route_decision",
]


@dataclass(frozen=True)
class RouteDecision:
    queue: Queue
    reason: dict
    assignee: User | None = None
    tags: tuple[str, ...] = ()
    assign_reason: dict | None = None


def central_queue() -> Queue:
    queue = db.session.scalar(
        select(Queue).where(Queue.is_central.is_(True), Queue.active.is_(True)).order_by(Queue.id)
    )
    if queue is None:
        raise NoCentralQueue("No active central service desk queue is configured.")
    return queue


def rule_spec(rule: RoutingRule) -> RuleSpec:
    assignee = rule.assignee
    return RuleSpec(
        id=rule.id or 0,
        name=rule.name,
        target_queue_id=rule.target_queue_id,
        active=bool(rule.active),
        ticket_type=rule.ticket_type or None,
        service_id=rule.service_id,
        service_name=rule.service.name_sv if rule.service else "",
        owner_unit_id=rule.owner_unit_id,
        owner_unit_name=rule.owner_unit.name if rule.owner_unit else "",
        requester_unit_id=rule.requester_unit_id,
        requester_unit_name=rule.requester_unit.name if rule.requester_unit else "",
        channel=rule.channel or None,
        priority=rule.priority,
        title_words=split_title_words(rule.title_words),
        assignee_id=rule.assignee_id,
        assignee_available=bool(assignee and assignee.active and not assignee.away),
        tag=rule.tag or None,
    )


def load_rules() -> list[RuleSpec]:
    """Every rule in order, with the names its explanation needs, in one query.

    Plain columns rather than ORM objects: this runs for every new ticket."""
    owner, requester = aliased(Unit), aliased(Unit)
    stmt = (
        select(
            *RoutingRule.__table__.c,
            Service.name_sv.label("service_name"),
            owner.name.label("owner_unit_name"),
            requester.name.label("requester_unit_name"),
            and_(User.active.is_(True), User.away.is_(False)).label("assignee_available"),
        )
        .outerjoin(Service, Service.id == RoutingRule.service_id)
        .outerjoin(owner, owner.id == RoutingRule.owner_unit_id)
        .outerjoin(requester, requester.id == RoutingRule.requester_unit_id)
        .outerjoin(User, User.id == RoutingRule.assignee_id)
        .order_by(RoutingRule.position, RoutingRule.id)
    )
    return [_spec_from_row(row._mapping) for row in db.session.execute(stmt)]


def _spec_from_row(row) -> RuleSpec:
    return RuleSpec(
        id=row["id"],
        name=row["name"],
        target_queue_id=row["target_queue_id"],
        active=bool(row["active"]),
        ticket_type=row["ticket_type"] or None,
        service_id=row["service_id"],
        service_name=row["service_name"] or "",
        owner_unit_id=row["owner_unit_id"],
        owner_unit_name=row["owner_unit_name"] or "",
        requester_unit_id=row["requester_unit_id"],
        requester_unit_name=row["requester_unit_name"] or "",
        channel=row["channel"] or None,
        priority=row["priority"],
        title_words=split_title_words(row["title_words"]),
        assignee_id=row["assignee_id"],
        assignee_available=bool(row["assignee_id"] and row["assignee_available"]),
        tag=row["tag"] or None,
    )


def _service_facts(service: Service) -> ServiceFacts:
    return ServiceFacts(
        id=service.id,
        name=service.name_sv,
        owner_unit_id=service.owner_unit_id,
        owner_unit_name=service.owner_unit.name if service.owner_unit else "",
        is_common=bool(service.is_common),
        queue_id=service.queue_id,
        active=bool(service.active),
        restricted=service.confidentiality >= RESTRICTED_CONFIDENTIALITY,
    )


def _queue_facts() -> dict[int, QueueFacts]:
    rows = db.session.execute(select(Queue.id, Queue.name, Queue.active, Queue.is_central))
    return {r.id: QueueFacts(r.id, r.name, bool(r.active), bool(r.is_central)) for r in rows}


def catalog_facts(service: Service | None) -> CatalogFacts:
    queues = cached("routing.queues", _queue_facts)
    services = {service.id: _service_facts(service)} if service is not None else {}
    return CatalogFacts(queues=queues, services=services)


def case_facts(ticket) -> CaseFacts:
    service = ticket.service
    return CaseFacts(
        ticket_type=str(ticket.type),
        service_id=service.id if service is not None else None,
        requester_unit_id=ticket.requester_unit_id,
        channel=str(ticket.channel),
        priority=int(ticket.priority or priority_for(ticket.impact, ticket.urgency)),
        title=ticket.title or "",
    )


def to_route_decision(
    decision: Decision, service: Service | None = None, *, auto: bool = True
) -> RouteDecision:
    """Load the decided queue and people; auto-assign when the rule named nobody (and
    `auto`: a case already over when it is imported is nobody's work now).

    Nobody is given the case who may not see it (`permissions.may_hold`): a rule's assignee
    outside a confidential service is passed over for the queue's auto-assignment, and
    auto-assignment only picks among those who may see it."""
    queue = db.session.get(Queue, decision.queue_id)
    assignee = db.session.get(User, decision.assignee_id) if decision.assignee_id else None
    assign_reason = explain("assigned_by_rule", name=assignee.name) if assignee else None
    if assignee is not None and not may_hold(assignee, service):
        assignee, assign_reason = None, None
    if assignee is None and auto:
        assignee, assign_reason = auto_assign(queue, service)
    reason = decision.reason
    if assign_reason:
        reason = explain("routed_and_assigned", route=reason, assign=assign_reason)
    tags = (decision.tag,) if decision.tag else ()
    return RouteDecision(queue, reason, assignee, tags, assign_reason)


def decide_for(ticket) -> Decision:
    """The pure decision for a ticket (no assignment, nothing changed)."""
    rules = cached("routing.rules", lambda: tuple(load_rules()))
    return decide_route(case_facts(ticket), rules, catalog_facts(ticket.service))


def route_ticket(ticket) -> RouteDecision:
    """The routing decision for a (new or re-routed) ticket: rules, catalog, central desk;
    then the target queue's auto-assignment when the rule named nobody. A security
    incident always goes to the security queue (domain/security), rules aside."""
    if ticket.type == TicketType.SECURITY:
        return RouteDecision(security_queue(), explain("security_incident"))
    return to_route_decision(decide_for(ticket), ticket.service)


def route_by_catalog(service: Service | None) -> RouteDecision:
    """The catalog default alone (no rules, no auto-assignment)."""
    case = CaseFacts(service_id=service.id if service is not None else None)
    decision = decide_by_catalog(case, catalog_facts(service))
    return RouteDecision(db.session.get(Queue, decision.queue_id), decision.reason)


def preview_route(
    case: CaseFacts, *, draft: RuleSpec | None = None, draft_index: int | None = None
) -> tuple[Decision, Queue]:
    """Where a sample case would go and why, with an unsaved rule in place (admin test form).

    Nothing is assigned or changed: auto-assignment is not previewed."""
    rules: Sequence[RuleSpec] = load_rules()
    if draft is not None:
        others = [r for r in rules if not draft.id or r.id != draft.id]
        index = len(others) if draft_index is None else min(draft_index, len(others))
        rules = [*others[:index], draft, *others[index:]]
    service = db.session.get(Service, case.service_id) if case.service_id else None
    decision = decide_route(case, rules, catalog_facts(service))
    return decision, db.session.get(Queue, decision.queue_id)
