"""The care system as a service that grants access, with its three roles, a manager of
the social services and the standard org's systemförvaltare (Vera)."""

from __future__ import annotations

from datetime import date

import pytest

from servicedesk.domain.access.catalog import save_access_role, save_access_service
from servicedesk.infra.extensions import db
from servicedesk.models.access import ApprovalChain
from tests.api.conftest import api_as, conforms  # noqa: F401  (the API tests' fixtures)


class Access:
    def __init__(self, org, make_user, now):
        self.org = org
        self.manager = make_user("Maja Chef", {"manager"}, org.soc)
        self.settings = save_access_service(org.admin, org.care, now=now)
        self.read = save_access_role(
            org.admin,
            org.care,
            name_sv="Läsbehörighet",
            name_en="Read access",
            chain=ApprovalChain.MANAGER,
            now=now,
        )
        self.handler = save_access_role(
            org.admin, org.care, name_sv="Handläggare", name_en="Case officer", now=now
        )
        self.admin_role = save_access_role(
            org.admin,
            org.care,
            name_sv="Administratör",
            name_en="Administrator",
            chain=ApprovalChain.ADMINISTRATOR,
            now=now,
        )
        self.administrator = org.care.administrator
        db.session.commit()


@pytest.fixture
def access(org, make_user, now):
    return Access(org, make_user, now)


@pytest.fixture
def ask(access, now):
    """ask(actor=employee in SOC, role=handläggare, ...) -> a committed AccessRequest."""
    from servicedesk.domain.access.requests import file_request

    def make(actor=None, role=None, **kw):
        actor = actor or access.org.other_employee
        kw.setdefault("person", actor if "person_email" not in kw else None)
        request = file_request(
            actor,
            service=kw.pop("service", access.org.care),
            role_id=(role or access.handler).id,
            reason=kw.pop("reason", "Ny tjänst som biståndshandläggare."),
            valid_from=kw.pop("valid_from", date(2026, 12, 1)),
            valid_to=kw.pop("valid_to", None),
            now=kw.pop("now", now),
            **kw,
        )
        db.session.commit()
        return request

    return make


@pytest.fixture
def approved(access, ask, now):
    """approved(**ask kwargs) -> (request, its open fulfilment task): asked, then approved
    by the manager and the systemförvaltare."""
    from sqlalchemy import select

    from servicedesk.domain.access.requests import decide
    from servicedesk.models import AccessTask

    def make(**kw):
        request = ask(**kw)
        decide(request, access.manager, "approved", reason="Behövs", now=now)
        decide(request, access.administrator, "approved", reason="OK", now=now)
        db.session.commit()
        task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == request.id))
        return request, task

    return make
