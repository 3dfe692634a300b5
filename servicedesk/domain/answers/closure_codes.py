"""Closure codes (avslutskoder): the admin-kept list of why a case was resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.fields import required_text, unique_name
from servicedesk.domain.errors import ValidationError
from servicedesk.domain.settings_cache import cached
from servicedesk.infra.extensions import db
from servicedesk.models import ClosureCode, User

# The list a fresh install starts with (the migration and the demo seed it): code, sv, en.
DEFAULT_CLOSURE_CODES = (
    ("solved_by_desk", "Löst av servicedesk", "Solved by the service desk"),
    ("solved_by_second_line", "Löst av andra linjen", "Solved by second-line support"),
    ("solved_by_supplier", "Löst av leverantör", "Solved by the supplier"),
    ("workaround", "Tillfällig lösning", "Workaround"),
    ("user_instructed", "Användaren instruerad", "User instructed"),
    ("no_fault_found", "Inget fel hittat", "No fault found"),
    ("duplicate", "Dubblett", "Duplicate"),
    ("withdrawn", "Återkallat av anmälaren", "Withdrawn by the requester"),
)
CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,49}")


def ensure_default_closure_codes() -> None:
    """Add the default codes that are missing (by code); existing ones are left as edited."""
    have = set(db.session.scalars(select(ClosureCode.code)))
    for position, (code, sv, en) in enumerate(DEFAULT_CLOSURE_CODES, start=1):
        if code not in have:
            db.session.add(ClosureCode(code=code, name_sv=sv, name_en=en, position=position))
    db.session.flush()


def all_closure_codes() -> list[ClosureCode]:
    stmt = select(ClosureCode).order_by(ClosureCode.position, ClosureCode.name_sv)
    return list(db.session.scalars(stmt))


def active_closure_codes() -> list[ClosureCode]:
    return [c for c in all_closure_codes() if c.active]


@dataclass(frozen=True)
class ClosureChoice:
    """A closure code as plain values, kept per process (`settings_cache`)."""

    code: str
    name_sv: str
    name_en: str
    active: bool

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_sv


def closure_choices() -> tuple[ClosureChoice, ...]:
    """Every closure code in list order, read once per settings revision."""
    return cached(
        "closure_codes",
        lambda: tuple(
            ClosureChoice(c.code, c.name_sv, c.name_en, c.active) for c in all_closure_codes()
        ),
    )


def closure_code_name(stored: str | None, locale: str) -> str:
    """A closure code as the history keeps it (its Swedish name) in the reader's language;
    a name no code has any longer stays as written."""
    for choice in closure_choices():
        if stored in (choice.name_sv, choice.code):
            return choice.name_for(locale)
    return stored or ""


def active_closure_code(code: str | None) -> ClosureCode:
    """The active code named `code`, else a validation error on the closure_code field."""
    if not code:
        raise ValidationError(
            _l("Choose a closure code."), field="closure_code", code="closure_code_required"
        )
    found = db.session.scalars(select(ClosureCode).where(ClosureCode.code == code)).first()
    if found is None or not found.active:
        raise ValidationError(
            _l("Unknown or inactive closure code."),
            field="closure_code",
            code="closure_code_unknown",
        )
    return found


def save_closure_code(
    actor: User,
    closure_code: ClosureCode | None,
    *,
    code: str,
    name_sv: str,
    name_en: str,
    active: bool,
    position: int,
    now: datetime,
) -> ClosureCode:
    """Create or edit a code. The code itself is fixed once created (API clients use it)."""
    created = closure_code is None
    if created:
        code = (code or "").strip()
        if not CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _l("Lower-case letters, digits and _ only, starting with a letter."),
                field="code",
            )
        unique_name(ClosureCode, ClosureCode.code, code, None, "code")
    name_sv = required_text(name_sv, "name_sv", max_len=200)
    name_en = required_text(name_en, "name_en", max_len=200)
    unique_name(
        ClosureCode,
        ClosureCode.name_sv,
        name_sv,
        closure_code.id if closure_code else None,
        "name_sv",
    )
    if created:
        closure_code = ClosureCode(code=code)
        db.session.add(closure_code)
    old_active = closure_code.active
    closure_code.name_sv, closure_code.name_en = name_sv, name_en
    closure_code.active, closure_code.position = active, position
    db.session.flush()
    if created:
        record_audit(actor, "closure_code_created", closure_code, label=name_sv, now=now)
    elif old_active != active:
        record_audit(
            actor,
            "closure_code_active",
            closure_code,
            old=old_active,
            new=active,
            label=name_sv,
            now=now,
        )
    return closure_code
