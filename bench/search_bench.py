"""Time full-text search as users feel it: whole pages and API calls through gunicorn.

1. `--prepare --tickets N`: seed N tickets (bench/seed.py), give them varied text (a
   vocabulary of ~1,085 Swedish compound words at three frequencies: each common word in
   ~1/7 of the titles, each medium one in ~1 %, each rare one in ~0.1 %; the seed's replies
   "Vi tittar på det." are in every ticket, a third of them as internal notes), then build
   the index with `rebuild` (what `flask search reindex` runs) and time it.
2. Serve with gunicorn (2 sync workers, bench/pages_bench.py) and time each search below,
   median and p95 over `--runs` requests, as the bench agent (a member of every queue, so
   the visibility rule is evaluated, not skipped) and as an employee (own cases only, API).

    .venv/bin/python bench/search_bench.py --url sqlite:////tmp/search100k.db --prepare --tickets 100000
    .venv/bin/python bench/search_bench.py --url sqlite:////tmp/search100k.db --runs 30
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages_bench import (  # noqa: E402
    api_token,
    login,
    serve,
    summary,
    timed_gets,
    worker_cpu_seconds,
    worker_memory,
)
from bench.seed import REQUESTER  # noqa: E402

_PREFIXES = (
    "skol lön e-post vård bygg karta ekonomi bokning elev närvaro journal personal "
    "telefon nät server konto behörighet utskrift dator skärm mobil kalender intranät "
    "faktura budget semester betyg schema lärplattform kopiator projektor licens "
    "backup brandvägg certifikat"
)
_NOUNS = (
    "fel problem avbrott fråga beställning ändring rapport lista mapp fil system "
    "sida modul tjänst inloggning lösenord behörighet uppdatering export import "
    "kö post kabel router dockning skrivare adapter laddare ljud bild video"
)
WORDS = [f"{p}{n}" for p in _PREFIXES.split() for n in _NOUNS.split()]  # 35 x 31 = 1,085
COMMON, MEDIUM = 7, 101  # title words: ~14 % and ~1 % of the tickets each
RARE = len(WORDS) - COMMON - MEDIUM  # 977 words: ~0.1 % each


def vary_text(url: str) -> None:
    """Titles and descriptions from WORDS, by SQL only (a words table and the ticket id)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_word"))
        conn.execute(text("CREATE TABLE bench_word (i INTEGER PRIMARY KEY, w TEXT NOT NULL)"))
        conn.execute(
            text("INSERT INTO bench_word (i, w) VALUES (:i, :w)"),
            [{"i": i, "w": w} for i, w in enumerate(WORDS)],
        )

        def word(expr: str) -> str:
            return f"(SELECT w FROM bench_word WHERE i = {expr})"

        common = word(f"ticket.id % {COMMON}")
        medium = word(f"{COMMON} + ticket.id % {MEDIUM}")
        # (id mod m) * k mod m = id * k mod m, without passing a 32-bit integer at 1M ids
        rare = word(f"{COMMON + MEDIUM} + ((ticket.id % {RARE}) * 7919) % {RARE}")
        extra = word(f"(ticket.id * 31) % {len(WORDS)}")
        conn.execute(
            text(
                f"UPDATE ticket SET title = {common} || ' ' || {medium} || ' ' || {rare}, "
                f"description = 'Felet gäller ' || {extra} || '. Det började i morse och "
                "skrivaren på plan 2 skriver inte ut.'"
            )
        )
        conn.execute(text("DROP TABLE bench_word"))
    engine.dispose()


def build_index(url: str) -> None:
    from config import TestingConfig
    from servicedesk import create_app
    from servicedesk.domain.search.index import rebuild
    from servicedesk.infra.extensions import db

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        started = time.perf_counter()
        counts = rebuild(db.session.connection())
        db.session.commit()
        took = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(db.text("VACUUM ANALYZE search_document"))
        else:
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        print(f"index built in {took:.0f} s: {counts}")
        db.engine.dispose()


def searches() -> dict[str, tuple[str, str]]:
    """name -> (who, path): `agent` pages and API calls, `employee` API calls."""
    rare, medium, common = WORDS[COMMON + MEDIUM + 5], WORDS[COMMON + 3], WORDS[2]
    q = quote
    return {
        f"page: rare word ({rare})": ("agent", f"/desk/find?q={q(rare)}"),
        f"page: medium word ({medium})": ("agent", f"/desk/find?q={q(medium)}"),
        f"page: common word ({common})": ("agent", f"/desk/find?q={q(common)}"),
        "page: in every ticket (tittar)": ("agent", "/desk/find?q=tittar"),
        "page: two words": ("agent", f"/desk/find?q={q(common + ' ' + medium)}"),
        "page: stem (schemat -> schema*)": ("agent", "/desk/find?q=schemat"),
        "page: operators typed": ("agent", f"/desk/find?q={q(chr(34) + rare + '* OR -(')}"),
        "page: filtered (tickets, closed)": (
            "agent",
            f"/desk/find?q={q(common)}&kind=ticket&status=closed",
        ),
        "page: page 5 of one kind": ("agent", f"/desk/find?q={q(medium)}&kind=ticket&page=5"),
        "API: medium word": ("agent", f"/api/v1/search?q={q(medium)}"),
        "API: in every ticket": ("agent", "/api/v1/search?q=tittar"),
        "API: reference INC-000302": ("agent", "/api/v1/search?q=INC-000302"),
        "API employee: common word": ("employee", f"/api/v1/search?q={q(common)}"),
        "API employee: internal-note word": ("employee", "/api/v1/search?q=tittar"),
    }


def run(url: str, runs: int, port: int) -> None:
    tokens = {"agent": api_token(url), "employee": api_token(url, REQUESTER)}
    with serve(url, port) as proc:
        conn, cookie, _ = login(port)
        print(f"gunicorn 2 workers, {url.split('://')[0]}")
        for name, (who, path) in searches().items():
            headers = {"Authorization": f"Bearer {tokens[who]}"}
            if who == "agent" and not path.startswith("/api/"):
                headers = {"Cookie": cookie}
            cpu = worker_cpu_seconds(proc)
            samples = timed_gets(conn, path, headers, runs)
            cpu_ms = (worker_cpu_seconds(proc) - cpu) * 1000 / (runs + 3)
            print(f"  {name:44s} {summary(samples)}   server CPU {cpu_ms:6.1f} ms/req")
        worker_memory(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--prepare", action="store_true", help="seed, vary the text, index")
    parser.add_argument(
        "--index-only", action="store_true", help="vary the text and index a seeded database"
    )
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--port", type=int, default=5191)
    args = parser.parse_args()
    if args.prepare or args.index_only:
        if args.prepare:
            from bench.seed import seed

            seed(args.url, args.tickets)
        started = time.perf_counter()
        vary_text(args.url)
        print(f"text varied in {time.perf_counter() - started:.0f} s")
        build_index(args.url)
    run(args.url, args.runs, args.port)


if __name__ == "__main__":
    main()
