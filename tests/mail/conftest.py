"""Mail fixtures: a real SMTP server (aiosmtpd) on a free port, an app that sends to it,
and .eml fixtures with placeholders filled per test."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from servicedesk.infra.extensions import mail

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """aiosmtpd handler that keeps every received message."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.collector = Collector()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.collector.messages


def point_mail_at(app, port: int) -> None:
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False, MAIL_SMTP_TIMEOUT=5
    )
    mail.init_app(app)


@pytest.fixture
def smtp_server(app):
    server = SmtpServer(free_port())
    server.start()
    point_mail_at(app, server.port)
    yield server
    server.stop()


@pytest.fixture
def eml():
    """Load a fixture, replacing {{NAME}} placeholders with the given values."""

    def load(name: str, **values: str) -> bytes:
        text = (FIXTURES / name).read_text(encoding="latin-1")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return text.encode("latin-1").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    return load
