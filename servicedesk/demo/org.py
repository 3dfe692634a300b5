"""Demo organisation: a Tanum-like municipality with its companies, departments, queues,
services and users of every role."""

from __future__ import annotations

from servicedesk.domain.identity.users import create_user
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Service, Unit, User

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


def _email(local: str) -> str:
    return f"{local}@tanum.example"


def load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, short, kind, parent in UNITS:
        units[name] = Unit(name=name, short_name=short, kind=kind, parent=units.get(parent))
        db.session.add(units[name])
    db.session.flush()
    return units


def load_queues(units: dict[str, Unit]) -> dict[str, Queue]:
    queues = {}
    for name, unit, central in QUEUES:
        queues[name] = Queue(name=name, unit=units[unit], is_central=central)
        db.session.add(queues[name])
    db.session.flush()
    return queues


def load_users(units, queues) -> dict[str, User]:
    users = {}
    for index, (local, name, unit, roles, member_of, locale) in enumerate(USERS):
        user = create_user(
            email=_email(local),
            name=name,
            password=DEMO_PASSWORD,
            roles=roles,
            unit=units[unit],
            locale=locale,
        )
        # A work number on the municipality's exchange and an HR number, for the phone form.
        user.phone = f"0525-181 {10 + index:02d}"
        user.employee_number = f"T{1001 + index}"
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


# Words employees use for a service (the portal's service search finds them).
KEYWORDS = {
    "E-post och kalender": "mejl, mail, outlook, kalender, möte, brevlåda",
    "Nätverk och wifi": "internet, wifi, trådlöst, vpn, uppkoppling, nätverkskabel",
    "Telefoni och mobil": "telefon, mobil, växel, sim-kort, röstbrevlåda",
    "Dator och kringutrustning": "dator, laptop, skärm, docka, tangentbord, mus, headset",
    "Utskrift och skrivare": "skriva ut, kopiator, skanner, utskriftskö, toner",
    "Konto och behörighet": "lösenord, inloggning, konto låst, behörighet, bankid, mfa",
    "Microsoft 365 och Teams": "teams, onedrive, sharepoint, word, excel, office",
    "Intranätet": "intranät, nyheter, medarbetarwebb",
    "Skolplattformen": "schema, lärplattform, närvaro, frånvaro, klass, vårdnadshavare, elev",
    "Elevregistret": "elev, betyg, placering, klasslista",
    "Verksamhetssystem vård och omsorg": "journal, hemtjänst, genomförandeplan, äldreboende",
    "Bygglovssystemet": "bygglov, tillsyn, ritning, startbesked",
    "Kartor och GIS": "karta, gis, fastighet, primärkarta",
    "Ekonomisystemet": "faktura, attest, budget, leverantör, kostnadsställe",
    "Lönesystemet": "lön, lönespecifikation, semester, tidrapport, sjukanmälan, ledighet",
    "Bokningssystem för lokaler": "boka, lokal, idrottshall, samlingslokal",
}


def load_services(units, queues, users) -> dict[str, Service]:
    services = {}
    for name_sv, name_en, owner, common, queue, conf, description in SERVICES:
        admin_local, deputy_local = ADMINISTRATORS.get(name_sv, ("admin", "agent"))
        services[name_sv] = Service(
            name_sv=name_sv,
            name_en=name_en,
            description=description,
            keywords=KEYWORDS.get(name_sv, ""),
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
