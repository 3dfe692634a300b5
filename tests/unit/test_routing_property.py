"""Property: whatever the rules and catalog, a case lands in exactly one active queue, and
the ticket is told why."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicedesk.domain.routing.engine import (
    CaseFacts,
    CatalogFacts,
    QueueFacts,
    RuleSpec,
    ServiceFacts,
    decide_route,
)
from tests.explained import swedish

QUEUE_IDS = st.integers(min_value=1, max_value=8)
UNIT_IDS = st.integers(min_value=1, max_value=4)
SERVICE_IDS = st.integers(min_value=1, max_value=6)
TYPES = st.sampled_from(["incident", "service_request"])
CHANNELS = st.sampled_from(["portal", "email", "phone", "api"])
WORDS = st.sampled_from(["lösenord", "konto låst", "skrivare", "(", ".*", "Å"])
# Built once: a strategy made inside a composite is built and validated again at every
# draw, which cost more than the routing under test. The values drawn are the same.
BOOLS = st.booleans()
MAYBE_UNIT = st.none() | UNIT_IDS
MAYBE_SERVICE = st.none() | SERVICE_IDS
SERVICE_QUEUE = st.none() | QUEUE_IDS | st.just(99)
CENTRAL_IDS = st.integers(min_value=9, max_value=12)
QUEUE_SETS = st.sets(QUEUE_IDS, max_size=8)
SERVICE_SETS = st.sets(SERVICE_IDS, max_size=6)
RULE_IDS = st.integers(1, 1000)
RULE_NAMES = st.text(min_size=1, max_size=10)
TARGETS = st.integers(1, 14)
MAYBE_TYPE = st.none() | TYPES
MAYBE_CHANNEL = st.none() | CHANNELS
MAYBE_PRIORITY = st.none() | st.integers(1, 4)
TITLE_WORDS = st.lists(WORDS, max_size=2)
MAYBE_TAG = st.none() | st.just("akut")


@st.composite
def catalogs(draw) -> CatalogFacts:
    queues = {
        qid: QueueFacts(qid, f"Kö {qid}", draw(BOOLS), draw(BOOLS)) for qid in draw(QUEUE_SETS)
    }
    # The admin pages guarantee an active central desk: the fallback always exists.
    central_id = draw(CENTRAL_IDS)
    queues[central_id] = QueueFacts(central_id, "Servicedesk", True, True)
    services = {
        sid: ServiceFacts(
            sid,
            f"Tjänst {sid}",
            draw(MAYBE_UNIT),
            "Enhet",
            draw(BOOLS),
            draw(SERVICE_QUEUE),
            draw(BOOLS),
            draw(BOOLS),
        )
        for sid in draw(SERVICE_SETS)
    }
    return CatalogFacts(queues, services)


@st.composite
def rules(draw) -> RuleSpec:
    return RuleSpec(
        id=draw(RULE_IDS),
        name=draw(RULE_NAMES),
        target_queue_id=draw(TARGETS),
        active=draw(BOOLS),
        ticket_type=draw(MAYBE_TYPE),
        service_id=draw(MAYBE_SERVICE),
        owner_unit_id=draw(MAYBE_UNIT),
        requester_unit_id=draw(MAYBE_UNIT),
        channel=draw(MAYBE_CHANNEL),
        priority=draw(MAYBE_PRIORITY),
        title_words=tuple(draw(TITLE_WORDS)),
        tag=draw(MAYBE_TAG),
    )


cases = st.builds(
    CaseFacts,
    ticket_type=TYPES,
    service_id=st.none() | SERVICE_IDS,
    requester_unit_id=st.none() | UNIT_IDS,
    channel=CHANNELS,
    priority=st.integers(1, 4),
    title=st.text(max_size=40) | WORDS,
)


@settings(max_examples=400, deadline=None)
@given(
    case=cases,
    rule_list=st.lists(rules(), max_size=12, unique_by=lambda r: r.id),
    catalog=catalogs(),
)
def test_every_case_lands_in_one_active_queue_with_a_reason(case, rule_list, catalog):
    decided = decide_route(case, rule_list, catalog)
    queue = catalog.queues[decided.queue_id]
    assert queue.active
    said = swedish(decided.reason)
    assert said.strip() and decided.reason["code"].startswith("route_")
    assert said.endswith(f"→ {queue.name}")
    if decided.rule_id is not None:
        matched = next(r for r in rule_list if r.id == decided.rule_id and r.active)
        assert catalog.queues[matched.target_queue_id].active
        service = catalog.services.get(case.service_id)
        if service is not None and service.restricted:
            assert decided.queue_id == service.queue_id
