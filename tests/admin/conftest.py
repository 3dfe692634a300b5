"""Admin test helpers."""

from __future__ import annotations

import pytest

from servicedesk.infra.extensions import db
from servicedesk.models import RoutingRule


@pytest.fixture
def make_rule_db(org):
    def make(name: str = "Regel", **kw) -> RoutingRule:
        rule = RoutingRule(name=name, target_queue=kw.pop("target", org.central), position=1, **kw)
        db.session.add(rule)
        db.session.commit()
        return rule

    return make


@pytest.fixture(autouse=True)
def english_admin(org):
    """Assert on the English msgids; the Swedish catalog is checked by tests/test_i18n.py."""
    org.admin.locale = "en"
    db.session.commit()
