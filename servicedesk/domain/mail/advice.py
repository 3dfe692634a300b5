"""What a stored mail error means for the administrator, in their language.

The outbox keeps the raw error (`repr` of the SMTP or socket exception) for the
technician; the admin mail page shows what to do about it first. The raw text is matched,
not the exception, because it is read back from the database long after it was raised.
"""

from __future__ import annotations

import re

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# (pattern on the raw error, advice); the first match wins, so specific before general
OUTBOUND: list[tuple[re.Pattern[str], LazyString]] = [
    (
        re.compile(r"SMTPAuthenticationError|\b53[45]\b|authentication failed", re.I),
        _l(
            "The mail server refused the user name or password: check MAIL_USERNAME and MAIL_PASSWORD."
        ),
    ),
    (
        re.compile(r"SMTPSenderRefused", re.I),
        _l("The mail server refused the sender address: check MAIL_DEFAULT_SENDER."),
    ),
    (
        re.compile(r"SMTPRecipientsRefused|\b55[0-3]\b", re.I),
        _l(
            "The mail server refused the recipient's address: check the address on the person or the case."
        ),
    ),
    (
        re.compile(r"SSL|certificate|STARTTLS", re.I),
        _l(
            "The secure connection to the mail server failed: check MAIL_USE_TLS, MAIL_USE_SSL and MAIL_PORT, and the server's certificate."
        ),
    ),
    (
        re.compile(r"gaierror|Name or service not known|nodename nor servname|getaddrinfo", re.I),
        _l("The mail server's name was not found: check MAIL_SERVER."),
    ),
    (
        re.compile(r"ConnectionRefused|Connection refused|Errno 111|\(111\b|\b111,", re.I),
        _l("The mail server does not answer: check MAIL_SERVER and MAIL_PORT."),
    ),
    (
        re.compile(r"timed? ?out|TimeoutError", re.I),
        _l(
            "The mail server did not answer in time: check MAIL_SERVER, MAIL_PORT and the firewall between them."
        ),
    ),
    (
        re.compile(r"SMTPServerDisconnected|Connection unexpectedly closed|ConnectionReset", re.I),
        _l(
            "The mail server closed the connection: check MAIL_PORT and whether the server needs TLS."
        ),
    ),
]
GENERAL = _l("The message could not be delivered; the technical details below say why.")


def advice(raw_error: str | None) -> str:
    """The administrator's next step for a stored error ("" when there is no error)."""
    if not raw_error:
        return ""
    for pattern, text in OUTBOUND:
        if pattern.search(raw_error):
            return str(text)
    return str(GENERAL)


# Why incoming mail was kept: the reason is stored in English words for the log; the page
# shows it in the reader's language, the stored words under "technical details".
INBOUND: list[tuple[re.Pattern[str], LazyString]] = [
    (
        re.compile(r"^automated:"),
        _l("Written by a machine (an auto-reply or a bounce): nothing to do."),
    ),
    (
        re.compile(r"DMARC"),
        _l(
            "The sender's domain says the mail is not from them (DMARC): check with the sender before accepting it."
        ),
    ),
    (
        re.compile(r"^rate limit"),
        _l("The sender sent more mail in an hour than MAIL_INBOUND_PER_HOUR allows."),
    ),
    (
        re.compile(r"^unknown sender"),
        _l("The sender has no account, and MAIL_UNKNOWN_SENDER is set to reject such mail."),
    ),
    (re.compile(r"account is disabled"), _l("The sender's account is disabled.")),
    (
        re.compile(r"^message too large"),
        _l("The mail is larger than MAIL_INBOUND_MAX_BYTES allows."),
    ),
    (
        re.compile(r"may not reply to"),
        _l("The sender may not write on the case the mail points at."),
    ),
    (
        re.compile(r"^held: From claims staff"),
        _l("The mail claims to be from staff but was not sent to a reply address signed for them."),
    ),
    (
        re.compile(r"^(re)?processing failed"),
        _l("The mail could not be processed; the technical details below say why."),
    ),
]


def inbound_reason(raw_reason: str | None) -> str:
    """Why an incoming mail was kept, in the reader's language (the stored words when the
    reason is one this module does not know)."""
    if not raw_reason:
        return ""
    reason = raw_reason.removeprefix("accepted by an admin: ")
    for pattern, text in INBOUND:
        if pattern.search(reason):
            return str(text)
    return raw_reason
