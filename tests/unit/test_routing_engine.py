"""The pure routing decision: every condition, rule order, inactive targets, every fallback."""

from __future__ import annotations

import pytest

from servicedesk.domain.routing.engine import (
    CaseFacts,
    CatalogFacts,
    NoCentralQueue,
    QueueFacts,
    RuleSpec,
    ServiceFacts,
    decide_route,
    split_title_words,
)
from tests.explained import swedish

CENTRAL, BUF, SOC, OLD = 1, 2, 3, 4
IT_UNIT, BUF_UNIT, SOC_UNIT = 10, 20, 30
EMAIL, SCHOOL, CARE, RETIRED, ORPHAN = 100, 200, 300, 400, 500

QUEUES = {
    CENTRAL: QueueFacts(CENTRAL, "Servicedesk (IT-enheten)", True, True),
    BUF: QueueFacts(BUF, "BUF support"),
    SOC: QueueFacts(SOC, "SOC systemstöd"),
    OLD: QueueFacts(OLD, "Gamla kön", active=False),
}
SERVICES = {
    EMAIL: ServiceFacts(EMAIL, "E-post", IT_UNIT, "IT-enheten", is_common=True),
    SCHOOL: ServiceFacts(SCHOOL, "Skolplattformen", BUF_UNIT, "BUF", queue_id=BUF),
    CARE: ServiceFacts(CARE, "Vårdsystemet", SOC_UNIT, "SOC", queue_id=SOC, restricted=True),
    RETIRED: ServiceFacts(RETIRED, "Faxen", IT_UNIT, "IT-enheten", queue_id=BUF, active=False),
    ORPHAN: ServiceFacts(ORPHAN, "Gammalt system", SOC_UNIT, "SOC", queue_id=OLD),
}
CATALOG = CatalogFacts(queues=QUEUES, services=SERVICES)


def rule(rule_id: int = 1, target: int = SOC, **kw) -> RuleSpec:
    return RuleSpec(id=rule_id, name=kw.pop("name", f"R{rule_id}"), target_queue_id=target, **kw)


def case(**kw) -> CaseFacts:
    return CaseFacts(**{"service_id": SCHOOL, "title": "Något", **kw})


# (name, rule, matching case, non-matching case, phrase in the explanation)
CONDITIONS = [
    (
        "type",
        rule(ticket_type="service_request"),
        case(ticket_type="service_request"),
        case(ticket_type="incident"),
        "typen är beställning",
    ),
    (
        "service",
        rule(service_id=SCHOOL, service_name="Skolplattformen"),
        case(),
        case(service_id=EMAIL),
        "tjänsten är Skolplattformen",
    ),
    (
        "owner unit",
        rule(owner_unit_id=BUF_UNIT, owner_unit_name="BUF"),
        case(),
        case(service_id=CARE),
        "tjänsten ägs av BUF",
    ),
    (
        "owner unit, no service",
        rule(owner_unit_id=BUF_UNIT),
        case(),
        case(service_id=None),
        "tjänsten ägs av",
    ),
    (
        "requester unit",
        rule(requester_unit_id=SOC_UNIT, requester_unit_name="SOC"),
        case(requester_unit_id=SOC_UNIT),
        case(requester_unit_id=BUF_UNIT),
        "anmälaren tillhör SOC",
    ),
    (
        "channel",
        rule(channel="phone"),
        case(channel="phone"),
        case(channel="portal"),
        "kanalen är telefon",
    ),
    ("priority", rule(priority=1), case(priority=1), case(priority=2), "prioriteten är 1"),
    (
        "title word",
        rule(title_words=("lösenord",)),
        case(title="Glömt LÖSENORD igen"),
        case(title="Skrivaren"),
        "rubriken innehåller 'lösenord'",
    ),
    (
        "title phrases",
        rule(title_words=("lösenord", "konto låst")),
        case(title="Mitt Konto låst"),
        case(title="konto"),
        "rubriken innehåller 'konto låst'",
    ),
    (
        "title is literal",
        rule(title_words=(".*",)),
        case(title="a.*b"),
        case(title="anything"),
        "rubriken innehåller '.*'",
    ),
]


@pytest.mark.parametrize(
    ("name", "spec", "hit", "miss", "phrase"), CONDITIONS, ids=[c[0] for c in CONDITIONS]
)
def test_each_condition_matches_and_explains(name, spec, hit, miss, phrase):
    decided = decide_route(hit, [spec], CATALOG)
    assert decided.queue_id == SOC
    assert decided.rule_id == spec.id
    assert phrase in swedish(decided.reason)
    assert swedish(decided.reason).startswith(f"Regel '{spec.name}' (")
    assert swedish(decided.reason).endswith("→ SOC systemstöd")
    assert decide_route(miss, [spec], CATALOG).rule_id is None


