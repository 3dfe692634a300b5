"""One error pattern on the change and problem pages: the summary at the top, the message
next to its field, what was typed kept, a 4xx answer and nothing saved."""

from __future__ import annotations

from servicedesk.domain.changes.problems import create_problem
from servicedesk.infra.extensions import db
from servicedesk.models import Problem
from tests.conftest import csrf_token


def test_a_wrong_incident_number_on_a_problem_shows_the_pattern(world, client, auth, now):
    problem = create_problem(world.org.agent, title="VPN faller", now=now)
    db.session.commit()
    auth.login(world.org.agent)
    path = f"/problems/{problem.id}"
    response = client.post(
        f"{path}/incidents",
        data={"csrf_token": csrf_token(client, path), "reference": "INC-999999"},
    )
    assert response.status_code == 422
    page = response.text
    assert 'id="error-summary"' in page
    assert page.index('id="error-summary"') < page.index('INC-999999"')  # summary first
    assert 'id="reference-err"' in page  # the message next to the field
    assert 'value="INC-999999"' in page  # what was typed is kept
    assert 'aria-invalid="true"' in page
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).incidents == []


def test_an_analysis_too_long_is_refused_with_the_text_kept(world, client, auth, now):
    problem = create_problem(world.org.agent, title="VPN faller", now=now)
    db.session.commit()
    auth.login(world.org.agent)
    path = f"/problems/{problem.id}"
    long_text = "x" * 60_000
    response = client.post(
        f"{path}/analysis",
        data={"csrf_token": csrf_token(client, path), "root_cause": long_text, "workaround": "ok"},
    )
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text and long_text in response.text
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).root_cause == ""
