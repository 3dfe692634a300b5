"""What the system says about a change, stored as a code with parameters and put into words
in the reader's language when it is shown (page, API, mail in the recipient's locale).

A stored explanation is `{"code": "transferred", "params": {"by": "Anna", ...}}` (a JSON
column: `TicketHistory.explanation`, `Ticket.route_explanation`). Parameters are names and
numbers as they were at the time, or nested explanations (the routing reason inside a
re-routing). What a person typed (a transfer reason, a reopen reason) is never an
explanation: it stays as typed in the row's text column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import gettext

from servicedesk.domain import labels
from servicedesk.domain.labels import label
from servicedesk.domain.sla import labels as sla_labels

# Each code's words, asked for at display time (so in the reader's locale).
MESSAGES: dict[str, Callable[..., str]] = {
    "reopened": lambda: gettext("Reopened"),
    "requester_replied": lambda: gettext("The requester replied"),
    "resolution_confirmed": lambda: gettext("Resolution confirmed"),
    "closed_automatically": lambda: gettext("Closed automatically"),
    "transferred": lambda **p: gettext(
        "Transferred by %(by)s from %(from_queue)s to %(to_queue)s", **p
    ),
    "transferred_because": lambda **p: gettext(
        "Transferred by %(by)s from %(from_queue)s to %(to_queue)s: %(why)s", **p
    ),
    "confidential_service": lambda **p: gettext(
        "%(service)s is a confidential service: the case belongs to its queue", **p
    ),
    "rerouted": lambda **p: gettext("New routing: %(route)s", **p),
    "security_incident": lambda: gettext("A security incident: worked by the security queue"),
    "security_queue_chosen": lambda queue: gettext(
        "%(queue)s is now the security queue", queue=queue
    ),
    # Routing (domain/routing/engine.py): a rule and the conditions that held ...
    "route_rule": lambda **p: gettext("Rule '%(rule)s' (%(conditions)s) → %(queue)s", **p),
    "cond_all": lambda: gettext("all cases"),
    "cond_type": lambda type: gettext(
        "the type is %(type)s", type=label(labels.TICKET_TYPE, type).lower()
    ),
    "cond_service": lambda **p: gettext("the service is %(service)s", **p),
    "cond_owner": lambda **p: gettext("the service is owned by %(unit)s", **p),
    "cond_requester_unit": lambda **p: gettext("the requester belongs to %(unit)s", **p),
    "cond_channel": lambda channel: gettext(
        "the channel is %(channel)s", channel=label(labels.CHANNEL, channel).lower()
    ),
    "cond_priority": lambda **p: gettext("the priority is %(priority)s", **p),
    "cond_title": lambda **p: gettext("the subject contains '%(word)s'", **p),
    # ... or the catalog's default,
    "route_no_service": lambda **p: gettext("No service given → %(queue)s", **p),
    "route_unknown_service": lambda **p: gettext("Unknown service → %(queue)s", **p),
    "route_retired_service": lambda **p: gettext("%(service)s is retired → %(queue)s", **p),
    "route_common_service": lambda **p: gettext("%(service)s is a common service → %(queue)s", **p),
    "route_no_support_queue": lambda **p: gettext(
        "%(service)s has no active support queue → %(queue)s", **p
    ),
    "route_owned_service": lambda **p: gettext(
        "%(service)s is owned by %(owner)s → %(queue)s", **p
    ),
    # and who got the case (domain/routing/auto_assign.py).
    "routed_and_assigned": lambda **p: gettext("%(route)s; %(assign)s", **p),
    "assigned_by_rule": lambda **p: gettext("Assigned to %(name)s by the rule", **p),
    "assigned_in_turn": lambda **p: gettext("Assigned to %(name)s in turn", **p),
    "assigned_least_loaded": lambda **p: gettext(
        "Assigned to %(name)s: fewest open cases (%(count)s)", **p
    ),
    "no_agent_present": lambda: gettext("No agent of the queue is present; not assigned"),
    # A security incident's facts and legal-clock decisions (domain/security).
    # `facts`: the names of the facts that hold, comma-separated ("integrity,personal_data")
    "security_facts": lambda facts: gettext(
        "Now marked: %(facts)s",
        facts=", ".join(label(labels.SECURITY_FACT, f) for f in facts.split(",") if f)
        or gettext("nothing"),
    ),
    "security_clock_submitted": lambda kind, reference: gettext(
        "%(clock)s: report submitted, the authority's reference %(reference)s",
        clock=label(sla_labels.TIMER_KIND, kind),
        reference=reference,
    ),
    # submitted in time, entered after the watcher recorded a breach: the breach is taken back
    "security_clock_entered_late": lambda kind, submitted, breached: gettext(
        "%(clock)s: the report was submitted %(submitted)s, before the deadline, but entered "
        "later; the breach recorded %(breached)s is taken back",
        clock=label(sla_labels.TIMER_KIND, kind),
        submitted=submitted,
        breached=breached,
    ),
    "security_clock_not_reportable": lambda kind: gettext(
        "%(clock)s: decided not reportable", clock=label(sla_labels.TIMER_KIND, kind)
    ),
}


def explain(code: str, **params: object) -> dict:
    """The stored form of an explanation (only known codes: a typo fails at once)."""
    if code not in MESSAGES:
        raise ValueError(f"unknown explanation code {code!r}")
    return {"code": code, "params": params}


def render(explanation: Mapping | None) -> str:
    """The explanation in the current locale ("" for none). An unknown code (a row from a
    newer version) shows as the code itself rather than failing the page."""
    if not explanation:
        return ""
    code = explanation.get("code", "")
    message = MESSAGES.get(code)
    if message is None:
        return str(code)
    params = {key: _said(value) for key, value in (explanation.get("params") or {}).items()}
    try:
        said = message(**params)
    except (KeyError, TypeError):  # a row missing a parameter: say what it was
        return str(code)
    return str(code) if "%(" in said else said


def _said(value):
    """A parameter as words: a nested explanation rendered, a list of them joined."""
    if isinstance(value, Mapping):
        return render(value)
    if isinstance(value, list | tuple):
        return gettext(" and ").join(str(_said(item)) for item in value)
    return value


def with_note(explanation: Mapping | None, note: str) -> str:
    """The explanation followed by what a person typed, as one line."""
    said = render(explanation)
    if said and note:
        return f"{said}: {note}"
    return said or note or ""
