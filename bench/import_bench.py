"""History import throughput: `flask tickets import`'s path (`import_rows`) on N rows.

Builds a fresh database with the demo organisation, catalog and SLA (no demo tickets),
writes N historical rows shaped like a previous tool's export (a third open, a third
resolved, a third closed, over two years, half with a service), and imports them in one
call, as the CLI does. Reports rows/s and where the time went (--profile).

    .venv/bin/python bench/import_bench.py --rows 1000
    .venv/bin/python bench/import_bench.py --rows 100000 --url sqlite:////tmp/imp.db
    .venv/bin/python bench/import_bench.py --rows 1000 \
        --url postgresql+psycopg://postgres@127.0.0.1:55433/h_input
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from config import TestingConfig  # noqa: E402
from servicedesk import create_app  # noqa: E402
from servicedesk.infra.extensions import db  # noqa: E402


def _world():
    from servicedesk.demo.org import load_queues, load_services, load_units, load_users
    from servicedesk.demo.routing import load_demo_catalog
    from servicedesk.demo.sla import load_demo_sla

    units = load_units()
    queues = load_queues(units)
    users = load_users(units, queues)
    services = load_services(units, queues, users)
    db.session.flush()
    load_demo_catalog()
    load_demo_sla()
    db.session.commit()
    return users, list(services.values()) if isinstance(services, dict) else services


def rows(count: int, users, services, now) -> list[tuple[int, dict]]:
    start = now - timedelta(days=730)
    step = timedelta(days=720) / max(count, 1)  # the last closes 5 days before now
    out = []
    for n in range(count):
        opened = start + step * n
        row = {
            "title": f"Ärende {n} från förra systemet",
            "description": "Importerat",
            "requester": users[n % len(users)].email,
            "impact": 1 + n % 3,
            "urgency": 1 + (n // 3) % 3,
            "type": "incident" if n % 4 else "service_request",
            "created_at": opened.isoformat(),
        }
        if n % 2:
            row["service"] = services[n % len(services)].id
        if n % 3:
            row["resolved_at"] = (opened + timedelta(hours=2 + n % 40)).isoformat()
        if n % 3 == 2:
            row["closed_at"] = (opened + timedelta(days=5, hours=n % 40)).isoformat()
        out.append((n + 2, row))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--profile", action="store_true", help="print the top 25 by cumtime")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/import.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    from servicedesk.api.tickets.imports import import_rows
    from servicedesk.models import Role, SlaTimer, Ticket, TicketHistory, User
    from servicedesk.models.base import utcnow

    with app.app_context():
        db.drop_all()
        db.create_all()
        users, services = _world()
        people = list(db.session.scalars(select(User).where(User.active).order_by(User.id)))
        admin = next(u for u in people if u.has_role(Role.ADMIN))
        now = utcnow()
        data = rows(args.rows, people, services, now)
        profile = cProfile.Profile() if args.profile else None
        cpu0, wall0 = time.process_time(), time.perf_counter()
        if profile:
            profile.enable()
        result = import_rows(admin, data, now=now)
        db.session.commit()
        if profile:
            profile.disable()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        assert not result.errors, result.errors[:5]
        counts = [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Ticket, SlaTimer, TicketHistory)
        ]
        print(
            f"import_rows, {url.split(':')[0]}, {args.rows} rows: {wall:.2f} s wall, {cpu:.2f} s CPU"
        )
        print(
            f"  {args.rows / wall:.0f} rows/s; tickets {counts[0]}, timers {counts[1]}, history {counts[2]}"
        )
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
