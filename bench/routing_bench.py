"""Cost of one routing decision with 200 rules (target: under 1 ms).

The decision is the pure `decide_route` over plain data, so its cost depends on the
number of rules and never on the number of tickets. The worst case is measured: no rule
matches (every rule is tried, each with a title-word condition), then the catalog decides.

    .venv/bin/python bench/routing_bench.py [--rules 200] [--runs 20000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from servicedesk.domain.routing.engine import (  # noqa: E402
    CaseFacts,
    CatalogFacts,
    QueueFacts,
    RuleSpec,
    ServiceFacts,
    decide_route,
)


def build(rule_count: int) -> tuple[CaseFacts, list[RuleSpec], CatalogFacts]:
    queues = {
        i: QueueFacts(i, f"Kö {i}", active=i % 7 != 0, is_central=i == 1) for i in range(1, 41)
    }
    services = {
        i: ServiceFacts(i, f"Tjänst {i}", i % 9, f"Enhet {i % 9}", queue_id=1 + i % 40)
        for i in range(1, 201)
    }
    rules = [
        RuleSpec(
            id=i,
            name=f"Regel {i}",
            target_queue_id=1 + i % 40,
            channel="phone" if i % 3 == 0 else None,
            requester_unit_id=i % 9 if i % 4 == 0 else None,
            title_words=(f"ord{i}", f"fras nummer {i}"),
        )
        for i in range(rule_count)
    ]
    case = CaseFacts(
        ticket_type="incident",
        service_id=42,
        requester_unit_id=3,
        channel="phone",
        priority=2,
        title="Skrivaren på plan två skriver ut tomma sidor sedan i morse",
    )
    return case, rules, CatalogFacts(queues, services)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument(
        "--with-db",
        action="store_true",
        help="also time route_ticket's loading (SQLite) with 0 and 20,000 tickets",
    )
    args = parser.parse_args()
    if args.with_db:
        from bench.routing_db_bench import run as run_db

        run_db(args.rules, runs=max(50, args.runs // 100))
    case, rules, catalog = build(args.rules)
    decision = decide_route(case, rules, catalog)
    assert decision.rule_id is None, "the benchmark case must try every rule"
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        decide_route(case, rules, catalog)
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    median = statistics.median(samples) / 1000
    p99 = samples[int(len(samples) * 0.99)] / 1000
    print(f"rules={args.rules} runs={args.runs}")
    print(f"median {median:.1f} µs, p99 {p99:.1f} µs per decision (target < 1000 µs)")
    print(f"decision: {decision.reason}")


if __name__ == "__main__":
    main()
