"""The notice and major-incident pages through HTTP: the public page and feed without
log-in (drafts never), the banners and "Jag är också drabbad", the desk's forms refusing
bad input next to the field with what was typed kept, and who may open what."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import func, select

from servicedesk.domain.major.incidents import children, declare_major, post_update
from servicedesk.domain.notices.notices import create_notice
from servicedesk.infra.extensions import db
from servicedesk.models import MajorChild, Notice, Ticket
from servicedesk.models.base import utcnow
from tests.notices.helpers import draft, mails, publish

ATOM = "{http://www.w3.org/2005/Atom}"


def _outage(org, file_ticket, make_user):
    now = utcnow()
    first = file_ticket(make_user("Först Anmälare"), service=org.school, now=now)
    major = declare_major(first, org.buf_agent, now=now)
    db.session.commit()
    notice = publish(
        org.buf_agent,
        [org.school],
        now=now,
        title="Skolplattformen <nere> & trasig",
        major_ticket=first,
    )
    return major, notice


def test_public_page_and_feed_without_log_in_never_show_drafts(org, client, now):
    now = utcnow()
    shown = publish(org.agent, [org.school], now=now, title="Skolplattformen <nere> & trasig")
    create_notice(
        org.agent, draft([org.email], now=now, title="Hemligt utkast"), publish=False, now=now
    )
    db.session.commit()
    page = client.get("/driftinformation")
    assert page.status_code == 200
    assert "Skolplattformen &lt;nere&gt; &amp; trasig" in page.text
    assert "Hemligt utkast" not in page.text
    feed = client.get("/driftinformation/feed.atom")
    assert feed.status_code == 200 and feed.content_type.startswith("application/atom+xml")
    assert "Hemligt utkast" not in feed.text
    root = ET.fromstring(feed.data)  # well-formed XML, the title escaped
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text.endswith("Skolplattformen <nere> & trasig")
    assert entries[0].find(f"{ATOM}id").text.endswith(f"#notice-{shown.id}")
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html" and "<strong>Nästa besked</strong>" in content.text
    # A draft's page is for staff only.
    draft_id = db.session.scalar(select(Notice.id).where(Notice.state == "draft"))
    assert client.get(f"/desk/notices/{draft_id}").status_code == 302  # to the log-in


def test_banner_on_portal_home_and_on_the_form_for_the_chosen_service(
    org, client, auth, file_ticket, make_user
):
    _major, notice = _outage(org, file_ticket, make_user)
    auth.login(org.employee)
    home = client.get("/portal/").text
    assert "Vi känner till felet" in home and "Jag är också drabbad" in home
    form = client.get("/portal/new").text
    banner = re.search(r'<section class="notice-banner[^>]*>', form).group(0)
    assert f'data-services="{org.school.id}"' in banner and "hidden" in banner
    # The form shown again for the school platform: its banner is not hidden.
    posted = client.post(
        "/portal/new",
        data={
            "csrf_token": auth.token(),
            "ticket_type": "incident",
            "service": str(org.school.id),
            "title": "",
            "description": "",
            "impact": "3",
            "urgency": "2",
        },
    )
    assert 'id="title-err"' in posted.text  # shown again, not filed
    banner = re.search(r'<section class="notice-banner[^>]*>', posted.text).group(0)
    assert "hidden" not in banner
    # Inside the case form the button is a link to a page that asks to confirm (a form
    # cannot hold another); that page changes nothing.
    case_form = posted.text.split('enctype="multipart/form-data"', 1)[1].split("</form>", 1)[0]
    assert f'href="/portal/notices/{notice.id}/affected"' in case_form
    assert "<form" not in case_form
    confirm = client.get(f"/portal/notices/{notice.id}/affected")
    assert confirm.status_code == 200 and "Jag är också drabbad" in confirm.text
    assert f'action="/portal/notices/{notice.id}/affected"' in confirm.text
    assert db.session.scalar(select(func.count()).select_from(MajorChild)) == 0


def test_three_employees_press_i_am_also_affected_once_each(
    org, client, auth, app, file_ticket, make_user
):
    major, notice = _outage(org, file_ticket, make_user)
    people = [org.employee, org.other_employee, make_user("Tredje Person")]
    for person in people:
        visitor = app.test_client()
        from tests.conftest import Auth

        Auth(visitor).login(person)
        token = Auth(visitor).token("/portal/")
        first = visitor.post(f"/portal/notices/{notice.id}/affected", data={"csrf_token": token})
        assert first.status_code == 302 and "/portal/tickets/" in first.headers["Location"]
        again = visitor.post(f"/portal/notices/{notice.id}/affected", data={"csrf_token": token})
        assert again.headers["Location"] == first.headers["Location"]
        assert "Du är registrerad som drabbad" in visitor.get("/portal/").text
    assert db.session.scalar(select(func.count()).select_from(MajorChild)) == 3
    assert sorted(t.requester_id for t in children(major)) == sorted(p.id for p in people)
    # Without the CSRF token nothing happens.
    auth.login(make_user("Fjärde Person"))
    client.post(f"/portal/notices/{notice.id}/affected", data={})
    assert db.session.scalar(select(func.count()).select_from(MajorChild)) == 3

    # One update on the major page reaches the three (and the first requester) once each.
    desk = app.test_client()
    from tests.conftest import Auth

    Auth(desk).login(org.buf_agent)
    token = Auth(desk).token(f"/desk/major/{major.id}")
    sent = desk.post(
        f"/desk/major/{major.id}/update", data={"csrf_token": token, "body": "Servern startas om."}
    )
    assert sent.status_code == 302
    updates = mails("major_update")
    assert len(updates) == 4 and len({m.to_address for m in updates}) == 4
    case = next(t for t in children(major) if t.requester_id == org.employee.id)
    visitor = app.test_client()
    Auth(visitor).login(org.employee)
    assert "Servern startas om." in visitor.get(f"/portal/tickets/{case.id}").text
    # Another employee's linked case stays theirs.
    other_case = next(t for t in children(major) if t.requester_id == org.other_employee.id)
    assert visitor.get(f"/portal/tickets/{other_case.id}").status_code == 404

    # The major page says its notice is resolved with it, and names it.
    page = desk.get(f"/desk/major/{major.id}").text
    assert "Dess driftmeddelande åtgärdas samtidigt" in page and str(escape(notice.title)) in page
    # Resolving the major incident on its page resolves the three cases.
    resolved = desk.post(
        f"/desk/tickets/{major.ticket_id}/resolve",
        data={
            "csrf_token": token,
            "version": str(db.session.get(Ticket, major.ticket_id).version),
            "solution": "Servern är omstartad.",
            "closure_code": "solved_by_desk",
        },
    )
    assert resolved.status_code == 302
    db.session.expire_all()
    assert all(
        t.status == "resolved" and t.solution == "Servern är omstartad." for t in children(major)
    )
    assert (
        len({m.to_address for m in mails("ticket_resolved")}) == len(mails("ticket_resolved")) == 4
    )
    # ... and its notice: the portal banner is gone.
    assert db.session.get(Notice, notice.id).resolved_at is not None
    assert f'id="notice-{notice.id}"' not in visitor.get("/portal/").text


def test_notice_form_refuses_bad_input_next_to_the_field_and_keeps_the_text(org, client, auth):
    auth.login(org.buf_agent)
    token = auth.token("/desk/notices/new")
    data = {
        "csrf_token": token,
        "kind": "disruption",
        "severity": "1",
        "title": "Skolplattformen är långsam",
        "body": "Vi undersöker.",
        "starts_at": "2026-12-07T10:00",
        "ends_at": "2026-12-07T09:00",
        "services": [str(org.school.id)],
        "publish": "Publicera",
    }
    page = client.post("/desk/notices/new", data=data)
    assert page.status_code == 422
    assert re.search(r'id="ends_at-err">[^<]*före starten', page.text)
    assert 'value="Skolplattformen är långsam"' in page.text
    no_service = client.post("/desk/notices/new", data={**data, "services": [], "ends_at": ""})
    assert no_service.status_code == 422 and 'id="services-err"' in no_service.text
    not_major = client.post(
        "/desk/notices/new", data={**data, "ends_at": "", "major": "INC-999999"}
    )
    assert not_major.status_code == 422 and 'id="major-err"' in not_major.text
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0
    done = client.post("/desk/notices/new", data={**data, "ends_at": ""})
    assert done.status_code == 302
    notice = db.session.scalar(select(Notice))
    assert notice.state == "published" and [s.id for s in notice.services] == [org.school.id]


def test_who_opens_the_desk_pages(org, client, auth, file_ticket, make_user):
    major, notice = _outage(org, file_ticket, make_user)
    auth.login(org.employee)
    assert client.get("/desk/notices").status_code == 403
    assert client.get(f"/desk/major/{major.id}").status_code == 403
    assert client.get("/admin/major-thresholds").status_code == 403
    auth.login(org.soc_agent)  # staff who do not see the school platform's cases
    assert client.get(f"/desk/major/{major.id}").status_code == 404
    token = auth.token("/desk/notices")
    edit = client.post(
        f"/desk/notices/{notice.id}/resolve", data={"csrf_token": token, "text": "Klart"}
    )
    assert edit.status_code == 403
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).resolved_at is None
    auth.login(org.buf_agent)
    page = client.get(f"/desk/major/{major.id}")
    assert page.status_code == 200 and "Tidslinje" in page.text
    assert "Upptäckt" in page.text and "Markerad som större incident" in page.text


def test_major_page_refuses_linking_itself_and_the_bulk_action_links_several(
    org, client, auth, file_ticket, make_user
):
    major, _notice = _outage(org, file_ticket, make_user)
    auth.login(org.buf_agent)
    token = auth.token(f"/desk/major/{major.id}")
    refused = client.post(
        f"/desk/major/{major.id}/children",
        data={"csrf_token": token, "child": major.ticket.reference},
    )
    assert refused.status_code == 422
    assert re.search(r'id="child-err">[^<]*sig självt', refused.text)
    assert f'value="{major.ticket.reference}"' in refused.text
    cases = [file_ticket(service=org.school, title=f"Nere {n}") for n in range(3)]
    request = file_ticket(service=org.school, ticket_type="service_request")
    bulk = client.post(
        "/desk/tickets/bulk",
        data={
            "csrf_token": auth.token("/desk/tickets"),
            "action": "major",
            "major": major.ticket.reference,
            "back": "status=all",
            "ticket": [f"{t.id}:{t.version}" for t in [*cases, request]],
        },
        follow_redirects=True,
    )
    assert bulk.status_code == 200
    assert {t.id for t in children(major)} == {t.id for t in cases}
    assert request.reference in bulk.text  # refused, and said so
    # The ticket page's box says what each case is.
    major_page = client.get(f"/desk/tickets/{major.ticket_id}").text
    assert "Det här ärendet är en större incident." in major_page
    assert "3 kopplade ärenden." in major_page
    child_page = client.get(f"/desk/tickets/{cases[0].id}").text
    assert "Ingår i den större incidenten" in child_page and major.ticket.reference in child_page
    plain = client.get(f"/desk/tickets/{request.id}").text
    assert "Bara en öppen incident" in plain and "Markera som större incident" not in plain
    post_update(major, org.buf_agent, "Nytt", now=utcnow() + timedelta(seconds=1))
    db.session.commit()


def test_admin_sets_a_threshold_with_errors_next_to_the_fields(org, client, auth):
    auth.login(org.admin)
    token = auth.token("/admin/major-thresholds")
    bad = client.post(
        "/admin/major-thresholds",
        data={"csrf_token": token, "service": str(org.school.id), "count": "1", "minutes": "15"},
    )
    assert bad.status_code == 422 and 'id="count-err"' in bad.text
    good = client.post(
        "/admin/major-thresholds",
        data={"csrf_token": token, "service": str(org.school.id), "count": "3", "minutes": "15"},
        follow_redirects=True,
    )
    assert good.status_code == 200 and "Skolplattformen" in good.text
