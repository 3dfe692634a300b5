"""The knowledge base blueprint and its place in the menu, shared by the kb pages."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l

from servicedesk.domain.errors import NotFound
from servicedesk.domain.kb.articles import get_visible_article, may_write
from servicedesk.models import Article
from servicedesk.web.nav import KNOWLEDGE, register_nav
from servicedesk.web.util import user

bp = Blueprint("kb", __name__, url_prefix="/kb")
register_nav(
    "kb.index",
    _l("Knowledge base"),
    visible=lambda u: True,
    blueprint="kb",
    order=25,
    group=KNOWLEDGE,
)


def readable(article_id: int) -> Article:
    try:
        return get_visible_article(user(), article_id)
    except NotFound:
        abort(404)


def writable(article_id: int) -> Article:
    """An article the user may write; 404 if they may not read it, 403 if only read it."""
    article = readable(article_id)
    if not may_write(user(), article):
        abort(403)
    return article
