"""Reading the knowledge base (employees and staff): the list with its search, an article
with "Hjälpte artikeln dig?", the suggestions while filing (JSON) and "Det löste mitt
problem" (a deflection), and the article's files."""

from __future__ import annotations

from itertools import groupby

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from servicedesk.boundary.files import stored_file_response
from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import get_active_service, service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.kb import files as kb_files
from servicedesk.domain.kb.articles import may_write
from servicedesk.domain.kb.reading import (
    give_feedback,
    readable_articles,
    record_deflection,
    record_view,
)
from servicedesk.domain.kb.search import search_articles
from servicedesk.domain.text import render_markdown
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.kb.common import bp, readable
from servicedesk.web.kb.forms import FeedbackForm
from servicedesk.web.util import form_error, int_arg, user

QUERY_MAX = 200
ANSWERS = {"yes": True, "no": False}


def _groups(articles, locale: str):
    """The articles by service name (general ones last), each group by title."""

    def service_name(article) -> str:
        return article.service.name_for(locale) if article.service else ""

    ordered = sorted(articles, key=lambda a: (not a.service, service_name(a).lower()))
    return [(name, list(items)) for name, items in groupby(ordered, key=service_name)]


@bp.route("/")
@login_required
def index():
    me = user()
    locale = current_locale_code()
    query = request.args.get("q", "")[:QUERY_MAX]
    service = get_active_service(int_arg("service"))
    articles = readable_articles(me, query=query, service_id=service.id if service else None)
    return render_template(
        "kb/index.html",
        query=query,
        service=service,
        services=service_choices(locale),
        ranked=articles if query.strip() else None,
        groups=None if query.strip() else _groups(articles, locale),
        count=len(articles),
        filing=request.args.get("filing") == "1",
        writer=me.is_staff,
    )


def _article_page(article, form: FeedbackForm | None = None, status: int = 200):
    me = user()
    locale = current_locale_code()
    page = render_template(
        "kb/article.html",
        article=article,
        title=article.title_for(locale),
        body=render_markdown(article.body_for(locale)),
        files=kb_files.files_of(article),
        is_image=kb_files.is_inline_image,
        form=form or FeedbackForm(formdata=None),
        may_write=may_write(me, article),
        filing=request.values.get("filing") == "1",
    )
    return page, status


@bp.route("/<int:article_id>")
@login_required
def article_detail(article_id: int):
    article = readable(article_id)
    commit_or_error(lambda: record_view(article, user(), now=now()))
    return _article_page(article)


@bp.route("/<int:article_id>/feedback", methods=["POST"])
@login_required
def feedback(article_id: int):
    article = readable(article_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        helpful = ANSWERS.get(form.helpful.data or "")
        try:
            commit_or_error(
                lambda: give_feedback(article, user(), helpful, form.comment.data, now=now())
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Thank you for your answer."), "success")
            return redirect(url_for("kb.article_detail", article_id=article.id))
    return _article_page(article, form, 422)


@bp.route("/<int:article_id>/solved", methods=["POST"])
@login_required
def solved(article_id: int):
    """ "Det löste mitt problem": counted as a deflection; the flow ends without a case."""
    article = readable(article_id)
    try:
        commit_or_error(lambda: record_deflection(article, user(), now=now()))
    except DomainError:
        abort(404)
    flash(_("Good that the article solved it. No case was filed."), "success")
    return redirect(url_for("kb.article_detail", article_id=article.id))


@bp.route("/suggest")
@login_required
def suggest_json():
    """Up to five published articles for what the employee typed and the service they
    chose, for the new-case form (js/kb.js); the same rule as every other path."""
    me = user()
    locale = current_locale_code()
    query = request.args.get("q", "")[:QUERY_MAX]
    service = get_active_service(int_arg("service"))
    found = search_articles(me, query, service.id if service else None, limit=5, suggest=True)
    items = [
        {
            "id": a.id,
            "title": a.title_for(locale),
            "url": url_for("kb.article_detail", article_id=a.id, filing=1),
            "solved_url": url_for("kb.solved", article_id=a.id),
        }
        for a in found
    ]
    message = (
        ngettext(
            "%(num)d article may answer your question.",
            "%(num)d articles may answer your question.",
            len(items),
        )
        if items
        else ""
    )
    return jsonify({"items": items, "message": message})


@bp.route("/files/<int:file_id>")
@login_required
def file_download(file_id: int):
    try:
        row = kb_files.get_visible_file(user(), file_id)
    except NotFound:
        abort(404)
    inline = kb_files.is_inline_image(row) and request.args.get("inline") == "1"
    response = stored_file_response(row, inline=inline)
    if response is None:
        abort(404)
    return response
