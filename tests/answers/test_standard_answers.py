"""Standard answers: placeholders filled safely, the requester's language, who keeps which,
the picker's JSON and its permission check."""

from __future__ import annotations

import pytest

from servicedesk.domain.answers.placeholders import fill, unknown_placeholders
from servicedesk.domain.answers.standard_answers import (
    answers_for_ticket,
    filled_answer,
    kept_answer,
    kept_answers,
    save_answer,
)
from servicedesk.domain.errors import NotFound, PermissionDenied
from servicedesk.infra.extensions import db
from servicedesk.models import StandardAnswer


def test_placeholders_are_filled_by_plain_substitution(org, file_ticket):
    ticket = file_ticket(service=org.email)
    text = "Hej {förnamn}, {reference} ({rubrik}). {okänd} {{ config }} {handläggare}"
    filled = fill(text, ticket, org.agent)
    assert filled == (
        f"Hej Emma, {ticket.reference} (Kan inte logga in). {{okänd}} {{{{ config }}}} Anders Agent"
    )
    assert unknown_placeholders(text + " {okänd} {x}") == ["{okänd}", "{x}"]


def test_a_value_is_never_read_as_a_placeholder_or_template(org, file_ticket):
    ticket = file_ticket(service=org.email, title="{handläggare} {{ 7*7 }}")
    assert fill("{rubrik}", ticket, org.agent) == "{handläggare} {{ 7*7 }}"


def test_answer_in_the_requesters_language(org, file_ticket, reset_answer, now):
    ticket = file_ticket(service=org.email)
    assert filled_answer(reset_answer, ticket, org.agent).startswith("Hej Emma!")
    org.employee.locale = "en"
    db.session.commit()
    assert filled_answer(reset_answer, ticket, org.agent) == (
        f"Hi Emma, the password for {ticket.reference} is reset. /Anders Agent"
    )
    reset_answer.body_en = "  "
    assert filled_answer(reset_answer, ticket, org.agent).startswith("Hej Emma!")


def test_save_reports_unknown_placeholders_and_keeps_them(org, now):
    answer, unknown = save_answer(
        org.admin,
        None,
        title="T",
        queue=None,
        body_sv="Hej {fornamn}",
        body_en="{first_name}",
        now=now,
    )
    assert unknown == ["{fornamn}"] and answer.body_sv == "Hej {fornamn}"


def test_queue_lead_keeps_only_their_queues_answers(org, now, reset_answer):
    org.buf_queue.lead = org.buf_agent
    db.session.commit()
    lead = org.buf_agent
    with pytest.raises(PermissionDenied):  # not the answers for everyone
        save_answer(lead, None, title="Alla", queue=None, body_sv="x", now=now)
    with pytest.raises(PermissionDenied):  # not another queue's
        save_answer(lead, None, title="Desk", queue=org.central, body_sv="x", now=now)
    with pytest.raises(PermissionDenied):  # nor move another queue's answer
        save_answer(lead, reset_answer, title="x", queue=org.buf_queue, body_sv="x", now=now)
    own, _ = save_answer(lead, None, title="BUF", queue=org.buf_queue, body_sv="x", now=now)
    db.session.commit()
    assert [a.title for a in kept_answers(lead)] == ["BUF"]
    with pytest.raises(NotFound):
        kept_answer(lead, reset_answer.id)
    assert {a.title for a in kept_answers(org.admin)} == {"BUF", "Lösenord återställt"}
    with pytest.raises(PermissionDenied):  # an agent who leads nothing
        save_answer(org.soc_agent, None, title="S", queue=org.soc_queue, body_sv="x", now=now)


