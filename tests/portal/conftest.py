"""The portal's tests use the API client as well (the same history on every path)."""

from tests.api.conftest import api_as, conforms  # noqa: F401
