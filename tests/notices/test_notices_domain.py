"""Notices: writing rules, who may write, what is active, followers' mail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicedesk.domain.errors import NotFound, PermissionDenied, ValidationError
from servicedesk.domain.notices import notices as domain
from servicedesk.domain.notices.subscriptions import follow, unfollow
from servicedesk.infra.extensions import db
from tests.notices.helpers import draft, mails, publish


def test_refused_without_service_or_with_end_before_start(org, now):
    with pytest.raises(ValidationError) as exc:
        domain.create_notice(org.agent, draft([], now=now), publish=True, now=now)
    assert exc.value.field == "services"
    bad = draft([org.school], now=now, ends_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        domain.create_notice(org.agent, bad, publish=True, now=now)
    assert exc.value.field == "ends_at"
    with pytest.raises(ValidationError) as exc:
        domain.create_notice(
            org.agent, draft([org.school], now=now, title=" "), publish=False, now=now
        )
    assert exc.value.field == "title"
    db.session.rollback()
    assert domain.staff_notices(org.admin) == []


def test_a_case_that_is_not_major_cannot_be_the_notices_major(org, now, file_ticket):
    ticket = file_ticket(service=org.school)
    with pytest.raises(ValidationError) as exc:
        domain.create_notice(
            org.agent, draft([org.school], now=now, major_ticket=ticket), publish=True, now=now
        )
    assert exc.value.field == "major"


def test_writers_are_the_services_queue_the_it_unit_and_admins(org, now):
    # Bo works BUF support, the school platform's queue: he may; Siv (SOC) may not.
    assert publish(org.buf_agent, [org.school], now=now).state == "published"
    with pytest.raises(PermissionDenied):
        domain.create_notice(org.soc_agent, draft([org.school], now=now), publish=True, now=now)
    # Both services needed: Bo does not work the care system's queue.
    with pytest.raises(PermissionDenied):
        domain.create_notice(
            org.buf_agent, draft([org.school, org.care], now=now), publish=True, now=now
        )
    # The central queue (IT unit) writes for any service; an employee never.
    assert publish(org.agent, [org.school, org.care], now=now).id
    with pytest.raises(PermissionDenied):
        domain.create_notice(org.employee, draft([org.school], now=now), publish=True, now=now)


def test_drafts_are_staff_only_and_not_active(org, now):
    notice = domain.create_notice(org.agent, draft([org.school], now=now), publish=False, now=now)
    db.session.commit()
    assert domain.active_notices(now=now) == []
    assert domain.public_notices(now=now) == []
    with pytest.raises(NotFound):
        domain.get_visible_notice(org.employee, notice.id)
    with pytest.raises(NotFound):
        domain.get_visible_notice(None, notice.id)
    assert domain.get_visible_notice(org.agent, notice.id) is notice
    domain.publish_notice(notice, org.agent, now=now)
    db.session.commit()
    assert domain.get_visible_notice(None, notice.id) is notice
    assert [n.id for n in domain.active_notices(now=now, service_ids=[org.school.id])] == [
        notice.id
    ]
    assert domain.active_notices(now=now, service_ids=[org.email.id]) == []


def test_planned_maintenance_is_active_until_its_end_a_disruption_until_resolved(org, now):
    planned = publish(
        org.agent, [org.email], now=now, kind="planned", ends_at=now + timedelta(hours=1)
    )
    ongoing = publish(org.agent, [org.school], now=now, ends_at=now + timedelta(minutes=5))
    later = now + timedelta(hours=2)
    assert {n.id for n in domain.active_notices(now=now)} == {planned.id, ongoing.id}
    assert [n.id for n in domain.active_notices(now=later)] == [ongoing.id]
    domain.resolve_notice(ongoing, org.agent, text="Allt fungerar igen.", now=later)
    db.session.commit()
    assert domain.active_notices(now=later) == []
    assert ongoing.kind == "resolved" and ongoing.body.endswith("Allt fungerar igen.")
    # Still on the public page for a while after it was resolved.
    assert [n.id for n in domain.public_notices(now=later)] == [ongoing.id]
    assert domain.public_notices(now=later + timedelta(days=4)) == []
    history = [e.action for e in domain.notice_history(ongoing)]
    assert history == ["created", "published", "resolved"]


def test_followers_are_mailed_once_per_event_in_their_language(org, now, make_user):
    english = make_user("Eve English", locale="en")
    follow(org.employee, org.school, now=now)
    follow(english, org.school, now=now)
    follow(english, org.care, now=now)  # two of the notice's services: still one mail
    follow(org.other_employee, org.email, now=now)  # another service: no mail
    db.session.commit()
    notice = publish(org.agent, [org.school, org.care], now=now)
    sent = mails("notice_event")
    assert sorted(m.to_address for m in sent) == sorted([org.employee.email, english.email])
    by_address = {m.to_address: m for m in sent}
    assert by_address[english.email].subject.startswith("Notice:")
    assert by_address[org.employee.email].subject.startswith("Driftinformation:")
    assert "<strong>Nästa besked</strong>" in by_address[org.employee.email].body_html

    domain.update_notice(
        notice,
        org.agent,
        draft([org.school, org.care], now=now, body="Ny <script>x</script>"),
        now=now,
    )
    domain.resolve_notice(notice, org.agent, now=now)
    db.session.commit()
    assert len(mails("notice_event")) == 6
    assert "<script>" not in "".join(m.body_html for m in mails("notice_event"))
    unfollow(english, org.school)
    unfollow(english, org.care)
    db.session.commit()
    publish(org.agent, [org.school], now=now)
    assert len(mails("notice_event")) == 7


def test_a_resolved_notice_cannot_be_changed(org, now):
    notice = publish(org.agent, [org.school], now=now)
    domain.resolve_notice(notice, org.agent, now=now)
    from servicedesk.domain.errors import InvalidTransition

    with pytest.raises(InvalidTransition):
        domain.update_notice(notice, org.agent, draft([org.school], now=now), now=now)
    with pytest.raises(InvalidTransition):
        domain.resolve_notice(notice, org.agent, now=now)


def test_a_draft_mails_nobody_until_it_is_published(org, now):
    follow(org.employee, org.school, now=now)
    notice = domain.create_notice(org.agent, draft([org.school], now=now), publish=False, now=now)
    domain.update_notice(
        notice, org.agent, draft([org.school], now=now, title="Ny rubrik"), now=now
    )
    db.session.commit()
    assert mails("notice_event") == []
    domain.publish_notice(notice, org.agent, now=now)
    db.session.commit()
    assert [m.subject for m in mails("notice_event")] == ["Driftinformation: Ny rubrik"]