def test_agents_see_shared_and_their_queues_answers_matching_the_search(
    org, file_ticket, reset_answer, now
):
    save_answer(org.admin, None, title="Alla", queue=None, body_sv="Skärmbild tack", now=now)
    save_answer(org.admin, None, title="BUF", queue=org.buf_queue, body_sv="x", now=now)
    off, _ = save_answer(
        org.admin, None, title="Av", queue=None, body_sv="x", active=False, now=now
    )
    db.session.commit()
    ticket = file_ticket(service=org.email)  # the central desk's
    assert [a.title for a in answers_for_ticket(ticket, org.agent)] == [
        "Alla",
        "Lösenord återställt",
    ]
    assert [a.title for a in answers_for_ticket(ticket, org.agent, q="PASSWORD")] == [
        "Lösenord återställt"
    ]
    assert [a.title for a in answers_for_ticket(ticket, org.agent, q="skärm")] == ["Alla"]
    with pytest.raises(PermissionDenied):
        answers_for_ticket(ticket, org.buf_agent)


def test_picker_json_is_filled_and_permission_checked(org, client, auth, file_ticket, reset_answer):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    items = client.get(f"/desk/tickets/{ticket.id}/answers?q=lösen").get_json()["items"]
    assert items == [
        {
            "id": reset_answer.id,
            "title": "Lösenord återställt",
            "text": f"Hej Emma! Lösenordet för {ticket.reference} är återställt. /Anders Agent",
            "lang": "sv",
        }
    ]
    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert 'id="answer-search"' in page and 'role="combobox"' in page
    assert f"Lösenordet för {ticket.reference} är återställt" in page  # the no-JS list
    auth.login(org.buf_agent)
    assert client.get(f"/desk/tickets/{ticket.id}/answers").status_code == 404
    auth.login(org.employee)
    assert client.get(f"/desk/tickets/{ticket.id}/answers").status_code == 403


def test_admin_pages_for_answers_and_the_lead_limit(org, client, auth, reset_answer):
    org.buf_queue.lead = org.buf_agent
    db.session.commit()
    auth.login(org.buf_agent)
    page = client.get("/admin/answers/")
    assert page.status_code == 200 and "Lösenord återställt" not in page.text
    assert "{förnamn}" in page.text  # the placeholders are documented
    assert client.get(f"/admin/answers/{reset_answer.id}").status_code == 404
    form = client.get("/admin/answers/new").text
    assert f'value="{org.central.id}"' not in form and f'value="{org.buf_queue.id}"' in form
    token = auth.token("/admin/answers/new")
    response = client.post(
        "/admin/answers/new",
        data={
            "csrf_token": token,
            "title": "Skolplattformen nere",
            "queue": org.buf_queue.id,
            "body_sv": "Hej {förnamn}, vi felsöker {systemet}.",
            "active": "y",
        },
        follow_redirects=True,
    )
    assert "Inte platshållare, lämnade som de skrevs: {systemet}" in response.text
    saved = db.session.query(StandardAnswer).filter_by(title="Skolplattformen nere").one()
    assert saved.queue_id == org.buf_queue.id
    response = client.post(
        "/admin/answers/new",
        data={"csrf_token": token, "title": "", "queue": org.buf_queue.id, "body_sv": "Text"},
    )
    assert response.status_code == 200 and 'id="title-err"' in response.text
    assert "Text</textarea>" in response.text
    auth.login(org.soc_agent)  # leads nothing
    assert client.get("/admin/answers/").status_code == 403
    auth.login(org.admin)
    assert "Lösenord återställt" in client.get("/admin/answers/").text


def test_a_queue_lead_reaches_their_answers_from_the_menu(org, client, auth, now):
    """The menu names the answers for admins and queue leads only, and a lead made or
    unmade by an admin is seen at the next page."""
    menu_link = 'href="/admin/answers/"'
    auth.login(org.buf_agent)
    assert menu_link not in client.get("/desk/").text  # leads nothing yet
    org.buf_queue.lead = org.buf_agent
    db.session.commit()
    page = client.get("/desk/").text
    assert menu_link in page
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert menu_link in nav and "Svarsmallar" in nav
    auth.login(org.soc_agent)
    assert menu_link not in client.get("/desk/").text
    auth.login(org.employee)
    assert menu_link not in client.get("/portal/").text
    auth.login(org.admin)
    assert menu_link in client.get("/desk/").text
