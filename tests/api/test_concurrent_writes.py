"""Writers of one ticket at the same moment, through a real server and real threads.

Forty comments posted at once used to be answered 409 stale_version for most of them: each
comment updated the ticket row under the mapper's optimistic lock (version), so
concurrent comments conflicted although a comment carries no version and edits no field.
A comment now never fails because someone else wrote to the ticket; only an edit based on
a stale version is refused.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from servicedesk.domain.identity.api_tokens import create_token
from servicedesk.infra.extensions import db
from servicedesk.models import Comment, Ticket

COMMENTS = 40


class LiveApi:
    """The app served by werkzeug on a free port, one thread per request."""

    def __init__(self, app, now):
        self.app, self.now = app, now
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v1"

    def token(self, user) -> str:
        _token, secret = create_token(user, name=f"load-{user.id}", now=self.now)
        db.session.commit()
        return secret

    def call(self, secret: str, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")


@pytest.fixture
def live_api(app, now) -> Iterator[LiveApi]:
    live = LiveApi(app, now)
    live.thread.start()
    yield live
    live.server.shutdown()


def at_once(calls: list[Callable[[], tuple[int, object]]]) -> list[tuple[int, object]]:
    """Run every call in its own thread, all released at the same instant."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _fresh_ticket(reference_ticket: Ticket) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, reference_ticket.id)


def test_forty_comments_at_once_all_land(app, org, file_ticket, live_api):
    ticket = file_ticket()
    ref = ticket.reference
    agent, requester = live_api.token(org.agent), live_api.token(org.employee)
    version = ticket.version
    calls = []
    for n in range(COMMENTS):
        if n % 2:
            body = {"body": f"Anmälaren skriver {n}"}
            calls.append(
                lambda b=body: live_api.call(requester, "POST", f"/tickets/{ref}/comments", b)
            )
        else:
            body = {"body": f"Handläggaren svarar {n}", "internal": n % 4 == 0}
            calls.append(lambda b=body: live_api.call(agent, "POST", f"/tickets/{ref}/comments", b))

    results = at_once(calls)

    assert [status for status, _ in results] == [201] * COMMENTS, [
        body for status, body in results if status != 201
    ]
    count = db.session.scalar(select(func.count()).where(Comment.ticket_id == ticket.id))
    assert count == COMMENTS
    status, staff_view = live_api.call(agent, "GET", f"/tickets/{ref}/comments")
    assert status == 200
    assert len(staff_view["items"]) == COMMENTS
    assert {c["body"] for c in staff_view["items"]} == {
        f"Anmälaren skriver {n}" if n % 2 else f"Handläggaren svarar {n}" for n in range(COMMENTS)
    }
    public = {f"Anmälaren skriver {n}" for n in range(1, COMMENTS, 2)}
    public |= {f"Handläggaren svarar {n}" for n in range(0, COMMENTS, 2) if n % 4}
    status, requester_view = live_api.call(requester, "GET", f"/tickets/{ref}/comments")
    assert {c["body"] for c in requester_view["items"]} == public
    fresh = _fresh_ticket(ticket)
    assert fresh.status == "open" and fresh.first_response_at is not None
    # The agent's first public reply moved it from new to open: one status change, once.
    status, history = live_api.call(agent, "GET", f"/tickets/{ref}/history")
    assert [h["new_value"] for h in history["items"] if h["field"] == "status"] == ["open"]
    assert fresh.version == version + 1  # comments themselves never bump the version


def _open_ticket(org, file_ticket, live_api) -> tuple[Ticket, str]:
    """A ticket in work: open, answered once, so a comment changes no status."""
    from servicedesk.domain.tickets.lifecycle import add_comment

    ticket = file_ticket()
    add_comment(ticket, org.agent, "Vi tittar på det.", now=live_api.now)
    db.session.commit()
    assert ticket.status == "open"
    return ticket, ticket.reference


def test_a_status_change_racing_comments_lands_with_all_of_them(app, org, file_ticket, live_api):
    ticket, ref = _open_ticket(org, file_ticket, live_api)
    agent, other, requester = (
        live_api.token(org.agent),
        live_api.token(org.admin),
        live_api.token(org.employee),
    )
    change = {"status": "pending", "pending_reason": "supplier"}
    calls = [lambda: live_api.call(agent, "PATCH", f"/tickets/{ref}", change)]
    for n in range(12):
        secret = requester if n % 2 else other
        calls.append(
            lambda s=secret, n=n: live_api.call(
                s, "POST", f"/tickets/{ref}/comments", {"body": f"c{n}"}
            )
        )

    results = at_once(calls)

    assert [status for status, _ in results] == [200] + [201] * 12, results
    fresh = _fresh_ticket(ticket)
    assert (fresh.status, fresh.pending_reason) == ("pending", "supplier")
    count = db.session.scalar(select(func.count()).where(Comment.ticket_id == ticket.id))
    assert count == 13


def test_two_agents_editing_different_fields_at_once_both_land(app, org, file_ticket, live_api):
    ticket, ref = _open_ticket(org, file_ticket, live_api)
    agent, other = live_api.token(org.agent), live_api.token(org.admin)
    admin_id = org.admin.id
    results = at_once(
        [
            lambda: live_api.call(agent, "PATCH", f"/tickets/{ref}", {"impact": 1}),
            lambda: live_api.call(other, "PATCH", f"/tickets/{ref}", {"assignee": admin_id}),
            lambda: live_api.call(other, "POST", f"/tickets/{ref}/comments", {"body": "På väg"}),
        ]
    )
    assert [status for status, _ in results] == [200, 200, 201], results
    fresh = _fresh_ticket(ticket)
    assert (fresh.impact, fresh.assignee_id) == (1, admin_id)


def test_an_edit_from_a_stale_copy_is_still_refused(app, org, file_ticket, live_api):
    """The version check stays for edits: a form based on an older version is refused,
    and a comment in between does not make a version stale."""
    ticket, ref = _open_ticket(org, file_ticket, live_api)
    agent, other = live_api.token(org.agent), live_api.token(org.admin)
    seen = ticket.version
    assert live_api.call(other, "POST", f"/tickets/{ref}/comments", {"body": "hej"})[0] == 201
    status, body = live_api.call(agent, "PATCH", f"/tickets/{ref}", {"impact": 2, "version": seen})
    assert status == 200, body  # a comment is no edit: the version still holds
    status, body = live_api.call(other, "PATCH", f"/tickets/{ref}", {"urgency": 1, "version": seen})
    assert status == 409 and body["error"]["code"] == "stale_version"
    assert _fresh_ticket(ticket).urgency == 3
