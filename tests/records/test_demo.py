"""The demo shows the records area: authorities over every unit, a registrar, a secret
comment masked in the register, a held case and one the incident rule has reached."""

from __future__ import annotations

from sqlalchemy import func, select

from servicedesk.demo import load_demo
from servicedesk.domain.records.register import register_rows
from servicedesk.domain.records.retention import run_thinning
from servicedesk.infra.extensions import db
from servicedesk.models import Authority, Change, Problem, Ticket, User


def test_demo_records(app, now):
    assert load_demo(ticket_count=60, now=now)
    db.session.commit()
    for model in (Ticket, Change, Problem):
        assert (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.authority_id.is_(None))
            )
            == 0
        ), model
    bun = db.session.scalar(select(Authority).where(Authority.short_name == "BUN"))
    registrar = db.session.scalar(select(User).where(User.email == "buf.chef@tanum.example"))
    rows, _ = register_rows(registrar, bun, limit=500)
    assert any(r.masked and r.secrecy == ("23:2",) for r in rows)
    admin = db.session.scalar(select(User).where(User.email == "admin@tanum.example"))
    preview = run_thinning(admin, now=now, dry_run=True)
    would = [ref for o in preview.outcomes for ref in o.references]
    assert len(would) == 1  # the other old case is held
