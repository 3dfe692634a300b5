"""Access (behörigheter, guideline 3.10): granted formally, only on need, documented and
reviewed.

- `catalog`: which services grant access, the roles each offers and who approves them;
- `requests`: a request (a BEH ticket with its `AccessRequest`), withdrawal, and the
  approvers' decisions step by step (the person's manager, the systemförvaltare);
- `tasks`: the fulfilment and revocation tasks of the service's queue, which write the
  access register;
- `register`: the grants, revocation when someone leaves, expiry warnings and expiry;
- `reviews`: the periodic access review of each service, its answers and escalation;
- `reports`: reviews on time, grants without a review, grants past their end date;
- `notify`: the area's mail, through the outbox.

Every decision, grant, revocation and review answer is written to the audit log.
"""


def connect() -> None:
    """Subscribe to the ticket and account events the area follows."""
    from servicedesk.domain.access import register, tasks

    tasks.connect()
    register.connect()
