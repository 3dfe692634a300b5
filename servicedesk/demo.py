"""Demo data: a Tanum-like organisation, its catalog, users of every role and tickets.

Tickets are filed and worked through the domain functions with past times, so their
history, routing and timers are what the real flows would have produced.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.demo_catalog import load_demo_catalog
from servicedesk.demo_changes import load_demo_changes
from servicedesk.demo_mail import load_demo_mail
from servicedesk.demo_reports import load_demo_reports
from servicedesk.demo_sla import load_demo_sla
from servicedesk.domain import tickets as ticket_domain
from servicedesk.domain.users import create_user
from servicedesk.extensions import db
from servicedesk.models import Queue, QueueMember, Service, Status, Unit, User
from servicedesk.models.base import utcnow

DEMO_PASSWORD = "servicedesk"
MUNICIPALITY = "Tanums kommun"

UNITS = [
    # name, short, kind, parent
    (MUNICIPALITY, "TK", "municipality", None),
    ("Tanums Bostäder AB", "TBAB", "company", MUNICIPALITY),
    ("Tanum Vatten och Hamnar AB", "TVH", "company", MUNICIPALITY),
    ("Kommunstyrelseförvaltningen", "KSF", "department", MUNICIPALITY),
    ("Barn- och utbildningsförvaltningen", "BUF", "department", MUNICIPALITY),
    ("Socialförvaltningen", "SOC", "department", MUNICIPALITY),
    ("Samhällsbyggnadsförvaltningen", "SBF", "department", MUNICIPALITY),
    ("Kultur- och fritidsförvaltningen", "KFF", "department", MUNICIPALITY),
    ("IT-enheten", "IT", "it_unit", "Kommunstyrelseförvaltningen"),
]

QUEUES = [
    # name, unit, central
    ("Servicedesk (IT-enheten)", "IT-enheten", True),
    ("BUF support", "Barn- och utbildningsförvaltningen", False),
    ("Socialförvaltningens systemstöd", "Socialförvaltningen", False),
    ("SBF support", "Samhällsbyggnadsförvaltningen", False),
    ("Ekonomi- och lönesupport", "Kommunstyrelseförvaltningen", False),
    ("Kultur och fritid support", "Kultur- och fritidsförvaltningen", False),
]

# name_sv, name_en, owner unit, common, queue, confidentiality, description
SERVICES = [
    (
        "E-post och kalender",
        "E-mail and calendar",
        "IT-enheten",
        True,
        None,
        2,
        "Outlook, delade brevlådor och kalendrar.",
    ),
    (
        "Nätverk och wifi",
        "Network and Wi-Fi",
        "IT-enheten",
        True,
        None,
        2,
        "Kabelnät, trådlöst nät och VPN på kommunens arbetsplatser.",
    ),
    (
        "Telefoni och mobil",
        "Telephony and mobile",
        "IT-enheten",
        True,
        None,
        2,
        "Fast telefoni, mobiltelefoner och växeln.",
    ),
    (
        "Dator och kringutrustning",
        "Computer and peripherals",
        "IT-enheten",
        True,
        None,
        2,
        "Bärbara och stationära datorer, skärmar, dockor.",
    ),
    (
        "Utskrift och skrivare",
        "Printing and printers",
        "IT-enheten",
        True,
        None,
        1,
        "Skrivare, kopiatorer och utskriftskö.",
    ),
    (
        "Konto och behörighet",
        "Account and access",
        "IT-enheten",
        True,
        None,
        3,
        "Inloggning, lösenord, AD-konton och behörigheter.",
    ),
    (
        "Microsoft 365 och Teams",
        "Microsoft 365 and Teams",
        "IT-enheten",
        True,
        None,
        2,
        "Teams, OneDrive, SharePoint och Office-programmen.",
    ),
    (
        "Intranätet",
        "Intranet",
        "Kommunstyrelseförvaltningen",
        True,
        None,
        1,
        "Kommunens intranät för medarbetare.",
    ),
    (
        "Skolplattformen",
        "School platform",
        "Barn- och utbildningsförvaltningen",
        False,
        "BUF support",
        3,
        "Lärplattform, närvaro och vårdnadshavarkontakt.",
    ),
    (
        "Elevregistret",
        "Student register",
        "Barn- och utbildningsförvaltningen",
        False,
        "BUF support",
        3,
        "Elevuppgifter, placeringar och betyg.",
    ),
    (
        "Verksamhetssystem vård och omsorg",
        "Care documentation system",
        "Socialförvaltningen",
        False,
        "Socialförvaltningens systemstöd",
        4,
        "Dokumentation inom hemtjänst, äldreboende och individ- och familjeomsorg.",
    ),
    (
        "Bygglovssystemet",
        "Building permit system",
        "Samhällsbyggnadsförvaltningen",
        False,
        "SBF support",
        2,
        "Ärendehantering för bygglov och tillsyn.",
    ),
    (
        "Kartor och GIS",
        "Maps and GIS",
        "Samhällsbyggnadsförvaltningen",
        False,
        "SBF support",
        1,
        "Kartverktyg, primärkarta och GIS-skikt.",
    ),
    (
        "Ekonomisystemet",
        "Finance system",
        "Kommunstyrelseförvaltningen",
        False,
        "Ekonomi- och lönesupport",
        3,
        "Leverantörsfakturor, attest, budget och uppföljning.",
    ),
    (
        "Lönesystemet",
        "Payroll system",
        "Kommunstyrelseförvaltningen",
        False,
        "Ekonomi- och lönesupport",
        3,
        "Lön, tidrapportering och ledighetsansökningar.",
    ),
    (
        "Bokningssystem för lokaler",
        "Venue booking system",
        "Kultur- och fritidsförvaltningen",
        False,
        "Kultur och fritid support",
        1,
        "Bokning av idrottshallar och samlingslokaler.",
    ),
]

# email local part, name, unit, roles, queues, locale
USERS = [
    (
        "admin",
        "Alva Admin",
        "IT-enheten",
        {"admin", "agent", "manager"},
        ["Servicedesk (IT-enheten)"],
        "sv",
    ),
    ("agent", "Anders Agent", "IT-enheten", {"agent"}, ["Servicedesk (IT-enheten)"], "sv"),
    ("agent2", "Sara Supportsson", "IT-enheten", {"agent"}, ["Servicedesk (IT-enheten)"], "en"),
    ("itchef", "Ingrid IT-chef", "IT-enheten", {"manager"}, [], "sv"),
    (
        "buf.support",
        "Bo Bufsson",
        "Barn- och utbildningsförvaltningen",
        {"agent"},
        ["BUF support"],
        "sv",
    ),
    (
        "buf.chef",
        "Britt Förvaltningschef",
        "Barn- och utbildningsförvaltningen",
        {"manager"},
        [],
        "sv",
    ),
    (
        "soc.support",
        "Siv Systemstöd",
        "Socialförvaltningen",
        {"agent"},
        ["Socialförvaltningens systemstöd"],
        "sv",
    ),
    (
        "sbf.support",
        "Sven Samhällsbyggare",
        "Samhällsbyggnadsförvaltningen",
        {"agent"},
        ["SBF support"],
        "sv",
    ),
    (
        "ekonomi.support",
        "Eva Ekonom",
        "Kommunstyrelseförvaltningen",
        {"agent"},
        ["Ekonomi- och lönesupport"],
        "sv",
    ),
    (
        "kff.support",
        "Kim Kultur",
        "Kultur- och fritidsförvaltningen",
        {"agent"},
        ["Kultur och fritid support"],
        "sv",
    ),
    (
        "forvaltare.ekonomi",
        "Fredrik Förvaltare",
        "Kommunstyrelseförvaltningen",
        {"agent"},
        ["Ekonomi- och lönesupport"],
        "sv",
    ),
    (
        "forvaltare.vard",
        "Vera Vårdförvaltare",
        "Socialförvaltningen",
        {"agent"},
        ["Socialförvaltningens systemstöd"],
        "sv",
    ),
    (
        "forvaltare.skola",
        "Stina Skolförvaltare",
        "Barn- och utbildningsförvaltningen",
        {"agent"},
        ["BUF support"],
        "sv",
    ),
    ("anstalld", "Emma Anställd", "Barn- och utbildningsförvaltningen", {"employee"}, [], "sv"),
    ("employee", "Erik Employee", "Socialförvaltningen", {"employee"}, [], "en"),
    ("larare", "Lena Lärare", "Barn- och utbildningsförvaltningen", {"employee"}, [], "sv"),
    ("underskoterska", "Omar Omsorg", "Socialförvaltningen", {"employee"}, [], "sv"),
    ("handlaggare", "Hanna Handläggare", "Samhällsbyggnadsförvaltningen", {"employee"}, [], "sv"),
    ("ekonom", "Ebba Ekonomiassistent", "Kommunstyrelseförvaltningen", {"employee"}, [], "sv"),
    ("bostad", "Björn Bostadsbolag", "Tanums Bostäder AB", {"employee"}, [], "sv"),
    ("hamn", "Hedda Hamnvärd", "Tanum Vatten och Hamnar AB", {"employee"}, [], "sv"),
    ("fritid", "Frida Fritidsledare", "Kultur- och fritidsförvaltningen", {"employee"}, [], "sv"),
]

ADMINISTRATORS = {
    "Ekonomisystemet": ("forvaltare.ekonomi", "ekonomi.support"),
    "Lönesystemet": ("forvaltare.ekonomi", "ekonomi.support"),
    "Verksamhetssystem vård och omsorg": ("forvaltare.vard", "soc.support"),
    "Skolplattformen": ("forvaltare.skola", "buf.support"),
    "Elevregistret": ("forvaltare.skola", "buf.support"),
    "Bygglovssystemet": ("sbf.support", None),
    "Kartor och GIS": ("sbf.support", None),
    "Bokningssystem för lokaler": ("kff.support", None),
}

TITLES = {
    "E-post och kalender": [
        "Kommer inte åt den delade brevlådan",
        "Kalenderinbjudningar syns inte",
        "Utskick fastnar i utkorgen",
    ],
    "Nätverk och wifi": [
        "Inget wifi i personalrummet",
        "VPN kopplar ner hela tiden",
        "Långsamt nät på skolan",
    ],
    "Telefoni och mobil": [
        "Mobilen tar inte emot samtal",
        "Behöver ny mobiltelefon",
        "Växeln kopplar fel",
    ],
    "Dator och kringutrustning": [
        "Datorn startar inte",
        "Skärmen flimrar",
        "Beställning av dockningsstation",
    ],
    "Utskrift och skrivare": ["Skrivaren på plan 2 skriver inte ut", "Papperstrassel i kopiatorn"],
    "Konto och behörighet": [
        "Kontot är låst",
        "Behörighet till gemensam mapp",
        "Ny medarbetare behöver konto",
    ],
    "Microsoft 365 och Teams": ["Teams-möten laggar", "OneDrive synkar inte"],
    "Intranätet": ["Fel på nyhetssidan", "Kan inte redigera min sida"],
    "Skolplattformen": [
        "Närvaron sparas inte",
        "Vårdnadshavare når inte meddelanden",
        "Fel schema för klass 7B",
    ],
    "Elevregistret": ["Elev saknas i registret", "Betygsunderlag går inte att exportera"],
    "Verksamhetssystem vård och omsorg": [
        "Kan inte signera journalanteckning",
        "Genomförandeplan går inte att öppna",
    ],
    "Bygglovssystemet": ["Handlingar laddas inte upp", "Fel avgift beräknas"],
    "Kartor och GIS": ["Primärkartan visas inte", "Skiktet för detaljplaner saknas"],
    "Ekonomisystemet": ["Fakturor fastnar i attestflödet", "Kan inte se budgetrapporten"],
    "Lönesystemet": ["Tidrapporten går inte att skicka", "Fel semestersaldo"],
    "Bokningssystem för lokaler": ["Dubbelbokning av idrottshallen", "Kan inte avboka"],
}
UNPLACED_TITLES = [
    "Något är fel men jag vet inte vad",
    "Fråga om ny programvara",
    "Konstigt felmeddelande",
]


def _email(local: str) -> str:
    return f"{local}@tanum.example"


def demo_present() -> bool:
    return db.session.scalar(select(Unit).where(Unit.name == MUNICIPALITY)) is not None


def load_demo(
    *, ticket_count: int = 300, now: datetime | None = None, seed: int = 20261127
) -> bool:
    """Load everything once; returns False (and changes nothing) when it is already there."""
    if demo_present():
        return False
    now = now or utcnow()
    units = _load_units()
    queues = _load_queues(units)
    users = _load_users(units, queues)
    services = _load_services(units, queues, users)
    db.session.flush()
    load_demo_catalog()
    load_demo_sla()
    _load_tickets(services, users, count=ticket_count, now=now, seed=seed)
    load_demo_mail(now=now)
    load_demo_changes(now=now)
    load_demo_reports(now=now)
    return True


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, short, kind, parent in UNITS:
        units[name] = Unit(name=name, short_name=short, kind=kind, parent=units.get(parent))
        db.session.add(units[name])
    db.session.flush()
    return units


def _load_queues(units: dict[str, Unit]) -> dict[str, Queue]:
    queues = {}
    for name, unit, central in QUEUES:
        queues[name] = Queue(name=name, unit=units[unit], is_central=central)
        db.session.add(queues[name])
    db.session.flush()
    return queues


def _load_users(units, queues) -> dict[str, User]:
    users = {}
    for local, name, unit, roles, member_of, locale in USERS:
        user = create_user(
            email=_email(local),
            name=name,
            password=DEMO_PASSWORD,
            roles=roles,
            unit=units[unit],
            locale=locale,
        )
        users[local] = user
        for queue_name in member_of:
            db.session.add(QueueMember(queue_id=queues[queue_name].id, user_id=user.id))
    leads = {
        "Servicedesk (IT-enheten)": "admin",
        "BUF support": "buf.support",
        "Socialförvaltningens systemstöd": "soc.support",
        "SBF support": "sbf.support",
        "Ekonomi- och lönesupport": "ekonomi.support",
        "Kultur och fritid support": "kff.support",
    }
    for queue_name, local in leads.items():
        queues[queue_name].lead = users[local]
    db.session.flush()
    return users


def _load_services(units, queues, users) -> dict[str, Service]:
    services = {}
    for name_sv, name_en, owner, common, queue, conf, description in SERVICES:
        admin_local, deputy_local = ADMINISTRATORS.get(name_sv, ("admin", "agent"))
        services[name_sv] = Service(
            name_sv=name_sv,
            name_en=name_en,
            description=description,
            owner_unit=units[owner],
            is_common=common,
            queue=queues[queue] if queue else queues["Servicedesk (IT-enheten)"],
            confidentiality=conf,
            integrity=min(4, conf + 1) if conf >= 3 else 2,
            availability=4 if conf == 4 else 2,
            administrator=users[admin_local],
            deputy=users[deputy_local] if deputy_local else None,
        )
        db.session.add(services[name_sv])
    db.session.flush()
    return services


def _agents_of(queue: Queue) -> list[User]:
    return [u for u in queue.members if u.is_staff]


def _load_tickets(services, users, *, count: int, now: datetime, seed: int) -> None:
    rng = random.Random(seed)
    employees = [u for u in users.values() if u.roles == {"employee"}]
    service_list = list(services.values())
    for i in range(count):
        age = timedelta(minutes=rng.randint(30, 60 * 24 * 120))
        opened = now - age
        requester = rng.choice(employees)
        service = None if rng.random() < 0.08 else rng.choice(service_list)
        title = rng.choice(TITLES[service.name_sv] if service else UNPLACED_TITLES)
        ticket = ticket_domain.create_ticket(
            requester=requester,
            actor=requester,
            title=title,
            description=f"{title}.\n\nDet började i morse. Jag har startat om datorn utan att det hjälpte.",
            ticket_type="service_request"
            if "Beställning" in title or "Behöver" in title or "Ny " in title
            else "incident",
            service=service,
            impact=rng.choices([1, 2, 3], weights=[1, 3, 8])[0],
            urgency=rng.choices([1, 2, 3], weights=[2, 4, 5])[0],
            channel=rng.choice(["portal", "portal", "email", "phone"]),
            now=now,
            created_at=opened,  # imported history: timers without escalation mail
        )
        _work_ticket(ticket, rng, opened=opened, now=now, index=i)


def _work_ticket(
    ticket, rng: random.Random, *, opened: datetime, now: datetime, index: int
) -> None:
    """Move a demo ticket along a plausible path, never past `now`."""
    agents = _agents_of(ticket.queue)
    age = now - opened
    roll = rng.random()
    if not agents or roll < 0.15:
        return  # still new, untouched
    agent = rng.choice(agents)
    t = opened + min(age / 4, timedelta(hours=rng.uniform(0.2, 6)))
    ticket_domain.assign_ticket(ticket, agent, agent, now=t)
    ticket_domain.add_comment(
        ticket, agent, "Tack för ditt ärende. Vi tittar på det och återkommer.", now=t
    )
    if roll < 0.35:
        return  # in progress
    t2 = t + (now - t) / 3
    if roll < 0.45:
        ticket_domain.change_status(
            ticket, agent, Status.PENDING, pending_reason="requester", now=t2
        )
        ticket_domain.add_comment(ticket, agent, "Kan du skicka en skärmbild av felet?", now=t2)
        return
    if roll < 0.5:
        ticket_domain.add_comment(
            ticket, agent, "Kontrollerat med leverantören; väntar på svar.", internal=True, now=t2
        )
        ticket_domain.change_status(
            ticket, agent, Status.PENDING, pending_reason="supplier", now=t2
        )
        return
    ticket_domain.add_comment(
        ticket, agent, "Felet är åtgärdat. Hör av dig om det återkommer.", now=t2
    )
    ticket_domain.change_status(ticket, agent, Status.RESOLVED, now=t2)
    t3 = t2 + (now - t2) / 2
    if roll < 0.6:
        return  # resolved, waiting for confirmation
    if roll < 0.63:
        ticket_domain.reopen_ticket(ticket, ticket.requester, note="Felet kom tillbaka", now=t3)
        return
    ticket_domain.confirm_resolution(ticket, ticket.requester, now=t3)
