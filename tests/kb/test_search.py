"""Article search: Swedish word forms meet, typed operators are words, visibility holds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicedesk.domain.kb.articles import update_article
from servicedesk.domain.kb.search import query_words, search_articles
from servicedesk.domain.search.words import stem
from servicedesk.infra.extensions import db


def titles(found) -> list[str]:
    return [a.title_sv for a in found]


def test_swedish_word_forms_find_the_article(org, now, make_article):
    make_article("Byt lösenord", "Så byter du lösenordet till ditt konto.", service=org.email)
    make_article("Schemat visas inte", "Om schemat i Skolplattformen är tomt.", service=org.school)
    make_article("Skrivaren skriver inte ut", "Starta om skrivaren.")
    assert titles(search_articles(org.employee, "lösenord")) == ["Byt lösenord"]
    assert titles(search_articles(org.employee, "lösenordet")) == ["Byt lösenord"]
    assert titles(search_articles(org.employee, "lösen")) == ["Byt lösenord"]  # still typing
    assert titles(search_articles(org.employee, "schemat visas inte")) == ["Schemat visas inte"]
    assert titles(search_articles(org.employee, "Skolplattformens schema"))[0] == (
        "Schemat visas inte"
    )
    assert search_articles(org.employee, "inte") == []  # a stop word finds nothing


def test_a_title_match_ranks_above_a_body_match_and_the_service_first(org, now, make_article):
    make_article("Koppla upp mot wifi", "Skrivaren behövs inte.")
    make_article("Skrivaren skriver inte ut", "Starta om den.")
    make_article("Skrivaren i skolan", "Skolans skrivare.", service=org.school)
    found = titles(search_articles(org.employee, "skrivaren"))
    assert len(found) == 3 and found[-1] == "Koppla upp mot wifi"
    assert titles(search_articles(org.employee, "skrivaren", service_id=org.school.id))[0] == (
        "Skrivaren i skolan"
    )


def test_the_index_follows_each_save(org, now, make_article):
    article = make_article("Byt lösenord", "Gå till Mitt konto.")
    update_article(article, org.admin, {"title_sv": "Nytt konto", "body_sv": "Ansök."}, now=now)
    db.session.commit()
    assert search_articles(org.employee, "lösenord") == []
    assert titles(search_articles(org.employee, "konto")) == ["Nytt konto"]


def test_search_never_shows_drafts_or_internal_articles_to_employees(org, now, make_article):
    make_article("Lösenord (utkast)", state="draft")
    make_article("Lösenord för personal", audience="staff")
    assert search_articles(org.employee, "lösenord") == []
    assert titles(search_articles(org.agent, "lösenord")) == ["Lösenord för personal"]
    writers = search_articles(org.admin, "lösenord", published_only=False, limit=10)
    assert sorted(titles(writers)) == ["Lösenord (utkast)", "Lösenord för personal"]


def test_words_drop_operators():
    assert query_words('"lösenord" OR -konto* NEAR(a b') == ["lösenord", "konto", "near", "b"]
    assert stem("lösenorden") == "lösenord" and stem("schemat") == stem("schema")


OPERATORS = st.sampled_from(['"', "*", "-", "OR", "NEAR", "(", ")", "AND", "NOT", ":", "^", "'"])
TYPED = st.lists(st.one_of(OPERATORS, st.text(max_size=12)), max_size=8).map(" ".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=TYPED)
def test_anything_typed_is_searched_as_words_and_never_raises(org, make_article, typed):
    if not getattr(org, "_kb_article", None):
        org._kb_article = make_article("Byt lösenord OR konto", 'Tryck på "Byt" (eller -).')
    found = search_articles(org.employee, typed, service_id=org.email.id)
    assert len(found) <= 5


def test_reindex_rebuilds_the_index_from_the_articles(app, org, make_article):
    from sqlalchemy import text

    make_article("Byt lösenord")
    db.session.execute(text("DELETE FROM kb_article_fts"))
    db.session.commit()
    assert search_articles(org.employee, "lösenord") == []
    result = app.test_cli_runner().invoke(args=["kb", "reindex"])
    assert result.exit_code == 0 and "1 articles indexed." in result.output
    assert titles(search_articles(org.employee, "lösenord")) == ["Byt lösenord"]
