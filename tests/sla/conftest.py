"""SLA fixtures: the demo calendars and default policy, and local-time helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from servicedesk.demo.sla import always_open_calendar, default_policy, office_calendar
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage, SlaEvent, SlaTimer

STHLM = ZoneInfo("Europe/Stockholm")


def local(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=STHLM).astimezone(UTC)


class Sla:
    def __init__(self, org):
        self.office = office_calendar(short_days=False)
        self.always = always_open_calendar()
        self.policy = default_policy()
        org.central.lead = org.admin
        org.buf_queue.lead = org.buf_agent
        db.session.commit()

    @staticmethod
    def timers(ticket) -> dict[str, SlaTimer]:
        stmt = select(SlaTimer).where(SlaTimer.ticket_id == ticket.id).order_by(SlaTimer.id)
        return {
            t.kind if t.kind != "ola" else f"ola:{t.queue_id}": t for t in db.session.scalars(stmt)
        }

    @staticmethod
    def events(timer) -> list[tuple[str, datetime]]:
        stmt = select(SlaEvent).where(SlaEvent.timer_id == timer.id)
        return [(e.kind, e.at) for e in db.session.scalars(stmt.order_by(SlaEvent.at, SlaEvent.id))]

    @staticmethod
    def mails(kind: str | None = None) -> list[OutboxMessage]:
        stmt = select(OutboxMessage).order_by(OutboxMessage.id)
        # Escalations only: other areas (acknowledgements) mail too.
        stmt = stmt.where(OutboxMessage.kind == kind if kind else OutboxMessage.kind.like("sla%"))
        return list(db.session.scalars(stmt))


@pytest.fixture
def sla(org) -> Sla:
    return Sla(org)


@pytest.fixture
def in_locale(app):
    """Call `fn(*args)` in a request in `locale` and give its text."""

    def render(locale, fn, *args):
        with app.test_request_context(), force_locale(locale):
            return str(fn(*args))

    return render
