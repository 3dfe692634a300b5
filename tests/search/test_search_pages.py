"""The header's search box and the results page, through the test client."""

from __future__ import annotations


def test_a_bare_number_opens_the_case(org, client, auth, file_ticket):
    ticket = file_ticket(service=org.email)
    auth.login(org.agent)
    response = client.get(f"/desk/find?q={ticket.id}")
    assert response.status_code == 302
    assert response.location.endswith(f"/desk/tickets/{ticket.id}")


def test_words_list_matches_and_hidden_ones_are_left_out(org, client, auth, file_ticket):
    seen = file_ticket(service=org.email, title="Skrivaren på plan 2")
    hidden = file_ticket(requester=org.other_employee, service=org.care, title="Skrivaren i vården")
    auth.login(org.agent)
    page = client.get("/desk/find?q=skrivaren").text
    assert seen.reference in page and "Skrivaren på plan 2" in page
    assert hidden.reference not in page and "Skrivaren i vården" not in page
    assert "1 träff för" in page
    assert "Servicedesk" in page  # the queue column
    # the hidden case's number opens nothing and says nothing about it
    response = client.get(f"/desk/find?q={hidden.reference}")
    assert response.status_code == 200
    assert "Inget som du kan öppna matchar" in response.text


def test_the_header_has_a_labelled_search_form_for_staff_only(org, client, auth):
    auth.login(org.agent)
    page = client.get("/desk/").text
    assert 'role="search"' in page and 'for="find-q"' in page and 'id="find-q"' in page
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(org.employee)
    assert 'id="find-q"' not in client.get("/portal/").text
    assert client.get("/desk/find?q=1").status_code == 403


def test_the_results_page_shows_snippets_filters_and_never_a_hidden_note(
    org, client, auth, file_ticket, now
):
    from servicedesk.domain.tickets.lifecycle import add_comment
    from servicedesk.infra.extensions import db

    seen = file_ticket(service=org.email, title="Fel i Skola24", description="Schemat visas inte.")
    noted = file_ticket(requester=org.soc_agent, service=org.email, title="Annat fel")
    add_comment(noted, org.agent, "Schemat ska läsas om i natt.", internal=True, now=now)
    hidden = file_ticket(requester=org.other_employee, service=org.care, title="Schemat i vården")
    db.session.commit()
    auth.login(org.agent)
    page = client.get("/desk/find?q=schemat").text
    assert "2 träffar för" in page
    assert "<mark>Schemat</mark> visas inte." in page
    assert "I en intern anteckning" in page and noted.reference in page
    assert hidden.reference not in page
    # the filters are a labelled form, in Swedish
    for field in ("search-page-q", "search-kind", "search-service", "search-status"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert "Alla tjänster" in page and "Alla statusar" in page
    filtered = client.get(f"/desk/find?q=schemat&service={org.school.id}").text
    assert "Inget som du kan öppna matchar" in filtered
    assert seen.reference in client.get("/desk/find?q=schemat&status=new&kind=ticket").text
    # a filter value that is not an option is no filter, and odd text is words
    assert client.get("/desk/find?q=schemat&status=nope&service=x").status_code == 200
    assert client.get('/desk/find?q="schemat" OR (NEAR*').status_code == 200
    # the SOC agent filed `noted` but does not work it: its note does not match for them
    client.post("/logout", data={"csrf_token": auth.token("/desk/")})
    auth.login(org.soc_agent)
    page = client.get("/desk/find?q=schemat").text
    assert noted.reference not in page and hidden.reference in page
