"""Display names for the domain's codes, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS = {
    "new": _l("New"),
    "open": _l("In progress"),
    "pending": _l("Pending"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
PENDING_REASON = {
    "requester": _l("Waiting for requester"),
    "supplier": _l("Waiting for supplier"),
    "other": _l("On hold"),
}
PRIORITY = {1: _l("1 Critical"), 2: _l("2 High"), 3: _l("3 Normal"), 4: _l("4 Low")}
IMPACT = {
    1: _l("Whole municipality or several units"),
    2: _l("One unit, group or workplace"),
    3: _l("One user"),
}
URGENCY = {
    1: _l("High: work has stopped or it is time-critical"),
    2: _l("Medium: work is hampered but possible"),
    3: _l("Low: it can wait"),
}
TICKET_TYPE = {"incident": _l("Incident"), "service_request": _l("Service request")}
CHANNEL = {"portal": _l("Portal"), "email": _l("E-mail"), "phone": _l("Phone"), "api": _l("API")}
HISTORY_FIELD = {
    "created": _l("Created"),
    "status": _l("Status"),
    "queue": _l("Queue"),
    "assignee": _l("Assignee"),
    "priority": _l("Priority"),
    "impact": _l("Impact"),
    "urgency": _l("Urgency"),
    "title": _l("Subject"),
    "service": _l("Service"),
    "attachment": _l("Attachment"),
    "tag": _l("Tag"),
}
ROLE = {
    "employee": _l("Employee"),
    "agent": _l("Agent"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}


def label(mapping: dict, key, default: str | None = None) -> str:
    value = mapping.get(key)
    return str(value) if value is not None else (default if default is not None else str(key))
