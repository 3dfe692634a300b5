"""The portal's service search: names, descriptions and keywords, ignoring case."""

from __future__ import annotations

import time

from servicedesk.domain.admin.services import clean_keywords
from servicedesk.domain.catalog.lookup import search_services
from servicedesk.infra.extensions import db


def test_keywords_and_descriptions_find_a_service(org):
    org.school.keywords = "schema, lärplattform, närvaro"
    org.email.description = "Outlook, delade brevlådor och kalendrar."
    db.session.commit()
    assert search_services("schema") == [org.school.id]
    assert search_services("LÄRPLATTFORM") == [org.school.id]  # Unicode case folding
    assert search_services("brevlådor") == [org.email.id]
    assert search_services("skol") == [org.school.id]  # the name, as before
    assert search_services("schema outlook") == []  # every word must match
    assert search_services("   ") == []


def test_name_matches_come_before_keyword_matches(org, make_service):
    org.email.keywords = "brev"
    mail_room = make_service("Brevutskick", org.it, common=True)
    db.session.commit()
    assert search_services("brev") == [mail_room.id, org.email.id]


def test_inactive_services_are_not_found(org):
    org.school.keywords = "schema"
    org.school.active = False
    db.session.commit()
    assert search_services("schema") == []


def test_a_catalog_of_hundreds_is_searched_quickly(org, make_service):
    for n in range(500):
        make_service(f"Tjänst {n:03}", org.it, common=True, keywords=f"ord{n}, gemensamt")
    db.session.commit()
    search_services("ord499")  # warm
    started = time.perf_counter()
    found = search_services("ord499")
    assert found and time.perf_counter() - started < 0.25


def test_the_json_endpoint_gives_ids_and_a_count(org, client, auth):
    org.school.keywords = "schema"
    db.session.commit()
    auth.login(org.employee)
    body = client.get("/portal/services/search?q=Schema").get_json()
    assert body == {"ids": [org.school.id], "message": "1 tjänst matchar."}


def test_the_admin_form_keeps_the_keywords_tidy(org, client, auth):
    auth.login(org.admin)
    page = client.get(f"/admin/services/{org.school.id}").text
    assert 'name="keywords"' in page and "Sökord" in page
    assert clean_keywords(" Schema,lärplattform , schema,, ") == "Schema, lärplattform"
