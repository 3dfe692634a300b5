"""Security-incident fixtures: a security queue with a coordinator, and one reported case."""

from __future__ import annotations

import pytest

from servicedesk.demo.sla import default_policy, office_calendar
from servicedesk.domain.security.incidents import Facts, report_incident
from servicedesk.domain.security.queue import set_security_queue
from servicedesk.infra.extensions import db
from tests.api.conftest import api_as, conforms  # noqa: F401  (the API's own fixtures)


class Sec:
    def __init__(self, org, make_queue, make_user):
        office_calendar(short_days=False)
        default_policy()
        self.queue = make_queue("Informationssäkerhet", org.it)
        set_security_queue(self.queue)
        self.coordinator = make_user(
            "Sara Säkerhet", {"agent", "security"}, org.it, [self.queue], email="sec@tanum.example"
        )
        self.queue.lead = self.coordinator
        # An informationssäkerhetssamordnare outside the queue, without the agent role.
        self.officer = make_user("Ivar Samordnare", {"employee", "security"}, org.it)
        db.session.commit()


@pytest.fixture
def sec(org, make_queue, make_user) -> Sec:
    return Sec(org, make_queue, make_user)


@pytest.fixture
def report(org, sec, now):
    def make(reporter=None, *, personal_data=True, at=None, **facts):
        ticket = report_incident(
            reporter or org.employee,
            title="Fel mottagare fick elevlista",
            description="En lista med personnummer skickades till fel adress.",
            facts=Facts(confidentiality=True, personal_data=personal_data, **facts),
            now=at or now,
        )
        db.session.commit()
        return ticket

    return make
