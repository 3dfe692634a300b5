"""The routing decision as a pure function over plain data (no database, no Flask).

`decide_route` takes the facts of one case, the ordered rules and the bits of the catalog
it needs, and returns the target queue with an explanation as a code and parameters
(domain/explanations.py, put into the reader's language when shown). The first matching
active rule wins (a rule whose target queue is inactive or missing is skipped, and so is
a rule that would move a restricted service's case out of that service's queue); then the
catalog default; anything unplaceable goes to the central service desk. Its cost depends
on the number of rules only, never on the number of tickets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from servicedesk.domain.explanations import explain


class NoCentralQueue(RuntimeError):
    """The installation has no active central service desk queue: a setup error."""


@dataclass(frozen=True)
class QueueFacts:
    id: int
    name: str
    active: bool = True
    is_central: bool = False


@dataclass(frozen=True)
class ServiceFacts:
    id: int
    name: str
    owner_unit_id: int | None = None
    owner_unit_name: str = ""
    is_common: bool = False
    queue_id: int | None = None
    active: bool = True
    # Confidentiality 4: only the service's own queue may see its tickets, so a rule may
    # not send them anywhere else (they would be invisible to the agents there).
    restricted: bool = False


@dataclass(frozen=True)
class CaseFacts:
    """What routing may look at: never the description, never who is asking by name."""

    ticket_type: str = "incident"
    service_id: int | None = None
    requester_unit_id: int | None = None
    channel: str = "portal"
    priority: int = 4
    title: str = ""


@dataclass(frozen=True)
class RuleSpec:
    """A rule as plain data; the *_name fields are only used in explanations."""

    id: int
    name: str
    target_queue_id: int
    active: bool = True
    ticket_type: str | None = None
    service_id: int | None = None
    service_name: str = ""
    owner_unit_id: int | None = None
    owner_unit_name: str = ""
    requester_unit_id: int | None = None
    requester_unit_name: str = ""
    channel: str | None = None
    priority: int | None = None
    title_words: tuple[str, ...] = ()
    assignee_id: int | None = None
    assignee_available: bool = False
    tag: str | None = None


@dataclass(frozen=True)
class CatalogFacts:
    queues: Mapping[int, QueueFacts]
    services: Mapping[int, ServiceFacts] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    queue_id: int
    reason: dict  # an explanation (domain/explanations.py), in words when shown
    rule_id: int | None = None
    assignee_id: int | None = None
    tag: str | None = None


def split_title_words(raw: str | None) -> tuple[str, ...]:
    """'lösenord, konto låst' -> ('lösenord', 'konto låst'): phrases, not patterns."""
    return tuple(w.strip() for w in (raw or "").split(",") if w.strip())


def rule_conditions(
    rule: RuleSpec, case: CaseFacts, service: ServiceFacts | None, title: str | None = None
) -> list[dict] | None:
    """The explanations of every condition of `rule` if all hold for `case`, else None.

    Returns an empty list for a rule without conditions (it matches everything). `title`
    is the case's title already case-folded (folded once per decision, not per rule)."""
    held: list[dict] = []
    if rule.ticket_type is not None:
        if case.ticket_type != rule.ticket_type:
            return None
        held.append(explain("cond_type", type=rule.ticket_type))
    if rule.service_id is not None:
        if case.service_id != rule.service_id:
            return None
        held.append(explain("cond_service", service=rule.service_name or rule.service_id))
    if rule.owner_unit_id is not None:
        if service is None or service.owner_unit_id != rule.owner_unit_id:
            return None
        held.append(explain("cond_owner", unit=rule.owner_unit_name or rule.owner_unit_id))
    if rule.requester_unit_id is not None:
        if case.requester_unit_id != rule.requester_unit_id:
            return None
        held.append(
            explain("cond_requester_unit", unit=rule.requester_unit_name or rule.requester_unit_id)
        )
    if rule.channel is not None:
        if case.channel != rule.channel:
            return None
        held.append(explain("cond_channel", channel=rule.channel))
    if rule.priority is not None:
        if case.priority != rule.priority:
            return None
        held.append(explain("cond_priority", priority=rule.priority))
    if rule.title_words:
        title = case.title.casefold() if title is None else title
        found = next((w for w in rule.title_words if w.casefold() in title), None)
        if found is None:
            return None
        held.append(explain("cond_title", word=found))
    return held


def central_queue(catalog: CatalogFacts) -> QueueFacts:
    centrals = [q for q in catalog.queues.values() if q.is_central and q.active]
    if not centrals:
        raise NoCentralQueue("No active central service desk queue is configured.")
    return min(centrals, key=lambda q: q.id)


def _usable(catalog: CatalogFacts, queue_id: int | None) -> QueueFacts | None:
    queue = catalog.queues.get(queue_id) if queue_id is not None else None
    return queue if queue is not None and queue.active else None


def decide_by_rules(
    case: CaseFacts, rules: Sequence[RuleSpec], catalog: CatalogFacts
) -> Decision | None:
    """The first active rule whose conditions all hold and whose target queue is active."""
    service = catalog.services.get(case.service_id) if case.service_id is not None else None
    title = case.title.casefold()
    for rule in rules:
        if not rule.active:
            continue
        queue = _usable(catalog, rule.target_queue_id)
        if queue is None:
            continue
        if service is not None and service.restricted and queue.id != service.queue_id:
            continue
        held = rule_conditions(rule, case, service, title)
        if held is None:
            continue
        why = held or explain("cond_all")
        return Decision(
            queue_id=queue.id,
            reason=explain("route_rule", rule=rule.name, conditions=why, queue=queue.name),
            rule_id=rule.id,
            assignee_id=rule.assignee_id if rule.assignee_available else None,
            tag=rule.tag or None,
        )
    return None


def decide_by_catalog(case: CaseFacts, catalog: CatalogFacts) -> Decision:
    """Department-owned service → its support queue; common or unplaceable → central desk.
    A restricted service's case goes to its own queue even when the service is common."""
    central = central_queue(catalog)
    if case.service_id is None:
        return Decision(central.id, explain("route_no_service", queue=central.name))
    service = catalog.services.get(case.service_id)
    if service is None:
        return Decision(central.id, explain("route_unknown_service", queue=central.name))
    if not service.active:
        why = explain("route_retired_service", service=service.name, queue=central.name)
        return Decision(central.id, why)
    if service.is_common and not service.restricted:
        why = explain("route_common_service", service=service.name, queue=central.name)
        return Decision(central.id, why)
    queue = _usable(catalog, service.queue_id)
    if queue is None:
        why = explain("route_no_support_queue", service=service.name, queue=central.name)
        return Decision(central.id, why)
    owner = service.owner_unit_name or "?"
    why = explain("route_owned_service", service=service.name, owner=owner, queue=queue.name)
    return Decision(queue.id, why)


def decide_route(case: CaseFacts, rules: Sequence[RuleSpec], catalog: CatalogFacts) -> Decision:
    """Rules first (in the order given), then the catalog, then the central desk."""
    return decide_by_rules(case, rules, catalog) or decide_by_catalog(case, catalog)
