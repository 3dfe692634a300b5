"""File a case from the portal or phone form, with its files, as one unit of work; and
give a form back when its post was refused as too large."""

from __future__ import annotations

from flask import current_app, flash, request
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.boundary.uploads import (
    chosen_files,
    limits_text,
    save_uploads,
    typed_fields_of_refused_body,
)
from servicedesk.domain.catalog.lookup import get_active_service
from servicedesk.domain.errors import DomainError
from servicedesk.domain.tickets.attachments import (
    allowed_types,
    too_large,
    too_large_in_all,
    type_not_allowed,
)
from servicedesk.domain.tickets.lifecycle import create_ticket
from servicedesk.models import Ticket, User
from servicedesk.web.util import apply_domain_error


def file_ticket_from_form(form, *, requester: User, actor: User, channel: str) -> Ticket:
    """File a case from the portal or phone form (one unit of work: the case and its files;
    a refused file refuses the case too, and the form comes back with what was typed)."""
    ticket = create_ticket(
        requester=requester,
        actor=actor,
        title=form.title.data,
        description=form.description.data,
        ticket_type=form.ticket_type.data,
        service=get_active_service(form.service.data),
        impact=form.impact.data,
        urgency=form.urgency.data,
        channel=channel,
        now=now(),
    )
    files = chosen_files(form.attachment.data)
    if files:
        save_uploads(ticket, actor, files)
    return ticket


def file_or_keep(form, *, requester: User, actor: User, channel: str) -> Ticket | None:
    """File the case of a validated portal or phone form, or None when the domain refused
    it: then its errors are next to the fields (or flashed) and the form keeps the text."""
    try:
        return commit_or_error(
            lambda: file_ticket_from_form(form, requester=requester, actor=actor, channel=channel)
        )
    except DomainError as exc:
        message = apply_domain_error(form, exc)
        if message:
            flash(message, "error")
        return None


def refused_upload_form(make_form):
    """The form of a post refused as too large (over MAX_CONTENT_LENGTH, 413), made by
    `make_form(formdata=…)` from the text typed before the files (a bounded start of the
    body, `boundary.uploads.typed_fields_of_refused_body`), with the error next to its
    file field. Werkzeug refuses the body before reading it; nothing is saved, and only
    the files must be chosen again (a browser never keeps them)."""
    form = make_form(formdata=typed_fields_of_refused_body(request.environ))
    total = current_app.config["ATTACHMENT_TOTAL_BYTES"]
    form.attachment.errors = [str(too_large_in_all(total).message)]
    return form


def state_file_rules(field) -> None:
    """Say the limits next to a file field (from the configuration, in the reader's
    language), and give the browser's check before upload (js/portal.js) the same rules
    and messages, so a refused file is reported next to the field with the text kept."""
    cfg = current_app.config
    allowed = cfg["ATTACHMENT_EXTENSIONS"]
    max_bytes, total_bytes = cfg["ATTACHMENT_MAX_BYTES"], cfg["ATTACHMENT_TOTAL_BYTES"]
    types = allowed_types(allowed)
    field.description = limits_text()
    field.render_kw = {
        "accept": ",".join(f".{ext}" for ext in types),
        "data-upload-check": "",
        "data-types": " ".join(types),
        "data-max-file": str(max_bytes),
        "data-max-total": str(total_bytes),
        "data-msg-type": str(type_not_allowed(allowed).message),
        "data-msg-size": str(too_large(max_bytes).message),
        "data-msg-total": str(too_large_in_all(total_bytes).message),
        "data-msg-drop": _("Drop files here, or choose them with the button."),
        "data-msg-chosen": _("Chosen files:"),
    }
