"""Survey rules: one answer per ticket, only the requester, signed links, GET changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicedesk.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from servicedesk.domain.reports.survey import answer_survey, read_token, survey_token, survey_url
from servicedesk.infra.extensions import db
from servicedesk.models import SurveyResponse
from tests.reports.conftest import T


@pytest.fixture
def resolved(org, make_ticket):
    ticket = make_ticket(
        org.email, org.central, created=T(11, 2), status="resolved", resolved_at=T(11, 3)
    )
    db.session.commit()
    return ticket


def answers() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def test_requester_answers_once(app, org, resolved):
    answer_survey(resolved, org.employee, rating=4, comment="Bra", now=T(11, 4))
    with pytest.raises(InvalidTransition):
        answer_survey(resolved, org.employee, rating=5, now=T(11, 4))
    assert answers() == 1


def test_unique_constraint_backs_the_rule(app, org, resolved):
    from sqlalchemy.exc import IntegrityError

    db.session.add(SurveyResponse(ticket_id=resolved.id, rating=3, answered_at=T(11, 4)))
    db.session.flush()
    db.session.add(SurveyResponse(ticket_id=resolved.id, rating=5, answered_at=T(11, 4)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_requester_and_only_after_resolution(app, org, resolved, make_ticket):
    with pytest.raises(PermissionDenied):
        answer_survey(resolved, org.other_employee, rating=4, now=T(11, 4))
    open_ticket = make_ticket(org.email, org.central, created=T(11, 2), status="open")
    with pytest.raises(InvalidTransition):
        answer_survey(open_ticket, org.employee, rating=4, now=T(11, 4))
    with pytest.raises(ValidationError):
        answer_survey(resolved, org.employee, rating=6, now=T(11, 4))
    assert answers() == 0


def test_token_round_trip_and_tampering(app, resolved):
    token = survey_token(resolved, 5)
    assert read_token(token) == (resolved.id, 5)
    assert survey_url(resolved).startswith("http://localhost/survey/")
    with pytest.raises(NotFound):
        read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(NotFound):
        read_token("not-a-token")


def test_mail_link_get_changes_nothing_then_post_confirms(client, auth, org, resolved):
    auth.login(org.employee)
    url = f"/survey/{survey_token(resolved, 2)}"
    page = client.get(url)
    assert page.status_code == 200
    assert (
        '<input checked id="rating-3" name="rating" required type="radio" value="2">' in page.text
    )
    assert answers() == 0
    token = auth.token(url)
    response = client.post(url, data={"csrf_token": token, "rating": "2", "comment": "Långsamt"})
    assert response.status_code == 302
    assert answers() == 1
    saved = db.session.scalar(select(SurveyResponse))
    assert (saved.rating, saved.comment) == (2, "Långsamt")


def test_tampered_link_and_other_users_get_404(client, auth, org, resolved):
    auth.login(org.other_employee)
    assert client.get(f"/survey/{survey_token(resolved, 5)}").status_code == 404
    assert client.get("/survey/forged.token.value").status_code == 404
    token = auth.token("/portal/new")
    response = client.post(
        f"/survey/tickets/{resolved.id}", data={"csrf_token": token, "rating": "1"}
    )
    assert response.status_code == 404
    assert answers() == 0


def test_portal_form_shown_to_requester_and_answers(client, auth, org, resolved):
    auth.login(org.employee)
    page = client.get(f"/portal/tickets/{resolved.id}")
    assert 'id="survey"' in page.text and "Skicka betyg" in page.text
    token = auth.token(f"/portal/tickets/{resolved.id}")
    client.post(f"/survey/tickets/{resolved.id}", data={"csrf_token": token, "rating": "5"})
    assert answers() == 1
    page = client.get(f"/portal/tickets/{resolved.id}")
    assert "betyget 5 av 5" in page.text and "Skicka betyg" not in page.text
