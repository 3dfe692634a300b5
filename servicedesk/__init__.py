"""Servicedesk: an ITSM service desk for Swedish municipalities and their companies."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import Config, config_from_env
from servicedesk.infra.settings import check_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or config_from_env())
    app.config.update(overrides)
    check_config(app.config)
    trust_proxies(app)
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_database_pragmas(app)
    register_i18n(app)
    register_blueprints(app)
    register_notifications(app)
    register_errors(app)
    register_security_headers(app)
    register_cli(app)
    register_template_helpers(app)
    register_sla(app)
    register_major_incidents()
    register_records()
    register_access()
    register_search()
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from them."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from servicedesk import models  # noqa: F401  (all tables known to the metadata)
    from servicedesk.domain import settings_cache
    from servicedesk.infra.extensions import csrf, db, login_manager, mail

    db.init_app(app)
    settings_cache.clear()  # a new app may be on another database (tests make many)
    csrf.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    # Flask-Login's own message is English: through Babel, shown as the app's notices are.
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    from servicedesk.web.identity.auth import load_user

    login_manager.user_loader(load_user)


def register_database_pragmas(app: Flask) -> None:
    from servicedesk.infra.db import install_sqlite_pragmas

    install_sqlite_pragmas(app)


def register_i18n(app: Flask) -> None:
    from servicedesk.infra.i18n import init_i18n

    init_i18n(app)


def register_blueprints(app: Flask) -> None:
    from servicedesk import api
    from servicedesk.boundary.urls import install_converters
    from servicedesk.web import register_all

    install_converters(app)

    register_all(app)
    app.register_blueprint(api.bp)


def register_notifications(app: Flask) -> None:
    from servicedesk.domain.mail.notifications import register

    register(app)


def register_errors(app: Flask) -> None:
    from servicedesk.web.errors import register_error_handlers

    register_error_handlers(app)


def register_security_headers(app: Flask) -> None:
    from servicedesk.web.security import add_security_headers

    app.after_request(add_security_headers)


def register_cli(app: Flask) -> None:
    from servicedesk.cli import register_commands

    register_commands(app)


def register_template_helpers(app: Flask) -> None:
    from servicedesk.web.helpers import register_helpers

    register_helpers(app)


def register_search() -> None:
    from servicedesk.domain.search.index import install

    install()


def register_sla(app: Flask) -> None:
    from servicedesk.domain.security.incidents import connect as connect_security
    from servicedesk.domain.sla import connect

    connect(app)
    connect_security()


def register_major_incidents() -> None:
    from servicedesk.domain.major.incidents import connect

    connect()


def register_records() -> None:
    from servicedesk.domain.records import connect

    connect()


def register_access() -> None:
    from servicedesk.domain.access import connect

    connect()
