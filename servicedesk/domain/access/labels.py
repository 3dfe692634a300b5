"""Translated names of the access area's values, for pages and mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CHAIN = {
    "manager": _l("The manager"),
    "administrator": _l("The systemförvaltare"),
    "manager_then_administrator": _l("The manager, then the systemförvaltare"),
}
STEP = {"manager": _l("Manager"), "administrator": _l("Systemförvaltare")}
REQUEST_STATE = {
    "pending": _l("Waiting for a decision"),
    "approved": _l("Granted, being carried out"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
    "fulfilled": _l("Carried out"),
}
REQUEST_KIND = {"grant": _l("New access"), "revoke": _l("Remove access")}
VERDICT = {"approved": _l("Granted"), "rejected": _l("Rejected")}
TASK_REASON = {
    "request": _l("Request"),
    "departure": _l("Has left"),
    "expiry": _l("End date passed"),
    "review": _l("Access review"),
}
REVIEW_STATE = {"open": _l("Open"), "done": _l("Done")}
REVIEW_ANSWER = {"keep": _l("Keep"), "revoke": _l("Revoke")}
