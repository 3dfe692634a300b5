"""The major incident's timeline for the post-incident review: when the first case came
in (detected), when it was declared, each linked case, the notices' steps, the updates,
the workaround, the problem record and the resolution, in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from servicedesk.domain import labels
from servicedesk.infra.extensions import db
from servicedesk.models import MajorChild, MajorEvent, MajorIncident, Notice, NoticeEvent, Ticket
from servicedesk.models.base import as_utc


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # detected, declared, child, notice, update, workaround, problem, resolved
    text: str = ""
    ref: str = ""
    actor: str = ""

    @property
    def label(self) -> str:
        return labels.label(labels.MAJOR_EVENT, self.kind)


def timeline(major: MajorIncident) -> list[TimelineEntry]:
    first_child = select(func.min(Ticket.created_at)).join(
        MajorChild, MajorChild.ticket_id == Ticket.id
    )
    earliest = db.session.scalar(first_child.where(MajorChild.major_id == major.id))
    detected = major.ticket.created_at
    if earliest is not None and as_utc(earliest) < as_utc(detected):
        detected = earliest
    entries = [TimelineEntry(as_utc(detected), "detected")]
    events = db.session.scalars(
        select(MajorEvent).where(MajorEvent.major_id == major.id).order_by(MajorEvent.id)
    )
    for e in events:
        who = e.actor.name if e.actor else ""
        entries.append(TimelineEntry(as_utc(e.at), e.kind, e.body, e.ref, who))
    notice_events = db.session.execute(
        select(NoticeEvent, Notice.title)
        .join(Notice, Notice.id == NoticeEvent.notice_id)
        .where(Notice.major_ticket_id == major.ticket_id)
        .order_by(NoticeEvent.id)
    )
    for e, _title in notice_events:
        action = labels.label(labels.NOTICE_ACTION, e.action)
        who = e.actor.name if e.actor else ""
        entries.append(TimelineEntry(as_utc(e.at), "notice", f"{action}: {e.title}", "", who))
    return sorted(entries, key=lambda entry: entry.at)
