"""The archive delivery page (admins): pick an authority and a period of closed records,
write the E-ARK ERMS package (the same domain call as `flask archive export`) as a zip in
the archive folder, and download it. The package is written in the request: one
authority's month is hundreds of records and their files, seconds of work. An empty period
says so and writes nothing; each delivery is in the audit log (domain)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.errors import DomainError
from servicedesk.domain.records.archive import export_archive, package_file, written_packages
from servicedesk.domain.records.authorities import all_authorities
from servicedesk.infra.extensions import db
from servicedesk.models import Authority
from servicedesk.web.records.common import bp, require_admin
from servicedesk.web.records.forms import ArchiveForm
from servicedesk.web.util import form_error, form_status, user


def archive_dir() -> Path:
    cfg = current_app.config
    return Path(cfg.get("ARCHIVE_DIR") or Path(cfg["ATTACHMENT_DIR"]).parent / "archive")


def _form() -> ArchiveForm:
    form = ArchiveForm()
    form.authority.choices = [(a.id, a.name) for a in all_authorities()]
    return form


def _page(form: ArchiveForm):
    return render_template(
        "records/archive.html", form=form, packages=written_packages(archive_dir())
    ), form_status(form)


@bp.route("/archive")
def archive():
    require_admin()
    return _page(_form())


@bp.route("/archive", methods=["POST"])
def archive_export():
    require_admin()
    form = _form()
    if form.validate_on_submit():
        authority = db.session.get(Authority, form.authority.data)
        try:
            package = commit_or_error(
                lambda: export_archive(
                    user(),
                    authority,
                    start=form.start.data,
                    end=form.end.data,
                    out=archive_dir(),
                    storage_dir=current_app.config["ATTACHMENT_DIR"],
                    as_zip=True,
                    now=now(),
                )
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            flash(
                _(
                    "%(name)s written: %(count)s records, %(files)s files.",
                    name=package.path.name,
                    count=len(package.references),
                    files=package.files,
                ),
                "success",
            )
            return redirect(url_for("records.archive"))
    return _page(form)


@bp.route("/archive/<name>")
def archive_download(name: str):
    require_admin()
    path = package_file(archive_dir(), name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)
