"""JSON of authorities, register rows, legal holds and thinning log entries."""

from __future__ import annotations

from servicedesk.domain.records.register import RegisterRow
from servicedesk.domain.records.retention import hold_label
from servicedesk.models import Authority, LegalHold, ThinningLog


def _stamp(value) -> str | None:
    return value.isoformat() if value is not None else None


def authority_json(authority: Authority) -> dict:
    return {
        "id": authority.id,
        "name": authority.name,
        "short_name": authority.short_name,
        "kind": authority.kind,
        "archive_code": authority.archive_code,
        "active": authority.active,
        "units": [{"id": u.id, "name": u.name} for u in authority.units],
    }


def register_row_json(row: RegisterRow) -> dict:
    """The row as the register page and its CSV show it: masked rows carry the neutral
    subject, no sender and the provisions."""
    return {
        "kind": row.kind,
        "reference": row.reference,
        "received_at": _stamp(row.created_at),
        "sender": row.sender,
        "subject": row.subject,
        "status": row.status,
        "secrecy": [f"OSL {code}" for code in row.secrecy],
    }


def hold_json(hold: LegalHold) -> dict:
    return {
        "id": hold.id,
        "target": hold.target,
        "on": hold_label(hold),
        "reason": hold.reason,
        "until": hold.until.isoformat() if hold.until else None,
        "placed_at": _stamp(hold.placed_at),
        "lifted_at": _stamp(hold.lifted_at),
        "lift_reason": hold.lift_reason or None,
    }


def thinning_json(entry: ThinningLog) -> dict:
    return {
        "id": entry.id,
        "at": _stamp(entry.at),
        "run": entry.run_key,
        "authority": entry.authority_name,
        "record_kind": entry.record_kind,
        "years": entry.years,
        "decision_ref": entry.decision_ref,
        "count": entry.count,
        "references": list(entry.record_refs or []),
    }
