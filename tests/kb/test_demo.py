"""The demo's knowledge base: what a new user tries first works on it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from servicedesk.demo import load_demo
from servicedesk.domain.kb.report import kb_report
from servicedesk.domain.kb.search import search_articles
from servicedesk.infra.extensions import db
from servicedesk.models import Article, User


def person(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@tanum.example"))


def test_the_demo_answers_lösenord_and_schemat_and_hides_its_draft(app, now):
    assert load_demo(ticket_count=20, now=now)
    db.session.commit()
    teacher = person("larare")
    assert [a.title_sv for a in search_articles(teacher, "lösenord")][:1] == ["Byt lösenord"]
    assert [a.title_sv for a in search_articles(teacher, "schemat")][:1] == ["Schemat visas inte"]
    english = search_articles(person("employee"), "password")
    assert english and english[0].title_en == "Change your password"
    assert search_articles(teacher, "behörighetsbeställning rutin") == []
    admin = person("admin")
    drafts = search_articles(admin, "behörighetsbeställning", published_only=False)
    assert [a.state for a in drafts] == ["draft"]
    report = kb_report(person("itchef"), start=now - timedelta(days=30), end=now + timedelta(1))
    assert report.total.deflection == 1 and report.total.view == 8
    # Every demo article reads in English too, whole: no English title without its text.
    articles = list(db.session.scalars(select(Article)))
    assert articles and all(a.title_en and len(a.body_en) > 40 for a in articles)


def test_a_printer_query_suggests_the_printer_article_and_nothing_about_passwords(app, now):
    """ "Byt lösenord" says "Skriv ett nytt lösenord" and "Logga ut": an OR of every word
    (and "ut" not a stop word) made it a suggestion for a printer that does not print."""
    assert load_demo(ticket_count=20, now=now)
    db.session.commit()
    teacher = person("larare")
    for typed in ("skrivaren skriver inte ut", "Skrivaren på plan 2 skriver inte ut"):
        found = search_articles(teacher, typed, suggest=True)
        assert [a.title_sv for a in found] == ["Skrivaren skriver inte ut"], typed
        # the knowledge base's own search lists every match, the printer article first
        assert [a.title_sv for a in search_articles(teacher, typed)][:1] == [found[0].title_sv]
    for typed in ("lösenordet", "Glömt lösenordet", "lösenord"):
        found = search_articles(teacher, typed, suggest=True)
        assert [a.title_sv for a in found][:1] == ["Byt lösenord"], typed
    assert search_articles(teacher, "inte ut", suggest=True) == []  # stop words only
