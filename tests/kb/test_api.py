"""GET/POST /api/v1/articles, GET/PATCH /api/v1/articles/{id}: the same rule as the pages,
stable error codes, answers that match the OpenAPI document."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleVersion


def test_employees_read_only_published_employee_articles(api_as, org, make_article, conforms):
    public = make_article("Byt lösenord", service=org.email)
    draft = make_article("Lösenord i utkast", state="draft", service=org.school)
    internal = make_article("Lösenord internt", audience="staff")
    employee = api_as(org.employee)
    listed = employee.get("/articles")
    conforms(listed, "ArticlePage")
    assert [a["id"] for a in listed.get_json()["items"]] == [public.id]
    found = employee.get("/articles?q=lösenord").get_json()
    assert [a["title_sv"] for a in found["items"]] == ["Byt lösenord"]
    for hidden in (draft, internal):
        answer = employee.get(f"/articles/{hidden.id}")
        assert answer.status_code == 404
        assert answer.get_json()["error"]["code"] == "article_not_found"
    one = employee.get(f"/articles/{public.reference}")
    conforms(one, "Article")
    assert one.get_json()["body_sv_html"].startswith("<p>Gå till <strong>Mitt konto</strong>")
    refused = employee.post("/articles", json={"title_sv": "Mitt tips"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == (
        "not_article_writer"
    )
    staff = api_as(org.agent).get("/articles?q=lösenord").get_json()
    assert sorted(a["title_sv"] for a in staff["items"]) == ["Byt lösenord", "Lösenord internt"]


def test_a_writer_creates_edits_and_publishes(api_as, org, conforms):
    writer = api_as(org.buf_agent)
    created = writer.post(
        "/articles",
        json={
            "title_sv": "Schemat visas inte",
            "body_sv": "Logga ut.",
            "service_id": org.school.id,
        },
    )
    assert created.status_code == 201
    conforms(created, "Article")
    body = created.get_json()
    assert (body["state"], body["owner"]["id"]) == ("draft", org.buf_agent.id)
    path = f"/articles/{body['id']}"
    stale = writer.patch(path, json={"body_sv": "X", "version": body["version"] + 5})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    edited = writer.patch(
        path, json={"body_sv": "Töm cachen.", "state": "published", "version": body["version"]}
    )
    assert edited.status_code == 200, edited.get_json()
    assert (edited.get_json()["state"], edited.get_json()["body_sv"]) == (
        "published",
        "Töm cachen.",
    )
    numbers = db.session.scalars(
        select(ArticleVersion.number).where(ArticleVersion.article_id == body["id"])
    ).all()
    assert sorted(numbers) == [1, 2]
    other = api_as(org.soc_agent).patch(path, json={"title_sv": "Nej"})
    assert other.status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title_sv": "   "}, "title_sv"),
        ({"title_sv": "X", "review_on": "2020-01-01"}, "review_on"),
        ({"title_sv": "X", "review_on": "1 maj"}, "review_on"),
        ({"title_sv": "X", "service_id": 999999}, "service_id"),
        ({"title_sv": "X", "audience": "alla"}, "audience"),
        ({"title_sv": "X", "body_en": "Text"}, "title_en"),
        ({"body_sv": "X"}, "title_sv"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(api_as, org, payload, field):
    answer = api_as(org.admin).post("/articles", json=payload)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]
    assert db.session.scalars(select(Article)).all() == []


def test_search_operators_are_words(api_as, org, make_article):
    make_article("Byt lösenord")
    for typed in ['"', "*", "-lösenord", "lösenord OR", "NEAR(", "(((", "lösenord)"]:
        answer = api_as(org.employee).get("/articles", query_string={"q": typed})
        assert answer.status_code == 200, typed


def test_a_search_is_paged_like_every_list(api_as, org, make_article, conforms):
    made = [make_article(f"Lösenord {n}", "Byt lösenordet.") for n in range(5)]
    make_article("Koppla upp mot wifi", "Nätet heter Tanum-Personal.")
    employee = api_as(org.employee)
    first = employee.get("/articles?q=lösenordet&per_page=2")
    conforms(first, "ArticlePage")
    body = first.get_json()
    assert (body["total"], body["pages"], body["page"], len(body["items"])) == (5, 3, 1, 2)
    seen = [
        a["id"]
        for p in (1, 2, 3)
        for a in employee.get(f"/articles?q=lösenordet&per_page=2&page={p}").get_json()["items"]
    ]
    assert sorted(seen) == sorted(a.id for a in made)  # every match once, none twice
    assert employee.get("/articles?q=lösenord&page=4&per_page=2").get_json()["items"] == []
    nothing = employee.get("/articles?q=inte").get_json()
    assert (nothing["total"], nothing["items"]) == (0, [])
