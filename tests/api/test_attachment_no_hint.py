"""A file of a ticket one may not see answers exactly like a missing ticket (issue 13,
finding 17): same status, same body, on the API and on the web."""

from __future__ import annotations

import re

from servicedesk.domain.tickets.attachments import add_attachment
from servicedesk.infra.extensions import db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _main(page) -> str:
    """The page's message (the frame around it differs with the path: menu, language form)."""
    return re.search(r"<main.*</main>", page.text, re.S).group(0)


def _file(app, ticket, actor, now, *, internal=False):
    attachment = add_attachment(
        ticket,
        actor,
        "skärmbild.png",
        PNG,
        storage_dir=app.config["ATTACHMENT_DIR"],
        allowed=frozenset({"png"}),
        max_bytes=10_000,
        internal=internal,
        now=now,
    )
    db.session.commit()
    return attachment


def test_api_answers_a_foreign_file_like_a_missing_ticket(app, api_as, org, file_ticket, now):
    foreign = _file(app, file_ticket(requester=org.other_employee), org.other_employee, now)
    own_ticket = file_ticket()
    internal = _file(app, own_ticket, org.agent, now, internal=True)
    api = api_as(org.employee)
    missing_ticket = api.get("/tickets/INC-999999")
    assert missing_ticket.status_code == 404
    for path in (
        f"/attachments/{foreign.id}",  # someone else's ticket
        f"/attachments/{internal.id}",  # an internal file of my own ticket
        "/attachments/999999",  # no such file
    ):
        answer = api.get(path)
        assert (answer.status_code, answer.get_json()) == (
            missing_ticket.status_code,
            missing_ticket.get_json(),
        ), path
    # an id beyond the id column matches no route at all: the API's plain 404, the same for
    # every record kind, so it tells nothing about any ticket
    beyond = api.get("/attachments/99999999999")
    assert (beyond.status_code, beyond.get_json()) == (
        404,
        api.get("/no/such/route").get_json(),
    )
    # the owner still gets the file
    assert api_as(org.other_employee).get(f"/attachments/{foreign.id}").data == PNG


def test_web_answers_a_foreign_file_like_a_missing_ticket(app, client, auth, org, file_ticket, now):
    foreign = _file(app, file_ticket(requester=org.other_employee), org.other_employee, now)
    auth.login(org.employee)
    missing_ticket = client.get("/portal/tickets/999999")
    assert missing_ticket.status_code == 404
    for path in (f"/attachments/{foreign.id}", "/attachments/999999"):
        answer = client.get(path)
        assert (answer.status_code, _main(answer)) == (404, _main(missing_ticket)), path
