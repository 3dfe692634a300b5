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
_REPLY_RE = re.compile(rf"\+t(\d+)(?:u(\d+))?-({_HEX})@", re.IGNORECASE)
_MSGID_RE = re.compile(rf"<(ticket|outbox)-(\d+)\.({_HEX})@", re.IGNORECASE)


def _sign(purpose: str, value: int | str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"servicedesk-mail:{purpose}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:SIG_LEN]


def _verify(purpose: str, value: int | str, signature: str) -> bool:
    return hmac.compare_digest(_sign(purpose, value), signature.lower())


def desk_address() -> str:
    return parseaddr(current_app.config["MAIL_DESK_ADDRESS"])[1].lower()


def desk_domain() -> str:
    return desk_address().rpartition("@")[2] or "localhost"


def reply_address(ticket_id: int, recipient_id: int | None = None) -> str:
    """servicedesk+t123u45-<sig>@domain: replies to it land on ticket 123, and the
    signature says the desk's mail went to user 45 -- the only person the address lets
    act as themselves (staff actions by mail need it). Without a recipient the older
    per-ticket form servicedesk+t123-<sig>@ (it proves only that the writer saw the thread)."""
    local, _, domain = desk_address().partition("@")
    if recipient_id is None:
        return f"{local}+t{ticket_id}-{_sign('reply', ticket_id)}@{domain}"
    token = f"t{ticket_id}u{recipient_id}-{_sign('reply', f'{ticket_id}:{recipient_id}')}"
    return f"{local}+{token}@{domain}"


def thread_root_id(ticket_id: int) -> str:
    """The Message-ID every mail about a ticket refers to, so clients thread them."""
    return f"<ticket-{ticket_id}.{_sign('ticket', ticket_id)}@{desk_domain()}>"


def outbox_message_id(outbox_id: int) -> str:
    """Stable per outbox row, so a retried send keeps its identity."""
    return f"<outbox-{outbox_id}.{_sign('outbox', outbox_id)}@{desk_domain()}>"


def signed_reply_addresses(addresses: list[str]) -> list[tuple[int, int | None]]:
    """(ticket id, recipient id or None) of every correctly signed reply address."""
    found = []
    for address in addresses:
        match = _REPLY_RE.search(address or "")
        if match is None:
            continue
        ticket_id, recipient, signature = match.groups()
        if recipient is None and _verify("reply", int(ticket_id), signature):
            found.append((int(ticket_id), None))
        elif recipient is not None and _verify("reply", f"{ticket_id}:{recipient}", signature):
            found.append((int(ticket_id), int(recipient)))
    return found


def ticket_from_addresses(addresses: list[str]) -> int | None:
    """The ticket id of the first correctly signed reply address among `addresses`."""
    found = signed_reply_addresses(addresses)
    return found[0][0] if found else None


def signed_ids(header_value: str) -> list[tuple[str, int]]:
    """(kind, id) of every correctly signed desk Message-ID in In-Reply-To/References."""
    found = []
    for kind, number, signature in _MSGID_RE.findall(header_value or ""):
        if _verify(kind.lower(), int(number), signature):
            found.append((kind.lower(), int(number)))
    return found


def outbox_headers_for_ticket(ticket_id: int, recipient_id: int | None = None) -> dict[str, str]:
    """Threading headers stored on an outbox row; Message-ID is added when it is sent.
    The Reply-To is signed for the recipient, so their reply may act as them."""
    root = thread_root_id(ticket_id)
    reply_to = reply_address(ticket_id, recipient_id)
    return {"In-Reply-To": root, "References": root, "Reply-To": reply_to}
