"""Placeholders in standard answers: `{name}` in curly braces, filled for one ticket.

A plain substitution of known keys (never a template engine on text users wrote), in
Swedish or English: {förnamn} / {first_name}, {ärendenummer} / {reference},
{rubrik} / {title}, {handläggare} / {agent_name}. An unknown key stays as written, and
saving an answer reports it."""

from __future__ import annotations

import re

from servicedesk.models import Ticket, User

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")

# Each placeholder's value for (ticket, agent), under both its Swedish and English name.
_VALUES = {
    ("förnamn", "first_name"): lambda t, a: t.requester.name.split(" ")[0],
    ("ärendenummer", "reference"): lambda t, a: t.reference,
    ("rubrik", "title"): lambda t, a: t.title,
    ("handläggare", "agent_name"): lambda t, a: a.name,
}
KNOWN = {name: value for names, value in _VALUES.items() for name in names}
DOCUMENTED = tuple(names for names in _VALUES)


def unknown_placeholders(text: str) -> list[str]:
    """The `{keys}` in `text` that are not placeholders, in order, each once."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(text or ""):
        key = match.group(1)
        if key not in KNOWN and match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def fill(text: str, ticket: Ticket, agent: User) -> str:
    """`text` with every known placeholder replaced by its value for this ticket."""

    def value(match: re.Match) -> str:
        produce = KNOWN.get(match.group(1))
        return produce(ticket, agent) if produce else match.group(0)

    return PLACEHOLDER.sub(value, text or "")
