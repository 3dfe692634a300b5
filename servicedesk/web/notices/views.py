"""Notice pages: the public page and feed (no log-in), the desk's list and editor, and the
employee's actions (follow a service, "Jag är också drabbad")."""

from __future__ import annotations

from datetime import UTC

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.lookup import active_services, get_active_service, service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.major.incidents import affected_case, join_major, major_by_reference
from servicedesk.domain.notices import notices as domain
from servicedesk.domain.notices.subscriptions import follow, followed_service_ids, unfollow
from servicedesk.domain.permissions import may_write_notice
from servicedesk.web.changes.forms import to_local, to_utc
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.nav import KNOWLEDGE, register_nav
from servicedesk.web.notices.forms import (
    AffectedForm,
    FollowForm,
    NoticeForm,
    ResolveNoticeForm,
)
from servicedesk.web.util import form_error, form_status, staff_required, user

bp = Blueprint("notices", __name__)
register_nav(
    "notices.desk_list",
    _l("Notices"),
    visible=lambda u: u.is_staff,
    blueprint="notices",
    order=35,
    group=KNOWLEDGE,
)


def _me():
    return user() if current_user.is_authenticated else None


# --- Shown on other pages (portal home, the new-case form, the desk) ---------------------


@bp.app_template_global()
def notice_banners(service_ids=None) -> list:
    """Active notices for a banner, with what the signed-in employee can do about each:
    join its major incident, or open the case they already have about it."""
    me = _me()
    banners = []
    for notice in domain.active_notices(now=now(), service_ids=service_ids):
        major = domain.joinable_major(notice)
        own = affected_case(major, me) if major is not None and me is not None else None
        banners.append({"notice": notice, "major": major, "own_case": own})
    return banners


# --- Public: no log-in --------------------------------------------------------------------


@bp.route("/driftinformation")
def public():
    """Current notices for the intranet; a signed-in person can follow a service here."""
    me = _me()
    notices = domain.public_notices(now=now())
    follow_form, followed = None, []
    if me is not None:
        follow_form = FollowForm()
        follow_form.service.choices = service_choices(current_locale_code())
        ids = followed_service_ids(me)
        followed = [s for s in active_services() if s.id in ids]
    return render_template(
        "notices/public.html", notices=notices, follow_form=follow_form, followed=followed
    )


@bp.route("/driftinformation/feed.atom")
def feed():
    notices = domain.public_notices(now=now())
    updated = max((n.updated_at for n in notices), default=now())
    body = render_template("notices/feed.atom", notices=notices, updated=updated, UTC=UTC)
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}


# --- Employees ------------------------------------------------------------------------


@bp.route("/portal/follow", methods=["POST"])
@login_required
def toggle_follow():
    """Follow a service's notices by mail, or stop following it."""
    me = user()
    form = FollowForm()
    form.service.choices = service_choices(current_locale_code())
    if not form.validate_on_submit():
        flash(_("Choose a service."), "error")
        return redirect(url_for("notices.public") + "#follow")
    service = get_active_service(form.service.data)
    name = service.name_for(current_locale_code())
    if form.stop.data:
        commit_or_error(lambda: unfollow(me, service))
        flash(_("You no longer follow notices about %(name)s.", name=name), "success")
    else:
        commit_or_error(lambda: follow(me, service, now=now()))
        flash(
            _(
                "You will get an e-mail when a notice about %(name)s is published, updated "
                "or resolved.",
                name=name,
            ),
            "success",
        )
    return redirect(url_for("notices.public") + "#follow")


@bp.route("/portal/notices/<int:notice_id>/affected", methods=["GET", "POST"])
@login_required
def affected(notice_id: int):
    """ "Jag är också drabbad": a case of the employee's own, linked to the major incident,
    without typing one; a second press opens the case they have. GET (the new-case form's
    link: that form cannot hold another) shows the notice with the button to confirm."""
    try:
        notice = domain.get_visible_notice(user(), notice_id)
    except NotFound:
        abort(404)
    if request.method == "GET":
        banners = [b for b in notice_banners() if b["notice"].id == notice.id]
        return render_template("notices/affected.html", banners=banners)
    if not AffectedForm().validate_on_submit():  # the CSRF token
        flash(_("The form had expired; press the button again."), "error")
        return redirect(url_for("portal.home"))
    try:
        ticket, created = commit_or_error(lambda: join_major(notice, user(), now=now()))
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("portal.home"))
    if created:
        flash(
            _(
                "Thank you. You are registered as affected (%(ref)s); you will hear from us when there is news.",
                ref=ticket.reference,
            ),
            "success",
        )
    else:
        flash(_("You are already registered as affected: %(ref)s.", ref=ticket.reference), "info")
    return redirect(url_for("portal.ticket_detail", ticket_id=ticket.id))


