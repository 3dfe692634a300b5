"""Public records (allmänna handlingar, issue #19).

- `authorities`: the receiving authorities (committees and companies), which units file
  with which, every ticket, change and problem's authority and its moves;
- `register`: the register (diarium) of one authority, masked where secrecy applies, CSV;
- `secrecy`: OSL provisions and the secrecy marks on tickets, comments and files;
- `retention`: retention rules, legal holds and thinning (gallring) with its log;
- `gdpr`: the data-subject export and anonymisation;
- `archive`: the E-ARK CITS ERMS package for the archive.

Nothing here deletes a record other than thinning under a rule (tests/records/test_no_delete.py).
"""


def connect() -> None:
    """Subscribe to the ticket events (idempotent)."""
    from servicedesk.domain.records import authorities
    from servicedesk.models.records import install_record_guards

    authorities.connect()
    install_record_guards()
