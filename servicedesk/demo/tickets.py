"""Demo tickets, filed and worked through the domain functions with past times, so their
history, routing and timers are what the real flows would have produced."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from servicedesk.domain.tickets import lifecycle as ticket_domain
from servicedesk.models import Queue, Status, User

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


def _agents_of(queue: Queue) -> list[User]:
    return [u for u in queue.members if u.is_staff]


# Spread over the demo's resolved cases by id (not by the random stream, which shapes the
# rest of the demo data).
DEMO_CLOSURE_CODES = ("solved_by_desk", "solved_by_second_line", "user_instructed")


def load_tickets(services, users, *, count: int, now: datetime, seed: int) -> None:
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
    ticket_domain.change_status(
        ticket,
        agent,
        Status.RESOLVED,
        solution="Felet är åtgärdat: orsaken är rättad och funktionen provad.",
        closure_code=DEMO_CLOSURE_CODES[ticket.id % len(DEMO_CLOSURE_CODES)],
        now=t2,
    )
    t3 = t2 + (now - t2) / 2
    if roll < 0.6:
        return  # resolved, waiting for confirmation
    if roll < 0.63:
        ticket_domain.reopen_ticket(ticket, ticket.requester, note="Felet kom tillbaka", now=t3)
        return
    ticket_domain.confirm_resolution(ticket, ticket.requester, now=t3)
