"""The clock of a request and its unit of work, the same for pages and API calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from servicedesk.domain.errors import StaleVersion
from servicedesk.infra.extensions import db
from servicedesk.models.base import utcnow

T = TypeVar("T")


def now() -> datetime:
    return utcnow()


def commit_or_error(action: Callable[[], T]) -> T:
    """Run one domain action as a unit of work: commit it whole, or roll it back whole."""
    try:
        result = action()
        db.session.commit()
        return result
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleVersion(
            _l("Someone else changed this ticket at the same moment. Reload and try again.")
        ) from exc
    except Exception:
        db.session.rollback()
        raise
