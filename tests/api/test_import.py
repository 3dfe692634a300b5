"""Historical tickets: admins post times through the API; the CLI imports a file whole or not."""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime, timedelta

from sqlalchemy import func, select

from servicedesk.infra.extensions import db
from servicedesk.models import Ticket, TicketHistory
from servicedesk.models.base import utcnow


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket))


def test_admin_imports_a_resolved_and_closed_ticket(api_as, org):
    opened = utcnow() - timedelta(days=30)
    payload = {
        "title": "Gammalt ärende",
        "description": "Från förra systemet",
        "requester": org.employee.email,
        "service": org.email.id,
        "created_at": opened.isoformat(),
        "resolved_at": (opened + timedelta(hours=4)).isoformat(),
        "closed_at": (opened + timedelta(days=2)).isoformat().replace("+00:00", "Z"),
    }
    response = api_as(org.admin).post("/tickets", json=payload)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "closed"
    assert body["created_at"] == opened.isoformat()
    assert body["resolved_at"] == (opened + timedelta(hours=4)).isoformat()
    assert body["closed_at"] == (opened + timedelta(days=2)).isoformat()
    assert body["requester"]["id"] == org.employee.id
    history = db.session.scalars(
        select(TicketHistory).order_by(TicketHistory.at, TicketHistory.id)
    ).all()
    assert history[0].field == "created" and history[0].at == opened
    statuses = [(h.new_value, h.at) for h in history if h.field == "status"]
    assert statuses == [
        ("resolved", opened + timedelta(hours=4)),
        ("closed", opened + timedelta(days=2)),
    ]


def test_only_admins_may_send_historical_times(api_as, org):
    payload = {"title": "x", "description": "y", "created_at": "2026-01-05T09:00:00+01:00"}
    response = api_as(org.agent).post("/tickets", json=payload)
    assert response.status_code == 403
    assert _count() == 0


def test_historical_times_must_be_in_order_and_past(api_as, org):
    admin = api_as(org.admin)
    base = {"title": "x", "description": "y"}
    future = (utcnow() + timedelta(days=1)).isoformat()
    for extra, field in [
        ({"created_at": future}, "created_at"),
        ({"created_at": "2026-01-05T09:00:00"}, "created_at"),  # no offset
        ({"created_at": "yesterday"}, "created_at"),
        ({"created_at": "0001-01-01T00:00:00+01:00"}, "created_at"),  # overflows in UTC
        (
            {"created_at": "2026-01-05T09:00:00Z", "resolved_at": "2026-01-04T09:00:00Z"},
            "resolved_at",
        ),
        ({"created_at": "2026-01-05T09:00:00Z", "closed_at": "2026-01-06T09:00:00Z"}, "closed_at"),
    ]:
        response = admin.post("/tickets", json={**base, **extra})
        assert response.status_code == 422, extra
        assert field in response.get_json()["error"]["fields"], extra
    assert _count() == 0


