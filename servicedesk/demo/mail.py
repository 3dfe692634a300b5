"""Mail demo data: a case that arrived by e-mail and an out-of-office reply that was
ignored, so /admin/mail and the e-mail channel have something to show.

The demo's generated history queues hundreds of notifications about events months ago to
fictitious @tanum.example people; they are removed here so `make run` does not try to
mail them (real installations never load the demo).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from servicedesk.domain.mail.ingest import ingest_message
from servicedesk.infra.extensions import db
from servicedesk.models import OutboxMessage

NEW_CASE = """From: Emma =?utf-8?q?Anst=C3=A4lld?= <anstalld@tanum.example>
To: Servicedesk <servicedesk@tanum.example>
Subject: =?utf-8?q?Projektorn_i_sal_B12_hittar_ingen_signal?=
Message-ID: <demo-mail-1@tanum.example>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hej! Projektorn i sal B12 säger "Ingen signal" när jag kopplar in min dator.
/Emma
"""

OUT_OF_OFFICE = """From: Lena <larare@tanum.example>
To: Servicedesk <servicedesk@tanum.example>
Subject: Automatiskt svar: Projektorn i sal B12
Message-ID: <demo-mail-2@tanum.example>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Jag är ledig till måndag.
"""


def load_demo_mail(*, now: datetime) -> None:
    db.session.flush()
    db.session.execute(delete(OutboxMessage))
    for n, text in enumerate((NEW_CASE, OUT_OF_OFFICE)):
        raw = text.replace("\n", "\r\n").encode()
        ingest_message(raw, now=now - timedelta(minutes=30 - n))
