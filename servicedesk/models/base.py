"""The declarative base and UTC helpers, re-exported for model modules (they live in
servicedesk.infra.orm so the extensions module can import them without importing every model)."""

from servicedesk.infra.orm import NAMING_CONVENTION, Base, UTCDateTime, as_utc, utcnow

__all__ = ["NAMING_CONVENTION", "Base", "UTCDateTime", "as_utc", "utcnow"]
