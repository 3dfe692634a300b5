"""Fixtures for change and problem tests: a finance system with a systemförvaltare, a CAB
member, and a factory for complete normal changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from servicedesk.domain.changes.workflow import create_change
from servicedesk.infra.extensions import db
from servicedesk.models import CabMember

START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # Thursday 18:00 in Stockholm
END = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)

COMPLETE = {
    "description": "Uppgradera ekonomisystemet till version 12.",
    "reason": "Leverantören slutar stödja version 11.",
    "expected_benefit": "Snabbare attestflöde och fortsatt support.",
    "implementation_plan": "1. Stoppa tjänsten 2. Installera 3. Starta",
    "backout_plan": "Återställ ögonblicksbilden från före uppgraderingen.",
    "test_plan": "Attestera en testfaktura och kör budgetrapporten.",
    "cost_one_off": 40000,
    "cost_yearly": 12000,
    "risk_likelihood": 2,
    "risk_impact": 2,
    "risk_text": "Kort driftstopp; ögonblicksbild finns.",
    "consequence": "Ekonomerna kan inte attestera under fönstret; ingen arbetsmiljöpåverkan.",
    "communication_plan": "Nyhet på intranätet en vecka före.",
}


class ChangeWorld:
    def __init__(self, org, make_service, make_user):
        self.org = org
        self.controller = make_user(
            "Frida Förvaltare", {"agent"}, org.it, email="frida@tanum.example"
        )
        self.deputy = make_user("Dag Ersättare", {"agent"}, org.it, email="dag@tanum.example")
        self.finance = make_service(
            "Ekonomisystemet",
            org.it,
            name_en="Finance system",
            administrator=self.controller,
            deputy=self.deputy,
        )
        self.cab = make_user("Cecilia CAB", {"agent"}, org.it, locale="en")
        db.session.add(CabMember(user_id=self.cab.id))
        db.session.commit()

    def change(self, actor=None, *, services=None, now, **overrides):
        values = {**COMPLETE, "planned_start": START, "planned_end": END, **overrides}
        title = values.pop("title", "Uppgradera ekonomisystemet")
        change = create_change(
            actor or self.org.agent,
            title=title,
            services=[self.finance] if services is None else services,
            now=now,
            **values,
        )
        db.session.commit()
        return change


@pytest.fixture
def world(org, make_service, make_user):
    return ChangeWorld(org, make_service, make_user)
