"""The API fixtures (tokens, the JSON client, schema checks) for the notices tests."""

from tests.api.conftest import api_as, conforms  # noqa: F401
