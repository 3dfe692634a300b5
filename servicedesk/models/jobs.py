"""Leases that let one process at a time run a scheduled job, on any number of nodes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.infra.extensions import db
from servicedesk.models.base import UTCDateTime


class JobLease(db.Model):
    """Who holds a job until when; an expired lease can be taken over (never a stuck flag)."""

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(2000))

    def __repr__(self) -> str:
        return f"<JobLease {self.name} {self.holder} until {self.expires_at}>"
