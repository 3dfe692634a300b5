"""An article's files and images: the same checks and storage as ticket files (type
allow-list, content check, random key); served as downloads, images of safe types inline
(web/kb/files.py)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import NotFound
from servicedesk.domain.kb.articles import get_visible_article, require_writer
from servicedesk.domain.tickets.attachments import store_upload
from servicedesk.infra.extensions import db
from servicedesk.models import Article, ArticleFile, User

# Shown inline (an <img> in the article); every other type is a download.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})


def add_file(
    article: Article,
    actor: User,
    filename: str,
    data: bytes,
    *,
    storage_dir: str,
    allowed: frozenset[str],
    max_bytes: int,
    now: datetime,
) -> ArticleFile:
    require_writer(actor, article)
    row = ArticleFile(
        article_id=article.id,
        **store_upload(
            filename, data, storage_dir=storage_dir, allowed=allowed, max_bytes=max_bytes
        ),
        uploaded_by_id=actor.id,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


def files_of(article: Article) -> list[ArticleFile]:
    stmt = select(ArticleFile).where(ArticleFile.article_id == article.id).order_by(ArticleFile.id)
    return list(db.session.scalars(stmt))


def get_visible_file(actor: User | None, file_id: int) -> ArticleFile:
    """A file of an article `actor` may read, else NotFound."""
    row = db.session.get(ArticleFile, file_id) if 0 < file_id < 2**31 else None
    if row is None:
        raise NotFound(_l("No such file."))
    get_visible_article(actor, row.article_id)
    return row


def is_inline_image(row: ArticleFile) -> bool:
    return row.content_type in INLINE_IMAGE_TYPES
