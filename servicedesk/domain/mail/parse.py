"""Reading one RFC 822 message: sender, thread hints, text body, attachments, and whether
it was written by a machine. Pure functions; nothing here touches the database.

Charsets and RFC 2047 headers are decoded by the standard library (policy.default);
HTML-only mail is turned into plain text with every tag removed.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

AUTOMATED_PRECEDENCE = {"bulk", "list", "junk"}
BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")
_BLOCK_END = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)
_DROP_BLOCKS = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class InboundAttachment:
    filename: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    body: str
    thread_refs: str  # In-Reply-To and References, for signed desk Message-IDs
    automated: str  # why it is machine-written; "" for a person
    auth_failed: bool = False
    attachments: list[InboundAttachment] = field(default_factory=list)


class UnparseableMail(ValueError):
    """The bytes are not a usable message (no sender, broken structure)."""


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def message_id_of(msg: EmailMessage, raw: bytes) -> str:
    """The Message-ID, or a digest of the bytes when there is none (still deduplicates)."""
    found = _header(msg, "Message-ID").strip()
    if not found or len(found) > 500:
        return "<sha256-" + hashlib.sha256(raw).hexdigest() + "@no-message-id>"
    return found


def automated_reason(msg: EmailMessage, desk_address: str) -> str:
    """Why this mail must not get an auto-reply or open a case (RFC 3834 and practice)."""
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = _header(msg, "Precedence").lower()
    if precedence in AUTOMATED_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("X-Auto-Response-Suppress", "List-Id", "List-Unsubscribe"):
        if msg.get(name) is not None:
            return f"{name} present"
    if msg.get("Return-Path") is not None and _header(msg, "Return-Path").strip() in ("<>", ""):
        return "empty Return-Path (bounce)"
    if msg.get_content_type() == "multipart/report":
        return "delivery report (bounce)"
    sender = parseaddr(_header(msg, "From"))[1].lower()
    if sender.startswith(BOUNCE_SENDERS):
        return "mailer daemon"
    if sender == desk_address.lower():
        return "from the desk's own address"
    return ""


def html_to_text(markup: str) -> str:
    """Visible text of an HTML body: scripts/styles dropped, every tag removed."""
    markup = _DROP_BLOCKS.sub("", markup)
    markup = _BLOCK_END.sub("\n", markup)
    text = html.unescape(_TAG.sub("", markup)).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):  # unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("windows-1252", errors="replace")
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def attachments_of(msg: EmailMessage) -> list[InboundAttachment]:
    found = []
    for part in msg.iter_attachments():
        if part.is_multipart() or part.get_content_type() == "message/delivery-status":
            continue
        data = part.get_payload(decode=True) or b""
        name = part.get_filename() or ""
        if data and name:
            found.append(InboundAttachment(name, data))
    return found


def parse_mail(raw: bytes, *, desk_address: str) -> ParsedMail:
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        name, sender = parseaddr(_header(msg, "From"))
    except Exception as exc:  # the parser is lenient; anything it raises means garbage
        raise UnparseableMail(f"cannot parse: {exc!r}") from exc
    if "@" not in sender:
        raise UnparseableMail("no usable From address")
    recipients = [
        a for _n, a in getaddresses([_header(msg, h) for h in ("To", "Cc", "Delivered-To")])
    ]
    auth = _header(msg, "Authentication-Results").lower()
    try:
        body, files = body_text(msg), attachments_of(msg)
    except Exception as exc:
        raise UnparseableMail(f"cannot read body: {exc!r}") from exc
    return ParsedMail(
        message_id=message_id_of(msg, raw),
        sender=sender.strip().lower(),
        sender_name=name.strip(),
        recipients=recipients,
        subject=_header(msg, "Subject"),
        body=body,
        thread_refs=" ".join(_header(msg, h) for h in ("In-Reply-To", "References")),
        automated=automated_reason(msg, desk_address),
        auth_failed="dmarc=fail" in auth,
        attachments=files,
    )
