"""Knowledge base articles: list and search, create, read, edit and change state.

Readers get what `article_visibility` lets them read (employees: published articles for
employees); writing is for agents of the article's service's queue and admins. An article
that may not be read answers 404 like one that does not exist."""

from __future__ import annotations

import re
from datetime import date

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.api.auth import api_user
from servicedesk.api.blueprint import bp
from servicedesk.api.errors import json_body
from servicedesk.api.kb.serializers import article_json
from servicedesk.api.params import (
    MAX_ID,
    PAGE_PARAMS,
    checked,
    choice_param,
    int_param,
    page_params,
    paged,
    unknown_params,
)
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.kb import articles as domain
from servicedesk.domain.kb.search import articles_found
from servicedesk.domain.permissions import article_visibility
from servicedesk.models import Article, ArticleState

LIST_PARAMS = PAGE_PARAMS | {"q", "service", "state"}
STATES = {s.value for s in ArticleState}
ID = re.compile(r"(?:KB-)?([0-9]{1,10})", re.ASCII | re.IGNORECASE)
QUERY_MAX = 200


def load_article(article_id: str) -> Article:
    match = ID.fullmatch(article_id.strip())
    number = int(match.group(1)) if match else 0
    if not 0 < number <= MAX_ID:
        raise domain.no_such_article()
    return domain.get_visible_article(api_user(), number)


def _day(data: dict, fields: dict) -> None:
    """`review_on` as a date (YYYY-MM-DD), or a field error."""
    raw = data.get("review_on")
    if raw is None:
        return
    try:
        data["review_on"] = date.fromisoformat(raw)
    except ValueError:
        fields["review_on"] = [_("Give a date as YYYY-MM-DD.")]
        return
    if len(raw) != 10:
        fields["review_on"] = [_("Give a date as YYYY-MM-DD.")]


def _input(schema: str) -> dict:
    data = json_body(schema)
    fields: dict = {}
    _day(data, fields)
    checked(fields)
    return data


def detail(article: Article, status: int = 200):
    response = jsonify(article_json(article))
    response.status_code = status
    return response


@bp.get("/articles")
def list_articles():
    me = api_user()
    args, fields = request.args, {}
    unknown_params(args, LIST_PARAMS, fields)
    service_id = int_param(args, "service", 1, MAX_ID, fields)
    state = choice_param(args, "state", STATES, fields)
    page, per_page = page_params(args, fields)
    query = args.get("q", "")
    if len(query) > QUERY_MAX:
        fields["q"] = [_("At most 200 characters.")]
    checked(fields)
    if query.strip():
        found = articles_found(me, query, service_id, published_only=False, state=state)
        if found is None:  # only stop words or signs: nothing to match
            return jsonify(
                {"items": [], "total": 0, "page": page, "per_page": per_page, "pages": 1}
            )
        return jsonify(paged(found, page, per_page, article_json))
    stmt = select(Article).where(article_visibility(me))
    if service_id is not None:
        stmt = stmt.where(Article.service_id == service_id)
    if state is not None:
        stmt = stmt.where(Article.state == state)
    stmt = stmt.order_by(Article.updated_at.desc(), Article.id.desc())
    return jsonify(paged(stmt, page, per_page, article_json))


@bp.post("/articles")
def create_article():
    me = api_user()
    data = _input("ArticleCreate")
    article = commit_or_error(
        lambda: domain.create_article(me, domain.ArticleInput(**data), now=now())
    )
    response = detail(article, 201)
    response.headers["Location"] = url_for("api.get_article", article_id=article.id)
    return response


@bp.get("/articles/<article_id>")
def get_article(article_id: str):
    return detail(load_article(article_id))


@bp.patch("/articles/<article_id>")
def update_article(article_id: str):
    me = api_user()
    article = load_article(article_id)
    domain.require_writer(me, article)
    data = _input("ArticleUpdate")
    state = data.pop("state", None)
    version = data.pop("version", None)

    def apply():
        domain.update_article(article, me, data, now=now(), version=version)
        if state is not None:
            domain.change_state(article, me, state, now=now())
        return article

    return detail(commit_or_error(apply))
