"""Fixtures: an app on a clean database per test, a client, a login helper, and factories.

SQLite (the default): the schema is built once into a template file and copied for each
test. PostgreSQL (TEST_DATABASE_URL): each worker has its own database, the schema is built
once and every table is emptied between tests.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import text

from config import TestingConfig
from servicedesk import create_app
from servicedesk.domain.answers.closure_codes import ensure_default_closure_codes
from servicedesk.infra.extensions import db
from servicedesk.models import Queue, QueueMember, Service, Unit, User


def _worker_database(url: str) -> str:
    """Each xdist worker gets a PostgreSQL database of its own, so the suite runs in parallel.

    The environment is updated too, because some tests read TEST_DATABASE_URL themselves.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    worker_url = base.set(database=name).render_as_string(hide_password=False)
    os.environ["TEST_DATABASE_URL"] = worker_url
    return worker_url


# The machines that run the suite are shared and often loaded: a property's examples are
# judged by their results, never by how long one of them took.
settings.register_profile("servicedesk", deadline=None)
settings.load_profile("servicedesk")

PG_URL = _worker_database(os.environ.get("TEST_DATABASE_URL", ""))
PASSWORD = "correct-horse-battery"
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # a Thursday, 11:00 in Stockholm


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path | None:
    if PG_URL:
        return None
    path = tmp_path_factory.mktemp("template") / "schema.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_schema() -> bool:
    if not PG_URL:
        return False
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=PG_URL)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return True


def _database_url(tmp_path: Path, sqlite_template: Path | None) -> str:
    if PG_URL:
        return PG_URL
    target = tmp_path / "test.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


class IsolatedClient(FlaskClient):
    """Each request starts with an empty `g`, as in production.

    The test's app context is shared by the requests it makes, so without this the CSRF
    token and the logged-in user cached on `g` would leak from one request (or one
    client) to the next.
    """

    def open(self, *args, **kwargs):
        from flask import g

        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(tmp_path, sqlite_template, pg_schema) -> Iterator[Flask]:
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=_database_url(tmp_path, sqlite_template),
        ATTACHMENT_DIR=str(tmp_path / "attachments"),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if PG_URL:
            _truncate_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def now() -> datetime:
    return NOW


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    def __init__(self, client: FlaskClient):
        self.client = client

    def login(self, user: User, password: str = PASSWORD):
        token = csrf_token(self.client)
        return self.client.post(
            "/login", data={"csrf_token": token, "email": user.email, "password": password}
        )

    def token(self, path: str = "/portal/new") -> str:
        return csrf_token(self.client, path)


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def make_unit(app) -> Callable[..., Unit]:
    def make(name: str = "IT-enheten", kind: str = "it_unit", **kw) -> Unit:
        unit = Unit(name=name, kind=kind, short_name=kw.pop("short_name", name[:10]), **kw)
        db.session.add(unit)
        db.session.flush()
        return unit

    return make


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    from servicedesk.domain.identity.users import create_user

    counter = {"n": 0}

    def make(
        name: str | None = None,
        roles: set[str] | None = None,
        unit: Unit | None = None,
        queues: list[Queue] = (),
        email: str | None = None,
        locale: str = "sv",
    ) -> User:
        counter["n"] += 1
        n = counter["n"]
        user = create_user(
            email=email or f"user{n}@tanum.example",
            name=name or f"User {n}",
            password=PASSWORD,
            roles=roles or {"employee"},
            unit=unit,
            locale=locale,
        )
        for queue in queues:
            db.session.add(QueueMember(queue_id=queue.id, user_id=user.id))
        db.session.flush()
        return user

    return make


@pytest.fixture
def make_queue(app) -> Callable[..., Queue]:
    def make(name: str, unit: Unit, *, central: bool = False, active: bool = True) -> Queue:
        queue = Queue(name=name, unit=unit, is_central=central, active=active)
        db.session.add(queue)
        db.session.flush()
        return queue

    return make


@pytest.fixture
def make_service(app) -> Callable[..., Service]:
    def make(
        name: str,
        owner: Unit,
        *,
        queue: Queue | None = None,
        common: bool = False,
        confidentiality: int = 2,
        active: bool = True,
        **kw,
    ) -> Service:
        service = Service(
            name_sv=name,
            name_en=kw.pop("name_en", name),
            owner_unit=owner,
            queue=queue,
            is_common=common,
            confidentiality=confidentiality,
            active=active,
            **kw,
        )
        db.session.add(service)
        db.session.flush()
        return service

    return make


class Org:
    """A small standard organisation: the IT unit's central desk and one department."""

    def __init__(self, make_unit, make_queue, make_service, make_user):
        self.municipality = make_unit("Tanums kommun", "municipality")
        self.it = make_unit("IT-enheten", "it_unit", parent=self.municipality)
        self.buf = make_unit(
            "Barn- och utbildningsförvaltningen", "department", parent=self.municipality
        )
        self.soc = make_unit("Socialförvaltningen", "department", parent=self.municipality)
        self.central = make_queue("Servicedesk", self.it, central=True)
        self.buf_queue = make_queue("BUF support", self.buf)
        self.soc_queue = make_queue("SOC systemstöd", self.soc)
        self.email = make_service("E-post", self.it, common=True)
        self.school = make_service(
            "Skolplattformen", self.buf, queue=self.buf_queue, confidentiality=3
        )
        self.care = make_service("Vårdsystemet", self.soc, queue=self.soc_queue, confidentiality=4)
        self.employee = make_user("Emma Anställd", unit=self.buf)
        self.other_employee = make_user("Olle Annan", unit=self.soc)
        self.agent = make_user("Anders Agent", {"agent"}, self.it, [self.central])
        self.buf_agent = make_user("Bo BUF", {"agent"}, self.buf, [self.buf_queue])
        self.soc_agent = make_user("Siv SOC", {"agent"}, self.soc, [self.soc_queue])
        self.admin = make_user("Alva Admin", {"admin", "agent"}, self.it, [self.central])
        self.care.administrator = make_user("Vera Förvaltare", {"agent"}, self.soc)
        ensure_default_closure_codes()  # as the migration seeds them
        db.session.commit()


@pytest.fixture
def org(make_unit, make_queue, make_service, make_user) -> Org:
    return Org(make_unit, make_queue, make_service, make_user)


@pytest.fixture
def file_ticket(org, now):
    from servicedesk.domain.tickets.lifecycle import create_ticket

    def make(requester: User | None = None, service: Service | None = None, **kw):
        requester = requester or org.employee
        ticket = create_ticket(
            requester=requester,
            actor=kw.pop("actor", requester),
            title=kw.pop("title", "Kan inte logga in"),
            description=kw.pop("description", "Det står *fel lösenord*."),
            service=service,
            now=kw.pop("now", now),
            **kw,
        )
        db.session.commit()
        return ticket

    return make
