"""Signals sent by the ticket domain inside the unit of work.

Other areas (SLA timers, notifications) subscribe, so a ticket action and everything it
causes are flushed in one transaction and roll back together.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Before a new ticket's INSERT (it has no id yet). sender: the Ticket; kwargs: actor, now,
# imported. A receiver may set the ticket's own columns (so they go in with the INSERT) and
# return what it will need on `ticket_created`, which gets {receiver: returned} as `prepared`.
ticket_filing = _signals.signal("ticket-filing")
# sender: the Ticket; kwargs: actor, now, imported, prepared
ticket_created = _signals.signal("ticket-created")
# kwargs: comment, actor, now
comment_added = _signals.signal("comment-added")
# kwargs: old, new, actor, now  (status strings; pending reason on the ticket)
status_changed = _signals.signal("status-changed")
# kwargs: changes (dict field -> (old, new)), actor, now
ticket_updated = _signals.signal("ticket-updated")
# kwargs: old_queue, new_queue, reason, actor, now
ticket_transferred = _signals.signal("ticket-transferred")
# kwargs: old, new (users or None), actor, now
ticket_assigned = _signals.signal("ticket-assigned")
