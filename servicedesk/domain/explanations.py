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
    params = {
        key: render(value) if isinstance(value, Mapping) else value
        for key, value in (explanation.get("params") or {}).items()
    }
    try:
        said = message(**params)
    except (KeyError, TypeError):  # a row missing a parameter: say what it was
        return str(code)
    return str(code) if "%(" in said else said


def with_note(explanation: Mapping | None, note: str) -> str:
    """The explanation followed by what a person typed, as one line."""
    said = render(explanation)
    if said and note:
        return f"{said}: {note}"
    return said or note or ""
