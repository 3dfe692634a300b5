"""Reports of accessibility problems (the accessibility statement's form, DOS-lagen).

A report becomes an ordinary case in the service desk's queue, so staff follow it up like
any other. A signed-in person files it in their own name. Anyone else may report too,
without an account: the case is then filed by one shared, inactive account (it gets no
mail and cannot sign in) and the reporter's name and address head the description, so
the desk can answer them. Anonymous reports are bounded per hour, so the open form cannot
flood the queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.identity.users import EMAIL_RE, create_user, find_user_by_email
from servicedesk.domain.tickets import lifecycle
from servicedesk.infra.extensions import db
from servicedesk.models import Channel, Ticket, TicketType, User

REPORT_PREFIX = "[Tillgänglighet]"
TITLE_ROOM = 200 - len(REPORT_PREFIX) - 1
DESCRIPTION_MAX = 10_000
# The account anonymous reports are filed by: `.invalid` is never delivered (RFC 2606).
ANONYMOUS_EMAIL = "tillganglighetsrapport@servicedesk.invalid"
ANONYMOUS_NAME = "Tillgänglighetsrapport utan inloggning"
DEFAULT_PER_HOUR = 20


def report_title(page: str) -> str:
    """Reports are ordinary cases, told apart in every list by their subject prefix."""
    return f"{REPORT_PREFIX} {page.strip()}"


def anonymous_reporter() -> User:
    """The shared account anonymous reports are filed by, made inactive on first use."""
    account = find_user_by_email(ANONYMOUS_EMAIL)
    if account is None:
        account = create_user(email=ANONYMOUS_EMAIL, name=ANONYMOUS_NAME, password=None)
        account.active = False
        db.session.flush()
    return account


def anonymous_reports_since(since: datetime) -> int:
    stmt = (
        select(func.count(Ticket.id))
        .join(User, User.id == Ticket.requester_id)
        .where(User.email == ANONYMOUS_EMAIL, Ticket.created_at >= since)
    )
    return db.session.scalar(stmt) or 0


def file_report(
    *,
    reporter: User | None,
    page: str,
    description: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    now: datetime,
) -> Ticket:
    """File a report as a case; `reporter` None: someone who is not signed in, who must
    give a name and an e-mail address to be answered."""
    page, description = (page or "").strip(), (description or "").strip()
    if not page:
        raise ValidationError(_l("Tell us which page or function."), field="page")
    if len(page) > TITLE_ROOM:
        raise ValidationError(_l("At most %(n)s characters.", n=TITLE_ROOM), field="page")
    if not description:
        raise ValidationError(_l("Describe the problem."), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            _l("At most %(n)s characters.", n=DESCRIPTION_MAX), field="description"
        )
    if reporter is None:
        requester = _anonymous_requester(name, email, now=now)
        description = _with_contact(name, email, phone, description)
    else:
        requester = reporter
    return lifecycle.create_ticket(
        requester=requester,
        actor=requester,
        title=report_title(page),
        description=description,
        ticket_type=TicketType.INCIDENT,
        channel=Channel.PORTAL,
        now=now,
    )


def _anonymous_requester(name: str, email: str, *, now: datetime) -> User:
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        raise ValidationError(_l("Enter your name so that we can answer you."), field="name")
    if len(name) > 200:
        raise ValidationError(_l("At most %(n)s characters.", n=200), field="name")
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    limit = current_app.config.get("ACCESSIBILITY_REPORTS_PER_HOUR", DEFAULT_PER_HOUR)
    if anonymous_reports_since(now - timedelta(hours=1)) >= limit:
        raise ValidationError(
            _l(
                "Many reports have come in during the last hour. Try again later, or call "
                "the service desk."
            )
        )
    return anonymous_reporter()


def _with_contact(name: str, email: str, phone: str, description: str) -> str:
    contact = f"{name.strip()} <{email.strip()}>"
    if (phone or "").strip():
        contact += f", {phone.strip()[:40]}"
    return f"{_l('Reported without signing in by')}: {contact}\n\n{description}"
