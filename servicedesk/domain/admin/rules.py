"""Routing rules: save (refusing inactive or missing targets), reorder, (de)activate.

Every change is written to the admin audit log, like role and queue changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import optional_text, required_text
from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Channel, Queue, RoutingRule, Service, TicketType, Unit, User


@dataclass
class RuleInput:
    """A rule's fields with references looked up; `*_given` marks an id that was asked for
    but not found (so a deleted target is refused instead of silently dropped)."""

    name: str
    target_queue: Queue | None = None
    active: bool = True
    ticket_type: str | None = None
    service: Service | None = None
    owner_unit: Unit | None = None
    requester_unit: Unit | None = None
    channel: str | None = None
    priority: int | None = None
    title_words: str = ""
    assignee: User | None = None
    assignee_given: bool = False
    tag: str = ""


def validate_rule(data: RuleInput) -> dict:
    """The checked column values, or ValidationError next to the offending field."""
    name = required_text(data.name, "name", max_len=200)
    queue = data.target_queue
    if queue is None:
        raise ValidationError(_l("Choose an existing target queue."), field="target_queue")
    if not queue.active:
        raise ValidationError(
            _l("The queue %(name)s is inactive; choose an active queue.", name=queue.name),
            field="target_queue",
        )
    assignee = data.assignee
    if data.assignee_given and assignee is None:
        raise ValidationError(_l("That user does not exist."), field="assignee")
    if assignee is not None and (not assignee.active or not assignee.is_staff):
        raise ValidationError(
            _l("%(name)s is not an active agent.", name=assignee.name), field="assignee"
        )
    if data.ticket_type and data.ticket_type not in TicketType.__members__.values():
        raise ValidationError(_l("Unknown ticket type."), field="ticket_type")
    if data.channel and data.channel not in Channel.__members__.values():
        raise ValidationError(_l("Unknown channel."), field="channel")
    if data.priority is not None and data.priority not in (1, 2, 3, 4):
        raise ValidationError(_l("Choose a level from 1 to 4."), field="priority")
    return {
        "name": name,
        "target_queue": queue,
        "active": bool(data.active),
        "ticket_type": data.ticket_type or None,
        "service": data.service,
        "owner_unit": data.owner_unit,
        "requester_unit": data.requester_unit,
        "channel": data.channel or None,
        "priority": data.priority,
        "title_words": optional_text(data.title_words, "title_words", max_len=500) or None,
        "assignee": assignee,
        "tag": optional_text(data.tag, "tag", max_len=50).lower() or None,
    }


def _shown(value: object) -> str:
    """A rule field's value as written to the audit log (models by their name)."""
    if value is None or value == "":
        return "—"
    return str(getattr(value, "email", None) or getattr(value, "name", None) or value)


def _differences(rule: RoutingRule | None, values: dict) -> tuple[str | None, str]:
    """The changed fields as "field: value" lists, old (None for a new rule) and new."""
    changed = [
        name for name, value in values.items() if rule is None or getattr(rule, name) != value
    ]
    new = "; ".join(f"{name}: {_shown(values[name])}" for name in changed)
    if rule is None:
        return None, new
    return "; ".join(f"{name}: {_shown(getattr(rule, name))}" for name in changed), new


def save_rule(
    rule: RoutingRule | None, data: RuleInput, actor: User | None, *, now: datetime
) -> RoutingRule:
    """Create a rule (placed last) or update one in place; audited when anything changed."""
    values = validate_rule(data)
    old, new = _differences(rule, values)
    created = rule is None
    if created:
        last = db.session.scalar(select(func.max(RoutingRule.position))) or 0
        rule = RoutingRule(position=last + 1)
        db.session.add(rule)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.updated_at = now
    db.session.flush()
    if created or new:
        action = "rule_created" if created else "rule_changed"
        record_audit(actor, action, rule, old=old, new=new, label=rule.name, now=now)
    return rule


def ordered_rules() -> list[RoutingRule]:
    return list(
        db.session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.id))
    )


def move_rule(rule: RoutingRule, offset: int, actor: User | None, *, now: datetime) -> None:
    """Move one step up (-1) or down (+1); positions are renumbered 1..n as a side effect.
    The move is audited with the rule's place in the order before and after."""
    rules = ordered_rules()
    index = rules.index(rule)
    target = index + offset
    if 0 <= target < len(rules):
        rules[index], rules[target] = rules[target], rules[index]
    for position, each in enumerate(rules, start=1):
        each.position = position
    rule.updated_at = now
    db.session.flush()
    place = rules.index(rule)
    if place != index:
        record_audit(
            actor, "rule_moved", rule, old=index + 1, new=place + 1, label=rule.name, now=now
        )


def set_rule_active(rule: RoutingRule, active: bool, actor: User | None, *, now: datetime) -> None:
    if active and not rule.target_queue.active:
        raise ValidationError(
            _l(
                "The queue %(name)s is inactive; choose an active queue.",
                name=rule.target_queue.name,
            ),
            field="target_queue",
        )
    was_active = rule.active
    rule.active = active
    rule.updated_at = now
    db.session.flush()
    if was_active != active:
        action = "rule_activated" if active else "rule_deactivated"
        record_audit(actor, action, rule, old=was_active, new=active, label=rule.name, now=now)
