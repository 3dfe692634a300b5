"""Writing articles (agents of the service's queue and admins): the writers' list, new,
edit, publish/archive, the versions with what each changed, and files."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain import labels
from servicedesk.domain.catalog.lookup import service_choices
from servicedesk.domain.errors import DomainError
from servicedesk.domain.kb import articles as domain
from servicedesk.domain.kb import files as kb_files
from servicedesk.infra.extensions import db
from servicedesk.models import ArticleState, User
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.kb.common import bp, writable
from servicedesk.web.kb.forms import ArticleForm, FileForm, StateForm
from servicedesk.web.util import form_error, staff_required, user


def _form(**kwargs) -> ArticleForm:
    return ArticleForm(
        services=service_choices(current_locale_code()),
        owners=domain.owner_choices(),
        **kwargs,
    )


def _stored_form(article) -> ArticleForm:
    """The article form filled from the article as stored."""
    form = _form(obj=article, formdata=None)
    form.service_id.data = article.service_id or 0
    form.version.data = str(article.version)
    return form


@bp.route("/manage")
@staff_required
def manage():
    state = request.args.get("state", "")
    rows = domain.writers_articles(user(), state or None)
    return render_template(
        "kb/manage.html", articles=rows, state=state, states=labels.ARTICLE_STATE
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def article_new():
    me = user()
    form = _form(owner_id=me.id) if request.method == "GET" else _form()
    if form.validate_on_submit():
        try:
            article = commit_or_error(
                lambda: domain.create_article(me, domain.ArticleInput(**form.values()), now=now())
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The article is saved as a draft."), "success")
            return redirect(url_for("kb.article_edit", article_id=article.id))
    status = 422 if form.errors else 200
    return render_template("kb/form.html", form=form, article=None), status


def _edit_page(article, form: ArticleForm, status: int = 200, file_form: FileForm | None = None):
    page = render_template(
        "kb/form.html",
        form=form,
        article=article,
        state_form=StateForm(formdata=None),
        actions=[s for s in domain.TRANSITIONS[ArticleState(article.state)]],
        files=kb_files.files_of(article),
        file_form=file_form or FileForm(formdata=None),
        is_image=kb_files.is_inline_image,
    )
    return page, status


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
@staff_required
def article_edit(article_id: int):
    article = writable(article_id)
    if request.method == "GET":
        return _edit_page(article, _stored_form(article))
    form = _form()
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            commit_or_error(
                lambda: domain.update_article(
                    article, user(), form.values(), now=now(), version=version
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The article is saved."), "success")
            return redirect(url_for("kb.article_edit", article_id=article.id))
    db.session.expire_all()
    return _edit_page(writable(article_id), form, 422)


@bp.route("/<int:article_id>/state", methods=["POST"])
@staff_required
def article_state(article_id: int):
    article = writable(article_id)
    form = StateForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: domain.change_state(article, user(), form.state.data, now=now())
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "The article is now: %(state)s.",
                    state=labels.label(labels.ARTICLE_STATE, article.state),
                ),
                "success",
            )
    return redirect(url_for("kb.article_edit", article_id=article.id))


@bp.route("/<int:article_id>/history")
@staff_required
def article_history(article_id: int):
    article = writable(article_id)
    versions = domain.versions_of(article)
    authors = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({v.author_id for v in versions if v.author_id}))
        )
    }
    changes = [
        (v, domain.version_diff(versions[i + 1] if i + 1 < len(versions) else None, v))
        for i, v in enumerate(versions)
    ]
    return render_template("kb/history.html", article=article, changes=changes, authors=authors)


@bp.route("/<int:article_id>/files", methods=["POST"])
@staff_required
def article_file(article_id: int):
    article = writable(article_id)
    form = FileForm()
    cfg = current_app.config
    if form.validate_on_submit() and form.file.data and form.file.data.filename:
        storage = form.file.data
        data = storage.stream.read(cfg["ATTACHMENT_MAX_BYTES"] + 1)
        try:
            commit_or_error(
                lambda: kb_files.add_file(
                    article,
                    user(),
                    storage.filename,
                    data,
                    storage_dir=cfg["ATTACHMENT_DIR"],
                    allowed=cfg["ATTACHMENT_EXTENSIONS"],
                    max_bytes=cfg["ATTACHMENT_MAX_BYTES"],
                    now=now(),
                )
            )
        except DomainError as exc:
            form.file.errors = [exc.message]  # the upload rules name the ticket form's field
        else:
            flash(_("The file is added."), "success")
            return redirect(url_for("kb.article_edit", article_id=article.id))
    elif not form.errors:
        form.file.errors = [_("Choose a file.")]
    return _edit_page(article, _stored_form(article), 422, file_form=form)
