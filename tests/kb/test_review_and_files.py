"""Review reminders (once per date, through the outbox, to the owner) and article files
(checked like ticket files, images inline, nothing for those who may not read)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from servicedesk.domain.kb.articles import update_article
from servicedesk.domain.kb.review import remind_owners
from servicedesk.infra.extensions import db
from servicedesk.jobs.registry import JOBS
from servicedesk.models import OutboxMessage
from tests.e2e.test_portal_filing import png


def outbox() -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "kb_review_due")
    ).all()


def test_the_owner_is_reminded_once_when_the_review_date_passes(org, now, make_article):
    article = make_article(owner_id=org.buf_agent.id, review_on=date(2026, 12, 1))
    make_article("Arkiverad", state="archived", review_on=date(2026, 12, 1))
    assert remind_owners(now=now) == 0  # 26 November: not yet
    later = now + timedelta(days=6)  # 2 December
    assert remind_owners(now=later) == 1
    assert remind_owners(now=later + timedelta(hours=1)) == 0  # once per date
    db.session.commit()
    [mail] = outbox()
    assert mail.to_address == org.buf_agent.email
    assert "Byt lösenord" in mail.subject and f"/kb/{article.id}/edit" in mail.body_text
    # A new review date is a new reminder when it passes in turn.
    update_article(article, org.admin, {"review_on": date(2026, 12, 10)}, now=later)
    assert remind_owners(now=later + timedelta(days=9)) == 1


def test_the_reminder_runs_as_a_scheduled_job():
    from servicedesk.jobs.scheduler import _load_jobs

    _load_jobs()
    assert JOBS["kb-review-reminders"].func.__module__ == "servicedesk.jobs.kb"


def test_files_follow_the_articles_rule_and_only_images_show_inline(
    client, auth, org, make_article
):
    article = make_article(service=org.school, author=org.buf_agent, state="draft")
    auth.login(org.buf_agent)
    token = auth.token(f"/kb/{article.id}/edit")
    bad = client.post(
        f"/kb/{article.id}/files",
        data={"csrf_token": token, "file": (io.BytesIO(b"MZ..."), "verktyg.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and 'id="file-err"' in bad.text
    image = png(4, 4, (200, 0, 0))
    for name, data in (("skärm.png", image), ("guide.txt", b"Steg 1")):
        added = client.post(
            f"/kb/{article.id}/files",
            data={"csrf_token": token, "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert added.status_code == 302
    page = client.get(f"/kb/{article.id}").text
    ids = [int(x) for x in re.findall(r"/kb/files/(\d+)", page)]
    picture, text = sorted(set(ids))
    inline = client.get(f"/kb/files/{picture}?inline=1")
    assert inline.mimetype == "image/png" and inline.data == image
    assert "sandbox" in inline.headers["Content-Security-Policy"]
    forced = client.get(f"/kb/files/{text}?inline=1")
    assert forced.mimetype == "application/octet-stream"
    assert forced.headers["Content-Disposition"].startswith("attachment")
    client.post("/logout", data={"csrf_token": token})
    auth.login(org.employee)  # the article is a draft: its files are not there for them
    assert client.get(f"/kb/files/{picture}").status_code == 404
    assert client.get("/kb/report.csv").status_code == 403
