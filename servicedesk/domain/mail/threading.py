"""Signed identifiers that tie mail to a ticket: reply addresses and Message-IDs.

Everything a reply may point back with (the address it was sent to, In-Reply-To,
References) carries an HMAC made with SECRET_KEY, so a sender cannot aim a "reply" at a
ticket by guessing numbers. Signatures are lowercase hex because mail servers may fold the
case of local parts and Message-IDs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from email.utils import parseaddr

from flask import current_app

SIG_LEN = 20  # 80 bits of HMAC-SHA256
_HEX = f"[0-9a-f]{{{SIG_LEN}}}"
_REPLY_RE = re.compile(rf"\+t(\d+)-({_HEX})@", re.IGNORECASE)
_MSGID_RE = re.compile(rf"<(ticket|outbox)-(\d+)\.({_HEX})@", re.IGNORECASE)


def _sign(purpose: str, value: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"servicedesk-mail:{purpose}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:SIG_LEN]


def _verify(purpose: str, value: int, signature: str) -> bool:
    return hmac.compare_digest(_sign(purpose, value), signature.lower())


def desk_address() -> str:
    return parseaddr(current_app.config["MAIL_DESK_ADDRESS"])[1].lower()


def desk_domain() -> str:
    return desk_address().rpartition("@")[2] or "localhost"


def reply_address(ticket_id: int) -> str:
    """servicedesk+t123-<sig>@domain: replies to it land on ticket 123."""
    local, _, domain = desk_address().partition("@")
    return f"{local}+t{ticket_id}-{_sign('reply', ticket_id)}@{domain}"


def thread_root_id(ticket_id: int) -> str:
    """The Message-ID every mail about a ticket refers to, so clients thread them."""
    return f"<ticket-{ticket_id}.{_sign('ticket', ticket_id)}@{desk_domain()}>"


def outbox_message_id(outbox_id: int) -> str:
    """Stable per outbox row, so a retried send keeps its identity."""
    return f"<outbox-{outbox_id}.{_sign('outbox', outbox_id)}@{desk_domain()}>"


def ticket_from_addresses(addresses: list[str]) -> int | None:
    """The ticket id of a correctly signed reply address among `addresses`."""
    for address in addresses:
        match = _REPLY_RE.search(address or "")
        if match and _verify("reply", int(match.group(1)), match.group(2)):
            return int(match.group(1))
    return None


def signed_ids(header_value: str) -> list[tuple[str, int]]:
    """(kind, id) of every correctly signed desk Message-ID in In-Reply-To/References."""
    found = []
    for kind, number, signature in _MSGID_RE.findall(header_value or ""):
        if _verify(kind.lower(), int(number), signature):
            found.append((kind.lower(), int(number)))
    return found


def outbox_headers_for_ticket(ticket_id: int) -> dict[str, str]:
    """Threading headers stored on an outbox row; Message-ID is added when it is sent."""
    root = thread_root_id(ticket_id)
    return {"In-Reply-To": root, "References": root, "Reply-To": reply_address(ticket_id)}
