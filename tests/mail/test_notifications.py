"""Who gets mail for which ticket event; internal notes never reach the requester."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.domain.mail.notifications import _recipients
from servicedesk.domain.mail.render import render_mail
from servicedesk.domain.tickets import lifecycle as t
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage
from tests.resolving import resolve


def queued(kind: str | None = None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))


def test_new_case_acknowledged_to_requester_with_reference(app, org, file_ticket):
    ticket = file_ticket()
    [ack] = queued()
    assert ack.kind == "ticket_created" and ack.to_address == org.employee.email
    assert ack.subject == f"[{ticket.reference}] Vi har tagit emot ditt ärende: {ticket.title}"
    assert ack.key == f"ticket:{ticket.id}:created:to:{org.employee.id}"
    assert ack.headers["Auto-Submitted"] == "auto-replied" and ack.body_html


def test_public_staff_reply_goes_to_requester(app, org, file_ticket, now):
    ticket = file_ticket()
    comment = t.add_comment(ticket, org.agent, "Starta om datorn.", now=now)
    [mail] = queued("reply_to_requester")
    assert mail.to_address == org.employee.email
    assert mail.key == f"comment:{comment.id}:to:{org.employee.id}"
    assert "Starta om datorn." in mail.body_text and "Anders Agent skrev:" in mail.body_text


def test_internal_note_never_mails_the_requester(app, org, file_ticket, now):
    ticket = file_ticket()
    t.add_comment(ticket, org.agent, "Hemligt: användaren har skuld", internal=True, now=now)
    assert queued("reply_to_requester") == []
    # A later public reply quotes history, but only what the requester may see.
    t.add_comment(ticket, org.employee, "Hallå?", now=now)
    t.add_comment(ticket, org.agent, "Vi tittar på det.", now=now)
    for mail in queued():
        assert "Hemligt" not in mail.body_text and "Hemligt" not in (mail.body_html or "")
    [reply] = queued("reply_to_requester")
    assert "Hallå?" in reply.body_text and "Tidigare i ärendet" in reply.body_text


def test_requester_reply_goes_to_assignee_or_nobody(app, org, file_ticket, now):
    ticket = file_ticket()
    t.add_comment(ticket, org.employee, "Någon där?", now=now)
    assert queued("reply_to_assignee") == []  # nobody assigned: nobody mailed
    t.assign_ticket(ticket, org.admin, org.agent, now=now)
    t.add_comment(ticket, org.employee, "Hallå igen", now=now)
    [mail] = queued("reply_to_assignee")
    assert mail.to_address == org.agent.email
    assert f"/desk/tickets/{ticket.id}" in mail.body_text  # staff get the desk link
    assert "Anmälaren svarade" in mail.subject


def test_resolved_mail_links_to_the_ticket_page(app, org, file_ticket, now):
    ticket = file_ticket()
    resolve(ticket, org.agent, now=now)
    [mail] = queued("ticket_resolved")
    assert mail.to_address == org.employee.email
    assert f"http://localhost/portal/tickets/{ticket.id}" in mail.body_text
    assert f'href="http://localhost/portal/tickets/{ticket.id}"' in mail.body_html


def test_assignment_mails_the_new_assignee_but_not_on_self_assignment(app, org, file_ticket, now):
    ticket = file_ticket()
    t.assign_ticket(ticket, org.agent, org.agent, now=now)
    assert queued("ticket_assigned") == []
    t.assign_ticket(ticket, org.agent, org.admin, now=now)
    [mail] = queued("ticket_assigned")
    assert mail.to_address == org.admin.email and "Anders Agent gav dig" in mail.body_text


def test_recipients_are_deduplicated_and_actor_and_inactive_dropped(app, org):
    org.other_employee.active = False
    chosen = _recipients(
        [org.employee, org.employee, None, org.agent, org.other_employee], org.agent
    )
    assert chosen == [org.employee]


def test_same_event_twice_queues_one_mail(app, org, file_ticket, now):
    from servicedesk.domain.mail.notifications import on_ticket_created

    ticket = file_ticket()
    on_ticket_created(ticket, actor=org.employee, now=now)
    assert len(queued("ticket_created")) == 1


def test_render_mail_in_both_languages_with_absolute_links(app, org, file_ticket):
    ticket = file_ticket()
    context = {
        "ticket": ticket,
        "reference": ticket.reference,
        "recipient": org.employee,
        "ticket_url": "http://localhost/portal/tickets/1",
    }
    sv = render_mail("ticket_resolved", locale="sv", **context)
    en = render_mail("ticket_resolved", locale="en", **context)
    assert sv[0].startswith(f"[{ticket.reference}] Ditt ärende är löst")
    assert en[0].startswith(f"[{ticket.reference}] Your case is resolved")
    assert "\n" not in sv[0] and sv[1].startswith("Hej Emma")
    assert '<html lang="en">' in en[2] and "http://localhost/portal/tickets/1" in en[2]


def test_subject_never_carries_a_line_break(app, org, file_ticket, now):
    ticket = file_ticket()
    ticket.title = "Rad ett\r\nBcc: evil@example.org"
    t.add_comment(ticket, org.agent, "Svar", now=now)
    [mail] = queued("reply_to_requester")
    assert "\n" not in mail.subject and "\r" not in mail.subject


def test_resolved_mail_carries_one_click_survey_links_that_change_nothing_on_get(
    app, org, file_ticket, now
):
    import re

    from sqlalchemy import func, select

    from servicedesk.models import SurveyResponse
    from tests.conftest import Auth

    ticket = file_ticket()
    resolve(ticket, org.agent, now=now)
    db.session.commit()
    [mail] = queued("ticket_resolved")
    links = re.findall(r"^(\d): (http://localhost/survey/\S+)$", mail.body_text, re.M)
    assert [rating for rating, _ in links] == ["1", "2", "3", "4", "5"]
    assert mail.body_html.count("/survey/") == 5
    client = app.test_client()
    Auth(client).login(org.employee)
    page = client.get(links[4][1].removeprefix("http://localhost"))
    assert page.status_code == 200 and "<form" in page.text
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
