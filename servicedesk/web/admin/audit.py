"""The audit log page: who granted or revoked what, newest first."""

from __future__ import annotations

from flask import render_template

from servicedesk.domain.admin.audit import recent_audit
from servicedesk.web.admin.common import bp


@bp.route("/audit")
def audit():
    return render_template("admin/audit.html", entries=recent_audit())
