"""Each record's state as a public record (thinned, delivered): one row per record."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import RecordState


def state_of(record_type: str, record_id: int) -> RecordState:
    """The record's state row, added when it has none yet."""
    state = db.session.scalar(
        select(RecordState).where(
            RecordState.record_type == record_type, RecordState.record_id == record_id
        )
    )
    if state is None:
        state = RecordState(record_type=record_type, record_id=record_id)
        db.session.add(state)
    return state
