"""Demo knowledge base: articles in Swedish and English through the domain functions, a
few readers' views, answers and deflections so the report shows figures."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.domain.kb.articles import ArticleInput, change_state, create_article, local_date
from servicedesk.domain.kb.reading import give_feedback, record_deflection, record_view
from servicedesk.infra.extensions import db
from servicedesk.models import Service, User

PASSWORD = """Så byter du lösenordet till ditt kommunkonto:

1. Gå till **https://konto.tanum.example** och logga in med BankID.
2. Välj **Byt lösenord**.
3. Skriv ett nytt lösenord: minst 12 tecken. En mening du minns fungerar bra.
4. Logga ut från datorn och in igen med det nya lösenordet.

Har du glömt lösenordet helt går det också att återställa det med BankID på samma sida.
Mobilen hämtar e-post med det gamla lösenordet tills du skriver in det nya där."""

PASSWORD_EN = """How to change the password of your municipal account:

1. Go to **https://konto.tanum.example** and sign in with BankID.
2. Choose **Change password**.
3. Type a new password: at least 12 characters. A sentence you remember works well.
4. Sign out of the computer and in again with the new password.

If you have forgotten the password you can reset it with BankID on the same page.
Your phone fetches mail with the old password until you type the new one there."""

SCHEDULE = """Om schemat i Skolplattformen är tomt eller visar fel vecka:

- Kontrollera att rätt **läsår** är valt uppe till höger.
- Logga ut och in igen: schemat hämtas när du loggar in.
- Töm webbläsarens cache (Ctrl+Skift+Delete) och ladda om sidan.

Visas schemat fortfarande inte kan det vara ett driftstopp: titta på driftinformationen
på portalens startsida innan du anmäler ett ärende."""

SCHEDULE_EN = """If the schedule in the school platform is empty or shows the wrong week:

- Check that the right **school year** is chosen at the top right.
- Sign out and in again: the schedule is fetched when you sign in.
- Clear the browser's cache (Ctrl+Shift+Delete) and reload the page.

If the schedule still does not show it may be an outage: look at the service status on the
portal's front page before you report a case."""

ARTICLES = (
    # local part of the writer's address, service, audience, state, sv title, sv text,
    # en title, en text
    (
        "agent",
        "Konto och behörighet",
        "employees",
        "published",
        "Byt lösenord",
        PASSWORD,
        "Change your password",
        PASSWORD_EN,
    ),
    (
        "buf.support",
        "Skolplattformen",
        "employees",
        "published",
        "Schemat visas inte",
        SCHEDULE,
        "The schedule does not show",
        SCHEDULE_EN,
    ),
    (
        "agent",
        "Utskrift och skrivare",
        "employees",
        "published",
        "Skrivaren skriver inte ut",
        "1. Kontrollera att skrivaren har papper och att ingen lampa blinkar rött.\n"
        "2. Öppna utskriftskön och ta bort fastnade jobb.\n"
        "3. Välj skrivaren **Tanum-Följ-mig** och hämta utskriften med ditt passerkort.",
        "The printer does not print",
        "1. Check that the printer has paper and that no light blinks red.\n"
        "2. Open the print queue and remove stuck jobs.\n"
        "3. Choose the printer **Tanum-Follow-me** and collect the print with your badge.",
    ),
    (
        "agent",
        "Nätverk och wifi",
        "employees",
        "published",
        "Koppla upp mot wifi",
        "Anställda använder nätet **Tanum-Personal** och loggar in med kommunkontot. "
        "Besökare använder **Tanum-Gäst**; koden står på receptionens skylt.",
        "Connect to wifi",
        "Employees use the network **Tanum-Personal** and sign in with the municipal "
        "account. Visitors use **Tanum-Gäst**; the code is on the sign in the reception.",
    ),
    (
        "admin",
        "Konto och behörighet",
        "staff",
        "published",
        "Återställ MFA för en användare",
        "Internt: kontrollera identiteten med BankID i telefon innan du återställer MFA i "
        "administrationsportalen. Anteckna ärendenumret i fältet *Orsak*.",
        "Reset a user's MFA",
        "Internal: check the identity with BankID by phone before resetting MFA in the admin "
        "portal. Note the case number in the *Reason* field.",
    ),
    (
        "admin",
        None,
        "staff",
        "draft",
        "Ny rutin för behörighetsbeställning",
        "Utkast: från januari beställer chefer behörigheter i behörighetsportalen, inte via "
        "servicedesken. Texten gås igenom med HR innan den publiceras.",
        "New routine for ordering access",
        "Draft: from January managers order access in the access portal, not through the "
        "service desk. HR reviews the text before it is published.",
    ),
)


def load_demo_kb(*, now: datetime) -> None:
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    services = {s.name_sv: s for s in db.session.scalars(select(Service))}
    written = {}
    for local, service, audience, state, title, body, title_en, body_en in ARTICLES:
        writer = people[local]
        data = ArticleInput(
            title_sv=title,
            body_sv=body,
            title_en=title_en,
            body_en=body_en,
            service_id=services[service].id if service else None,
            audience=audience,
            review_on=local_date(now) + timedelta(days=180),
        )
        article = create_article(writer, data, now=now - timedelta(days=40))
        if state != "draft":
            change_state(article, writer, state, now=now - timedelta(days=39))
        written[title] = article
    readers = [people[name] for name in ("larare", "ekonom", "handlaggare", "fritid")]
    password, schedule = written["Byt lösenord"], written["Schemat visas inte"]
    for days, reader in enumerate(readers, start=1):
        at = now - timedelta(days=days)
        record_view(password, reader, now=at)
        record_view(schedule, reader, now=at)
    record_deflection(password, readers[0], now=now - timedelta(days=3))
    give_feedback(password, readers[1], True, "Enkelt att följa.", now=now - timedelta(days=2))
    give_feedback(schedule, readers[2], False, "Schemat var fortfarande tomt.", now=now)
    db.session.flush()
