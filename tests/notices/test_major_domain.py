"""Major incidents: declaring, linking (and what is refused), joining from a notice, one
update to every requester, resolving the children, the timeline, the suggestions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicedesk.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.domain.major import incidents as major_domain
from servicedesk.domain.major.suggestions import set_threshold, suggestions
from servicedesk.domain.major.timeline import timeline
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog, SlaTimer, TicketHistory
from tests.notices.helpers import mails, publish
from tests.resolving import resolve


@pytest.fixture
def outage(org, now, file_ticket, make_user):
    """The school platform is down: one incident marked major, a notice pointing to it."""
    first = file_ticket(
        make_user("Först Anmälare"),
        service=org.school,
        title="Skolplattformen nere",
        now=now - timedelta(minutes=30),
    )
    major = major_domain.declare_major(first, org.buf_agent, now=now)
    db.session.commit()
    notice = publish(org.buf_agent, [org.school], now=now, major_ticket=first)
    return major, notice


def test_only_an_open_incident_can_be_major(org, now, file_ticket):
    request = file_ticket(service=org.school, ticket_type="service_request")
    with pytest.raises(ValidationError) as exc:
        major_domain.declare_major(request, org.buf_agent, now=now)
    assert exc.value.code == "not_incident"
    incident = file_ticket(service=org.school)
    with pytest.raises(PermissionDenied):
        major_domain.declare_major(incident, org.soc_agent, now=now)
    major_domain.declare_major(incident, org.buf_agent, now=now)
    with pytest.raises(InvalidTransition):
        major_domain.declare_major(incident, org.buf_agent, now=now)


def test_linking_refuses_itself_a_major_a_non_incident_and_another_majors_child(
    org, now, file_ticket, outage
):
    major, _notice = outage
    with pytest.raises(ValidationError) as exc:
        major_domain.link_child(major, major.ticket, org.buf_agent, now=now)
    assert exc.value.code == "self_link" and exc.value.field == "child"
    request = file_ticket(service=org.school, ticket_type="service_request")
    with pytest.raises(ValidationError) as exc:
        major_domain.link_child(major, request, org.buf_agent, now=now)
    assert exc.value.code == "not_incident"
    other = file_ticket(service=org.school, title="Också nere")
    other_major = major_domain.declare_major(other, org.buf_agent, now=now)
    with pytest.raises(ValidationError) as exc:
        major_domain.link_child(major, other, org.buf_agent, now=now)
    assert exc.value.code == "child_is_major"
    child = file_ticket(service=org.school)
    assert major_domain.link_child(other_major, child, org.buf_agent, now=now)
    with pytest.raises(ValidationError) as exc:
        major_domain.link_child(major, child, org.buf_agent, now=now)
    assert exc.value.code == "already_linked"
    # A child cannot become major itself.
    with pytest.raises(ValidationError) as exc:
        major_domain.declare_major(child, org.buf_agent, now=now)
    assert exc.value.code == "child_of_major"
    # An agent who does not work the case cannot link it.
    care = file_ticket(service=org.care)
    with pytest.raises(PermissionDenied):
        major_domain.link_child(major, care, org.buf_agent, now=now)


def test_three_employees_join_once_each_get_one_update_and_the_solution(
    org, now, make_user, outage
):
    major, notice = outage
    people = [org.employee, org.other_employee, make_user("Tina Tredje", locale="en")]
    cases = []
    for person in people:
        ticket, created = major_domain.join_major(notice, person, now=now)
        db.session.commit()
        assert created and ticket.requester_id == person.id and ticket.service_id == org.school.id
        cases.append(ticket)
    # A second press: the case they have, no new one.
    again, created = major_domain.join_major(notice, people[0], now=now)
    assert not created and again.id == cases[0].id
    assert [t.id for t in major_domain.children(major)] == [t.id for t in cases]
    # The one who filed the major incident has it already.
    own, created = major_domain.join_major(notice, major.ticket.requester, now=now)
    assert not created and own.id == major.ticket_id

    major_domain.post_update(
        major, org.buf_agent, "Leverantören felsöker. Nytt besked 11.", now=now
    )
    db.session.commit()
    updates = mails("major_update")
    requester = major.ticket.requester
    addresses = sorted(m.to_address for m in updates)
    assert addresses == sorted([requester.email, *(p.email for p in people)])
    english = next(m for m in updates if m.to_address == people[2].email)
    assert "Update about the disruption" in english.subject
    # The update is on each linked case's portal page, for its requester.
    found, shown = major_domain.updates_for(cases[1])
    assert found.id == major.id and [e.body for e in shown] == [
        "Leverantören felsöker. Nytt besked 11."
    ]

    with pytest.raises(ValidationError):
        major_domain.resolve_major(
            major, org.buf_agent, solution="", closure_code="solved_by_desk", now=now
        )
    db.session.rollback()
    later = now + timedelta(hours=1)
    resolved = major_domain.resolve_major(
        major,
        org.buf_agent,
        solution="Leverantören har startat om servern.",
        closure_code="solved_by_desk",
        now=later,
    )
    db.session.commit()
    assert {t.id for t in resolved} == {t.id for t in cases}
    for case in cases:
        db.session.refresh(case)
        assert case.status == "resolved"
        assert case.solution == "Leverantören har startat om servern."
        assert case.closure_code.code == "solved_by_desk"
    resolved_mails = mails("ticket_resolved")
    to = [m.to_address for m in resolved_mails]
    assert sorted(to) == sorted([requester.email, *(p.email for p in people)])
    # Each child keeps its own history and SLA timers.
    for case in cases:
        lines = db.session.query(TicketHistory).filter_by(ticket_id=case.id, field="status").all()
        assert lines and lines[-1].new_value == "resolved"
        timers = db.session.query(SlaTimer).filter_by(ticket_id=case.id).all()
        assert all(t.ticket_id == case.id for t in timers)
    kinds = [e.kind for e in timeline(major)]
    assert kinds[0] == "detected" and "declared" in kinds and "notice" in kinds
    assert kinds.count("child") == 3 and "update" in kinds and kinds[-2] == "resolved"
    # The notice linked to it was resolved with it, at the same instant.
    assert kinds[-1] == "notice" and timeline(major)[-1].at == timeline(major)[-2].at
    # Nothing more to join once resolved.
    with pytest.raises(InvalidTransition):
        major_domain.join_major(notice, make_user("Sen Ankomst"), now=later)


def test_resolving_the_major_from_the_ticket_page_path_resolves_children(
    org, now, file_ticket, outage
):
    major, _notice = outage
    child = file_ticket(service=org.school)
    major_domain.link_child(major, child, org.buf_agent, now=now)
    db.session.commit()
    resolve(major.ticket, org.buf_agent, now=now, solution="Omstartad.")
    db.session.commit()
    db.session.refresh(child)
    assert child.status == "resolved" and child.solution == "Omstartad."


def test_thresholds_suggest_a_major_incident_to_those_who_see_the_cases(org, now, file_ticket):
    with pytest.raises(PermissionDenied):
        set_threshold(org.buf_agent, org.school, 3, 15, now=now)
    with pytest.raises(ValidationError) as exc:
        set_threshold(org.admin, org.school, 1, 15, now=now)
    assert exc.value.field == "count"
    with pytest.raises(ValidationError) as exc:
        set_threshold(org.admin, org.school, 3, 0, now=now)
    assert exc.value.field == "minutes"
    set_threshold(org.admin, org.school, 3, 15, now=now)
    db.session.commit()
    assert db.session.query(AuditLog).filter_by(action="major_threshold_set").count() == 1
    file_ticket(service=org.school, now=now - timedelta(minutes=40))  # too early
    for minutes in (10, 5):
        file_ticket(service=org.school, now=now - timedelta(minutes=minutes))
    assert suggestions(org.buf_agent, now=now) == []
    file_ticket(service=org.school, now=now - timedelta(minutes=1))
    found = suggestions(org.buf_agent, now=now)
    assert len(found) == 1 and found[0].service.id == org.school.id and len(found[0].tickets) == 3
    # Siv (SOC) sees none of these cases: no suggestion, not even a count.
    assert suggestions(org.soc_agent, now=now) == []
    # Once one is major and the others linked, nothing more to suggest.
    first, *rest = found[0].tickets
    major = major_domain.declare_major(first, org.buf_agent, now=now)
    for t in rest:
        major_domain.link_child(major, t, org.buf_agent, now=now)
    assert suggestions(org.buf_agent, now=now) == []


def test_a_requester_with_two_linked_cases_is_told_once(org, now, file_ticket, outage):
    major, _notice = outage
    for title in ("Schemat syns inte", "Kan inte logga in på skolplattformen"):
        case = file_ticket(org.other_employee, service=org.school, title=title)
        major_domain.link_child(major, case, org.buf_agent, now=now)
    db.session.commit()
    major_domain.post_update(major, org.buf_agent, "Vi arbetar på det.", now=now)
    resolve(major.ticket, org.buf_agent, now=now, solution="Klart.")
    db.session.commit()
    to_other = [m for m in mails() if m.to_address == org.other_employee.email]
    assert sorted(m.kind for m in to_other if m.kind != "ticket_created") == [
        "major_update",
        "ticket_resolved",
    ]
    assert all(t.status == "resolved" for t in major_domain.children(major))


def test_three_affected_get_the_update_and_the_solution_once_and_the_notice_goes(
    org, now, file_ticket, outage, make_user
):
    """#17's walk: three employees press "Jag är också drabbad", one update, the major
    incident resolved: each of the three gets the update and the solution once, the notice
    linked to it is resolved with it (its banner gone) and its followers are told once. A
    notice of the same service that is not linked to the major incident stays."""
    from servicedesk.domain.notices import notices as notices_domain
    from servicedesk.domain.notices.subscriptions import follow

    major, notice = outage
    other = publish(org.buf_agent, [org.school], now=now, title="Planerat underhåll i maj")
    follower = make_user("Fia Följare", unit=org.buf)
    follow(follower, org.school, now=now)
    db.session.commit()
    affected = [make_user(f"Drabbad {n}", unit=org.buf) for n in range(3)]
    for person in affected:
        major_domain.join_major(notice, person, now=now)
        assert major_domain.join_major(notice, person, now=now)[1] is False  # once
    db.session.commit()
    before = len(mails())
    major_domain.post_update(major, org.buf_agent, "Leverantören felsöker.", now=now)
    db.session.commit()
    resolve(major.ticket, org.buf_agent, now=now, solution="Servern är omstartad.")
    db.session.commit()
    sent = mails()[before:]
    for person in affected:
        kinds = sorted(m.kind for m in sent if m.to_address == person.email)
        assert kinds == ["major_update", "ticket_resolved"], person.name
    to_follower = [m for m in sent if m.to_address == follower.email]
    assert [m.kind for m in to_follower] == ["notice_event"]
    db.session.refresh(notice)
    assert notice.resolved_at == now and notice.kind == "resolved"
    assert [n.id for n in notices_domain.active_notices(now=now)] == [other.id]
    events = [e.action for e in notices_domain.notice_history(notice)]
    assert events.count("resolved") == 1
