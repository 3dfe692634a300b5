"""Writing articles: create, edit (each save of the text is a version), publish, archive.

Every function takes the acting user and a keyword-only `now`, checks the one permission
rule (`may_write_for_service`, `article_write_condition`), flushes and never commits.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from servicedesk.domain.kb.search import index_article
from servicedesk.domain.permissions import (
    article_visibility,
    article_write_condition,
    may_write_for_service,
)
from servicedesk.domain.text import single_line
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Article,
    ArticleState,
    ArticleVersion,
    Audience,
    Role,
    Service,
    User,
    UserRole,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TITLE_MAX = 200
BODY_MAX = 100_000
TEXT_FIELDS = ("title_sv", "body_sv", "title_en", "body_en")
# draft → published → archived; an archived article may be published again, a published
# one taken back to draft.
TRANSITIONS = {
    ArticleState.DRAFT: {ArticleState.PUBLISHED, ArticleState.ARCHIVED},
    ArticleState.PUBLISHED: {ArticleState.DRAFT, ArticleState.ARCHIVED},
    ArticleState.ARCHIVED: {ArticleState.PUBLISHED, ArticleState.DRAFT},
}


def local_date(now: datetime) -> date:
    """The day in Stockholm at `now` (review dates are days there)."""
    return now.astimezone(STOCKHOLM).date()


@dataclass
class ArticleInput:
    """What a writer gives (a form or a JSON body): the same fields and names for both."""

    title_sv: str
    body_sv: str = ""
    title_en: str = ""
    body_en: str = ""
    service_id: int | None = None
    audience: str = Audience.EMPLOYEES.value
    owner_id: int | None = None
    review_on: date | None = None


INPUT_FIELDS = tuple(f.name for f in fields(ArticleInput))


def get_visible_article(actor: User | None, article_id: int | None) -> Article:
    """The article `actor` may read, else NotFound (the same answer as for none at all)."""
    article = None
    if article_id and 0 < article_id < 2**31:
        article = db.session.scalar(
            select(Article).where(Article.id == article_id, article_visibility(actor))
        )
    if article is None:
        raise no_such_article()
    return article


def no_such_article() -> NotFound:
    """The one answer for an article that does not exist or may not be read."""
    return NotFound(_l("No such article."), code="article_not_found")


def may_write(actor: User | None, article: Article) -> bool:
    if article.id is None:
        return False
    stmt = select(exists().where(Article.id == article.id, article_write_condition(actor)))
    return bool(db.session.scalar(stmt))


def get_writable_article(actor: User | None, article_id: int | None) -> Article:
    """An article `actor` may write; one they may only read answers 403, others 404."""
    article = get_visible_article(actor, article_id)
    require_writer(actor, article)
    return article


def require_writer(actor: User | None, article: Article) -> None:
    if not may_write(actor, article):
        raise _not_a_writer()


def _not_a_writer() -> PermissionDenied:
    return PermissionDenied(
        _l("Only agents of the service's queue and admins may write its articles."),
        code="not_article_writer",
    )


def _clean(data: ArticleInput, actor: User, *, now: datetime, old_review: date | None) -> dict:
    """The input checked and tidied, or a ValidationError naming the field."""
    values = {
        "title_sv": single_line(data.title_sv),
        "title_en": single_line(data.title_en),
        "body_sv": (data.body_sv or "").strip(),
        "body_en": (data.body_en or "").strip(),
    }
    if not values["title_sv"]:
        raise ValidationError(_l("Give the article a Swedish title."), field="title_sv")
    for name in ("title_sv", "title_en"):
        if len(values[name]) > TITLE_MAX:
            raise ValidationError(_l("At most 200 characters."), field=name)
    for name in ("body_sv", "body_en"):
        if len(values[name]) > BODY_MAX:
            raise ValidationError(_l("The text is too long."), field=name)
    if values["body_en"] and not values["title_en"]:
        raise ValidationError(_l("An English text needs an English title."), field="title_en")
    if data.audience not in {a.value for a in Audience}:
        raise ValidationError(_l("Choose who the article is for."), field="audience")
    service = None
    if data.service_id is not None:
        service = db.session.get(Service, data.service_id) if 0 < data.service_id < 2**31 else None
        if service is None or not service.active:
            raise ValidationError(_l("No such service."), field="service_id")
    if not may_write_for_service(actor, data.service_id):
        raise ValidationError(
            _l("You may write articles only for services your queue supports."),
            field="service_id",
            code="not_article_writer",
        )
    owner = actor
    if data.owner_id is not None and data.owner_id != actor.id:
        owner = db.session.get(User, data.owner_id) if 0 < data.owner_id < 2**31 else None
        if owner is None or not owner.active or not owner.is_staff:
            raise ValidationError(
                _l("The owner must be an active agent or admin."), field="owner_id"
            )
    if (
        data.review_on is not None
        and data.review_on != old_review
        and data.review_on < local_date(now)
    ):
        raise ValidationError(
            _l("The review date has passed: choose today or a later day."), field="review_on"
        )
    return {
        **values,
        "service_id": data.service_id,
        "audience": data.audience,
        "owner_id": owner.id,
        "review_on": data.review_on,
    }


def _save_version(article: Article, actor: User, *, now: datetime) -> ArticleVersion:
    number = 1 + (
        db.session.scalar(
            select(db.func.max(ArticleVersion.number)).where(
                ArticleVersion.article_id == article.id
            )
        )
        or 0
    )
    version = ArticleVersion(
        article_id=article.id,
        number=number,
        author_id=actor.id,
        created_at=now,
        **{name: getattr(article, name) for name in TEXT_FIELDS},
    )
    db.session.add(version)
    index_article(article)
    return version


def create_article(
    actor: User, data: ArticleInput, *, now: datetime, source_ticket_id: int | None = None
) -> Article:
    """A new article in draft, its text the first version."""
    if not actor.is_staff:
        raise _not_a_writer()
    values = _clean(data, actor, now=now, old_review=None)
    article = Article(
        **values,
        state=ArticleState.DRAFT.value,
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
        source_ticket_id=source_ticket_id,
    )
    db.session.add(article)
    db.session.flush()
    _save_version(article, actor, now=now)
    db.session.flush()
    return article


def update_article(
    article: Article,
    actor: User,
    changes: dict,
    *,
    now: datetime,
    version: int | None = None,
) -> Article:
    """Change some of `INPUT_FIELDS`; a changed text is saved as a new version."""
    require_writer(actor, article)
    if version is not None and version != article.version:
        raise StaleVersion(_l("Someone else changed this article. Reload and try again."))
    current = {name: getattr(article, name) for name in INPUT_FIELDS}
    data = ArticleInput(**{**current, **{k: v for k, v in changes.items() if k in INPUT_FIELDS}})
    values = _clean(data, actor, now=now, old_review=article.review_on)
    if values == current:
        return article
    text_changed = any(values[name] != current[name] for name in TEXT_FIELDS)
    for name, value in values.items():
        setattr(article, name, value)
    article.updated_at = now
    db.session.flush()
    if text_changed:
        _save_version(article, actor, now=now)
    db.session.flush()
    return article


def change_state(article: Article, actor: User, state: str, *, now: datetime) -> Article:
    """Publish, archive or take back to draft (recorded in the audit log)."""
    require_writer(actor, article)
    if state not in {s.value for s in ArticleState}:
        raise ValidationError(_l("No such state."), field="state")
    if state == article.state:
        return article
    if ArticleState(state) not in TRANSITIONS[ArticleState(article.state)]:
        raise InvalidTransition(_l("The article cannot go to that state."))
    old = article.state
    article.state = state
    article.updated_at = now
    if state == ArticleState.PUBLISHED and article.published_at is None:
        article.published_at = now
    record_audit(
        actor, f"kb_article_{state}", article, old=old, new=state, label=article.title_sv, now=now
    )
    db.session.flush()
    return article


def versions_of(article: Article) -> list[ArticleVersion]:
    stmt = (
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article.id)
        .order_by(ArticleVersion.number.desc())
    )
    return list(db.session.scalars(stmt))


def version_diff(older: ArticleVersion | None, newer: ArticleVersion) -> list[str]:
    """The lines a version changed against the one before it (unified diff, no header)."""

    def lines(version: ArticleVersion | None) -> list[str]:
        if version is None:
            return []
        return [
            f"{name}: {line}"
            for name in TEXT_FIELDS
            for line in (getattr(version, name) or "").splitlines()
        ]

    diff = difflib.unified_diff(lines(older), lines(newer), lineterm="", n=1)
    return [line for line in diff if not line.startswith(("---", "+++"))]


def writers_articles(actor: User, state: str | None = None, limit: int = 500) -> list[Article]:
    """The articles `actor` may write, newest change first (the writers' list)."""
    stmt = select(Article).where(article_write_condition(actor))
    if state in {s.value for s in ArticleState}:
        stmt = stmt.where(Article.state == state)
    return list(db.session.scalars(stmt.order_by(Article.updated_at.desc()).limit(limit)))


def owner_choices() -> list[User]:
    """Active staff, who may own an article."""
    staff = select(UserRole.user_id).where(UserRole.role.in_([Role.AGENT, Role.ADMIN]))
    stmt = select(User).where(User.active.is_(True), User.id.in_(staff)).order_by(User.name)
    return list(db.session.scalars(stmt))
