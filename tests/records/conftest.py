"""Fixtures for public records: three authorities over the standard organisation (the
education committee owns BUF, the social committee SOC, the municipal board the rest)."""

from __future__ import annotations

import pytest

from servicedesk.domain.records.authorities import save_authority
from servicedesk.infra.extensions import db
from tests.api.conftest import api_as, conforms  # noqa: F401  (the API's own fixtures)


class Authorities:
    def __init__(self, org, now, make_user):
        self.org = org
        self.ks = save_authority(
            org.admin, None, name="Kommunstyrelsen", unit_ids=[org.municipality.id], now=now
        )
        self.bun = save_authority(
            org.admin,
            None,
            name="Barn- och utbildningsnämnden",
            short_name="BUN",
            archive_code="BUN-TK",
            unit_ids=[org.buf.id],
            now=now,
        )
        self.sn = save_authority(
            org.admin, None, name="Socialnämnden", unit_ids=[org.soc.id], now=now
        )
        self.registrar = make_user("Rut Registrator", {"agent"}, org.buf)
        save_authority(
            org.admin,
            self.bun,
            name=self.bun.name,
            short_name="BUN",
            archive_code="BUN-TK",
            unit_ids=[org.buf.id],
            registrar_ids=[self.registrar.id],
            now=now,
        )
        db.session.commit()


@pytest.fixture
def authorities(org, now, make_user) -> Authorities:
    return Authorities(org, now, make_user)


@pytest.fixture
def provision(authorities, org, now):
    from servicedesk.domain.records.secrecy import save_provision

    found = save_provision(
        org.admin,
        None,
        code="26:1",
        title="Socialtjänst: enskildas personliga förhållanden",
        now=now,
    )
    db.session.commit()
    return found


@pytest.fixture
def rule(authorities, org, now):
    """Incidents of the education committee: thinned 2 years after closing."""
    from servicedesk.domain.records.retention import save_rule

    made = save_rule(
        org.admin,
        None,
        authority=authorities.bun,
        record_kind="incident",
        years=2,
        decision_ref="BUN 2025/12",
        now=now,
    )
    db.session.commit()
    return made
