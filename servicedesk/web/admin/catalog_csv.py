"""Catalog CSV download and upload (all rows or none)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import commit_or_error, now
from servicedesk.domain.catalog.csv_format import CatalogImportError, export_catalog_bytes
from servicedesk.domain.catalog.csv_import import import_catalog
from servicedesk.domain.errors import DomainError
from servicedesk.web.admin.common import bp
from servicedesk.web.admin.forms import ImportForm
from servicedesk.web.util import apply_domain_error, user


@bp.route("/catalog/export.csv")
def catalog_export():
    return Response(
        export_catalog_bytes(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=tjanstekatalog.csv"},
    )


@bp.route("/catalog/import", methods=["GET", "POST"])
def catalog_import():
    form = ImportForm()
    row_errors = []
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            result = commit_or_error(lambda: import_catalog(user(), data, now=now()))
        except CatalogImportError as exc:
            row_errors = exc.errors
            apply_domain_error(form, exc)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            flash(
                _(
                    "Imported: %(created)s new and %(updated)s changed services.",
                    created=result.created,
                    updated=result.updated,
                ),
                "success",
            )
            return redirect(url_for("admin.services"))
    page = render_template("admin/catalog_import.html", form=form, row_errors=row_errors)
    return page, 422 if form.errors or row_errors else 200
