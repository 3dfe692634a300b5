"""Demo access: the care system grants läsbehörighet, handläggare and administratör; the
social services have a manager (chef); Erik holds read access (in the register, in the
open quarterly review) and Omar's request for handläggare waits for his manager."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from servicedesk.demo.org import DEMO_PASSWORD
from servicedesk.domain.access import requests, reviews, tasks
from servicedesk.domain.access.cases import today
from servicedesk.domain.access.catalog import save_access_role, save_access_service
from servicedesk.domain.identity.users import create_user
from servicedesk.infra.extensions import db
from servicedesk.models import AccessService, AccessTask, Service, Unit, User
from servicedesk.models.access import ApprovalChain

CARE = "Verksamhetssystem vård och omsorg"
ROLES = (
    ("Läsbehörighet", "Read access", ApprovalChain.MANAGER),
    ("Handläggare", "Case officer", ApprovalChain.BOTH),
    ("Administratör", "Administrator", ApprovalChain.ADMINISTRATOR),
)


def _user(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def load_demo_access(*, now: datetime) -> None:
    admin = _user("admin")
    care = db.session.scalar(select(Service).where(Service.name_sv == CARE))
    soc = db.session.scalar(select(Unit).where(Unit.name == "Socialförvaltningen"))
    manager = create_user(
        email="soc.chef@tanum.example",
        name="Sofia Socialchef",
        password=DEMO_PASSWORD,
        roles={"manager"},
        unit=soc,
    )
    earlier = now - timedelta(days=20)
    save_access_service(admin, care, now=earlier)
    roles = {
        sv: save_access_role(admin, care, name_sv=sv, name_en=en, chain=chain, now=earlier)
        for sv, en, chain in ROLES
    }
    erik = _user("employee")
    read = requests.file_request(
        erik,
        service=care,
        role_id=roles["Läsbehörighet"].id,
        person=erik,
        reason="Behöver läsa genomförandeplaner i mitt arbete.",
        valid_from=today(earlier),
        now=earlier,
    )
    requests.decide(read, manager, "approved", reason="Ingår i tjänsten.", now=earlier)
    task = db.session.scalar(select(AccessTask).where(AccessTask.request_id == read.id))
    tasks.complete_task(task, _user("soc.support"), note="Upplagd i systemet.", now=earlier)
    settings = db.session.scalar(select(AccessService).where(AccessService.service_id == care.id))
    reviews.open_review(settings, now=now - timedelta(days=2))
    omar = _user("underskoterska")
    requests.file_request(
        omar,
        service=care,
        role_id=roles["Handläggare"].id,
        person=omar,
        reason="Börjar som biståndshandläggare i januari.",
        valid_from=today(now) + timedelta(days=14),
        now=now - timedelta(hours=3),
    )
    db.session.flush()
