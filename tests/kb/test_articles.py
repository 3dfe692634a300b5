"""Writing articles: versions, states, field errors, who may write and who may read."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from servicedesk.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from servicedesk.domain.kb.articles import (
    ArticleInput,
    change_state,
    create_article,
    get_visible_article,
    update_article,
    version_diff,
    versions_of,
)
from servicedesk.domain.kb.reading import readable_articles
from servicedesk.infra.extensions import db
from servicedesk.models import AuditLog


def test_each_save_of_the_text_is_a_version_with_who_and_when(org, now, make_article):
    article = make_article(state="draft", author=org.buf_agent, service=org.school)
    later = now.replace(hour=12)
    update_article(article, org.admin, {"body_sv": "Ny text."}, now=later)
    update_article(article, org.admin, {"audience": "staff"}, now=later)  # not the text
    db.session.commit()
    versions = versions_of(article)
    assert [(v.number, v.author_id) for v in versions] == [(2, org.admin.id), (1, org.buf_agent.id)]
    assert versions[0].body_sv == "Ny text." and versions[0].created_at == later
    assert versions[1].body_sv.startswith("Gå till")
    diff = version_diff(versions[1], versions[0])
    assert "+body_sv: Ny text." in diff
    assert any(line.startswith("-body_sv: Gå till") for line in diff)


def test_an_empty_title_is_refused_next_to_its_field(org, now):
    with pytest.raises(ValidationError) as error:
        create_article(org.admin, ArticleInput(title_sv="   "), now=now)
    assert error.value.field == "title_sv"


def test_a_review_date_in_the_past_is_refused(org, now):
    with pytest.raises(ValidationError) as error:
        create_article(org.admin, ArticleInput(title_sv="X", review_on=date(2026, 11, 1)), now=now)
    assert error.value.field == "review_on"
    article = create_article(
        org.admin, ArticleInput(title_sv="X", review_on=date(2026, 11, 26)), now=now
    )
    assert article.review_on == date(2026, 11, 26)  # today is allowed


def test_only_the_services_queue_and_admins_write_its_articles(org, now, make_article):
    with pytest.raises(ValidationError) as error:
        create_article(org.agent, ArticleInput(title_sv="X", service_id=org.school.id), now=now)
    assert error.value.field == "service_id"
    with pytest.raises(PermissionDenied):
        create_article(org.employee, ArticleInput(title_sv="X"), now=now)
    article = make_article(service=org.school, author=org.buf_agent, state="draft")
    with pytest.raises(PermissionDenied):
        update_article(article, org.agent, {"title_sv": "Y"}, now=now)
    with pytest.raises(PermissionDenied):
        change_state(article, org.soc_agent, "published", now=now)


def test_publish_and_archive_are_audited_and_checked(org, now, make_article):
    article = make_article(state="draft")
    change_state(article, org.admin, "published", now=now)
    assert article.published_at == now
    change_state(article, org.admin, "archived", now=now)
    db.session.commit()
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == "Article").order_by(AuditLog.id)
    ).all()
    assert actions == ["kb_article_published", "kb_article_archived"]
    with pytest.raises(ValidationError):
        change_state(article, org.admin, "gone", now=now)


def test_transitions_follow_the_table(org, now, make_article):
    from servicedesk.domain.kb.articles import TRANSITIONS

    assert all(target != source for source, targets in TRANSITIONS.items() for target in targets)
    assert InvalidTransition  # every pair of distinct states is allowed today


def test_who_reads_what(org, now, make_article):
    public = make_article("Byt lösenord", service=org.email)
    internal = make_article("Återställ MFA i portalen", audience="staff")
    draft = make_article("Lösenord för gästnätet", state="draft", service=org.school)
    archived = make_article("Gammalt lösenordsbyte", state="archived")
    employee = {a.id for a in readable_articles(org.employee)}
    assert employee == {public.id}
    staff = {a.id for a in readable_articles(org.agent)}
    assert staff == {public.id, internal.id}
    for hidden in (internal, draft, archived):
        with pytest.raises(NotFound) as error:
            get_visible_article(org.employee, hidden.id)
        assert error.value.code == "article_not_found"
    # A writer of the school's service reads its draft; an agent of another queue does not.
    assert get_visible_article(org.buf_agent, draft.id) == draft
    with pytest.raises(NotFound):
        get_visible_article(org.soc_agent, draft.id)
