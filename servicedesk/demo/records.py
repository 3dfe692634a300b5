"""Demo public records: the committees and companies as authorities over the demo units,
a registrar, OSL provisions, retention rules, one secret comment, one legal hold and a
case closed three years ago that the incident rule has reached (try `flask records thin
--dry-run`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.domain.records.authorities import back_fill_records, save_authority
from servicedesk.domain.records.retention import place_hold, save_rule
from servicedesk.domain.records.secrecy import mark_secret, save_provision
from servicedesk.domain.tickets.history import HistoricalTicket, import_history
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import Role, Ticket, Unit, User, UserRole

# name, short name, kind, archive code, units, registrar (demo e-mail local part)
AUTHORITIES = [
    ("Kommunstyrelsen", "KS", "committee", "TK-KS", ["Tanums kommun"], None),
    (
        "Barn- och utbildningsnämnden",
        "BUN",
        "committee",
        "TK-BUN",
        ["Barn- och utbildningsförvaltningen"],
        "buf.chef",
    ),
    ("Socialnämnden", "SN", "committee", "TK-SN", ["Socialförvaltningen"], None),
    ("Tanums Bostäder AB", "TBAB", "company", "TBAB", ["Tanums Bostäder AB"], None),
    ("Tanum Vatten och Hamnar AB", "TVH", "company", "TVH", ["Tanum Vatten och Hamnar AB"], None),
]
PROVISIONS = [
    ("18:8", "Säkerhets- eller bevakningsåtgärder (IT-säkerhet)"),
    ("21:1", "Uppgifter om hälsa eller sexualliv"),
    ("23:2", "Skolväsendet: elevhälsa och enskildas personliga förhållanden"),
    ("26:1", "Socialtjänst: enskildas personliga förhållanden"),
    ("40:5", "Uppgifter hos den som enbart behandlar eller lagrar dem tekniskt"),
]
# authority short name, record kind, years, decision
RULES = [
    ("BUN", "incident", 2, "BUN 2025/118"),
    ("BUN", "request", 2, "BUN 2025/118"),
    ("SN", "incident", 5, "SN 2025/77"),
    ("KS", "change", 10, "KS 2024/310"),
]


def _user(local: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def load_demo_records(*, now: datetime) -> None:
    admin = db.session.scalar(
        select(User).join(UserRole).where(UserRole.role == Role.ADMIN.value).order_by(User.id)
    )
    made = {}
    for name, short, kind, code, unit_names, registrar in AUTHORITIES:
        units = db.session.scalars(select(Unit.id).where(Unit.name.in_(unit_names))).all()
        person = _user(registrar) if registrar else None
        made[short] = save_authority(
            admin,
            None,
            name=name,
            short_name=short,
            kind=kind,
            archive_code=code,
            unit_ids=list(units),
            registrar_ids=[person.id] if person else [],
            now=now,
        )
    back_fill_records(admin, now=now)  # the cases filed before the authorities existed
    provisions = {
        code: save_provision(admin, None, code=code, title=title, now=now)
        for code, title in PROVISIONS
    }
    for short, kind, years, decision in RULES:
        save_rule(
            admin,
            None,
            authority=made[short],
            record_kind=kind,
            years=years,
            decision_ref=decision,
            now=now,
        )
    _secret_comment(admin, provisions["23:2"], now=now)
    _old_cases(admin, made["BUN"], now=now)
    db.session.flush()


def _secret_comment(admin: User, provision, *, now: datetime) -> None:
    """A teacher's open case gets an internal note about a pupil, marked under OSL 23:2."""
    teacher = _user("larare")
    ticket = db.session.scalar(
        select(Ticket)
        .where(Ticket.requester_id == teacher.id, Ticket.status.in_(("new", "open")))
        .order_by(Ticket.id)
    )
    if ticket is None:
        return
    comment = add_comment(
        ticket,
        admin,
        "Gäller elevens åtgärdsprogram; eleven har skyddade personuppgifter.",
        internal=True,
        now=now,
    )
    mark_secret(admin, ticket, provision=provision, comment=comment, now=now)


def _old_cases(admin: User, bun, *, now: datetime) -> None:
    """Two incidents closed three years ago: the two-year rule reaches them; one is held."""
    teacher = _user("larare")
    opened = now - timedelta(days=3 * 365 + 40)
    import_history(
        admin,
        [
            HistoricalTicket(
                requester=teacher,
                title=title,
                description="Importerat från det tidigare ärendesystemet.",
                created_at=opened,
                resolved_at=opened + timedelta(days=2),
                closed_at=opened + timedelta(days=7),
            )
            for title in ("Projektorn i sal 12 startar inte", "Elevdator med trasig skärm")
        ],
        now=now,
    )
    db.session.flush()
    held = db.session.scalar(select(Ticket).where(Ticket.title == "Elevdator med trasig skärm"))
    place_hold(
        admin,
        ticket=held,
        reason="Begäran om utlämnande av allmän handling pågår",
        now=now,
    )
