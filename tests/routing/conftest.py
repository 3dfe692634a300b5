"""Factories for routing rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from servicedesk.infra.extensions import db
from servicedesk.models import Queue, RoutingRule


@pytest.fixture
def make_rule(app) -> Callable[..., RoutingRule]:
    counter = {"n": 0}

    def make(name: str, target: Queue, **kw) -> RoutingRule:
        counter["n"] += 1
        rule = RoutingRule(
            name=name, target_queue=target, position=kw.pop("position", counter["n"]), **kw
        )
        db.session.add(rule)
        db.session.flush()
        return rule

    return make
