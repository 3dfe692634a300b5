"""Fixtures of the answers area: a standard answer and macros on the central desk."""

from __future__ import annotations

import pytest

from servicedesk.domain.answers.closure_codes import active_closure_code
from servicedesk.domain.answers.macros import save_macro
from servicedesk.domain.answers.standard_answers import save_answer
from servicedesk.infra.extensions import db
from tests.api.conftest import api_as  # noqa: F401  (the API client fixture)

RESET_SV = "Hej {förnamn}! Lösenordet för {ärendenummer} är återställt. /{handläggare}"
RESET_EN = "Hi {first_name}, the password for {reference} is reset. /{agent_name}"


@pytest.fixture
def reset_answer(org, now):
    answer, unknown = save_answer(
        org.admin,
        None,
        title="Lösenord återställt",
        queue=org.central,
        body_sv=RESET_SV,
        body_en=RESET_EN,
        keywords="lösenord password",
        now=now,
    )
    assert unknown == []
    db.session.commit()
    return answer


@pytest.fixture
def reset_macro(org, reset_answer, now):
    macro = save_macro(
        org.admin,
        None,
        name="Lösenord återställt",
        queue=org.central,
        answer=reset_answer,
        status="resolved",
        closure_code=active_closure_code("solved_by_desk"),
        assign_to_me=True,
        now=now,
    )
    db.session.commit()
    return macro