# --- Desk -----------------------------------------------------------------------------


@bp.route("/desk/notices")
@staff_required
def desk_list():
    return render_template("notices/desk_list.html", notices=domain.staff_notices(user()))


def _notice_form(notice=None, *, posted: bool = False) -> NoticeForm:
    values = {}
    if notice is not None:
        values = {
            "services": [s.id for s in notice.services],
            "kind": notice.kind if notice.kind in domain.WRITABLE_KINDS else "disruption",
            "severity": notice.severity,
            "title": notice.title,
            "body": notice.body,
            "starts_at": to_local(notice.starts_at),
            "ends_at": to_local(notice.ends_at),
            "major": notice.major_ticket.reference if notice.major_ticket else "",
        }
    elif not posted:
        values = {
            "starts_at": to_local(now()).replace(second=0, microsecond=0),
            "major": request.args.get("major", "")[:40],
            "services": [i for i in (request.args.getlist("service", type=int)) if i > 0][:20],
        }
    form = NoticeForm(**({} if posted else {"formdata": None}), **values)
    form.services.choices = service_choices(current_locale_code())
    return form


def _draft_from(form: NoticeForm) -> domain.NoticeDraft:
    services = [get_active_service(i) for i in form.services.data or []]
    major = (
        major_by_reference(user(), form.major.data).ticket
        if (form.major.data or "").strip()
        else None
    )
    return domain.NoticeDraft(
        kind=form.kind.data,
        title=form.title.data or "",
        body=form.body.data or "",
        severity=form.severity.data,
        starts_at=to_utc(form.starts_at.data),
        ends_at=to_utc(form.ends_at.data),
        services=[s for s in services if s is not None],
        major_ticket=major,
    )


@bp.route("/desk/notices/new", methods=["GET", "POST"])
@staff_required
def new():
    posted = request.method == "POST"
    form = _notice_form(posted=posted)
    if posted and form.validate_on_submit():
        try:
            notice = commit_or_error(
                lambda: domain.create_notice(
                    user(), _draft_from(form), publish=bool(form.publish.data), now=now()
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(
                _("The notice is published.")
                if notice.state == "published"
                else _("The draft is saved."),
                "success",
            )
            return redirect(url_for("notices.edit", notice_id=notice.id))
    return render_template("notices/form.html", form=form, notice=None), form_status(form)


def _load(notice_id: int):
    try:
        return domain.get_visible_notice(user(), notice_id)
    except NotFound:
        abort(404)


def _writable(notice_id: int):
    """A notice the agent may change (its services' queues, the IT unit, admins), else 403."""
    notice = _load(notice_id)
    if not may_write_notice(user(), notice.services):
        abort(403)
    return notice


def _edit_page(notice, *, form=None, resolve_form=None, status: int = 200):
    page = render_template(
        "notices/form.html",
        notice=notice,
        form=form or _notice_form(notice),
        resolve_form=resolve_form or ResolveNoticeForm(formdata=None),
        history=domain.notice_history(notice),
        may_write=may_write_notice(user(), notice.services),
    )
    return page, status


@bp.route("/desk/notices/<int:notice_id>", methods=["GET", "POST"])
@staff_required
def edit(notice_id: int):
    if request.method == "GET":
        return _edit_page(_load(notice_id))
    notice = _writable(notice_id)
    form = _notice_form(posted=True)
    if form.validate_on_submit():

        def action():
            domain.update_notice(notice, user(), _draft_from(form), now=now())
            if form.publish.data and notice.state != "published":
                domain.publish_notice(notice, user(), now=now())

        try:
            commit_or_error(action)
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The notice is saved."), "success")
            return redirect(url_for("notices.edit", notice_id=notice.id))
    return _edit_page(_load(notice_id), form=form, status=422)


@bp.route("/desk/notices/<int:notice_id>/resolve", methods=["POST"])
@staff_required
def resolve(notice_id: int):
    notice = _writable(notice_id)
    form = ResolveNoticeForm()
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: domain.resolve_notice(notice, user(), text=form.text.data or "", now=now())
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("The notice is resolved."), "success")
            return redirect(url_for("notices.edit", notice_id=notice.id))
    return _edit_page(_load(notice_id), resolve_form=form, status=422)
