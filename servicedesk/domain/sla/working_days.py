"""Business time in working days and hours, for the compact SLA strip of the ticket page.

A working day is 9 business hours (Kontorstid 08–17, docs sla-semantics.md): "2 arbetsdagar
3 tim", "4 arbetsdagar"; under a day the hours-and-minutes form of `labels.duration`.
"""

from __future__ import annotations

from flask_babel import ngettext

from servicedesk.domain.sla.labels import duration

WORKDAY_MINUTES = 9 * 60


def working_time(minutes: float) -> str:
    total = int(abs(minutes))
    days, rest = divmod(total, WORKDAY_MINUTES)
    if not days:
        return duration(total)
    hours = rest // 60
    if hours:
        return ngettext(
            "%(num)s working day %(h)s h", "%(num)s working days %(h)s h", days, h=hours
        )
    return ngettext("%(num)s working day", "%(num)s working days", days)
