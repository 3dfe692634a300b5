"""`flask records thin [--dry-run]` and `flask archive export`, as an operator runs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from servicedesk.domain.records.retention import is_thinned, save_rule
from servicedesk.infra.extensions import db
from servicedesk.models import Ticket


def _closed(file_ticket, org, closed_at):
    ticket = file_ticket(org.employee, title="Gammal skrivare")
    db.session.execute(
        update(Ticket).where(Ticket.id == ticket.id).values(status="closed", closed_at=closed_at)
    )
    db.session.commit()
    return ticket


def test_thin_dry_run_then_thin(app, authorities, org, file_ticket, now):
    ticket = _closed(file_ticket, org, now - timedelta(days=3 * 366))
    save_rule(org.admin, None, authority=authorities.bun, record_kind="incident", years=2, now=now)
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["records", "thin", "--dry-run", "--now", now.isoformat()])
    assert dry.exit_code == 0, dry.output
    assert ticket.reference in dry.output and "would thin 1" in dry.output
    assert not is_thinned("ticket", ticket.id)
    done = runner.invoke(
        args=["records", "thin", "--now", now.isoformat(), "--as", org.admin.email]
    )
    assert done.exit_code == 0, done.output
    assert "thinned 1" in done.output and is_thinned("ticket", ticket.id)
    refused = runner.invoke(args=["records", "thin", "--as", org.agent.email])
    assert refused.exit_code != 0


def test_archive_export_refuses_bad_input_and_writes_a_package(
    app, authorities, org, file_ticket, tmp_path
):
    _closed(file_ticket, org, datetime(2026, 10, 15, 9, 0, tzinfo=UTC))
    runner = app.test_cli_runner()
    out = tmp_path / "leverans"
    base = ["archive", "export", "--authority", "BUN"]
    unknown = runner.invoke(
        args=[
            "archive",
            "export",
            "--authority",
            "Finns inte",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            str(out),
        ]
    )
    assert unknown.exit_code != 0 and "no authority" in unknown.output
    bad = runner.invoke(args=[*base, "--from", "2026-13-01", "--to", "2026-10-31", str(out)])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    empty = runner.invoke(args=[*base, "--from", "2026-09-01", "--to", "2026-09-30", str(out)])
    assert empty.exit_code != 0
    assert not out.exists()  # nothing written, not even the folder
    done = runner.invoke(args=[*base, "--from", "2026-10-01", "--to", "2026-10-31", str(out)])
    assert done.exit_code == 0, done.output
    [package] = list(out.iterdir())
    assert (package / "METS.xml").exists() and "1 records" in done.output


def test_the_nightly_job_thins(app, authorities, org, file_ticket, now):
    from servicedesk.jobs.records import thin_records
    from servicedesk.jobs.registry import JOBS

    ticket = _closed(file_ticket, org, now - timedelta(days=3 * 366))
    save_rule(org.admin, None, authority=authorities.bun, record_kind="incident", years=2, now=now)
    db.session.commit()
    assert "thin-records" in JOBS
    thin_records(now=now)
    assert is_thinned("ticket", ticket.id)
