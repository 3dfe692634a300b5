"""Security incidents (informationssäkerhetsincident): a ticket of type `security`
(SEC-000123), worked by the security queue and seen only by its members, the security role
and admins (and its reporter: `domain/permissions.py`). The handler records what was
affected and when the organisation became aware (`incidents`); the legal clocks (NIS2 24 h,
72 h, one month; GDPR 72 h to IMY) are SLA timers of their own kinds on a 24x7 calendar,
ended by a recorded submission or a "not reportable" decision (`clocks`); `report` counts
incidents per category and month with clocks met and missed.
"""
