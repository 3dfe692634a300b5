"""The data-subject pages (admins): find a person, download everything about them as JSON
with a readable HTML summary (one zip), anonymise them once retention has passed."""

from __future__ import annotations

import io
import json
import zipfile

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.records.gdpr import (
    anonymise_person,
    blocking_records,
    export_person,
    find_person,
    section_titles,
)
from servicedesk.infra.extensions import db
from servicedesk.models import User
from servicedesk.web.admin.common import abort_if_none
from servicedesk.web.records.common import bp, require_admin
from servicedesk.web.records.forms import PersonForm
from servicedesk.web.util import form_error, form_status, user


@bp.route("/personal-data")
def person():
    require_admin()
    form = PersonForm(request.args, meta={"csrf": False})
    found = None
    if request.args.get("person") and form.validate():
        try:
            found = find_person(form.person.data)
        except DomainError as exc:
            form_error(form, exc)
    return render_template(
        "records/person.html",
        form=form,
        person=found,
        blocking=blocking_records(found, now=now()) if found else [],
        action_form=PersonForm(),
    ), form_status(form)


@bp.route("/personal-data/<int:user_id>/export", methods=["POST"])
def person_export(user_id: int):
    require_admin()
    subject = abort_if_none(db.session.get(User, user_id))
    if not PersonForm(data={"person": subject.email}).validate_on_submit():
        return redirect(url_for("records.person", person=subject.email))
    data = commit_or_error(lambda: export_person(user(), subject, now=now()))
    summary = render_template("records/person_summary.html", data=data, titles=section_titles())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        package.writestr("sammanfattning.html", summary)
    return Response(
        buffer.getvalue(),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="registerutdrag-{subject.id}.zip"'},
    )


@bp.route("/personal-data/<int:user_id>/anonymise", methods=["POST"])
def person_anonymise(user_id: int):
    require_admin()
    subject = abort_if_none(db.session.get(User, user_id))
    email = subject.email
    if PersonForm(data={"person": email}).validate_on_submit():
        try:
            commit_or_error(lambda: anonymise_person(user(), subject, now=now()))
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("records.person", person=email))
        flash(_("The person is anonymised."), "success")
    return redirect(url_for("records.person"))
