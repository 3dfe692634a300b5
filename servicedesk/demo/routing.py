"""Demo routing: two rules ahead of the catalog, and round-robin at the central desk."""

from __future__ import annotations

from sqlalchemy import select

from servicedesk.infra.extensions import db
from servicedesk.models import AutoAssign, Queue, RoutingRule

CENTRAL_DESK = "Servicedesk (IT-enheten)"


def load_demo_catalog() -> None:
    """Password and locked-account cases go straight to the central desk whatever service
    the employee picked; urgent phone calls too, tagged 'akut'. The desk deals out new
    tickets in turn among its present agents."""
    central = db.session.scalar(select(Queue).where(Queue.name == CENTRAL_DESK))
    if central is None:
        return
    central.auto_assign = AutoAssign.ROUND_ROBIN
    db.session.add_all(
        [
            RoutingRule(
                position=1,
                name="Lösenord och låsta konton",
                title_words="lösenord, konto låst, kontot är låst",
                target_queue=central,
            ),
            RoutingRule(
                position=2,
                name="Akuta samtal",
                channel="phone",
                priority=1,
                target_queue=central,
                tag="akut",
            ),
        ]
    )
    db.session.flush()
