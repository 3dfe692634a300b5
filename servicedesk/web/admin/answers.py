"""Admin pages of resolution and macros: closure codes (avslutskoder) and macros, for
administrators on the admin blueprint. Standard answers, which queue leads keep too, are
in `web/admin/standard_answers.py`."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from servicedesk.boundary.unit_of_work import now
from servicedesk.domain import labels
from servicedesk.domain.answers.closure_codes import (
    active_closure_codes,
    all_closure_codes,
    save_closure_code,
)
from servicedesk.domain.answers.macros import all_macros, save_macro
from servicedesk.domain.answers.standard_answers import kept_answers
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode, Macro, Queue, StandardAnswer
from servicedesk.models.answers import MACRO_STATUSES
from servicedesk.web.admin.common import (
    abort_if_none,
    bp,
    get_or_none,
    queue_choices,
    save_or_render,
)
from servicedesk.web.helpers import current_locale_code
from servicedesk.web.tickets.answer_forms import ClosureCodeForm, MacroForm
from servicedesk.web.util import user


@bp.route("/closure-codes")
def closure_codes():
    return render_template("admin/closure_codes.html", codes=all_closure_codes())


def _code_form(code: ClosureCode | None) -> ClosureCodeForm:
    if code is None or ClosureCodeForm().is_submitted():
        return ClosureCodeForm()
    return ClosureCodeForm(obj=code)


def _save_code(form: ClosureCodeForm, code: ClosureCode | None):
    return save_closure_code(
        user(),
        code,
        code=form.code.data if code is None else code.code,
        name_sv=form.name_sv.data,
        name_en=form.name_en.data,
        active=bool(form.active.data),
        position=form.position.data or 0,
        now=now(),
    )


@bp.route("/closure-codes/new", methods=["GET", "POST"])
def closure_code_new():
    return _closure_code_page(None)


@bp.route("/closure-codes/<int:code_id>", methods=["GET", "POST"])
def closure_code_edit(code_id: int):
    return _closure_code_page(abort_if_none(db.session.get(ClosureCode, code_id)))


def _closure_code_page(code: ClosureCode | None):
    form = _code_form(code)
    if code is not None:
        del form.code  # fixed once created
    return save_or_render(
        form,
        lambda: _save_code(form, code),
        _("The closure code is saved."),
        url_for("admin.closure_codes"),
        "admin/closure_code_form.html",
        code=code,
    )


@bp.route("/macros")
def macros():
    return render_template("admin/macros.html", macros=all_macros())


def _macro_form(macro: Macro | None) -> MacroForm:
    form = MacroForm()
    if macro is not None and not form.is_submitted():
        form = MacroForm(
            data={
                "name": macro.name,
                "queue": macro.queue_id or 0,
                "answer": macro.answer_id or 0,
                "assign_to_me": macro.assign_to_me,
                "status": macro.status or "",
                "pending_reason": macro.pending_reason or "",
                "closure_code": macro.closure_code_id or 0,
                "active": macro.active,
            }
        )
    form.queue.choices = queue_choices(active_only=True, blank=_("Every queue"))
    form.answer.choices = [(0, _("No reply"))] + [
        (a.id, f"{a.title} ({a.queue.name if a.queue else _('everyone')})")
        for a in kept_answers(user())
        if a.active
    ]
    form.status.choices = [("", _("Unchanged"))] + [
        (s, labels.label(labels.STATUS, s)) for s in MACRO_STATUSES
    ]
    form.pending_reason.choices = [("", "—")] + list(
        (k, str(v)) for k, v in labels.PENDING_REASON.items()
    )
    form.closure_code.choices = [(0, "—")] + [
        (c.id, c.name_for(current_locale_code())) for c in active_closure_codes()
    ]
    return form


def _save_macro(form: MacroForm, macro: Macro | None):
    return save_macro(
        user(),
        macro,
        name=form.name.data,
        queue=get_or_none(Queue, form.queue.data),
        answer=get_or_none(StandardAnswer, form.answer.data),
        status=form.status.data or None,
        pending_reason=form.pending_reason.data or None,
        closure_code=get_or_none(ClosureCode, form.closure_code.data),
        assign_to_me=bool(form.assign_to_me.data),
        active=bool(form.active.data),
        now=now(),
    )


@bp.route("/macros/new", methods=["GET", "POST"])
def macro_new():
    return _macro_page(None)


@bp.route("/macros/<int:macro_id>", methods=["GET", "POST"])
def macro_edit(macro_id: int):
    return _macro_page(abort_if_none(db.session.get(Macro, macro_id)))


def _macro_page(macro: Macro | None):
    form = _macro_form(macro)
    return save_or_render(
        form,
        lambda: _save_macro(form, macro),
        _("The macro is saved."),
        url_for("admin.macros"),
        "admin/macro_form.html",
        macro=macro,
    )
