"""The access pages (behörigheter): ask for access, decide, carry out, the register and
the reviews. One blueprint; each module adds its views to it."""

from __future__ import annotations

from servicedesk.web.access import requests, work  # noqa: F401
from servicedesk.web.access.common import bp

__all__ = ["bp"]
