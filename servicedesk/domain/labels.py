"""Display names for the domain's codes, translated at render time."""

from __future__ import annotations

import re

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
TICKET_TYPE = {
    "incident": _l("Incident"),
    "service_request": _l("Service request"),
    "access": _l("Access request"),
    "security": _l("Security incident"),
}
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
    "closure_code": _l("Closure code"),
    "macro": _l("Macro"),
    "authority": _l("Authority"),
    "secrecy": _l("Secrecy"),
    "legal_hold": _l("Legal hold"),
    "public_copy": _l("Public copy handed out"),
    "thinned": _l("Thinned"),
    "aware_at": _l("Aware since"),
    "security_facts": _l("Security incident facts"),
    "security_clock": _l("Legal clock"),
}
# What a security incident affected (domain/security/incidents.py `Facts`).
SECURITY_FACT = {
    "confidentiality": _l("Confidentiality"),
    "integrity": _l("Integrity"),
    "availability": _l("Availability"),
    "personal_data": _l("Personal data"),
    "nis2_covered": _l("Covered by the cybersecurity law (NIS2)"),
}
ROLE = {
    "employee": _l("Employee"),
    "agent": _l("Agent"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
    "security": _l("Information security coordinator"),
}


def label(mapping: dict, key, default: str | None = None) -> str:
    value = mapping.get(key)
    return str(value) if value is not None else (default if default is not None else str(key))


def status_text(status: str, pending_reason: str | None = None) -> str:
    """A ticket's status in words: a pending ticket by its reason alone ("Waiting for
    requester"), never the doubled "Pending: waiting for requester"."""
    if status == "pending" and pending_reason in PENDING_REASON:
        return str(PENDING_REASON[pending_reason])
    return label(STATUS, status)


CHANGE_STATE = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "assessment": _l("Assessment"),
    "awaiting_approval": _l("Awaiting approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "scheduled": _l("Scheduled"),
    "in_progress": _l("Change in progress"),
    "implemented": _l("Implemented"),
    "under_review": _l("Under review"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
CHANGE_KIND = {
    "standard": _l("Standard (pre-approved)"),
    "normal": _l("Normal"),
    "emergency": _l("Emergency"),
}
RISK_LEVEL = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "very_high": _l("Very high"),
}
APPROVAL_ROLE = {
    "service_owner": _l("Service owner"),
    "cab": _l("CAB"),
    "emergency": _l("Emergency approver"),
}
DECISION = {"pending": _l("Pending"), "approved": _l("Approved"), "rejected": _l("Rejected")}
REVIEW_OUTCOME = {
    "successful": _l("Successful"),
    "partial": _l("Partially successful"),
    "failed": _l("Failed"),
    "backed_out": _l("Backed out"),
}
PROBLEM_STATUS = {
    "open": _l("Open"),
    "known_error": _l("Known error"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
ARTICLE_STATE = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}
ARTICLE_AUDIENCE = {"employees": _l("Employees (portal)"), "staff": _l("Staff only (internal)")}
# The button that moves a knowledge base article into a state.
ARTICLE_ACTION = {
    "draft": _l("Back to draft"),
    "published": _l("Publish"),
    "archived": _l("Archive"),
}
# The button that moves a change into a state.
CHANGE_ACTION = {
    "draft": _l("Rework as draft"),
    "submitted": _l("Submit"),
    "assessment": _l("Start assessment"),
    "awaiting_approval": _l("Request approval"),
    "approved": _l("Approve as standard change"),
    "scheduled": _l("Schedule"),
    "in_progress": _l("Start implementation"),
    "implemented": _l("Mark as implemented"),
    "under_review": _l("Start review"),
    "closed": _l("Close"),
    "cancelled": _l("Cancel the change"),
}
# Fields named in a change's history.
CHANGE_FIELD = {
    "created": _l("Created"),
    "state": _l("State"),
    "kind": _l("Kind"),
    "title": _l("Title"),
    "description": _l("Description"),
    "reason": _l("Reason for the change"),
    "expected_benefit": _l("Expected benefit"),
    "services": _l("Affected services"),
    "owner": _l("Change owner"),
    "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"),
    "implementation_plan": _l("Implementation plan"),
    "backout_plan": _l("Back-out plan"),
    "test_plan": _l("Test plan"),
    "communication_plan": _l("Communication plan"),
    "cost_one_off": _l("One-off cost (SEK)"),
    "cost_yearly": _l("Yearly operating cost (SEK)"),
    "risk_likelihood": _l("Likelihood"),
    "risk_impact": _l("Impact"),
    "risk_text": _l("Risk assessment"),
    "consequence": _l("Consequence description"),
    "approver": _l("Approver"),
    "approval": _l("Decision"),
    "review": _l("Post-implementation review"),
    "ticket_linked": _l("Linked cases"),
}


# the approval of a standard change, as the code stored now and the English text of old rows
PRE_APPROVED = {"standard", "pre-approved (standard)"}
_APPROVER_VALUE = re.compile(r"^(?P<name>.*) \((?P<role>[a-z_]+)\)$")


def change_history_value(field: str, value: str | None) -> str:
    """A change history value for display: the history stores codes (the state, the
    approver's role, the decision), which are shown as translated labels."""
    if not value:
        return ""
    if field == "state":
        return label(CHANGE_STATE, value)
    if field == "approver":
        match = _APPROVER_VALUE.match(value)
        if match and match["role"] in APPROVAL_ROLE:
            return f"{match['name']} ({label(APPROVAL_ROLE, match['role'])})"
    if field == "approval":
        if value in PRE_APPROVED:  # a standard change: no approval round
            return str(CHANGE_KIND["standard"])
        code, sep, comment = value.partition(": ")
        if code in DECISION:
            return label(DECISION, code) + (sep + comment if sep else "")
    if field == "review":
        return label(REVIEW_OUTCOME, value)
    if field == "kind":
        return label(CHANGE_KIND, value)
    return value


NOTICE_KIND = {
    "planned": _l("Planned maintenance"),
    "disruption": _l("Ongoing disruption"),
    "resolved": _l("Resolved"),
}
NOTICE_SEVERITY = {1: _l("Critical"), 2: _l("Serious"), 3: _l("Limited")}
NOTICE_STATE = {"draft": _l("Draft"), "published": _l("Published")}
NOTICE_ACTION = {
    "created": _l("Written"),
    "published": _l("Published"),
    "updated": _l("Updated"),
    "resolved": _l("Resolved"),
}
MAJOR_EVENT = {
    "detected": _l("Detected"),
    "declared": _l("Marked as major incident"),
    "child": _l("Case linked"),
    "notice": _l("Notice"),
    "update": _l("Update to the affected"),
    "workaround": _l("Workaround"),
    "resolved": _l("Resolved"),
    "problem": _l("Problem record"),
}
HISTORY_FIELD["major"] = _l("Major incident")
