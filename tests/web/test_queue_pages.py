"""The queue list's pages: bulk actions and saved views through HTTP (CSRF, errors next to
their fields with the typed text kept, nothing changed on bad input, views in the URL)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import SavedView, Ticket, TicketHistory


def _bulk(client, token, tickets, **fields):
    data = {"csrf_token": token, "back": "status=all", **fields}
    data["ticket"] = [f"{t.id}:{t.version}" for t in tickets]
    return client.post("/desk/tickets/bulk", data=data, follow_redirects=True)


def _history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(TicketHistory))


def test_bulk_claim_reports_done_and_refused_per_ticket(org, client, auth, file_ticket):
    a, b = file_ticket(service=org.email), file_ticket(service=org.email)
    auth.login(org.agent)
    token = auth.token("/desk/tickets")
    page = client.get("/desk/tickets").text
    assert f'value="{a.id}:{a.version}"' in page and f"Markera {a.reference}" in page
    rows = [(a.id, a.version), (b.id, b.version - 1)]  # b as an older list showed it
    response = client.post(
        "/desk/tickets/bulk",
        data={
            "csrf_token": token,
            "action": "claim",
            "back": "status=all",
            "ticket": [f"{i}:{v}" for i, v in rows],
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/desk/tickets?status=all")
    text = client.get(response.headers["Location"]).text
    assert (
        f"1 ärende uppdaterat, 1 nekat: {b.reference} har ändrats av någon annan sedan "
        "listan visades"
    ) in text
    db.session.expire_all()
    assert db.session.get(Ticket, a.id).assignee_id == org.agent.id
    assert db.session.get(Ticket, b.id).assignee_id is None


def test_an_incomplete_bulk_action_changes_nothing_and_keeps_what_was_typed(
    org, client, auth, file_ticket
):
    a = file_ticket(service=org.email)
    auth.login(org.agent)
    token = auth.token("/desk/tickets")
    before = _history_count()
    response = _bulk(
        client, token, [a], action="transfer", queue=str(org.buf_queue.id), reason="  ", tag="kvar"
    )
    assert response.status_code == 422
    reason = re.search(r'<p class="error" id="reason-err">([^<]+)</p>', response.text)
    assert reason and reason.group(1).strip() == "Fältet måste fyllas i."
    assert 'id="tag" maxlength="50" name="tag" type="text" value="kvar"' in response.text
    assert f'value="{a.id}:{a.version}" id="sel-{a.id}" checked>' in response.text
    assert _history_count() == before
    none_selected = _bulk(client, token, [], action="claim")
    assert none_selected.status_code == 422 and "Markera minst ett ärende." in none_selected.text


def test_bulk_without_csrf_is_refused(org, client, auth, file_ticket):
    a = file_ticket(service=org.email)
    auth.login(org.agent)
    response = client.post(
        "/desk/tickets/bulk", data={"action": "claim", "ticket": f"{a.id}:{a.version}"}
    )
    assert response.status_code in (400, 422)
    db.session.expire_all()
    assert db.session.get(Ticket, a.id).assignee_id is None


def test_saving_a_view_puts_it_in_the_url_and_a_taken_name_is_refused(org, client, auth):
    auth.login(org.agent)
    token = auth.token("/desk/tickets")
    data = {
        "new-csrf_token": token,
        "new-name": "Mina",
        "new-share_queue": "0",
        "new-query": "assignee=me&per_page=50&evil=1",
    }
    response = client.post("/desk/views", data=data)
    view = db.session.scalar(select(SavedView))
    assert response.headers["Location"] == f"/desk/tickets?view={view.id}"
    assert view.query == "assignee=me&per_page=50"  # only the list's own keys are kept
    page = client.get(f"/desk/tickets?view={view.id}").text
    assert '<option value="me" selected>' in page and '<option value="50" selected>' in page

    again = client.post("/desk/views", data=data)
    assert again.status_code == 422
    assert "Du har redan en vy med det namnet." in again.text
    assert 'value="Mina"' in again.text
    assert db.session.scalar(select(func.count()).select_from(SavedView)) == 1


def test_someone_elses_personal_view_is_not_found(org, client, auth, now):
    from servicedesk.domain.tickets.saved_views import create_view

    view = create_view(org.admin, "Admins", "status=all", now=now)
    db.session.commit()
    auth.login(org.agent)
    assert client.get(f"/desk/tickets?view={view.id}").status_code == 404
    token = auth.token("/desk/tickets")
    delete = client.post(f"/desk/views/{view.id}/delete", data={"delete-csrf_token": token})
    assert delete.status_code == 404
    assert db.session.get(SavedView, view.id) is not None


def test_the_column_form_redirects_to_the_clean_url(org, client, auth):
    auth.login(org.agent)
    response = client.get("/desk/tickets?status=all&col=title&col=status&col=queue&up=queue")
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/tickets?status=all&cols=ref,title,queue,status"
    headers = re.findall(
        r'<th scope="col" class="col-(\w+)">', client.get(response.headers["Location"]).text
    )
    assert headers == ["select", "ref", "title", "queue", "status"]


def test_a_lead_renames_and_shares_a_view_with_the_queue(org, client, auth, make_user, now):
    from servicedesk.domain.tickets.saved_views import create_view

    org.central.lead_id = org.agent.id
    view = create_view(org.agent, "Akut", "priority=1", now=now)
    db.session.commit()
    auth.login(org.agent)
    token = auth.token("/desk/tickets")
    page = client.get(f"/desk/tickets?view={view.id}").text
    assert f'<option value="{org.central.id}">Alla i {org.central.name}</option>' in page
    response = client.post(
        f"/desk/views/{view.id}",
        data={
            "edit-csrf_token": token,
            "edit-name": "Akuta i desken",
            "edit-share_queue": str(org.central.id),
            "edit-query": "priority=1&sort=oldest",
        },
    )
    assert response.headers["Location"] == f"/desk/tickets?view={view.id}"
    db.session.expire_all()
    view = db.session.get(SavedView, view.id)
    assert (view.name, view.queue_id, view.query) == (
        "Akuta i desken",
        org.central.id,
        "priority=1&sort=oldest",
    )
    colleague = make_user("Kim Kollega", {"agent"}, org.it, [org.central])
    db.session.commit()
    other = client.application.test_client()
    from tests.conftest import Auth

    Auth(other).login(colleague)
    shared = other.get(f"/desk/tickets?view={view.id}")
    assert shared.status_code == 200 and "<h1>Akuta i desken</h1>" in shared.text
    assert "Ändra vyn" not in shared.text  # only the owner changes it


def _header(page: str, key: str) -> str:
    return re.search(rf'<th scope="col" class="col-{key}"[^>]*>.*?</th>', page, re.S).group(0)


def _refs(page: str) -> list[str]:
    return re.findall(r'<td class="col-ref"[^>]*><a href="/desk/tickets/\d+">([A-Z]+-\d+)', page)


def test_column_headers_sort_by_index_backed_keys_with_aria_sort(
    org, client, auth, file_ticket, now
):
    from datetime import timedelta

    made = [file_ticket(service=org.email, title=f"Fall {i}") for i in range(3)]
    for i, ticket in enumerate(made):  # registered in the order 1, 2, 0
        ticket.created_at = now - timedelta(hours=(2, 3, 1)[i])
    db.session.commit()
    auth.login(org.agent)

    page = client.get("/desk/tickets?status=all").text
    assert 'aria-sort="ascending"' in _header(page, "due")  # the default: deadline first
    assert "href" not in _header(page, "due")  # one direction only: a click changes nothing
    created = _header(page, "created")
    assert "aria-sort" not in created
    assert 'href="/desk/tickets?status=all&amp;sort=oldest#tickets-caption"' in created
    assert "sortera: Äldst först" in created
    assert "href" not in _header(page, "priority")  # no index serves it: not a sort link

    oldest = client.get("/desk/tickets?status=all&sort=oldest").text
    created = _header(oldest, "created")
    assert 'aria-sort="ascending"' in created and "sort=newest" in created
    assert "aria-sort" not in _header(oldest, "due")
    order = [made[1].reference, made[0].reference, made[2].reference]
    assert [r for r in _refs(oldest) if r in order] == order

    newest = client.get("/desk/tickets?status=all&sort=newest").text
    assert 'aria-sort="descending"' in _header(newest, "created")
    assert [r for r in _refs(newest) if r in order] == order[::-1]


def test_a_header_sort_keeps_the_saved_view_and_is_saved_with_it(org, client, auth, now):
    from servicedesk.domain.tickets.saved_views import create_view

    view = create_view(org.agent, "Alla mina", "assignee=me&status=all", now=now)
    db.session.commit()
    auth.login(org.agent)
    page = client.get(f"/desk/tickets?view={view.id}").text
    link = re.search(r'href="([^"]+)"', _header(page, "created")).group(1).replace("&amp;", "&")
    assert (
        link == f"/desk/tickets?status=all&assignee=me&sort=oldest&view={view.id}#tickets-caption"
    )

    sorted_page = client.get(link.partition("#")[0]).text
    assert 'aria-sort="ascending"' in _header(sorted_page, "created")
    token = auth.token(link.partition("#")[0])
    saved = client.post(
        f"/desk/views/{view.id}",
        data={
            "edit-csrf_token": token,
            "edit-name": "Alla mina",
            "edit-share_queue": "0",
            "edit-query": "status=all&assignee=me&sort=oldest",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert "sort=oldest" in db.session.get(SavedView, view.id).query
