"""When the employee can expect a first answer: from the policy before filing, the
deadline after."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import force_locale

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.sla.calendar import office_hours
from servicedesk.domain.sla.expected import (
    answer_due_text,
    answer_within,
    expected_answer_text,
    working_day_minutes,
)
from servicedesk.domain.tickets.lifecycle import create_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import SlaPolicy, SlaTarget


def test_business_time_in_working_days_or_hours(app):
    spec = office_hours()  # 8-17 on weekdays: a 9-hour working day
    assert working_day_minutes(spec) == 9 * 60
    with app.test_request_context():
        with force_locale("sv"):
            assert answer_within(9 * 60, spec) == "Du får svar inom 1 arbetsdag."
            assert answer_within(18 * 60, spec) == "Du får svar inom 2 arbetsdagar."
            assert answer_within(4 * 60, spec) == "Du får svar inom 4 timmar."
            assert answer_within(90, spec) == "Du får svar inom 2 timmar."  # rounded up
            assert answer_within(30, spec) == "Du får svar inom 30 minuter."
        with force_locale("en"):
            assert answer_within(60, spec) == "You get an answer within 1 hour."
            assert answer_within(27 * 60, spec) == "You get an answer within 3 working days."


def test_the_services_policy_and_the_likely_priority_decide(app, org):
    office_calendar(short_days=False)
    default_policy()  # priority 3: 9 h, 2: 2 h, 4: 18 h first response
    fast = SlaPolicy(
        name="Skola",
        targets=[
            SlaTarget(priority=p, first_response_minutes=60, resolution_minutes=600)
            for p in (1, 2, 3, 4)
        ],
    )
    db.session.add(fast)
    db.session.flush()
    org.school.sla_policy_id = fast.id
    db.session.commit()
    with app.test_request_context(), force_locale("sv"):
        assert expected_answer_text(org.email, 2, 2) == "Du får svar inom 1 arbetsdag."
        assert expected_answer_text(org.email, 1, 2) == "Du får svar inom 2 timmar."
        assert expected_answer_text(org.email, 3, 3) == "Du får svar inom 2 arbetsdagar."
        assert expected_answer_text(None, 3, 3) == "Du får svar inom 2 arbetsdagar."
        assert expected_answer_text(org.school, 3, 3) == "Du får svar inom 1 timme."


def test_no_policy_no_promise(app, org):
    with app.test_request_context():
        assert expected_answer_text(org.email, 2, 2) == ""


def test_the_case_page_says_by_when_in_local_time(app, org, client, auth):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()
    filed = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday 11:00 in Stockholm
    ticket = create_ticket(
        requester=org.employee,
        actor=org.employee,
        title="Skrivaren",
        description="Tomma sidor",
        ticket_type="incident",
        service=org.email,
        impact=2,
        urgency=2,
        channel="portal",
        now=filed,
    )
    db.session.commit()
    with app.test_request_context(), force_locale("sv"):
        # 9 business hours from Monday 11:00 on 8-17 days: Tuesday 11:00.
        assert answer_due_text(ticket) == "Du får svar senast tis 8 dec. kl. 11:00."
    auth.login(org.employee)
    assert (
        "Du får svar senast tis 8 dec. kl. 11:00."
        in client.get(f"/portal/tickets/{ticket.id}").text
    )


def test_the_form_and_its_json_say_it_for_the_chosen_service(app, org, client, auth):
    office_calendar(short_days=False)
    default_policy()
    db.session.commit()
    auth.login(org.employee)
    assert "Du får svar inom 2 arbetsdagar." in client.get("/portal/new").text
    body = client.get(
        f"/portal/expected-answer?service={org.email.id}&impact=1&urgency=2"
    ).get_json()
    assert body == {"text": "Du får svar inom 2 timmar."}
