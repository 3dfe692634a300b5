"""The IMAP poller: fetch unseen messages, ingest each in its own transaction, and only
after that commit mark it \\Seen (or move it to the processed folder). A crash between
commit and flag means the message is fetched again and recognised by its Message-ID."""

from __future__ import annotations

import imaplib
import logging
from datetime import datetime

from flask import current_app

from servicedesk.domain.mail.pipeline import ingest_and_commit

log = logging.getLogger(__name__)


def imap_configured() -> bool:
    return bool(current_app.config.get("MAIL_IMAP_HOST"))


def _connect() -> imaplib.IMAP4:
    config = current_app.config
    cls = imaplib.IMAP4_SSL if config["MAIL_IMAP_SSL"] else imaplib.IMAP4
    conn = cls(config["MAIL_IMAP_HOST"], config["MAIL_IMAP_PORT"], timeout=30)
    conn.login(config["MAIL_IMAP_USER"], config["MAIL_IMAP_PASSWORD"])
    return conn


def _mark_done(conn: imaplib.IMAP4, uid: bytes, processed_folder: str) -> None:
    if processed_folder:
        conn.uid("COPY", uid, processed_folder)
        conn.uid("STORE", uid, "+FLAGS", r"(\Seen \Deleted)")
        conn.expunge()
    else:
        conn.uid("STORE", uid, "+FLAGS", r"(\Seen)")


def poll_imap(*, now: datetime, limit: int = 50) -> int:
    """Ingest up to `limit` unseen messages; returns how many were stored."""
    if not imap_configured():
        return 0
    config = current_app.config
    processed_folder = config.get("MAIL_IMAP_PROCESSED_FOLDER") or ""
    conn = _connect()
    try:
        if processed_folder:
            conn.create(processed_folder)  # an error when it exists; harmless
        status, _ = conn.select(config["MAIL_IMAP_FOLDER"])
        if status != "OK":
            raise RuntimeError(f"IMAP folder {config['MAIL_IMAP_FOLDER']!r} not selectable")
        _, data = conn.uid("SEARCH", None, "UNSEEN")
        uids = (data[0] or b"").split()[:limit]
        for uid in uids:
            _, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is None:
                continue
            ingest_and_commit(raw, now=now)
            _mark_done(conn, uid, processed_folder)
        return len(uids)
    finally:
        try:
            conn.logout()
        except (OSError, imaplib.IMAP4.error):
            log.warning("IMAP logout failed", exc_info=True)
