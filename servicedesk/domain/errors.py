"""Domain errors, turned into form errors or JSON 4xx answers at the web edge."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the action; `code` is stable for API clients, `field` names the input."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class ValidationError(DomainError):
    code = "validation_failed"
    status = 422


class NotFound(DomainError):
    """Also raised when the object exists but the user may not see it (no hint it exists)."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class StaleVersion(DomainError):
    code = "stale_version"
    status = 409
