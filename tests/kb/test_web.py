"""The knowledge base pages: reading, feedback, deflection while filing, writing with
field errors, the ticket page's panel and the report (with its CSV)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleEvent, ArticleTicket, ArticleVersion
from tests.resolving import resolve


def events(kind: str) -> int:
    return len(db.session.scalars(select(ArticleEvent).where(ArticleEvent.kind == kind)).all())


def test_an_employee_reads_published_articles_and_never_a_draft(client, auth, org, make_article):
    public = make_article("Byt lösenord", service=org.email)
    draft = make_article("Lösenord i utkast", state="draft")
    internal = make_article("Lösenord internt", audience="staff")
    auth.login(org.employee)
    page = client.get("/kb/")
    assert "Byt lösenord" in page.text and "utkast" not in page.text and "internt" not in page.text
    found = client.get("/kb/?q=lösenord")
    assert "Byt lösenord" in found.text and "utkast" not in found.text
    assert client.get(f"/kb/{public.id}").status_code == 200
    for hidden in (draft, internal):
        assert client.get(f"/kb/{hidden.id}").status_code == 404
    suggested = client.get("/kb/suggest?q=lösenord").get_json()
    assert [i["id"] for i in suggested["items"]] == [public.id]
    assert client.get("/kb/manage").status_code == 403
    assert client.get(f"/kb/{draft.id}/edit").status_code == 403  # staff pages, any id
    assert client.get("/kb/report").status_code == 403


def test_lösenord_before_filing_helpful_and_one_deflection_in_the_report(
    client, auth, org, make_article, make_user
):
    article = make_article("Byt lösenord", "Gå till Mitt konto.", service=org.email)
    auth.login(org.employee)
    form = client.get("/portal/new").text
    assert 'data-kb-suggest="/kb/suggest"' in form and "aria-live" in form
    items = client.get(f"/kb/suggest?q=lösenord&service={org.email.id}").get_json()["items"]
    assert items[0]["title"] == "Byt lösenord"
    token = auth.token()
    solved = client.post(items[0]["solved_url"], data={"csrf_token": token, "title": "lösenord"})
    assert solved.status_code == 302
    client.get(f"/kb/{article.id}")
    answer = client.post(
        f"/kb/{article.id}/feedback",
        data={"csrf_token": token, "helpful": "yes", "comment": "Tack!"},
    )
    assert answer.status_code == 302
    assert (events("deflection"), events("helpful"), events("view")) == (1, 1, 1)
    manager = make_user("Maja Chef", {"manager"}, org.it)
    client.post("/logout", data={"csrf_token": token})
    auth.login(manager)
    today = date.today()
    period = f"preset=custom&start={today - timedelta(days=2)}&end={today + timedelta(days=2)}"
    report = client.get(f"/kb/report?{period}")
    assert report.status_code == 200 and "Byt lösenord" in report.text
    csv = client.get(f"/kb/report.csv?{period}").text
    row = [line for line in csv.splitlines() if "Byt lösenord" in line][0]
    assert row.endswith(";1;1;0;1")  # views, helpful, not helpful, deflections


def test_feedback_without_an_answer_is_refused_next_to_the_field(client, auth, org, make_article):
    article = make_article()
    auth.login(org.employee)
    page = client.post(
        f"/kb/{article.id}/feedback", data={"csrf_token": auth.token(), "comment": "Hmm"}
    )
    assert page.status_code == 422
    assert 'id="helpful-err"' in page.text and "Hmm" in page.text
    assert events("helpful") + events("not_helpful") == 0


def test_an_empty_title_is_refused_and_what_was_typed_is_kept(client, auth, org):
    auth.login(org.buf_agent)
    page = client.post(
        "/kb/new",
        data={
            "csrf_token": auth.token("/kb/new"),
            "title_sv": " ",
            "body_sv": "Starta om datorn.",
            "service_id": org.school.id,
            "audience": "employees",
            "owner_id": org.buf_agent.id,
        },
    )
    assert page.status_code == 422
    assert 'id="title_sv-err"' in page.text and "Starta om datorn." in page.text
    assert db.session.scalars(select(Article)).all() == []


def test_a_writer_creates_edits_and_publishes_with_versions(client, auth, org):
    auth.login(org.buf_agent)
    token = auth.token("/kb/new")
    fields = {
        "csrf_token": token,
        "title_sv": "Schemat visas inte",
        "body_sv": "Logga ut och in igen.",
        "service_id": org.school.id,
        "audience": "employees",
        "owner_id": org.buf_agent.id,
    }
    created = client.post("/kb/new", data=fields)
    article = db.session.scalars(select(Article)).one()
    assert created.headers["Location"].endswith(f"/kb/{article.id}/edit")
    edit = client.get(f"/kb/{article.id}/edit").text
    assert "Schemat visas inte" in edit
    version = article.version
    fields.update(body_sv="Töm webbläsarens cache.", version=str(version))
    assert client.post(f"/kb/{article.id}/edit", data=fields).status_code == 302
    client.post(f"/kb/{article.id}/state", data={"csrf_token": token, "state": "published"})
    db.session.expire_all()
    assert db.session.get(Article, article.id).state == "published"
    numbers = db.session.scalars(
        select(ArticleVersion.number).where(ArticleVersion.article_id == article.id)
    ).all()
    assert sorted(numbers) == [1, 2]
    history = client.get(f"/kb/{article.id}/history").text
    assert "Töm webbläsarens cache." in history and "Bo BUF" in history
    # Another queue's agent may read the published article but not write it.
    client.post("/logout", data={"csrf_token": token})
    auth.login(org.soc_agent)
    assert client.get(f"/kb/{article.id}").status_code == 200
    assert client.get(f"/kb/{article.id}/edit").status_code == 403


def test_the_ticket_page_suggests_links_and_drafts_from_the_solution(
    client, auth, org, now, file_ticket, make_article
):
    article = make_article("Byt lösenord", "Gå till Mitt konto.")
    ticket = file_ticket(title="Glömt lösenordet", service=org.email)
    auth.login(org.agent)
    page = client.get(f"/desk/tickets/{ticket.id}").text
    assert f'data-kb-panel="/kb/tickets/{ticket.id}/panel"' in page
    assert f'href="/kb/tickets/{ticket.id}"' in page  # without JavaScript
    panel = client.get(f"/kb/tickets/{ticket.id}/panel").text
    assert "Byt lösenord" in panel and "data-kb-insert" in panel
    assert "Byt lösenord" in client.get(f"/kb/tickets/{ticket.id}").text
    token = auth.token(f"/desk/tickets/{ticket.id}")
    client.post(
        f"/kb/link-ticket/{ticket.id}", data={"csrf_token": token, "article_id": article.id}
    )
    links = db.session.scalars(select(ArticleTicket)).all()
    assert [(link.article_id, link.ticket_id) for link in links] == [(article.id, ticket.id)]
    panel = client.get(f"/kb/tickets/{ticket.id}/panel").text
    assert "Kopplade artiklar" in panel  # linked now, no longer suggested
    assert "data-kb-insert" not in panel
    refused = client.post(f"/kb/from-ticket/{ticket.id}", data={"csrf_token": token})
    assert refused.status_code == 302 and db.session.scalars(select(Article)).all() == [article]
    resolve(ticket, org.agent, now=now, solution="Återställ lösenordet i **Mitt konto**.")
    db.session.commit()
    made = client.post(f"/kb/from-ticket/{ticket.id}", data={"csrf_token": token})
    draft = db.session.scalars(select(Article).where(Article.id != article.id)).one()
    assert made.headers["Location"].endswith(f"/kb/{draft.id}/edit")
    assert (draft.state, draft.title_sv, draft.source_ticket_id) == (
        "draft",
        "Glömt lösenordet",
        ticket.id,
    )
    assert draft.body_sv == "Återställ lösenordet i **Mitt konto**."
    # The employee who filed it never sees the draft.
    client.post("/logout", data={"csrf_token": token})
    auth.login(org.employee)
    assert client.get(f"/kb/{draft.id}").status_code == 404
    assert "Glömt" not in client.get("/kb/suggest?q=glömt lösenordet").text


def test_only_agents_of_the_ticket_see_its_panel(client, auth, org, file_ticket, make_article):
    make_article("Byt lösenord")
    ticket = file_ticket(title="Glömt lösenordet", service=org.care)  # a restricted service
    auth.login(org.agent)
    assert client.get(f"/kb/tickets/{ticket.id}/panel").status_code == 404
    token = auth.token("/kb/new")
    client.post("/logout", data={"csrf_token": token})
    auth.login(org.employee)
    assert client.get(f"/kb/tickets/{ticket.id}/panel").status_code == 403
