"""Finding a case from the desk: a reference opens it, other text lists matches."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from servicedesk.domain.tickets.lists import find_by_reference
from servicedesk.web.tickets.desk import bp
from servicedesk.web.tickets.forms import FindForm
from servicedesk.web.util import staff_required, user


@bp.route("/find")
@staff_required
def find():
    form = FindForm(request.args)
    if form.validate():
        ticket = find_by_reference(user(), form.q.data)
        if ticket is not None:
            return redirect(url_for("desk.ticket_detail", ticket_id=ticket.id))
        flash(_("No case with that number was found."), "error")
        return redirect(url_for("desk.dashboard"))
    return redirect(url_for("desk.ticket_list", q=form.q.data or ""))
