"""Articles in the one search (domain/search): found by Swedish stems in either language,
behind the article rule — a draft is never found, nor counted, by an employee."""

from __future__ import annotations

from servicedesk.domain.search import search


def _articles(result):
    return [hit for group in result.groups if group.kind == "article" for hit in group.items]


def test_published_article_found_by_stem_with_its_reference(org, make_article):
    article = make_article("Byt lösenordet", "Gå till Mitt konto och välj Byt lösenord.")
    hits = _articles(search(org.agent, "lösenord"))
    assert [(h.id, h.reference) for h in hits] == [(article.id, article.reference)]
    assert "<mark>" in hits[0].snippet


def test_draft_is_neither_found_nor_counted_for_an_employee(org, make_article):
    make_article("Skrivaren på plan 2 skriver inte", "Starta om skrivaren.", state="draft")
    employee = search(org.employee, "skrivaren", "article")
    assert _articles(employee) == []
    assert employee.total == 0
    # its writer finds the draft
    assert len(_articles(search(org.admin, "skrivaren", "article"))) == 1


def test_staff_article_is_not_found_by_an_employee(org, make_article):
    make_article("Återställa MFA för en användare", "Intern rutin.", audience="staff")
    assert _articles(search(org.employee, "mfa")) == []
    assert len(_articles(search(org.agent, "mfa"))) == 1
