"""Demo closure codes, standard answers and macros, through the domain functions."""

from __future__ import annotations

from datetime import datetime

from servicedesk.domain.answers.closure_codes import (
    active_closure_code,
    ensure_default_closure_codes,
)
from servicedesk.domain.answers.macros import save_macro
from servicedesk.domain.answers.standard_answers import save_answer
from servicedesk.models import Queue, User

DESK = "Servicedesk (IT-enheten)"

ANSWERS = (
    (
        "Lösenord återställt",
        DESK,
        "Hej {förnamn}!\n\nVi har återställt ditt lösenord. Du får ett tillfälligt lösenord "
        "via sms; byt det när du loggar in.\n\nHälsningar\n{handläggare}, Servicedesk",
        "Hello {first_name},\n\nWe have reset your password. You will get a temporary "
        "password by text message; change it when you sign in.\n\nRegards\n{agent_name}, "
        "Service desk",
        "lösenord inloggning konto password",
    ),
    (
        "Behöver mer information",
        None,
        "Hej {förnamn}!\n\nFör att kunna hjälpa dig med ärende {ärendenummer} behöver vi veta "
        "mer: när började felet, och vilket felmeddelande ser du? En skärmbild hjälper.",
        "Hello {first_name},\n\nTo help you with case {reference} we need to know more: when "
        "did the problem start, and what error message do you see? A screenshot helps.",
        "information skärmbild screenshot",
    ),
    (
        "Skrivaren är lagad",
        DESK,
        "Hej {förnamn}!\n\nSkrivaren fungerar igen: vi har bytt tonerkassett och rensat "
        "utskriftskön. Hör av dig om felet kommer tillbaka.",
        "",
        "skrivare utskrift toner printer",
    ),
)


def load_demo_answers(queues: dict[str, Queue], users: dict[str, User], *, now: datetime) -> None:
    ensure_default_closure_codes()
    admin = users["admin"]
    saved = {}
    for title, queue, sv, en, keywords in ANSWERS:
        saved[title], _unknown = save_answer(
            admin,
            None,
            title=title,
            queue=queues[queue] if queue else None,
            body_sv=sv,
            body_en=en,
            keywords=keywords,
            now=now,
        )
    save_macro(
        admin,
        None,
        name="Lösenord återställt",
        queue=queues[DESK],
        answer=saved["Lösenord återställt"],
        status="resolved",
        closure_code=active_closure_code("solved_by_desk"),
        assign_to_me=True,
        now=now,
    )
    save_macro(
        admin,
        None,
        name="Be om mer information",
        queue=None,
        answer=saved["Behöver mer information"],
        status="pending",
        pending_reason="requester",
        now=now,
    )
