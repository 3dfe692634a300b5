"""Finding a person for the desk: the caller on the phone, by name, e-mail address, phone
number or employee number. Staff only; the answer holds what the agent needs to tell one
person from another, nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from servicedesk.domain.errors import PermissionDenied
from servicedesk.domain.tickets.lists import TicketFilter, list_tickets
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket, User

MIN_QUERY = 2
MAX_QUERY = 100
MAX_PEOPLE = 8
MAX_OPEN_CASES = 10


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    phone: str
    employee_number: str
    unit: str


def _require_staff(actor: User) -> None:
    if actor is None or not actor.active or not actor.is_staff:
        raise PermissionDenied(_l("Only the desk may look people up."))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _phone_digits(column):
    """The phone number as digits only, in SQL (spaces, dashes, brackets and + dropped)."""
    for ch in (" ", "-", "(", ")", "+"):
        column = func.replace(column, ch, "")
    return column


def _person(user: User) -> Person:
    return Person(
        user.id,
        user.name,
        user.email,
        user.phone or "",
        user.employee_number or "",
        user.unit.name if user.unit is not None else "",
    )


def find_people(actor: User, query: str, *, limit: int = MAX_PEOPLE) -> list[Person]:
    """Active people whose name or e-mail address contains `query`, whose phone number holds
    its digits, or whose employee number it is; at most `limit`, by name."""
    _require_staff(actor)
    text = " ".join((query or "").split())[:MAX_QUERY]
    if len(text) < MIN_QUERY:
        return []
    pattern = _like(text)
    matches = [User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")]
    words = text.split(" ")
    if len(words) > 1:  # "anna svensson" also finds "Anna-Karin Svensson"
        matches.append(
            and_(
                User.name.ilike(_like(words[0]), escape="\\"),
                User.name.ilike(_like(words[-1]), escape="\\"),
            )
        )
    digits = _digits(text)
    if len(digits) >= 3 and len(digits) >= len(text.replace(" ", "")) - 2:
        matches.append(_phone_digits(User.phone).like(f"%{digits}%"))
    matches.append(func.upper(User.employee_number) == text.upper())
    stmt = (
        select(User)
        .options(joinedload(User.unit))
        .where(User.active.is_(True), or_(*matches))
        .order_by(User.name, User.id)
        .limit(max(1, min(limit, MAX_PEOPLE)))
    )
    return [_person(user) for user in db.session.scalars(stmt)]


def get_caller(actor: User, person_id: int | None) -> User | None:
    """An active person by id, for the phone form (staff only)."""
    _require_staff(actor)
    if not person_id:
        return None
    person = db.session.get(User, person_id)
    return person if person is not None and person.active else None


def open_cases_of(actor: User, person: User, *, now) -> tuple[list[Ticket], int]:
    """The person's open cases that `actor` may see (newest first): some, and how many."""
    _require_staff(actor)
    page = list_tickets(
        actor,
        TicketFilter(requester_id=person.id, sort="newest"),
        per_page=MAX_OPEN_CASES,
        now=now,
    )
    return page.items, page.total
