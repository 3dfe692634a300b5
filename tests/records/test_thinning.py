"""Thinning (gallring) under retention rules, with legal holds: dry run, content gone and
figures kept, one transaction per record, reruns, the thinning log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.records.retention import (
    is_thinned,
    lift_hold,
    place_hold,
    run_thinning,
    save_rule,
    thinning_log,
)
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Attachment,
    Comment,
    RecordState,
    ThinningLog,
    Ticket,
    TicketHistory,
)
from servicedesk.models.records import ImmutableThinningLog


def _closed_ticket(file_ticket, org, now, *, years_ago: float, title="Skrivaren", **kw):
    ticket = file_ticket(org.employee, title=title, description="Min personliga skrivare", **kw)
    add_comment(ticket, org.admin, "Ring mig på 070-1234567", now=now)
    db.session.add(
        Attachment(
            ticket_id=ticket.id,
            filename="skärmbild.png",
            content_type="image/png",
            size=10,
            sha256="a" * 64,
            storage_key=f"{ticket.id:032x}",
        )
    )
    closed = now - timedelta(days=int(365.25 * years_ago))
    db.session.execute(
        update(Ticket).where(Ticket.id == ticket.id).values(status="closed", closed_at=closed)
    )
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id)


def test_dry_run_lists_and_changes_nothing(rule, org, file_ticket, now):
    old = _closed_ticket(file_ticket, org, now, years_ago=3)
    young = _closed_ticket(file_ticket, org, now, years_ago=1)
    result = run_thinning(org.admin, now=now, dry_run=True)
    assert [o.references for o in result.outcomes] == [[old.reference]]
    assert young.reference not in result.outcomes[0].references
    assert db.session.get(Ticket, old.id).description == "Min personliga skrivare"
    assert db.session.scalars(select(ThinningLog)).all() == []


def test_thinning_removes_content_and_keeps_the_record(rule, org, file_ticket, now, tmp_path):
    old = _closed_ticket(file_ticket, org, now, years_ago=3)
    (tmp_path / f"{old.id:032x}").write_bytes(b"bild")
    result = run_thinning(org.admin, now=now, storage_dir=str(tmp_path))
    assert result.total == 1
    ticket = db.session.get(Ticket, old.id)
    assert ticket.description == "" and ticket.title == "Skrivaren"
    assert ticket.closed_at is not None and ticket.priority and ticket.requester_id
    assert [
        c.body for c in db.session.scalars(select(Comment).where(Comment.ticket_id == old.id))
    ] == [""]
    [file] = db.session.scalars(select(Attachment).where(Attachment.ticket_id == old.id)).all()
    assert (file.filename, file.size) == ("", 0)
    assert not (tmp_path / f"{old.id:032x}").exists()
    assert is_thinned("ticket", old.id)
    [entry] = thinning_log()
    assert (entry.count, entry.record_refs, entry.years, entry.record_kind) == (
        1,
        [old.reference],
        2,
        "incident",
    )
    assert entry.authority_name == "Barn- och utbildningsnämnden"
    lines = db.session.scalars(
        select(TicketHistory.field).where(TicketHistory.ticket_id == old.id)
    ).all()
    assert "thinned" in lines
    # a second run finds nothing and thins nothing twice
    assert run_thinning(org.admin, now=now).total == 0
    assert len(thinning_log()) == 1


def test_a_killed_run_leaves_records_whole_and_the_rerun_finishes(rule, org, file_ticket, now):
    tickets = [_closed_ticket(file_ticket, org, now, years_ago=3, title=f"T{n}") for n in range(3)]

    def kill_after_first(reference):
        raise KeyboardInterrupt  # the process dies after the first record's commit

    with pytest.raises(KeyboardInterrupt):
        run_thinning(org.admin, now=now, batch_size=2, after_record=kill_after_first)
    db.session.rollback()
    states = [is_thinned("ticket", t.id) for t in tickets]
    assert states == [True, False, False]
    untouched = db.session.get(Ticket, tickets[1].id)
    assert untouched.description == "Min personliga skrivare"
    assert db.session.scalars(select(ThinningLog)).all() == []  # killed before its log
    result = run_thinning(org.admin, now=now)
    assert result.total == 2
    assert all(is_thinned("ticket", t.id) for t in tickets)
    entries = sorted(thinning_log(), key=lambda e: e.id)
    assert [e.count for e in entries] == [1, 2]  # the killed run's entry, then the rerun's
    assert sorted(r for e in entries for r in e.record_refs) == sorted(t.reference for t in tickets)
    assert db.session.scalar(select(db.func.count()).select_from(RecordState)) == 3


def test_a_hold_on_a_ticket_service_or_person_stops_thinning(
    rule, authorities, org, file_ticket, now
):
    held = _closed_ticket(file_ticket, org, now, years_ago=3, title="Hållen")
    by_service = _closed_ticket(
        file_ticket, org, now, years_ago=3, service=org.school, title="Skola"
    )
    place_hold(authorities.registrar, ticket=held, reason="Begäran om allmän handling", now=now)
    place_hold(org.admin, service=org.school, reason="Tillsyn", now=now)
    db.session.commit()
    assert run_thinning(org.admin, now=now).total == 0
    assert db.session.get(Ticket, held.id).description == "Min personliga skrivare"
    # a person hold on the requester covers every case they filed
    place_hold(
        org.admin,
        person=org.employee,
        reason="Utredning",
        until=(now + timedelta(days=30)).date(),
        now=now,
    )
    db.session.commit()
    from servicedesk.models import LegalHold

    for hold in db.session.scalars(select(LegalHold).where(LegalHold.user_id.is_(None))):
        lift_hold(org.admin, hold, reason="Klart", now=now)
    db.session.commit()
    assert run_thinning(org.admin, now=now).total == 0  # the person hold still stands
    assert run_thinning(org.admin, now=now + timedelta(days=31)).total == 2  # it ran out
    assert by_service.id and is_thinned("ticket", by_service.id)


def test_a_shorter_rule_never_thins_held_records(rule, authorities, org, file_ticket, now):
    held = _closed_ticket(file_ticket, org, now, years_ago=1)
    place_hold(authorities.registrar, ticket=held, reason="Överklagat", now=now)
    save_rule(org.admin, rule, authority=authorities.bun, record_kind="incident", years=0, now=now)
    db.session.commit()
    assert run_thinning(org.admin, now=now).total == 0
    assert not is_thinned("ticket", held.id)


def test_the_log_is_immutable(rule, org, file_ticket, now):
    _closed_ticket(file_ticket, org, now, years_ago=3)
    run_thinning(org.admin, now=now)
    [entry] = thinning_log()
    entry.count = 5
    with pytest.raises(ImmutableThinningLog):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(ThinningLog, entry.id))
    with pytest.raises(ImmutableThinningLog):
        db.session.flush()


def test_rules_are_validated(authorities, org, now):
    with pytest.raises(ValidationError) as err:
        save_rule(org.admin, None, authority=authorities.bun, record_kind="fika", years=2, now=now)
    assert err.value.field == "record_kind"
    with pytest.raises(ValidationError):
        save_rule(
            org.admin, None, authority=authorities.bun, record_kind="incident", years=-1, now=now
        )
    with pytest.raises(ValidationError):
        place_hold(org.admin, reason="", ticket=None, now=now)


def test_sla_report_figures_are_the_same_after_thinning(authorities, org, now):
    from servicedesk.domain.reports import sla_report_json
    from servicedesk.domain.reports.period import days
    from tests.reports.generated import NOW, generate

    generate(org.employee.id, tickets=150)
    db.session.execute(
        update(Ticket).values(authority_id=authorities.bun.id, description="Personuppgifter")
    )
    db.session.commit()
    save_rule(org.admin, None, authority=authorities.bun, record_kind="incident", years=2, now=now)
    save_rule(org.admin, None, authority=authorities.bun, record_kind="request", years=2, now=now)
    db.session.commit()
    year = days(NOW.date() - timedelta(days=460), NOW.date())
    before = sla_report_json(org.admin, year, now=NOW)
    later = NOW + timedelta(days=4 * 365)
    result = run_thinning(org.admin, now=later)
    closed = db.session.scalar(
        select(db.func.count()).select_from(Ticket).where(Ticket.status == "closed")
    )
    assert result.total == closed > 20
    assert sla_report_json(org.admin, year, now=NOW) == before


def test_thinned_words_leave_the_search_index(rule, org, file_ticket, now):
    """A thinned case is no longer found by what it said: its description or its comments."""
    from servicedesk.domain.search import search

    old = _closed_ticket(file_ticket, org, now, years_ago=3)

    def found(words):
        return [h.id for g in search(org.admin, words).groups for h in g.items]

    # "ring" is in its comment, "personliga" in its description
    assert old.id in found("ring") and old.id in found("personliga")
    run_thinning(org.admin, now=now)
    db.session.commit()
    assert old.id not in found("ring") and old.id not in found("personliga")


def test_a_change_is_thinned_years_after_its_closing_not_its_last_update(authorities, org, now):
    """Editing a closed change (a late note) does not restart its retention; the closing
    instant is the state change to closed."""
    from servicedesk.domain.changes.state import set_state
    from servicedesk.models import Change
    from servicedesk.models.change import ChangeState

    save_rule(
        org.admin,
        None,
        authority=authorities.bun,
        record_kind="change",
        years=2,
        decision_ref="BUN 2025/13",
        now=now,
    )
    change = Change(
        title="Byt brandvägg",
        description="Ring Lena på 070-1234567",
        state=ChangeState.UNDER_REVIEW.value,
        requester_id=org.employee.id,
        owner_id=org.admin.id,
        authority_id=authorities.bun.id,
    )
    db.session.add(change)
    db.session.flush()
    closed = now - timedelta(days=3 * 366)
    set_state(change, org.admin, ChangeState.CLOSED, now=closed)
    change.updated_at = now - timedelta(days=30)
    db.session.commit()
    assert db.session.get(Change, change.id).closed_at == closed

    result = run_thinning(org.admin, now=now, dry_run=True)
    assert [o.references for o in result.outcomes] == [[change.reference]]
    run_thinning(org.admin, now=now)
    db.session.expire_all()
    assert is_thinned("change", change.id)
    assert db.session.get(Change, change.id).description == ""
