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