def _write_csv(path, rows: list[dict]) -> None:
    fields = ["title", "description", "requester", "service", "impact", "urgency", "type"]
    fields += ["created_at", "resolved_at", "closed_at"]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _row(n: int, org, start) -> dict:
    opened = start + timedelta(hours=n)
    row = {
        "title": f"Ärende {n}",
        "description": "Importerat",
        "requester": org.employee.email,
        "service": org.school.id if n % 2 else "",
        "impact": 1 + n % 3,
        "urgency": 1 + (n // 3) % 3,
        "type": "incident" if n % 4 else "service_request",
        "created_at": opened.isoformat(),
    }
    if n % 3:
        row["resolved_at"] = (opened + timedelta(hours=2)).isoformat()
        row["closed_at"] = (opened + timedelta(days=1)).isoformat()
    return row


def test_cli_imports_1000_csv_rows(app, org, tmp_path, capsys):
    start = utcnow() - timedelta(days=60)
    path = tmp_path / "history.csv"
    _write_csv(path, [_row(n, org, start) for n in range(1000)])
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(
        args=["tickets", "import", str(path), "--as", org.admin.email]
    )
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert "1000" in result.output
    db.session.expire_all()
    assert _count() == 1000
    closed = db.session.scalar(select(func.count()).where(Ticket.status == "closed"))
    assert closed == len([n for n in range(1000) if n % 3])
    first = db.session.scalar(select(Ticket).where(Ticket.title == "Ärende 1"))
    assert first.created_at == start + timedelta(hours=1) and first.service_id == org.school.id
    assert first.queue_id == org.buf_queue.id  # routed like any new ticket
    with capsys.disabled():
        print(f"\n[import] 1000 CSV rows in {seconds:.2f} s")


def test_cli_import_is_all_or_nothing_and_reports_every_bad_row(app, org, tmp_path):
    start = utcnow() - timedelta(days=10)
    rows = [_row(n, org, start) for n in range(5)]
    rows[1]["impact"] = "9"
    rows[3]["requester"] = "nobody@x.example"
    rows[4]["title"] = ""
    path = tmp_path / "bad.csv"
    _write_csv(path, rows)
    result = app.test_cli_runner().invoke(
        args=["tickets", "import", str(path), "--as", org.admin.email]
    )
    assert result.exit_code != 0
    assert "line 3: impact" in result.output
    assert "line 5: requester" in result.output
    assert "line 6: title" in result.output
    assert "line 2:" not in result.output and "line 4:" not in result.output
    db.session.expire_all()
    assert _count() == 0


def test_cli_imports_json_and_refuses_non_admins(app, org, tmp_path):
    start = utcnow() - timedelta(days=3)
    items = [
        {"title": "A", "description": "a", "created_at": start.isoformat(), "impact": 2},
        {"title": "B", "description": "b", "colour": "red"},
    ]
    path = tmp_path / "history.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tickets", "import", str(path), "--as", org.admin.email])
    assert result.exit_code != 0 and "line 2: colour" in result.output
    path.write_text(json.dumps(items[:1]), encoding="utf-8")
    refused = runner.invoke(args=["tickets", "import", str(path), "--as", org.agent.email])
    assert refused.exit_code != 0
    db.session.expire_all()
    assert _count() == 0
    result = runner.invoke(args=["tickets", "import", str(path), "--as", org.admin.email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(Ticket)).impact == 2


def test_imported_history_mails_nobody(app, org, now):
    """Bringing in old cases must not mail their requesters about events long past."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from servicedesk.api.tickets.imports import create_ticket_from
    from servicedesk.infra.extensions import db
    from servicedesk.models import OutboxMessage

    create_ticket_from(
        org.admin,
        {
            "title": "Gammalt ärende",
            "description": "Från förra systemet",
            "requester": org.employee.email,
            "created_at": (now - timedelta(days=30)).isoformat(),
            "resolved_at": (now - timedelta(days=29)).isoformat(),
            "closed_at": (now - timedelta(days=20)).isoformat(),
        },
        now=now,
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_dates_before_1990_or_in_the_future_are_field_errors(api_as, org):
    """Finding 7 of issue 13: a typo'd year is refused, and 1990-01-01 itself is fine."""
    admin = api_as(org.admin)
    base = {"title": "x", "description": "y"}
    for typo in ("0202-06-01T09:00:00+02:00", "0001-01-01T00:00:00Z", "1989-12-31T23:59:59Z"):
        response = admin.post("/tickets", json={**base, "created_at": typo})
        assert response.status_code == 422, typo
        assert "1990" in response.get_json()["error"]["fields"]["created_at"][0], typo
    assert _count() == 0
    response = admin.post("/tickets", json={**base, "created_at": "1990-01-01T00:00:00Z"})
    assert response.status_code == 201, response.get_json()


def test_cli_import_names_the_row_with_a_typo_year(app, org, tmp_path):
    rows = [_row(n, org, utcnow() - timedelta(days=10)) for n in range(3)]
    rows[1]["created_at"] = "0202-06-01T09:00:00+02:00"
    rows[2]["created_at"] = (utcnow() + timedelta(days=2)).isoformat()
    rows[2].pop("resolved_at", None), rows[2].pop("closed_at", None)
    path = tmp_path / "typo.csv"
    _write_csv(path, rows)
    result = app.test_cli_runner().invoke(
        args=["tickets", "import", str(path), "--as", org.admin.email]
    )
    assert result.exit_code != 0
    assert "line 3: created_at:" in result.output and "1990-01-01" in result.output
    assert "line 4: created_at" in result.output
    db.session.expire_all()
    assert _count() == 0


def _life_of(ticket: Ticket) -> dict:
    """Everything a ticket's import wrote, without ids (to compare two ways of writing it)."""
    from servicedesk.models import SlaEvent, SlaTimer, TicketTag

    skip = {"id", "version"}
    columns = {c.name: getattr(ticket, c.name) for c in Ticket.__table__.columns}
    history = db.session.scalars(
        select(TicketHistory)
        .where(TicketHistory.ticket_id == ticket.id)
        .order_by(TicketHistory.at, TicketHistory.id)
    ).all()
    timers = db.session.scalars(
        select(SlaTimer).where(SlaTimer.ticket_id == ticket.id).order_by(SlaTimer.kind)
    ).all()
    timer_cols = [c.name for c in SlaTimer.__table__.columns if c.name not in ("id", "ticket_id")]
    return {
        "ticket": {k: v for k, v in columns.items() if k not in skip},
        "history": [
            (h.field, h.actor_id, h.at, h.old_value, h.field != "created" and h.new_value, h.note)
            for h in history
        ],
        "tags": sorted(
            t.tag for t in db.session.scalars(select(TicketTag).filter_by(ticket_id=ticket.id))
        ),
        "timers": [
            (
                {c: getattr(t, c) for c in timer_cols},
                [
                    (e.kind, e.at, e.recorded_at, e.reason, e.data, e.once_key is not None)
                    for e in db.session.scalars(
                        select(SlaEvent).where(SlaEvent.timer_id == t.id).order_by(SlaEvent.id)
                    )
                ],
            )
            for t in timers
        ],
    }


def test_a_batch_import_writes_what_the_one_by_one_path_writes(app, org, now):
    """Finding 10 of issue 13: the fast path (batches, SLA computed once per ticket) gives
    every ticket the same routing, history, timers and SLA events as create + status
    changes at the historical times, for open, resolved and closed, met and breached."""
    from servicedesk.api.tickets.imports import create_ticket_from, import_rows
    from servicedesk.demo.sla import default_policy, office_calendar

    office_calendar(short_days=True)
    default_policy()
    db.session.commit()
    start = now - timedelta(days=90)
    rows = [_row(n, org, start) for n in range(24)]
    for n, row in enumerate(rows):
        row["created_at"] = (start + timedelta(days=n, hours=n % 9)).isoformat()
        if "resolved_at" in row:  # some within target, some far beyond it
            opened = datetime.fromisoformat(row["created_at"])
            row["resolved_at"] = (opened + timedelta(hours=1 + 13 * (n % 4))).isoformat()
            row["closed_at"] = (opened + timedelta(days=20)).isoformat()
        if n % 5 == 0:
            row.pop("closed_at", None)
        row["service"] = row["service"] or None
        row = {k: v for k, v in row.items() if v is not None}
        rows[n] = row
    result = import_rows(org.admin, list(enumerate(rows, start=2)), now=now)
    assert not result.errors and result.created == len(rows)
    db.session.commit()
    batch = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
    for row in rows:
        create_ticket_from(org.admin, row, now=now)
    db.session.commit()
    single = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()[len(rows) :]
    assert len(single) == len(rows)
    states = set()
    for fast, slow in zip(batch, single, strict=True):
        assert _life_of(fast) == _life_of(slow), fast.title
        states |= {t[0]["state"] for t in _life_of(fast)["timers"]}
    assert {"met", "breached", "running"} <= states


def test_a_title_of_only_invisible_characters_is_refused_in_a_file(app, org, tmp_path):
    rows = [_row(0, org, utcnow() - timedelta(days=3))]
    rows[0]["title"] = "\u202e\t"
    path = tmp_path / "blank.csv"
    _write_csv(path, rows)
    result = app.test_cli_runner().invoke(
        args=["tickets", "import", str(path), "--as", org.admin.email]
    )
    assert result.exit_code != 0 and "line 2: title" in result.output
    assert _count() == 0
