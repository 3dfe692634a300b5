"""Registrar pages: the register with its CSV, and a ticket's record page (secrecy marks,
authority)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import DomainError
from servicedesk.domain.permissions import (
    get_visible_ticket,
    is_agent_for,
    is_registrar,
)
from servicedesk.domain.records.authorities import all_authorities, kept_authorities, move_ticket
from servicedesk.domain.records.public_copy import make_public_copy
from servicedesk.domain.records.register import Cursor, register_csv, register_rows
from servicedesk.domain.records.secrecy import (
    all_provisions,
    lift_mark,
    mark_by_target,
    secrecy_targets,
    ticket_marks,
)
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, SecrecyMark, Ticket
from servicedesk.web.helpers import localtime
from servicedesk.web.records.common import bp
from servicedesk.web.records.forms import (
    CopyForm,
    LiftForm,
    MarkForm,
    MoveForm,
    RegisterFilterForm,
)
from servicedesk.web.util import form_error, form_status, user


def _filter_form() -> tuple[RegisterFilterForm, Authority | None]:
    form = RegisterFilterForm(request.args)
    kept = kept_authorities(current_user)
    if not kept:
        abort(403)
    form.authority.choices = [(a.id, a.name) for a in kept]
    if not request.args.get("authority"):
        form.authority.data = kept[0].id
    form.validate()
    chosen = next((a for a in kept if a.id == form.authority.data), None)
    if chosen is None:
        form.authority.errors = [_("Choose an authority whose register you keep.")]
    return form, chosen


@bp.route("/register")
def register():
    form, authority = _filter_form()
    rows, next_cursor = [], None
    if authority is not None and not form.errors:
        rows, next_cursor = register_rows(
            user(),
            authority,
            start=form.start.data,
            end=form.end.data,
            cursor=Cursor.decode(request.args.get("after")),
        )
    args = {k: v for k, v in request.args.items() if k != "after"}
    return render_template(
        "records/register.html",
        form=form,
        authority=authority,
        rows=rows,
        next_url=url_for("records.register", **args, after=next_cursor.encode())
        if next_cursor
        else None,
        csv_url=url_for("records.register_export", **args) if authority else None,
        first_page="after" in request.args,
        first_url=url_for("records.register", **args),
    ), form_status(form)


@bp.route("/register.csv")
def register_export():
    form, authority = _filter_form()
    if authority is None or form.errors:
        return register()
    text = register_csv(
        user(),
        authority,
        start=form.start.data,
        end=form.end.data,
        local_date=lambda at: format_date(at, "yyyy-MM-dd"),
    )
    period = f"{form.start.data or ''}..{form.end.data or ''}"

    def audit():
        record_audit(
            user(), "register_exported", authority, new=period, label=authority.name, now=now()
        )

    commit_or_error(audit)
    name = f"diarium-{authority.short_name or authority.id}.csv"
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _record_ticket(ticket_id: int) -> Ticket:
    """A ticket the user works as staff, or one of an authority whose register they keep."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        abort(404)
    if is_registrar(user(), ticket.authority_id) and ticket.authority_id is not None:
        return ticket
    ticket = get_visible_ticket(user(), ticket_id)
    if not is_agent_for(user(), ticket):
        abort(404)
    return ticket


def _mark_form(ticket: Ticket) -> MarkForm:
    form = MarkForm()
    comments, files = secrecy_targets(ticket)
    form.target.choices = [("ticket", _("The whole ticket"))]
    form.target.choices += [
        (
            f"comment:{c.id}",
            _(
                "Comment by %(who)s, %(when)s",
                who=c.author.name if c.author else "—",
                when=localtime(c.created_at),
            ),
        )
        for c in comments
    ]
    form.target.choices += [
        (f"attachment:{f.id}", _("File %(name)s", name=f.filename)) for f in files
    ]
    form.provision.choices = [(0, "—")] + [
        (p.id, f"OSL {p.code} – {p.title}") for p in all_provisions(active_only=True)
    ]
    return form


def _move_form(ticket: Ticket) -> MoveForm:
    form = MoveForm(prefix="move")
    form.authority.choices = [(0, "—")] + [
        (a.id, a.name) for a in all_authorities(active_only=True) if a.id != ticket.authority_id
    ]
    return form


def _record_page(ticket: Ticket, mark_form=None, move_form=None):
    marks = ticket_marks(ticket)
    comments, files = secrecy_targets(ticket)
    mark_form = mark_form or _mark_form(ticket)
    move_form = move_form or _move_form(ticket)
    status = max(form_status(mark_form), form_status(move_form))
    return render_template(
        "records/ticket.html",
        ticket=ticket,
        authority=db.session.get(Authority, ticket.authority_id) if ticket.authority_id else None,
        marks=marks,
        comments={c.id: c for c in comments},
        files={f.id: f for f in files},
        mark_form=mark_form,
        move_form=move_form,
        lift_form=LiftForm(),
        copy_form=CopyForm(prefix="copy"),
        may_work=is_agent_for(user(), ticket),
        may_move=is_registrar(user(), ticket.authority_id),
    ), status


@bp.route("/tickets/<int:ticket_id>")
def ticket_record(ticket_id: int):
    return _record_page(_record_ticket(ticket_id))


@bp.route("/tickets/<int:ticket_id>/secrecy", methods=["POST"])
def mark(ticket_id: int):
    ticket = _record_ticket(ticket_id)
    form = _mark_form(ticket)
    if form.validate_on_submit():
        try:
            commit_or_error(
                lambda: mark_by_target(
                    user(),
                    ticket,
                    target=form.target.data,
                    provision_id=form.provision.data,
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(_("Marked as secret."), "success")
            return redirect(url_for("records.ticket_record", ticket_id=ticket.id))
    return _record_page(ticket, mark_form=form)


@bp.route("/tickets/<int:ticket_id>/secrecy/<int:mark_id>/lift", methods=["POST"])
def lift(ticket_id: int, mark_id: int):
    ticket = _record_ticket(ticket_id)
    found = db.session.get(SecrecyMark, mark_id)
    if found is None or found.ticket_id != ticket.id:
        abort(404)
    if LiftForm().validate_on_submit():
        try:
            commit_or_error(lambda: lift_mark(user(), found, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Secrecy lifted."), "success")
    return redirect(url_for("records.ticket_record", ticket_id=ticket.id))


@bp.route("/tickets/<int:ticket_id>/authority", methods=["POST"])
def move(ticket_id: int):
    ticket = _record_ticket(ticket_id)
    form = _move_form(ticket)
    if form.validate_on_submit():
        target = db.session.get(Authority, form.authority.data) if form.authority.data else None
        if target is None:
            form.authority.errors = [_("Choose an authority.")]
        else:
            try:
                commit_or_error(
                    lambda: move_ticket(user(), ticket, target, reason=form.reason.data, now=now())
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                flash(_("The record now belongs to %(name)s.", name=target.name), "success")
                return redirect(url_for("records.ticket_record", ticket_id=ticket.id))
    return _record_page(ticket, move_form=form)


@bp.route("/tickets/<int:ticket_id>/copy", methods=["POST"])
def public_copy(ticket_id: int):
    """The printable public copy of one record (registrars of its authority, admins)."""
    ticket = _record_ticket(ticket_id)
    form = CopyForm(prefix="copy")
    if not form.validate_on_submit():
        return redirect(url_for("records.ticket_record", ticket_id=ticket.id))
    copy = commit_or_error(
        lambda: make_public_copy(user(), ticket, with_internal=form.with_internal.data, now=now())
    )
    return render_template("records/public_copy.html", copy=copy)
