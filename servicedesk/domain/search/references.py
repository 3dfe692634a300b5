"""Any typed form of a reference, read back into (kind, type, id)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicedesk.models.ticket import REFERENCE_PREFIX

# Prefix as typed (upper case, Ä read as A) -> (kind, ticket type or None). ÄND is the
# Swedish "ändring", which people type for a change although the references read CHG.
PREFIXES: dict[str, tuple[str, str | None]] = {
    **{prefix: ("ticket", ticket_type.value) for ticket_type, prefix in REFERENCE_PREFIX.items()},
    "CHG": ("change", None),
    "AND": ("change", None),
    "PRB": ("problem", None),
}
# An optional prefix, an optional separator (-, #, :, space) and 1-9 ASCII digits.
_REFERENCE = re.compile(r"([A-Z]{3})?\s*[-#:]?\s*([0-9]{1,9})", re.ASCII)


@dataclass(frozen=True)
class Reference:
    kind: str  # ticket, change, problem
    id: int
    ticket_type: str | None = None  # incident/service_request when the prefix said so


def parse_any_reference(text: str, *, kind: str | None = None) -> Reference | None:
    """`302` (a ticket, or the `kind` asked for), `inc-302`, `INC-000302`, `INC302`, `INC 302`,
    `#302`, `CHG-12`, `ÄND-12`, `PRB-3`; None for anything else (then it is title text)."""
    typed = (text or "").strip().upper().replace("Ä", "A")
    match = _REFERENCE.fullmatch(typed)
    if match is None:
        return None
    number = int(match.group(2))
    if number <= 0:
        return None
    prefix = match.group(1)
    if prefix is None:
        return Reference(kind or "ticket", number)
    found = PREFIXES.get(prefix)
    if found is None:
        return None
    return Reference(found[0], number, found[1])