def test_all_conditions_must_hold():
    spec = rule(channel="phone", priority=1)
    assert decide_route(case(channel="phone", priority=1), [spec], CATALOG).rule_id == 1
    assert decide_route(case(channel="phone", priority=2), [spec], CATALOG).rule_id is None
    reason = swedish(decide_route(case(channel="phone", priority=1), [spec], CATALOG).reason)
    assert "kanalen är telefon och prioriteten är 1" in reason


def test_rule_without_conditions_matches_everything():
    decided = decide_route(case(), [rule(name="Allt")], CATALOG)
    assert swedish(decided.reason) == "Regel 'Allt' (alla ärenden) → SOC systemstöd"


def test_first_matching_rule_wins_in_the_given_order():
    first = rule(1, target=BUF, channel="phone")
    second = rule(2, target=SOC, channel="phone")
    assert decide_route(case(channel="phone"), [first, second], CATALOG).rule_id == 1
    assert decide_route(case(channel="phone"), [second, first], CATALOG).rule_id == 2


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        (rule(1, active=False), "inactive rule"),
        (rule(1, target=OLD), "inactive target queue"),
        (rule(1, target=999), "missing target queue"),
    ],
)
def test_unusable_rules_are_skipped(spec, why):
    fallback = rule(2, target=BUF)
    assert decide_route(case(), [spec, fallback], CATALOG).rule_id == 2, why
    assert swedish(decide_route(case(), [spec], CATALOG).reason).startswith(
        "Skolplattformen ägs av"
    )


def test_rule_actions_assignee_only_when_available_and_tag():
    present = rule(assignee_id=7, assignee_available=True, tag="akut")
    away = rule(assignee_id=7, assignee_available=False)
    assert decide_route(case(), [present], CATALOG).assignee_id == 7
    assert decide_route(case(), [present], CATALOG).tag == "akut"
    assert decide_route(case(), [away], CATALOG).assignee_id is None


FALLBACKS = [
    (SCHOOL, BUF, "Skolplattformen ägs av BUF → BUF support"),
    (EMAIL, CENTRAL, "E-post är en kommungemensam tjänst → Servicedesk (IT-enheten)"),
    (None, CENTRAL, "Ingen tjänst angiven → Servicedesk (IT-enheten)"),
    (RETIRED, CENTRAL, "Faxen är avvecklad → Servicedesk (IT-enheten)"),
    (ORPHAN, CENTRAL, "Gammalt system saknar aktiv supportkö → Servicedesk (IT-enheten)"),
    (12345, CENTRAL, "Okänd tjänst → Servicedesk (IT-enheten)"),
]


@pytest.mark.parametrize(("service_id", "queue_id", "reason"), FALLBACKS)
def test_catalog_default_and_every_fallback(service_id, queue_id, reason):
    decided = decide_route(case(service_id=service_id), [], CATALOG)
    assert (decided.queue_id, swedish(decided.reason), decided.rule_id) == (queue_id, reason, None)


def test_lowest_id_active_central_queue_is_the_fallback():
    queues = {
        **QUEUES,
        CENTRAL: QueueFacts(CENTRAL, "Stängd", active=False, is_central=True),
        9: QueueFacts(9, "Reservdesk", is_central=True),
    }
    decided = decide_route(case(service_id=None), [], CatalogFacts(queues, SERVICES))
    assert decided.queue_id == 9


def test_no_active_central_queue_is_a_setup_error():
    queues = {BUF: QUEUES[BUF]}
    with pytest.raises(NoCentralQueue):
        decide_route(case(service_id=None), [], CatalogFacts(queues, SERVICES))


def test_title_words_are_split_on_commas_and_trimmed():
    assert split_title_words(" lösenord,  konto låst ,,") == ("lösenord", "konto låst")
    assert split_title_words(None) == ()


def test_rule_cannot_move_a_restricted_service_out_of_its_queue():
    away = rule(1, target=CENTRAL, title_words=("journal",))
    own = rule(2, target=SOC, title_words=("journal",), name="Egen")
    decided = decide_route(case(service_id=CARE, title="journal"), [away], CATALOG)
    assert decided.queue_id == SOC and decided.rule_id is None
    decided = decide_route(case(service_id=CARE, title="journal"), [away, own], CATALOG)
    assert decided.rule_id == 2
