"""The monthly summary mail: on the 1st, previous month, recipient's language, once."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.reports.monthly import send_monthly_reports, set_subscription
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.reports.conftest import T


def test_sends_once_on_the_first_in_the_recipients_language(app, org, data, make_user):
    sv_boss = make_user("Chef IT", {"manager"}, org.it)
    en_boss = make_user("BUF Boss", {"manager"}, org.buf, locale="en")
    quitter = make_user("Slutat", {"manager"}, org.it)
    for user in (sv_boss, en_boss, quitter):
        set_subscription(user, active=True, now=T(11, 20))
    set_subscription(quitter, active=False, now=T(11, 21))
    db.session.commit()

    assert send_monthly_reports(now=T(11, 30, 12)) == 0  # not the 1st
    first = T(11, 30, 23, 30)  # 00:30 on 1 December in Stockholm
    assert send_monthly_reports(now=first) == 2
    assert send_monthly_reports(now=first) == 0  # idempotent
    mails = {m.key: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {
        f"monthly-report:{sv_boss.id}:2026-11",
        f"monthly-report:{en_boss.id}:2026-11",
    }
    sv = mails[f"monthly-report:{sv_boss.id}:2026-11"]
    assert sv.subject == "Servicenivårapport för 2026-11"
    # The whole organisation except the care system's t5 (confidential, not hers)
    assert "Första svar i tid: 75,0 % (3/4)" in sv.body_text
    en = mails[f"monthly-report:{en_boss.id}:2026-11"]
    assert en.subject == "SLA report for 2026-11"
    # The BUF manager's scope: t2, t3, t4 (first response 2 of 3 met).
    assert "First response met: 66.7 % (2/3)" in en.body_text
    assert "Vårdsystemet" not in en.body_text


def test_job_is_registered():
    from servicedesk.jobs import reports  # noqa: F401  (registers monthly-report)
    from servicedesk.jobs.scheduler import JOBS

    assert JOBS["monthly-report"].seconds == 24 * 3600
