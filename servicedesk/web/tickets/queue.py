"""The agent's queue list on the desk blueprint: filters, columns, saved views, pages of
25/50/100, and one action on many selected rows."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain import labels
from servicedesk.domain.catalog.lookup import active_queues, service_choices
from servicedesk.domain.errors import DomainError, NotFound
from servicedesk.domain.sla.deadlines import business_time_left
from servicedesk.domain.tickets import saved_views
from servicedesk.domain.tickets.bulk import (
    BULK_STATUSES,
    BulkAction,
    BulkResult,
    bulk_update,
    colleagues,
    parse_selection,
)
from servicedesk.domain.tickets.list_params import (
    COLUMNS,
    PAGE_SIZES,
    SORT_LABELS,
    VIEW_KEYS,
    ListParams,
    header_sort,
    move_column,
    parse_list_args,
    parse_query,
)
from servicedesk.domain.tickets.lists import list_tickets
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, SavedView, User
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.desk import bp
from servicedesk.web.tickets.queue_forms import (
    BulkForm,
    DeleteViewForm,
    EditViewForm,
    SaveViewForm,
)
from servicedesk.web.util import apply_domain_error, int_arg, staff_required, user

LIST_KEYS = (*VIEW_KEYS, "per_page")


def _current_view(me: User) -> SavedView | None:
    view_id = int_arg("view")
    if view_id is None:
        return None
    try:
        return saved_views.get_visible_view(me, view_id)
    except NotFound:
        abort(404)


def _params(me: User, view: SavedView | None) -> ListParams:
    """The list's parameters: the saved view's when the URL names only the view (and a
    page), else the URL's own (a view's settings changed on the page)."""
    if view is not None and not any(key in request.args for key in LIST_KEYS):
        return parse_query(view.query, me)
    return parse_list_args(request.args, me)


def _list_url(params: ListParams, *, view: SavedView | None = None, page: int | None = None) -> str:
    args = dict(params.args)
    if view is not None:
        args["view"] = str(view.id)
    if page and page > 1:
        args["page"] = str(page)
    return url_for("desk.ticket_list", **args)


def _sort_headers(me: User, params: ListParams, view: SavedView | None) -> dict[str, dict]:
    """Column key -> the header's sort link, its aria-sort and what a click does, for the
    shown columns an index can sort by (the rest of the view, and the view, kept)."""
    headers = {}
    for key in params.columns:
        found = header_sort(key, params.filter.sort)
        if found is None:
            continue
        clicked = parse_list_args({**params.args, "sort": found.sort}, me)
        headers[key] = {
            # no link where a click would change nothing (sorted, one direction only)
            "url": _list_url(clicked, view=view) if found.sort != params.filter.sort else "",
            "state": found.state,
            "hint": _("sort: %(order)s", order=SORT_LABELS[found.sort]),
        }
    return headers


def _share_choices(me: User, queues: list[Queue]) -> list[tuple[int, str]]:
    return [(0, _("Only me"))] + [
        (q.id, _("Everyone in %(queue)s", queue=q.name))
        for q in queues
        if me.has_role("admin") or q.lead_id == me.id
    ]


def _names(mapping: dict) -> dict:
    """A label mapping translated once for a page (a row reads it many times)."""
    return {key: str(value) for key, value in mapping.items()}


def _column_choices(shown: list[str]) -> list[dict]:
    """The column form: the shown columns in their order, then the others; buttons to
    move a shown column (the case number stays first)."""
    choices = []
    for key in [*shown, *(k for k in COLUMNS if k not in shown)]:
        text = str(COLUMNS[key])
        position = shown.index(key) if key in shown else -1
        movable = position > 0
        choices.append(
            {
                "key": key,
                "label": text,
                "shown": position >= 0,
                "up": _("Move %(column)s up", column=text) if movable and position > 1 else "",
                "down": _("Move %(column)s down", column=text)
                if movable and position < len(shown) - 1
                else "",
            }
        )
    return choices


def _status_choices() -> list[tuple[str, str]]:
    choices = []
    for key, (status, reason) in BULK_STATUSES.items():
        text = labels.label(labels.STATUS, status.value)
        if reason:
            text = f"{text}: {labels.label(labels.PENDING_REASON, reason).lower()}"
        choices.append((key, text))
    return choices


def _render(
    me: User,
    params: ListParams,
    view: SavedView | None,
    *,
    status: int = 200,
    selected: frozenset[str] = frozenset(),
    **forms,
):
    page = list_tickets(
        me, params.filter, page=int_arg("page", 1) or 1, per_page=params.per_page, now=now()
    )
    # working days and hours of each deadline's calendar, as on the ticket page
    left = business_time_left(page.items, now=now())
    all_queues = active_queues()
    people = colleagues(me)
    bulk = forms.get("bulk") or BulkForm(formdata=None, back=params.query)
    bulk.assignee.choices = [(0, "–")] + people.assignees
    bulk.status.choices = _status_choices()
    bulk.queue.choices = [(0, "–")] + [(q.id, q.name) for q in all_queues]
    share = _share_choices(me, all_queues)
    save = forms.get("save") or SaveViewForm(formdata=None, prefix="new", query=params.query)
    save.share_queue.choices = share
    save.query.data = params.query
    edit = None
    if view is not None and view.owner_id == me.id:
        edit = forms.get("edit") or EditViewForm(
            formdata=None, prefix="edit", name=view.name, share_queue=view.queue_id or 0
        )
        edit.share_queue.choices = share
        edit.query.data = params.query
    queue = db.session.get(Queue, params.filter.queue_id) if params.filter.queue_id else None
    return (
        render_template(
            "tickets/desk/ticket_list.html",
            page=page,
            params=params,
            args=params.args,
            columns=[(key, str(COLUMNS[key])) for key in params.columns],  # translated once
            sort_headers=_sort_headers(me, params, view),
            sort_labels=SORT_LABELS,
            column_choices=_column_choices(params.columns),
            names={
                "status": _names(labels.STATUS),
                "pending": _names(labels.PENDING_REASON),
                "priority": _names(labels.PRIORITY),
            },
            page_sizes=PAGE_SIZES,
            queue=queue,
            queues=[q for q in all_queues if people.queue_ids is None or q.id in people.queue_ids],
            services=service_choices(current_locale_code()),
            views=saved_views.visible_views(me),
            view=view,
            view_changed=view is not None and params.query != parse_query(view.query, me).query,
            bulk_form=bulk,
            save_form=save,
            edit_form=edit,
            delete_form=DeleteViewForm(formdata=None, prefix="delete") if edit else None,
            list_url=_list_url,
            time_left=lambda ticket: left.get(ticket.id),
            selected=selected,
        ),
        status,
    )


@bp.route("/tickets")
@staff_required
def ticket_list():
    me = user()
    view = _current_view(me)
    if request.args.getlist("col") or "up" in request.args or "down" in request.args:
        # The column form: checkboxes in their order, a column moved; then the clean URL.
        columns = request.args.getlist("col")
        params = parse_list_args(request.args, me, columns=columns)
        for key, step in (("up", -1), ("down", 1)):
            if request.args.get(key):
                moved = move_column(params.columns, request.args[key], step)
                params = parse_list_args(request.args, me, columns=moved)
        return redirect(_list_url(params, view=view))
    return _render(me, _params(me, view), view)


def _form_error(form: SaveViewForm, exc: DomainError) -> None:
    """A domain error next to its field, else next to the name."""
    message = apply_domain_error(form, exc)
    if message:
        form.name.errors = [*form.name.errors, message]


def _summary(result: BulkResult) -> tuple[str, str]:
    done, refused = len(result.done), len(result.refused)
    text = ngettext("%(num)d case updated", "%(num)d cases updated", done)
    if refused:
        text += ", " + ngettext("%(num)d refused", "%(num)d refused", refused)
        text += ": " + "; ".join(o.message for o in result.refused)
    category = "success" if not refused else ("error" if not done else "warning")
    return text, category


@bp.route("/tickets/bulk", methods=["POST"])
@staff_required
def bulk_action():
    """One action on the selected rows, each ticket in its own unit of work."""
    me = user()
    form = BulkForm()
    form.assignee.choices = []
    form.status.choices = _status_choices()
    form.queue.choices = []
    params = parse_query(form.back.data or "", me)
    view = _current_view(me)
    if form.validate_on_submit():
        try:
            selection = parse_selection(request.form.getlist("ticket"))
            action = BulkAction(
                form.action.data,
                assignee=db.session.get(User, form.assignee.data) if form.assignee.data else None,
                status=form.status.data or "",
                queue=db.session.get(Queue, form.queue.data) if form.queue.data else None,
                reason=form.reason.data or "",
                tag=form.tag.data or "",
                major=form.major.data or "",
            )
            result = bulk_update(me, selection, action, now=now(), unit_of_work=commit_or_error)
        except DomainError as exc:
            message = apply_domain_error(form, exc)
            if message:
                form.submit.errors = [message]
        else:
            text, category = _summary(result)
            flash(text, category)
            return redirect(_list_url(params, view=view, page=int_arg("page")) + "#bulk")
    selected = frozenset(request.form.getlist("ticket"))  # ticked again on the page
    return _render(me, params, view, status=422, selected=selected, bulk=form)


def _save_view_form(me: User, form: SaveViewForm, view: SavedView | None, action, **render):
    """Validate a view form, run `action(query, share_queue_id)` as one unit of work and open
    the saved view; else the list again with the errors and what was typed. The query is
    kept in its canonical form only (nothing but the list's own keys)."""
    params = parse_query(form.query.data or "", me)
    if form.validate_on_submit():
        try:
            saved = commit_or_error(lambda: action(params.query, form.share_queue.data or None))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            flash(_("The view %(name)s is saved.", name=saved.name), "success")
            return redirect(url_for("desk.ticket_list", view=saved.id))
    return _render(me, params, view, status=422, **render)


@bp.route("/views", methods=["POST"])
@staff_required
def save_view():
    me = user()
    form = SaveViewForm(prefix="new")

    def save(query: str, share_queue_id: int | None) -> SavedView:
        return saved_views.create_view(
            me, form.name.data, query, share_queue_id=share_queue_id, now=now()
        )

    return _save_view_form(me, form, None, save, save=form)


def _own_view(me: User, view_id: int) -> SavedView:
    try:
        return saved_views.get_visible_view(me, view_id)
    except NotFound:
        abort(404)


@bp.route("/views/<int:view_id>", methods=["POST"])
@staff_required
def edit_view(view_id: int):
    """Rename, (un)share and save the list's current settings into one's own view."""
    me = user()
    view = _own_view(me, view_id)
    form = EditViewForm(prefix="edit")

    def save(query: str, share_queue_id: int | None) -> SavedView:
        saved_views.update_view(
            me,
            view,
            name=form.name.data,
            query=query,
            share_queue_id=share_queue_id,
            share_given=True,
            now=now(),
        )
        return view

    return _save_view_form(me, form, view, save, edit=form)


@bp.route("/views/<int:view_id>/delete", methods=["POST"])
@staff_required
def delete_view(view_id: int):
    me = user()
    view = _own_view(me, view_id)
    if DeleteViewForm(prefix="delete").validate_on_submit():
        name = view.name
        try:
            commit_or_error(lambda: saved_views.delete_view(me, view))
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("desk.ticket_list", view=view.id))
        flash(_("The view %(name)s is deleted.", name=name), "success")
    return redirect(url_for("desk.ticket_list"))


__all__ = ["bulk_action", "delete_view", "edit_view", "save_view", "ticket_list"]
