"""Fixtures for knowledge base tests: a factory of articles written by an agent."""

from __future__ import annotations

import pytest

from servicedesk.domain.kb.articles import ArticleInput, change_state, create_article
from servicedesk.infra.extensions import db
from tests.api.conftest import api_as, conforms  # noqa: F401  (the API's fixtures)


@pytest.fixture
def make_article(org, now):
    def make(
        title: str = "Byt lösenord",
        body: str = "Gå till **Mitt konto** och välj *Byt lösenord*.",
        *,
        service=None,
        audience: str = "employees",
        state: str = "published",
        author=None,
        **kw,
    ):
        author = author or org.admin
        data = ArticleInput(
            title_sv=title,
            body_sv=body,
            service_id=service.id if service is not None else None,
            audience=audience,
            **kw,
        )
        article = create_article(author, data, now=now)
        if state != "draft":
            change_state(article, author, state, now=now)
        db.session.commit()
        return article

    return make
