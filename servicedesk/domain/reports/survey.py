"""The satisfaction survey: after resolution the requester rates the ticket 1–5, once.

The mail link carries a signed token (ticket and rating); opening it changes nothing, the
requester confirms with a POST. Only the requester may answer, and only once per ticket
(checked here, and enforced by the unique constraint on survey_response.ticket_id).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from servicedesk.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Status, SurveyResponse, Ticket, User

SURVEY_PATH = "/survey/"  # the survey blueprint's prefix; mail links are built from it
TOKEN_MAX_AGE = 90 * 24 * 3600  # a link works for 90 days
ANSWERABLE = (Status.RESOLVED.value, Status.CLOSED.value)
RATINGS = (1, 2, 3, 4, 5)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="survey-v1")


def survey_token(ticket: Ticket, rating: int | None = None) -> str:
    return _serializer().dumps({"t": ticket.id, "r": rating})


def read_token(token: str) -> tuple[int, int | None]:
    """(ticket id, preselected rating) of a valid token; NotFound for a forged or old one."""
    try:
        data = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
        ticket_id, rating = int(data["t"]), data.get("r")
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise NotFound(_l("This survey link is not valid.")) from exc
    return ticket_id, rating if rating in RATINGS else None


def survey_url(ticket: Ticket, rating: int | None = None) -> str:
    """The one-click link for the resolved-ticket mail (absolute, from BASE_URL)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    return f"{base}{SURVEY_PATH}{survey_token(ticket, rating)}"


def response_for(ticket: Ticket) -> SurveyResponse | None:
    return db.session.scalar(select(SurveyResponse).where(SurveyResponse.ticket_id == ticket.id))


def may_answer(user: User | None, ticket: Ticket) -> bool:
    return bool(
        user is not None
        and ticket.requester_id == getattr(user, "id", None)
        and ticket.status in ANSWERABLE
        and response_for(ticket) is None
    )


def answer_survey(
    ticket: Ticket, user: User, *, rating: int, comment: str = "", now: datetime
) -> SurveyResponse:
    if ticket.requester_id != user.id:
        raise PermissionDenied(_l("Only the requester can rate this case."))
    if ticket.status not in ANSWERABLE:
        raise InvalidTransition(_l("A case can be rated once it is resolved."))
    if rating not in RATINGS:
        raise ValidationError(_l("Choose a rating from 1 to 5."), field="rating")
    if response_for(ticket) is not None:
        raise InvalidTransition(_l("This case has already been rated."))
    response = SurveyResponse(
        ticket_id=ticket.id, rating=rating, comment=(comment or "").strip()[:2000], answered_at=now
    )
    db.session.add(response)
    db.session.flush()
    return response
