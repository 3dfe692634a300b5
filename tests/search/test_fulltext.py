"""Full-text search on both databases: Swedish stems, ranking, snippets, internal notes for
staff only, filters, and any typed text read as words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from servicedesk.domain.changes.problems import create_problem
from servicedesk.domain.search import search
from servicedesk.domain.search.index import rebuild
from servicedesk.domain.search.matching import Filters
from servicedesk.domain.search.words import query_terms, stem
from servicedesk.domain.tickets.lifecycle import add_comment, update_ticket
from servicedesk.infra.extensions import db
from servicedesk.models import SearchDocument


def _ids(result, kind="ticket"):
    return [hit.id for group in result.groups if group.kind == kind for hit in group.items]


def test_swedish_stems_meet():
    assert stem("schemat") == stem("schema") == "schem"
    assert stem("skrivaren") == stem("skrivarna") == stem("skrivare")
    # stop words are left out, operators are words
    assert [t for _, t in query_terms('"schemat" visas inte OR (NEAR*')] == [
        "schem",
        "vis",
        "or",
        "near",
    ]


def test_schemat_finds_schema_and_scheman_in_title_or_description(org, file_ticket):
    in_description = file_ticket(
        service=org.email, title="Fel i Skola24", description="Schemat visas inte för klass 7B."
    )
    plural = file_ticket(service=org.email, title="Scheman saknas", description="Alla klasser.")
    singular = file_ticket(service=org.email, title="Ett schema är tomt", description="–")
    file_ticket(service=org.email, title="Skrivaren", description="Skriver inte ut.")
    result = search(org.agent, "schemat")
    assert set(_ids(result)) == {in_description.id, plural.id, singular.id}
    # the description match is marked in its snippet
    hit = next(h for h in result.groups[0].items if h.id == in_description.id)
    assert "<mark>Schemat</mark> visas inte" in hit.snippet
    assert hit.snippet_source == "body"


def test_title_ranks_above_description(org, file_ticket):
    body = file_ticket(service=org.email, title="Problem", description="Projektorn i aula blinkar")
    title = file_ticket(service=org.email, title="Projektorn blinkar", description="I aulan.")
    assert _ids(search(org.agent, "projektorn")) == [title.id, body.id]


def test_every_word_must_match(org, file_ticket):
    both = file_ticket(service=org.email, title="Skrivaren på plan 2", description="Papper fast")
    file_ticket(service=org.email, title="Skrivaren på plan 3", description="Slut på toner")
    assert _ids(search(org.agent, "skrivaren papper")) == [both.id]


def test_public_replies_match_for_the_requester_internal_notes_for_staff_only(
    org, file_ticket, now
):
    ticket = file_ticket(service=org.email, title="Kan inte logga in", description="Hjälp")
    add_comment(ticket, org.agent, "Vi har återställt ditt konto i katalogen.", now=now)
    add_comment(
        ticket, org.agent, "Misstänkt nätfiske, kolla brandväggsloggen.", internal=True, now=now
    )
    db.session.commit()
    # the public reply: found by the requester and by staff
    assert _ids(search(org.employee, "katalogen")) == [ticket.id]
    assert _ids(search(org.agent, "katalogen")) == [ticket.id]
    # the internal note: staff who work the ticket only, and never counted for the requester
    hit = search(org.agent, "nätfiske").groups[0].items[0]
    assert hit.id == ticket.id and hit.snippet_source == "staff_body"
    assert "<mark>nätfiske</mark>" in hit.snippet
    assert search(org.employee, "nätfiske").total == 0
    # a word of the note with one of the public text: the requester still finds nothing
    assert search(org.employee, "logga nätfiske").total == 0


def test_the_note_of_a_ticket_one_may_see_but_not_work_does_not_match(org, file_ticket, now):
    # the SOC agent filed a ticket in the central queue: they see it (as its requester) but
    # do not work it, so its internal notes are not theirs to search
    ticket = file_ticket(requester=org.soc_agent, service=org.email, title="Min skärm")
    add_comment(ticket, org.agent, "Beställ ny skärm från leverantören.", internal=True, now=now)
    db.session.commit()
    assert search(org.soc_agent, "skärm").total == 1
    assert search(org.soc_agent, "leverantören").total == 0
    assert search(org.agent, "leverantören").total == 1


def test_the_index_follows_edits_and_rollbacks(org, file_ticket, now):
    ticket = file_ticket(service=org.email, title="Skrivaren strular")
    update_ticket(ticket, org.agent, title="Kopiatorn strular", now=now)
    db.session.commit()
    assert search(org.agent, "skrivaren").total == 0
    assert _ids(search(org.agent, "kopiatorn")) == [ticket.id]
    add_comment(ticket, org.agent, "Tonerkassetten byttes.", now=now)
    db.session.rollback()
    assert search(org.agent, "tonerkassetten").total == 0


def test_a_hidden_ticket_is_never_counted_and_filters_apply(org, file_ticket, now):
    care = file_ticket(requester=org.other_employee, service=org.care, title="Journalen låser")
    mail = file_ticket(service=org.email, title="Journalen i e-posten")
    school = file_ticket(service=org.school, title="Journalen i skolan")
    result = search(org.agent, "journalen")  # the central queue: not care's, not school's
    assert _ids(result) == [mail.id] and result.total == 1
    assert _ids(search(org.soc_agent, "journalen")) == [care.id]
    assert search(org.admin, "journalen").total == 3
    only_mail = search(org.admin, "journalen", filters=Filters(service_id=org.email.id))
    assert _ids(only_mail) == [mail.id]
    assert search(org.admin, "journalen", filters=Filters(status="resolved")).total == 0
    new = search(org.admin, "journalen", filters=Filters(status="new"))
    assert set(_ids(new)) == {mail.id, school.id, care.id}


def test_problems_match_on_their_text(org, now):
    problem = create_problem(
        org.agent, title="Inloggning faller", description="Certifikatet har gått ut", now=now
    )
    db.session.commit()
    result = search(org.agent, "certifikatet")
    assert [(g.kind, [h.id for h in g.items]) for g in result.groups] == [("problem", [problem.id])]
    assert search(org.employee, "certifikatet").total == 0


def test_rebuild_writes_the_same_index(org, file_ticket, now):
    ticket = file_ticket(service=org.email, title="Skärmen flimrar", description="Hela tiden")
    add_comment(ticket, org.agent, "Byt kabel.", internal=True, now=now)
    db.session.commit()
    before = db.session.scalars(select(SearchDocument).order_by(SearchDocument.object_id)).all()
    before = [(d.kind, d.object_id, d.title, d.body, d.staff_body) for d in before]
    counts = rebuild(db.session.connection())
    db.session.commit()
    assert counts["ticket"] == 1
    after = db.session.scalars(select(SearchDocument).order_by(SearchDocument.object_id)).all()
    assert [(d.kind, d.object_id, d.title, d.body, d.staff_body) for d in after] == before
    assert _ids(search(org.agent, "kabel")) == [ticket.id]
    assert _ids(search(org.agent, "flimrar")) == [ticket.id]


def test_snippets_are_escaped(org, file_ticket):
    file_ticket(
        service=org.email, title="Fel", description='<script>alert("x")</script> routern brinner'
    )
    hit = search(org.agent, "routern").groups[0].items[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>routern</mark>" in hit.snippet


TYPED = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                '"',
                "*",
                "-",
                "OR",
                "AND",
                "NOT",
                "NEAR",
                "(",
                ")",
                ":",
                "^",
                "{",
                "}",
                "'",
                "\\",
                "&",
                "|",
                "!",
                "<->",
                "schemat",
                "skrivaren",
                "a",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=TYPED)
def test_any_typed_text_is_words_and_never_raises(org, file_ticket, typed):
    if not db.session.scalar(select(SearchDocument.id).limit(1)):
        file_ticket(service=org.email, title="Schemat och skrivaren", description="NEAR OR (x)")
    for kind in (None, "ticket", "change"):
        result = search(org.agent, typed, kind)
        assert result.total >= 0
        result = search(org.employee, typed, kind)
        assert all(group.kind == "ticket" for group in result.groups)
    db.session.rollback()


def test_a_word_in_very_many_cases_is_counted_to_the_cap_and_the_newest_ranked(
    org, file_ticket, monkeypatch
):
    from servicedesk.domain.search import matching

    monkeypatch.setattr(matching, "COUNT_CAP", 3)
    monkeypatch.setattr(matching, "CANDIDATES", 3)
    made = [file_ticket(service=org.email, title=f"Skrivaren {n}") for n in range(5)]
    # the oldest has the word twice: it would rank first, but is not among the newest three
    made[0].description = "skrivaren skrivaren skrivaren"
    db.session.commit()
    result = search(org.agent, "skrivaren", per_page=2)
    group = result.groups[0]
    assert (group.total, group.more, result.more) == (3, True, True)
    assert [h.id for h in group.items] == [made[4].id, made[3].id]  # equal rank: newest
    second = search(org.agent, "skrivaren", "ticket", 2, per_page=2).groups[0]
    assert [h.id for h in second.items] == [made[2].id]
    monkeypatch.setattr(matching, "COUNT_CAP", 10)
    assert search(org.agent, "skrivaren").groups[0].more is False
