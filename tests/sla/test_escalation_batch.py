"""Escalations in bulk: a mail shape is rendered once and the values put in, and every mail is
exactly what rendering its templates for that timer, ticket and recipient gives."""

from __future__ import annotations

from datetime import timedelta

from servicedesk.domain.sla import escalation
from servicedesk.domain.sla.watcher import tick
from servicedesk.infra.extensions import db
from servicedesk.models import SlaTimer, Ticket, User
from tests.sla.conftest import local

THU = local(2026, 11, 26, 9)
NASTY = ['Skrivare <b>"trasig"</b> & 100 % ute', "{{ 7*7 }} %(ref)s </td><script>x</script>"]


def test_batched_mails_equal_rendered_mails(sla, org, file_ticket, make_user, monkeypatch):
    english = make_user("Eve <English> & Co", {"agent"}, org.it, [org.central], locale="en")
    org.central.lead = english
    db.session.commit()
    tickets = [file_ticket(impact=1, urgency=1, now=THU, title=NASTY[i % 2]) for i in range(4)]
    renders = {"n": 0}
    real = escalation.render_template

    def counting(*args, **kwargs):
        renders["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(escalation, "render_template", counting)
    tick(now=THU + timedelta(days=1))
    db.session.commit()
    rendered = renders["n"]
    mails = sla.mails()
    assert len(mails) >= 8
    for mail in mails:
        timer_id, kind, user_id = mail.key.split(":")[1:]
        timer = db.session.get(SlaTimer, int(timer_id))
        ticket = db.session.get(Ticket, timer.ticket_id)
        user = db.session.get(User, int(user_id))
        assert (mail.subject, mail.body_text, mail.body_html) == escalation.render(
            timer, ticket, kind, user
        )
    assert {t.id for t in tickets} == {m.ticket_id for m in mails}
    assert any("&lt;b&gt;" in m.body_html for m in mails)  # escaped as Jinja would
    assert any("<b>" in m.body_text for m in mails)  # plain text stays plain
    # two templates per shape, and again for the first mail of each shape (the check): not
    # two per mail
    shapes = {
        (
            m.kind,
            db.session.get(User, m.recipient_id).locale,
            m.key.split(":")[1] and db.session.get(SlaTimer, int(m.key.split(":")[1])).kind,
        )
        for m in mails
    }
    assert rendered == 4 * len(shapes) < 2 * len(mails)


def test_a_shape_the_markers_cannot_fill_is_rendered_per_mail(sla, org, file_ticket, monkeypatch):
    file_ticket(impact=1, urgency=1, now=THU, title="Första")
    file_ticket(impact=1, urgency=1, now=THU, title="Andra")
    real = escalation.render_template

    def upper_title(name, **context):  # a template that changes the title it is given
        context["ticket"].title = str(context["ticket"].title).upper()
        try:
            return real(name, **context)
        finally:
            context["ticket"].title = context["ticket"].title.title()

    monkeypatch.setattr(escalation, "render_template", upper_title)
    tick(now=THU + timedelta(days=1))
    bodies = [m.body_text for m in sla.mails("sla_breach")]
    assert any("FÖRSTA" in b for b in bodies) and any("ANDRA" in b for b in bodies)
